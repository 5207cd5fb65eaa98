package dev.kiln.runtime;

import dev.kiln.KilnConfig;
import dev.kiln.KilnException;
import dev.kiln.KilnStats;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.StaticTables;
import dev.kiln.runtime.bind.InterfaceBinder;
import dev.kiln.runtime.pipeline.KernelPipeline;
import dev.kiln.runtime.parallel.ParallelKernels;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Objects;

/**
 * The service a {@code Kiln} instance is: turns a request (a class and method name, a receiver, a functional
 * interface) into a bound method handle, choosing the route (static kernel, kernel object, parallel loops) and
 * running each kernel through the {@link KernelPipeline}. All its settings and the process's shared state come from
 * one {@link KilnContext}.
 */
public final class KilnService {
    private final KilnContext ctx;
    private final KernelPipeline pipeline;

    public KilnService(KilnContext ctx) {
        this.ctx = ctx;
        this.pipeline = new KernelPipeline(ctx);
        if (ctx.config().statsFile().isPresent()) ctx.process().stats().writeAtExit(ctx.config().statsFile().get());
    }

    public MethodHandle handle(KernelGraph graph) {
        return StaticTables.bind(pipeline.handle(graph), graph); // fills constant tables from their fields per call
    }

    /**
     * The kernel {@code name} of {@code owner}, through the cache's direct mode when its class files are unchanged;
     * for an instance method, a kernel object taking the receiver first ({@code type} is then the method's own).
     */
    public MethodHandle handle(Class<?> owner, String name, MethodType type) {
        if (isInstanceMethod(owner, name)) return pipeline.instanceHandle(owner, name, type);
        MethodHandle parallel = parallel(owner, name, type);
        if (parallel != null) return parallel;
        return pipeline.handle(owner, name, type);
    }

    /**
     * The kernel bound to a functional interface whose method {@code sam} has exactly the kernel's type (for an
     * instance method, the receiver first).
     */
    public <T> T implement(Class<?> owner, String name, Class<T> iface, Method sam) {
        MethodType type = MethodType.methodType(sam.getReturnType(), sam.getParameterTypes());
        if (isInstanceMethod(owner, name)) {
            if (type.parameterCount() == 0 || !type.parameterType(0).isAssignableFrom(owner)) {
                throw new KilnException(iface.getName() + "." + sam.getName() + " must take the receiver ("
                        + owner.getName() + ") first to implement the instance method " + name);
            }
            return InterfaceBinder.bind(iface, sam, pipeline.instanceHandle(owner, name, type.dropParameterTypes(0, 1)));
        }
        MethodHandle parallel = parallel(owner, name, type);
        if (parallel != null) return InterfaceBinder.bind(iface, sam, parallel);
        return pipeline.kernel(owner, name, type).implement(iface, sam); // tables filled per call, if any
    }

    /** The instance method {@code name} of {@code receiver}'s class, bound to it: fields read at every call. */
    public MethodHandle bound(Object receiver, String name, MethodType type) {
        Objects.requireNonNull(receiver, "receiver");
        return MethodHandles.insertArguments(pipeline.instanceHandle(receiver.getClass(), name, type), 0, receiver);
    }

    /** As {@link #bound}, implementing {@code iface} whose method {@code sam} has the instance method's type. */
    public <T> T implementBound(Object receiver, String name, Class<T> iface, Method sam) {
        return InterfaceBinder.bind(iface, sam,
                bound(receiver, name, MethodType.methodType(sam.getReturnType(), sam.getParameterTypes())));
    }

    /** A kernel with parallel loops: Java around native chunks ({@link ParallelKernels}); null for any other. */
    private MethodHandle parallel(Class<?> owner, String name, MethodType type) {
        return ParallelKernels.handle(owner, name, type, ctx.threads(),
                (chunkLoader, chunk, method, descriptor) -> pipeline.kernel(chunkLoader, chunk, method, descriptor).handle());
    }

    /** Whether {@code name} names instance methods of {@code owner} (declared or inherited) and no static one. */
    private static boolean isInstanceMethod(Class<?> owner, String name) {
        boolean instance = false;
        for (Class<?> c = owner; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals(name)) continue;
                if (Modifier.isStatic(m.getModifiers())) return false;
                instance = true;
            }
        }
        return instance;
    }

    /** The process's counters so far ({@link ProcessState#stats()}). */
    public KilnStats stats() {
        return ctx.process().stats().snapshot();
    }
}
