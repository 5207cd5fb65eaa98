package dev.kiln.runtime.cache;

import dev.kiln.KilnException;

import java.io.IOException;
import java.nio.file.Files;
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
    private static volatile Tier privateTier;

    private final List<Tier> configured;
    private final Set<Tier> unwritable = ConcurrentHashMap.newKeySet();
    /** The remote tiers for the life of this store, or null to read the settings at every use. */
    private final RemoteTiers remote;

    TieredStore(List<Path> cachePath, RemoteTiers remote) {
        this.remote = remote;
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
        Tier p = privateTier;
        List<Tier> embedded = ClassPathTiers.get(); // read-only, lowest priority: never configured, never written
        if (p == null && embedded.isEmpty()) return configured;
        List<Tier> all = new ArrayList<>(configured);
        if (p != null) all.add(p);
        all.addAll(embedded);
        return all;
    }

    /** The remote tiers: fixed when the store was opened to load kernels, else those of the current settings. */
    RemoteTiers remote() {
        return remote != null ? remote : RemoteTiers.fromEnvironment();
    }

    /** Remembers that a tier failed a write, warning once with the cause; false if it was the private tier. */
    boolean markUnwritable(Tier t, Path where, IOException e) {
        if (t == privateTier) return false;
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
        return privateTier(configured.stream().map(t -> t.root).toList());
    }

    private static synchronized Tier privateTier(List<Path> configured) {
        if (privateTier == null) {
            try {
                Path dir = Files.createTempDirectory("kiln-private-cache-");
                Tier t = new Tier(dir, Integer.MAX_VALUE);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Tier.deleteTree(dir), "kiln-private-cache"));
                privateTier = t;
            } catch (IOException e) {
                throw new KilnException("no writable cache tier in " + configured
                        + " and no temporary folder either: " + e.getMessage(), e);
            }
        }
        WriteWarnings.defer("private", "no writable cache tier in " + configured + "; compiled kernels go to "
                + privateTier.root + " and are lost at exit");
        return privateTier;
    }
}
