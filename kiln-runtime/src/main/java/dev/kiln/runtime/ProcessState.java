package dev.kiln.runtime;

import dev.kiln.runtime.cache.CacheStats;
import dev.kiln.runtime.cache.ProcessTiers;

/**
 * What every {@code Kiln} of this JVM shares, owned here and reached only through a {@link KilnContext}: the
 * counters ({@link CacheStats}: {@code Kiln.stats()} and the stats file count the process, whatever the number of
 * instances), and the tiers that belong to the process rather than to one cache ({@link ProcessTiers}: the remote
 * tiers with their one upload queue per set of remote settings, and the private fallback tier). The parallel loops'
 * thread pool is process-wide too (so several callers never start a pool each); it lives beside the loops
 * ({@code dev.kiln.runtime.parallel}) and is sized by the first context that runs one.
 */
public final class ProcessState {
    static final ProcessState PROCESS = new ProcessState();

    private final CacheStats stats = new CacheStats();
    private final ProcessTiers tiers = new ProcessTiers();

    private ProcessState() {
    }

    public CacheStats stats() {
        return stats;
    }

    public ProcessTiers tiers() {
        return tiers;
    }
}
