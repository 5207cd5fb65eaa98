package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clamped indices ({@link ClampedIndexKernels}) against HotSpot: empty count arrays (the clamp gives 0 or -1 and the
 * first access throws), null arrays, length 1, NaN, infinities and values far outside the range, keys at int's
 * limits, the same array as keys and counts, and clamps to something other than the accessed array, which throw
 * in the first, a middle or the last iteration.
 */
class DiffClampedIndexTest {
    static final Diff D = Diff.forClass(DiffClampedIndexTest.class);
    static final Class<?> K = ClampedIndexKernels.class;
    static final int[] LENGTHS = {0, 1, 2, 7, 16, 33};

    @Test
    void provenAccessesLoseTheirChecksAndOthersKeepThem() {
        assertTrue(DiffVersionedLoopsTest.unchecked(K, "histogram") > 0);
        assertTrue(DiffVersionedLoopsTest.unchecked(K, "clampedKeys") > 0);
        for (String k : List.of("clampedOld", "clampedToOther", "clampedToN")) {
            assertEquals(0, DiffVersionedLoopsTest.unchecked(K, k), k);
        }
    }

    static List<Object> ints(boolean withNull) {
        List<Object> out = new ArrayList<>();
        if (withNull) out.add(null);
        for (int n : LENGTHS) out.add(new int[n]);
        return out;
    }

    static List<Object> keys() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null, new int[0]));
        int[][] sets = {{0}, {-1}, {5}, {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1, -1}, {3, 1, 32, 33, 34, 6, 15, 16, -7, 2},
                {1, 2, 3, 4, 5, 6, 7, 8, 40}, {40, 1, 2, 3, 4, 5, 6, 7, 8}};
        for (int[] s : sets) out.add(s);
        return out;
    }

    @Test
    void histogram() {
        List<Object> data = new ArrayList<>(Arrays.asList((Object) null, new double[0]));
        for (int n : new int[] {1, 3, 40}) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = Math.sin(i * 1.7) * 4;
            data.add(a);
        }
        data.add(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1e300, -1e300,
                2.9999999999, -3.0, 3.0, Double.MIN_VALUE, 4.9e9, -2.2e9});
        List<double[]> ranges = List.of(new double[] {-3, 3}, new double[] {0, 0}, new double[] {3, -3}, new double[] {Double.NaN, 1},
                new double[] {-1e-300, 1e-300});
        for (Object a : data) for (double[] r : ranges) for (Object c : ints(true)) D.check(K, "histogram", a, r[0], r[1], c);
    }

    @Test
    void clampedKeysAndOld() {
        List<Object> longs = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) longs.add(new long[n]);
        D.checkAll(K, "clampedKeys", product(keys(), longs));
        D.checkAll(K, "clampedOld", product(keys(), ints(true)));
        for (Object k : keys()) D.check(K, "clampedOld", k, k); // keys and counts the same array
    }

    @Test
    void clampsToSomethingElse() {
        D.checkAll(K, "clampedToOther", product(keys(), ints(true), ints(true)));
        D.checkAll(K, "clampedToN", product(keys(), ints(true), List.of(0, 1, 2, 8, 16, 17, 33, 34, -1, Integer.MIN_VALUE, Integer.MAX_VALUE)));
    }
}
