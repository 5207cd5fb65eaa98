package dev.kiln;

import dev.kiln.runtime.KernelService;
import dev.kiln.runtime.KilnConfig;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Compiles static Java methods to native code and hands them back as method handles or interface instances.
 *
 * <pre>{@code
 * Kiln kiln = Kiln.create();                                   // settings from KILN_* env / kiln.* properties
 * MethodHandle mh = kiln.compile(Losses.class, "layer");        // by unique name, or name + MethodType
 * LayerFn layer = kiln.compile(Losses.class, "layer", LayerFn.class);
 * }</pre>
 *
 * Results are served from the native-code cache when an entry for the same code, options and a target this CPU
 * can run exists; otherwise the kernel is compiled (if {@code kiln-compiler} is on the class path) and cached.
 * Instances are thread-safe.
 */
public final class Kiln {
    private final KilnConfig config;
    private final KernelService service;

    private Kiln(KilnConfig config) {
        this.config = config;
        this.service = new KernelService(config);
    }

    /** A Kiln configured from the environment and system properties (see {@link KilnConfig}). */
    public static Kiln create() {
        return new Kiln(KilnConfig.fromEnvironment());
    }

    /** A Kiln with explicit settings; start from {@link KilnConfig#fromEnvironment()} or {@link KilnConfig#defaults()}. */
    public static Kiln create(KilnConfig config) {
        return new Kiln(config);
    }

    public KilnConfig config() {
        return config;
    }

    /** The kernel {@code name}, which must be the only method of that name in {@code owner}. */
    public MethodHandle compile(Class<?> owner, String name) {
        return service.handle(owner, name, null);
    }

    /** The kernel {@code name} with exactly {@code type}. */
    public MethodHandle compile(Class<?> owner, String name, MethodType type) {
        return service.handle(owner, name, type);
    }

    /**
     * The kernel {@code name} bound to a functional interface whose single abstract method has the kernel's type.
     */
    public <T> T compile(Class<?> owner, String name, Class<T> functionalInterface) {
        return service.implement(owner, name, functionalInterface, singleAbstractMethod(functionalInterface));
    }

    /** Counters of this process so far: hits, misses by reason, compiles, times. */
    public KilnStats stats() {
        return service.stats();
    }

    private static Method singleAbstractMethod(Class<?> iface) {
        if (!iface.isInterface()) throw new KilnException(iface.getName() + " is not an interface");
        Method found = null;
        int count = 0;
        for (Method m : iface.getMethods()) {
            if (Modifier.isAbstract(m.getModifiers())) {
                found = m;
                count++;
            }
        }
        if (count != 1) {
            throw new KilnException(iface.getName() + " must have exactly one abstract method, has " + count);
        }
        return found;
    }
}
