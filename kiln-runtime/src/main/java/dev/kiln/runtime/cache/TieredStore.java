package dev.kiln.runtime.cache;

import dev.kiln.runtime.KilnContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache's stores as one: owns their order, where a write falls back to, and which store turned out unwritable.
 *
 * <ul>
 *   <li>Search order: the configured tiers ({@code KILN_CACHE_PATH}), then this process's private fallback tier if
 *       anything had to go there, then the read-only entries embedded on the class path ({@link ClassPathTiers}).</li>
 *   <li>Writes: the first configured tier that can be written (probed, and remembered when a write fails, with one
 *       warning), else a private temporary tier of this process, deleted at exit. Class-path tiers are never
 *       written.</li>
 *   <li>Remote tiers ({@link RemoteTiers}, {@code KILN_REMOTE_CACHE}): asked after a local miss, fed by compiles.</li>
 * </ul>
 */
final class TieredStore {
    private final List<Tier> configured;
    private final Set<Tier> unwritable = ConcurrentHashMap.newKeySet();
    /** The settings of the remote tiers, set up at their first use. */
    private final KilnContext ctx;
    /** The process's private fallback tier (shared by every store of the process). */
    private final ProcessTiers process;
    private volatile RemoteTiers remote;

    TieredStore(List<Path> cachePath, KilnContext ctx) {
        this.ctx = ctx;
        this.process = ctx.process().tiers();
        List<Tier> t = new ArrayList<>();
        for (Path p : cachePath) t.add(new Tier(p, t.size()));
        this.configured = List.copyOf(t);
    }

    /** The configured tiers, in search order (what gc and direct-mode records write). */
    List<Tier> configured() {
        return configured;
    }

    /** Every tier searched: the configured ones, this process's private fallback if it exists, the class path's. */
    List<Tier> searched() {
        Tier p = process.privateTierIfAny();
        List<Tier> embedded = ClassPathTiers.get(); // read-only, lowest priority: never configured, never written
        if (p == null && embedded.isEmpty()) return configured;
        List<Tier> all = new ArrayList<>(configured);
        if (p != null) all.add(p);
        all.addAll(embedded);
        return all;
    }

    /** The remote tiers of the cache's settings, set up at the first use (a bad URI fails there). */
    RemoteTiers remote() {
        RemoteTiers r = remote;
        if (r == null) remote = r = RemoteTiers.of(ctx); // the same shared set whoever races here
        return r;
    }

    /** Remembers that a tier failed a write, warning once with the cause; false if it was the private tier. */
    boolean markUnwritable(Tier t, Path where, IOException e) {
        if (t == process.privateTierIfAny()) return false;
        if (unwritable.add(t)) WriteWarnings.defer("unwritable " + t, "cache tier " + t + " is not writable: "
                + WriteFailure.describe(e) + " (at " + where + "); trying the next");
        return true;
    }

    /** How many times a write may move on to another tier before giving up. */
    int fallbackAttempts() {
        return configured.size() + 1;
    }

    /** Where a compile (or an adopted remote entry) is written. */
    Tier writableOrPrivate() {
        for (Tier t : configured) {
            if (!unwritable.contains(t)) {
                IOException e = t.unwritable();
                if (e == null) return t;
                markUnwritable(t, t.kernels(), e);
            }
        }
        return process.privateTier(configured.stream().map(t -> t.root).toList());
    }
}
