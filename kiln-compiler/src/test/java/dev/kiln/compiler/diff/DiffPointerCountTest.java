package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * Kernels whose native entries take no, seven, eight or nine pointers ({@link PointerCountKernels}) against HotSpot:
 * each array in turn null, empty, length 1 and 3, edge values, an array passed twice, an index out of range.
 */
class DiffPointerCountTest {
    static final Diff D = Diff.forClass(DiffPointerCountTest.class);
    static final Class<?> K = PointerCountKernels.class;

    @Test
    void scalarsOnly() {
        D.checkAll(K, "scalars", product(List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE), List.of(0, Integer.MIN_VALUE, 7),
                List.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e300), List.of(1.5f, Float.NaN, -0.0f),
                List.of((short) -3, Short.MAX_VALUE), List.of(true, false)));
    }

    /** Arguments for {@code count} arrays made by {@code array(position, length)}, then each position null in turn. */
    private static List<Object[]> inputs(int count, java.util.function.BiFunction<Integer, Integer, Object> array) {
        List<Object[]> out = new ArrayList<>();
        for (int n : new int[] {0, 1, 3}) {
            Object[] args = new Object[count];
            for (int k = 0; k < count; k++) args[k] = array.apply(k, n);
            out.add(args);
        }
        for (int nulled = 0; nulled < count; nulled++) {
            Object[] args = new Object[count];
            for (int k = 0; k < count; k++) args[k] = k == nulled ? null : array.apply(k, 3);
            out.add(args);
        }
        Object[] shorter = new Object[count]; // the last array too short: an index out of range part-way
        for (int k = 0; k < count; k++) shorter[k] = array.apply(k, k == count - 1 ? 2 : 3);
        out.add(shorter);
        return out;
    }

    private static double[] doubles(int k, int n) {
        double[] a = new double[n];
        double[] edges = {Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE, -1e308};
        for (int i = 0; i < n; i++) a[i] = i == 1 ? edges[k % edges.length] : k * 10 + i + 0.25;
        return a;
    }

    /** Arrays of the element types of sum7 / sum8's parameters. */
    private static Object mixed(int k, int n) {
        double[] d = doubles(k, n);
        return switch (k) {
            case 1 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = i == 0 ? Integer.MIN_VALUE : i * 3; yield a; }
            case 3 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = i == 0 ? Long.MAX_VALUE : -i; yield a; }
            case 5 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = i == 2 ? Float.NaN : i * 0.5f; yield a; }
            default -> d;
        };
    }

    @Test
    void sevenArraysAndAResultTheJavaSideAllocates() {
        D.checkAll(K, "sum7", inputs(7, DiffPointerCountTest::mixed));
    }

    @Test
    void eightArraysAndAResultNativeCodeAllocates() {
        D.checkAll(K, "sum8", inputs(8, DiffPointerCountTest::mixed));
    }

    @Test
    void nineArraysReturningOne() {
        List<Object[]> inputs = new ArrayList<>();
        for (Object[] arrays : inputs(9, DiffPointerCountTest::doubles)) {
            for (int k : new int[] {0, 4, 8, 9, -1}) {
                Object[] args = java.util.Arrays.copyOf(arrays, 10);
                args[9] = k;
                inputs.add(args);
            }
        }
        double[] shared = doubles(0, 3);
        Object[] twice = new Object[10];
        for (int k = 0; k < 9; k++) twice[k] = k % 2 == 0 ? shared : doubles(k, 2);
        twice[9] = 8;
        inputs.add(twice);
        D.checkAll(K, "pick9", inputs);
    }

    @Test
    void nineArraysOfSevenTypes() {
        D.checkAll(K, "lengths9", inputs(9, (k, n) -> switch (k) {
            case 1 -> new long[n];
            case 3 -> new byte[n + 1];
            case 5 -> new char[n + 2];
            case 7 -> new short[n + 3];
            default -> new int[n + k];
        }));
    }
}
