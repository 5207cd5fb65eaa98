package dev.kiln.runtime;

import dev.kiln.KilnConfig;
import dev.kiln.CompileOptions;
import dev.kiln.runtime.cache.CacheSettings;

import java.nio.file.Path;

/**
 * Everything one {@code Kiln} works with: every setting, read once when it is built, and the process's shared state
 * ({@link ProcessState}). Passed down explicitly to the cache, the kernel pipeline, the loader and the linker; no
 * other class reads a system property or an environment variable ({@link Settings} is the one reader).
 *
 * @param config   the public settings ({@link KilnConfig}: cache path, target, strict, options, trust, ...)
 * @param disabled {@code kiln.disable} / {@code KILN_DISABLE}: rewritten kernels run as Java without the cache
 * @param logInfo  {@code kiln.log} / {@code KILN_LOG} is {@code info}: one line per kernel on standard error
 * @param perfMap  {@code kiln.perfMap} / {@code KILN_PERF_MAP}: kernels named for profilers
 * @param threads  {@code kiln.threads} / {@code KILN_THREADS}: threads of parallel loops (else the processors)
 * @param cache    the cache's timers and remote tiers ({@code KILN_REMOTE_CACHE} and its timeouts)
 * @param tempDir  {@code java.io.tmpdir}: where the private copies of verified libraries are opened from
 * @param process  the counters, shared remote tiers and private fallback tier of this JVM
 */
public record KilnContext(KilnConfig config, boolean disabled, boolean logInfo, boolean perfMap, int threads,
                          CacheSettings cache, Path tempDir, ProcessState process) {

    /** Every setting from the system properties, else the environment, checked (see {@link KilnConfig#from}). */
    public static KilnContext fromEnvironment() {
        return of(KilnConfig.fromEnvironment());
    }

    /** {@code config}, with the settings it does not hold read from this process's properties and environment. */
    public static KilnContext of(KilnConfig config) {
        return of(config, Settings.ofProcess());
    }

    /** {@code config}, with the settings it does not hold read by {@code get}. */
    public static KilnContext of(KilnConfig config, Settings get) {
        return new KilnContext(config, get.flag("kiln.disable", "KILN_DISABLE", false),
                logInfo(get), perfMap(get), threads(get), CacheSettings.from(get), get.tempDir(), ProcessState.PROCESS);
    }

    /** The threads of parallel loops as {@code get} sets them, else the processors the JVM may use. */
    static int threads(Settings get) {
        return get.count("kiln.threads", "KILN_THREADS", Runtime.getRuntime().availableProcessors(), 1, 4096);
    }

    /** The parallel-loop threads this process's settings ask for (for the parallel pool's first use outside a Kiln). */
    public static int processThreads() {
        return threads(Settings.ofProcess());
    }

    // Logging and the perf map are reported when bad where KilnConfig.from checks settings; a Kiln built from
    // KilnConfig.defaults() never stops for them and runs with them off. (No lambdas: this runs at every start-up.)
    private static boolean logInfo(Settings get) {
        try {
            return get.logLevel().equals("info");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean perfMap(Settings get) {
        try {
            return get.flag("kiln.perfMap", "KILN_PERF_MAP", false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The same context with other compile options (a kernel's {@code @Kernel} may ask for its own). */
    public KilnContext withOptions(CompileOptions options) {
        return new KilnContext(config.withOptions(options), disabled, logInfo, perfMap, threads, cache, tempDir, process);
    }

    /** The same context with other public settings. */
    public KilnContext with(KilnConfig other) {
        return new KilnContext(other, disabled, logInfo, perfMap, threads, cache, tempDir, process);
    }
}
