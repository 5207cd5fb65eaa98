package dev.kiln.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * One side's timing loop, with the method it calls as a constant. Programs call a kernel from a constant call site
 * (the agent's rewritten call, a {@code static final} handle), and HotSpot inlines its own method into the caller;
 * one loop shared by every method would call through a handle the JIT cannot see through, and once many methods have
 * run through it the shared lambda forms behind the handle turn megamorphic: the call then costs tens of nanoseconds
 * that no program pays. So each side of each method gets its own copy of this class (a hidden class defined from
 * these bytes, the handle as class data in a {@code static final} field, which the JIT treats as a constant).
 */
final class CorpusLoop {
    /** The handle this copy calls: {@code (Object[]) -> Object}. */
    private static final MethodHandle TARGET;

    static {
        try {
            TARGET = MethodHandles.classData(MethodHandles.lookup(), "_", MethodHandle.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static volatile Object sink;

    private CorpusLoop() {
    }

    /** ns per call over {@code n} calls. */
    static double batch(Object[] args, int n) throws Throwable {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) sink = (Object) TARGET.invokeExact(args);
        return (System.nanoTime() - t0) / (double) n;
    }

    private static byte[] bytes;

    /** {@code batch} of a new copy of this class calling {@code target} ({@code (Object[]) -> Object}). */
    static MethodHandle copy(MethodHandle target) {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup().defineHiddenClassWithClassData(bytes(), target, true);
            return l.findStatic(l.lookupClass(), "batch", MethodType.methodType(double.class, Object[].class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define a timing loop: " + e, e);
        }
    }

    private static synchronized byte[] bytes() {
        if (bytes == null) {
            try (InputStream in = CorpusLoop.class.getResourceAsStream("CorpusLoop.class")) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes;
    }
}
