package dev.kiln.compiler;

import dev.kiln.Kiln;
import dev.kiln.KilnConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Kernels compiled by the front end, run natively and by HotSpot on the same inputs: same results, same array
 * contents afterwards, same exception type and message.
 */
class FrontEndEndToEndTest {
    static Kiln kiln;
    static final Map<Class<?>, Map<String, MethodHandle>> handles = new HashMap<>();

    static synchronized Kiln kiln() {
        if (kiln == null) {
            try {
                Path cache = Files.createTempDirectory("kiln-frontend-test");
                kiln = Kiln.create(KilnConfig.defaults().withCachePath(List.of(cache)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kiln;
    }

    /** Outcome of one call: the result or the exception, plus every array argument afterwards. */
    record Outcome(Object value, Class<?> thrown, String message, List<Object> arrays) {
        static Outcome of(Object value, Throwable t, Object[] args) {
            List<Object> arrays = new ArrayList<>();
            for (Object a : args) if (a != null && a.getClass().isArray()) arrays.add(box(a));
            return t == null ? new Outcome(value, null, null, arrays)
                    : new Outcome(null, t.getClass(), t instanceof StackOverflowError ? null : t.getMessage(), arrays);
        }

        private static Object box(Object array) {
            return switch (array) {
                case int[] a -> Arrays.toString(a);
                case long[] a -> Arrays.toString(a);
                case double[] a -> Arrays.toString(a);
                case float[] a -> Arrays.toString(a);
                case byte[] a -> Arrays.toString(a);
                case short[] a -> Arrays.toString(a);
                case char[] a -> Arrays.toString(a);
                default -> array;
            };
        }
    }

    static Object[] copy(Object[] args) {
        Object[] c = args.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = switch (c[i]) {
                case int[] a -> a.clone();
                case long[] a -> a.clone();
                case double[] a -> a.clone();
                case float[] a -> a.clone();
                case byte[] a -> a.clone();
                case short[] a -> a.clone();
                case char[] a -> a.clone();
                case null, default -> c[i];
            };
        }
        return c;
    }

    static Outcome java(Class<?> owner, String name, Object[] args) {
        Method m = Arrays.stream(owner.getDeclaredMethods()).filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
        m.setAccessible(true);
        try {
            return Outcome.of(m.invoke(null, args), null, args);
        } catch (InvocationTargetException e) {
            return Outcome.of(null, e.getCause(), args);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    static Outcome kiln(Class<?> owner, String name, Object[] args) {
        MethodHandle mh;
        synchronized (handles) {
            // Keyed by Class, not name: a class from another loader (e.g. without debug info) is another kernel.
            mh = handles.computeIfAbsent(owner, k -> new HashMap<>()).computeIfAbsent(name, k -> kiln().compile(owner, name));
        }
        try {
            return Outcome.of(mh.invokeWithArguments(args), null, args);
        } catch (Throwable t) {
            return Outcome.of(null, t, args);
        }
    }

    /** Runs {@code name} on HotSpot and natively with copies of {@code args}; asserts identical outcomes. */
    static Outcome same(Class<?> owner, String name, Object... args) {
        Outcome expected = java(owner, name, copy(args));
        Outcome actual = kiln(owner, name, copy(args));
        assertEquals(expected, actual, name + Arrays.deepToString(args));
        return expected;
    }

    static Outcome same(String name, Object... args) {
        return same(FrontEndKernels.class, name, args);
    }

    @Test
    void sumOfDoubles() {
        same("sum", (Object) new double[]{1.5, 2.25, -0.125, 1e300, -1e300, 3});
        same("sum", (Object) new double[0]);
        same("sum", (Object) new double[]{Double.NaN, 1});
        double[] big = new double[1001];
        for (int i = 0; i < big.length; i++) big[i] = Math.sin(i) * 1e-3 + i;
        same("sum", (Object) big);
    }

    @Test
    void saxpyWritesItsOutput() {
        same("saxpy", 2.5f, new float[]{1, 2, 3, 4, 5}, new float[]{-1, 0.5f, 7, 1e30f, Float.NaN});
        same("saxpy", 2.5f, new float[]{1, 2}, new float[]{1, 2, 3}); // x shorter: AIOOBE after two stores
    }

    @Test
    void switchesInLoops() {
        int[] xs = new int[200];
        for (int i = 0; i < xs.length; i++) xs[i] = i * 7919 - 500;
        xs[3] = -1000;
        xs[4] = 1 << 20;
        same("classify", (Object) xs);
        same("nested", 0);
        same("nested", 37);
        same("nested", 2000);
        same("whileTrue", 1_000_000);
        for (int k = -1; k <= 6; k++) same("switchMerge", k, 11);
        same("switchMerge", 1000, 11);
    }

    @Test
    void recursion() {
        same("fib", 20);
        same("fib", 1);
        same("isEven", 1001);
        same("isEven", 64);
        same("depth", 1000);
        same("depth", 4086);
        same("depth", 20_000); // deeper than the old fixed cap of 4096: the limit comes from the thread's stack
    }

    @Test
    void recursionTooDeepIsAStackOverflowError() {
        Outcome o = kiln(FrontEndKernels.class, "depth", new Object[]{10_000_000});
        assertEquals(StackOverflowError.class, o.thrown());
        assertEquals(StackOverflowError.class, java(FrontEndKernels.class, "depth", new Object[]{10_000_000}).thrown());
        same("depth", 3); // and the kernel still works afterwards
    }

    @Test
    void helperInAnotherClassAndConstants() {
        same("callsHelper", new int[]{1, -50, 50, 3, 9}, 10);
        same("polyCall", 1.75);
        same("fpmix", 7.5, -2.0, 11.25f);
        same("fpmix", 7.5, 0.0, Float.NaN);
    }

    @Test
    void integerDivision() {
        same("divide", 17, 5);
        same("divide", -17, 5);
        same("divide", Integer.MIN_VALUE, -1);
        same("divide", 3, 0);
        same("ldivide", Long.MIN_VALUE, -1L);
        same("ldivide", 99L, -7L);
        same("ldivide", 1L, 0L);
        same("mix", 42L, new int[50]);
        same("mix", -1L, null);
    }

    @Test
    void conversionsAndComparisons() {
        double[] ds = {0, -0.0, 1.9, -1.9, 1e10, -1e10, 1e20, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double d : ds) {
            same("conversions", d, (float) d, (long) (d * 3));
            same("conversions", d, (float) -d, Long.MIN_VALUE);
            for (double e : ds) same("compares", d, e, (float) d, (float) e, (long) d, (long) e);
        }
        same("narrow", (byte) -128, (short) 32767, (char) 65535, true);
        same("narrow", (byte) 5, (short) -3, 'x', false);
        same("floatNan", 0f, 0f);
        same("floatNan", 1f, 3f);
    }

    @Test
    void smallElementArrays() {
        same("chars", new char[]{'a', 65535, 0}, 1);
        same("chars", new char[]{'a'}, 1);
        same("bytesAndShorts", new byte[]{1, 100, -128, 27}, new short[]{1, 20000, -32768});
    }

    @Test
    void intrinsicsAndTheirFaults() {
        double[] v = {3, -4, 12, Double.NaN};
        same("norm", v, 0, 3);
        same("norm", v, -5, 100);
        same("norm", v, 2, 1);
        same("exactSum", (Object) new int[]{1, 2, 3});
        assertEquals("integer overflow", same("exactSum", (Object) new int[]{Integer.MAX_VALUE - 1, 1, 1}).message());
        same("exactProduct", 1L << 20, -(1L << 21));
        assertEquals("long overflow", same("exactProduct", 1L << 40, 1L << 30).message());
    }

    @Test
    void faultsMatchHotSpot() {
        assertEquals("Index 5 out of bounds for length 2", same("at", new int[]{1, 2}, 5).message());
        same("at", new int[]{1, 2}, -1);
        assertEquals("Cannot load from int array because \"a\" is null", same("at", null, 0).message());
        assertEquals("Cannot store to double array because \"xs\" is null", same("put", null, 0, 1.0).message());
        same("put", new double[3], 3, 1.0);
        same("put", new double[3], 2, 1.0);
        assertEquals("Cannot read the array length because \"a\" is null", same("length", (Object) null).message());
        same("length", (Object) new long[7]);
        assertEquals("/ by zero", same("divide", 1, 0).message());
        same("sum", (Object) null);
        same("classify", (Object) null);
        same("pick", null, new int[]{4}, true, 0);
        same("pick", null, new int[]{4}, false, 0);
        same("reassigned", null, new int[]{1, 2});
        same("chars", null, 0);
        same("bytesAndShorts", null, new short[0]);
        same("bytesAndShorts", new byte[1], null);
        same("callsHelper", null, 1);
    }
}
