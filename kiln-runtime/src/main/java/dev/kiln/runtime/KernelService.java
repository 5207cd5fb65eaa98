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
        if (config.statsFile().isPresent()) CacheStats.process().writeAtExit(config.statsFile().get());
    }

    public MethodHandle handle(KernelGraph graph) {
        return StaticTables.bind(loader.handle(graph), graph); // fills constant tables from their fields per call
    }

    /** The kernel {@code name} of {@code owner}, through the cache's direct mode when its class files are unchanged. */
    public MethodHandle handle(Class<?> owner, String name, java.lang.invoke.MethodType type) {
        return loader.handle(owner, name, type);
    }

    /** The kernel bound to a functional interface whose method {@code sam} has exactly the kernel's type. */
    public <T> T implement(Class<?> owner, String name, Class<T> iface, java.lang.reflect.Method sam) {
        java.lang.invoke.MethodType type = java.lang.invoke.MethodType.methodType(sam.getReturnType(), sam.getParameterTypes());
        return loader.kernel(owner, name, type).implement(iface, sam); // tables filled per call, if any
    }

    public KilnStats stats() {
        return CacheStats.process().snapshot();
    }
}
