package dev.kiln.runtime;

import dev.kiln.KilnStats;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.StaticTables;
import dev.kiln.runtime.cache.CacheStats;
import dev.kiln.runtime.cache.KernelLoader;

import java.lang.invoke.MethodHandle;

/** Turns a kernel graph into a bound method handle through the native-code cache ({@link KernelLoader}). */
public final class KernelService {
    private final KernelLoader loader;

    public KernelService(KilnConfig config) {
        this.loader = new KernelLoader(config);
        config.statsFile().ifPresent(f -> CacheStats.process().writeAtExit(f));
    }

    public MethodHandle handle(KernelGraph graph) {
        return StaticTables.bind(loader.handle(graph), graph); // fills constant tables from their fields per call
    }

    public KilnStats stats() {
        return CacheStats.process().snapshot();
    }
}
