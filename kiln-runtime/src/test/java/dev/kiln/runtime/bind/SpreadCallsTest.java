package dev.kiln.runtime.bind;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link SpreadCalls}: every capture reaches the chunk in its place, with its type, and lo and hi after them. */
class SpreadCallsTest {
    static double mixed(double[] x, int k, long m, boolean b, double[][] rows, float f, char c, byte by, short s,
                        int lo, int hi) {
        return x[lo] * 1000 + k * 100 + m * 10 + (b ? 1 : 0) + rows[1][0] + f + c + by + s + hi * 1e6;
    }

    static void fill(double[] out, double v, int lo, int hi) {
        Arrays.fill(out, lo, hi, v);
    }

    static long wide(double[] a0, double[] a1, double[] a2, double[] a3, double[] a4, double[] a5, double[] a6,
                     double[] a7, double[] a8, double[] a9, int lo, int hi) {
        double[][] all = {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9};
        long r = 0;
        for (int j = 0; j < all.length; j++) r = r * 10 + (long) all[j][0];
        return r * 1000 + lo * 10L + hi;
    }

    static int boxes(Integer boxed, int lo, int hi) {
        return boxed + lo + hi;
    }

    private static MethodHandle find(String name, MethodType t) throws ReflectiveOperationException {
        return MethodHandles.lookup().findStatic(SpreadCallsTest.class, name, t);
    }

    @Test
    void scalarsAndArraysInPlace() throws Throwable {
        MethodHandle chunk = find("mixed", MethodType.methodType(double.class, double[].class, int.class, long.class,
                boolean.class, double[][].class, float.class, char.class, byte.class, short.class, int.class, int.class));
        MethodHandle h = SpreadCalls.spread(chunk, 9);
        assertEquals(MethodType.methodType(double.class, int.class, int.class, Object[].class), h.type());
        Object[] captures = {new double[] {1, 2, 3}, 7, 5L, true, new double[][] {{0}, {0.5}}, 0.25f, 'A', (byte) -3,
                (short) 300};
        double want = mixed(new double[] {1, 2, 3}, 7, 5L, true, new double[][] {{0}, {0.5}}, 0.25f, 'A', (byte) -3,
                (short) 300, 2, 3);
        assertEquals(want, (double) h.invokeExact(2, 3, captures));
    }

    @Test
    void voidChunkWritesItsRange() throws Throwable {
        MethodHandle h = SpreadCalls.spread(find("fill", MethodType.methodType(void.class, double[].class, double.class,
                int.class, int.class)), 2);
        double[] out = new double[5];
        h.invokeExact(1, 4, new Object[] {out, 9.0});
        assertArrayEquals(new double[] {0, 9, 9, 9, 0}, out);
    }

    @Test
    void manyCapturesKeepTheirOrder() throws Throwable {
        MethodType t = MethodType.methodType(long.class, Collections.nCopies(10, double[].class))
                .appendParameterTypes(int.class, int.class);
        MethodHandle h = SpreadCalls.spread(find("wide", t), 10);
        Object[] captures = new Object[10];
        for (int j = 0; j < 10; j++) captures[j] = new double[] {j};
        assertEquals(123456789L * 1000 + 45, (long) h.invokeExact(4, 5, captures));
    }

    @Test
    void aWrongCaptureFailsAsACast() throws Throwable {
        MethodHandle h = SpreadCalls.spread(find("fill", MethodType.methodType(void.class, double[].class, double.class,
                int.class, int.class)), 2);
        assertThrows(ClassCastException.class, () -> {
            h.invokeExact(0, 1, new Object[] {new int[1], 1.0});
        });
    }

    @Test
    void aCaptureOfAnotherTypeIsLeftToTheCaller() throws Throwable {
        assertNull(SpreadCalls.spread(find("boxes", MethodType.methodType(int.class, Integer.class, int.class,
                int.class)), 1));
    }
}
