package dev.kiln;

import dev.kiln.runtime.KilnContext;
import dev.kiln.runtime.KilnService;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Compiles static Java methods (and instance methods of kernel objects) to native code and hands them back as method handles or interface instances.
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
    private final KilnService service;

    private Kiln(KilnConfig config) {
        this.config = config;
        this.service = new KilnService(KilnContext.of(config)); // the other settings read now, once
    }

    /**
     * A Kiln configured from the environment and system properties (see {@link KilnConfig}), every value checked now.
     *
     * @throws KilnSettingsException for a value Kiln cannot use (one line: the setting, the value, what is allowed)
     */
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

    /**
     * The kernel {@code name}, which must be the only method of that name in {@code owner}. For an instance method
     * (a kernel object, see {@link #compile(Object, String)}) the handle takes the receiver first: {@code (owner,
     * params...)ret}; a receiver of a subclass runs the Java method, a null one throws NullPointerException.
     */
    public MethodHandle compile(Class<?> owner, String name) {
        return service.handle(owner, name, null);
    }

    /** The kernel {@code name} with exactly {@code type} (for an instance method, its type without the receiver). */
    public MethodHandle compile(Class<?> owner, String name, MethodType type) {
        return service.handle(owner, name, type);
    }

    /**
     * The kernel {@code name} bound to a functional interface whose single abstract method has the kernel's type
     * (for an instance method, the receiver first).
     */
    public <T> T compile(Class<?> owner, String name, Class<T> functionalInterface) {
        return service.implement(owner, name, functionalInterface, singleAbstractMethod(functionalInterface));
    }

    /**
     * A kernel object: the instance method {@code name} of {@code receiver}'s class (declared there or inherited),
     * bound to {@code receiver}. The fields of the receiver that the method (and the methods it calls on {@code
     * this}) read are read at every call: primitives by value, primitive arrays by reference, so element writes land
     * in them. Writing a field of {@code this} is refused when compiling. To pass the receiver at each call instead,
     * use {@link #compile(Class, String)} on its class.
     */
    public MethodHandle compile(Object receiver, String name) {
        return service.bound(receiver, name, null);
    }

    /** As {@link #compile(Object, String)}, the instance method {@code name} of exactly {@code type}. */
    public MethodHandle compile(Object receiver, String name, MethodType type) {
        return service.bound(receiver, name, type);
    }

    /** As {@link #compile(Object, String)}, bound to a functional interface with the instance method's type. */
    public <T> T compile(Object receiver, String name, Class<T> functionalInterface) {
        return service.implementBound(receiver, name, functionalInterface, singleAbstractMethod(functionalInterface));
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
