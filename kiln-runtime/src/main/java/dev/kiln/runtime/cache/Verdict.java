package dev.kiln.runtime.cache;

import java.util.Optional;

/**
 * Whether a kernel would be served from the cache without compiling, and if not, why.
 *
 * @param entry  the local entry that would be loaded, when served from a local tier (empty when a remote tier serves)
 * @param reason the miss reason, when not served
 * @param detail one line, e.g. {@code callee Losses.clip(DDD)D changed} or the entry's tier and target when served
 */
public record Verdict(Optional<EntryInfo> entry, Optional<MissReason> reason, String detail) {
    public static Verdict served(EntryInfo e) {
        return new Verdict(Optional.of(e), Optional.empty(), "served by " + e.target() + " entry in " + e.tier());
    }

    /** Served by a remote tier's entry, which a load copies into the local cache first. */
    public static Verdict servedRemotely(EntryMeta m, String remoteTier) {
        return new Verdict(Optional.empty(), Optional.empty(), "served by the " + KilnCache.shortTarget(m.target())
                + " entry " + m.key().substring(0, 12) + " of remote tier " + remoteTier
                + " (copied into the local cache on first use)");
    }

    public static Verdict miss(MissReason r, String detail) {
        return new Verdict(Optional.empty(), Optional.of(r), detail);
    }

    public boolean served() {
        return reason.isEmpty();
    }

    @Override
    public String toString() {
        return served() ? detail : reason.get().id() + ": " + detail;
    }
}
