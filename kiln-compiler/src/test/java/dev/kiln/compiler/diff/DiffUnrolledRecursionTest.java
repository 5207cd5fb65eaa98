package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * Recursion run several levels per native frame (the emitter's always-inlined copies of a small recursive method):
 * the same results, exceptions, traces and array contents as HotSpot whichever copy a level falls in, so every
 * case runs at depths of each residue modulo the unrolling and with a fault at the first, a middle and the last level.
 */
class DiffUnrolledRecursionTest {
    static final Diff D = Diff.forClass(DiffUnrolledRecursionTest.class);
    static final Class<?> K = UnrolledRecursionKernels.class;

    @Test
    void digammaEdgesAndDepths() {
        List<Object> xs = new ArrayList<>(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                0.0, -0.0, Double.MIN_VALUE, 1e-5, 1e-6, -Double.MAX_VALUE, Double.MAX_VALUE, 48.0, 48.5, 49.0,
                -1.0, -3.0, -0.5, -2000.25, 1e300));
        for (int k = 0; k < 8; k++) xs.add(0.125 + k * 6.1); // 49 - x levels: every residue
        D.checkAll(K, "digamma", product(xs));
    }

    @Test
    void arrayWritesBeforeABoundsFault() {
        // The fault at the first level (i = length), a middle one and the last (k = 0 at the end); empty and null.
        List<Object[]> in = new ArrayList<>();
        for (int len : new int[] {0, 1, 2, 3, 4, 7, 40}) {
            for (int k : new int[] {0, 1, 2, 3, len - 1, len, len + 5}) {
                if (k >= 0) in.add(new Object[] {new int[len], 0, k});
            }
            in.add(new Object[] {new int[len], len, 0});
            in.add(new Object[] {new int[len], len / 2, len});
        }
        in.add(new Object[] {null, 0, 3});
        in.add(new Object[] {new int[5], -1, 2});
        D.checkAll(K, "writeDown", in);
    }

    @Test
    void twoCallsPerLevelAndVoidResults() {
        // Division by zero in the leftmost, a middle and the rightmost leaf (d drops by one per right step).
        D.checkAll(K, "fillHalves", product(Arrays.asList(null, new double[0], new double[1], new double[5],
                new double[64]), List.of(0, 1, 3), List.of(0, 1, 2, 5, 64, 65), List.of(0, 1, 3, 7, 100)));
    }

    @Test
    void threeMethodCycleWithAThrow() {
        ThrowDiff.checkAll(D, K, "stepA", product(List.of(-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 30, 31, 32),
                List.of(0f, -0f, 1.25f, Float.NaN, Float.MAX_VALUE), List.of(0L, 5L, 11L, 13L, Long.MIN_VALUE)));
    }

    @Test
    void throwAtEveryLevelResidue() {
        List<Long> fail = new ArrayList<>(List.of(-1L));
        for (long f = 0; f <= 10; f++) fail.add(f);
        fail.addAll(List.of(2998L, 2999L, 3000L, 3001L));
        ThrowDiff.checkAll(D, K, "sumTo", product(List.of(0L, 1L, 2L, 3L, 10L, 3000L), fail));
    }
}
