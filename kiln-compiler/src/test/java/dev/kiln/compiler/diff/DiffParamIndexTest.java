package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Methods {@code ParamIndexVersioning} gives a check-free copy, at the edges of its guard: the first, a middle or
 * the last access out of range (the checked body must throw there, after the same writes), offsets near
 * {@code int}'s limits (where {@code off + c} wraps), null, empty and short arrays, one array passed twice,
 * accesses that run only on one branch. Results, exceptions and array contents must match HotSpot's.
 */
class DiffParamIndexTest {
    static final Diff D = Diff.forClass(DiffParamIndexTest.class);
    static final Class<?> K = ParamIndexKernels.class;
    static final List<Integer> OFFSETS = List.of(0, 1, 2, 3, 7, 8, 9, 16, -1, -3, -8,
            Integer.MAX_VALUE, Integer.MAX_VALUE - 3, Integer.MAX_VALUE - 7, Integer.MIN_VALUE, Integer.MIN_VALUE + 3);

    static List<Object> doubles(int... lengths) {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : lengths) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = Math.cos(i * 0.7) * (i % 5 == 3 ? -1e300 : 2) + (i == n / 2 ? -0.0 : 0);
            if (n > 6) a[n - 2] = Double.NaN;
            if (n > 9) a[9] = Double.POSITIVE_INFINITY;
            out.add(a);
        }
        return out;
    }

    @Test
    void everyShapeHereIsVersionedAndSmallOnesAreNot() {
        for (String k : List.of("butterfly8", "constants", "around", "twoPatterns", "onlyWhen", "inLoop", "twice")) {
            assertTrue(DiffVersionedLoopsTest.unchecked(K, k) > 0, k + " was not versioned");
        }
        assertEquals(0, DiffVersionedLoopsTest.unchecked(K, "few"));
    }

    @Test
    void butterflyAtEveryOffset() {
        D.checkAll(K, "butterfly8", product(doubles(0, 1, 7, 8, 9, 12, 17), OFFSETS, doubles(0, 1, 2, 3), List.of(0, 1, 2, -1)));
    }

    @Test
    void butterflyOnOneArray() {
        for (Object a : doubles(2, 8, 10, 16)) {
            for (int off : new int[] {0, 1, 2, 8, 9}) for (int sw : new int[] {0, 1, 7, 9, 15}) D.check(K, "butterfly8", a, off, a, sw);
        }
    }

    @Test
    void constantIndices() {
        D.checkAll(K, "constants", Diff.each(doubles(0, 1, 2, 3, 4, 5, 6, 7)));
    }

    @Test
    void offsetsAroundAParameter() {
        List<Object> ints = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : new int[] {0, 1, 4, 7, 8, 9, 12}) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) a[i] = (i * 0x9E3779B9) ^ (i == 3 ? Integer.MIN_VALUE : 0);
            ints.add(a);
        }
        D.checkAll(K, "around", product(ints, List.of(0, 1, 2, 3, 4, 5, 7, 8, -1, Integer.MAX_VALUE, Integer.MAX_VALUE - 4,
                Integer.MIN_VALUE, Integer.MIN_VALUE + 3)));
    }

    @Test
    void twoPatternsOnOneArray() {
        List<Object> floats = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : new int[] {0, 3, 4, 6, 10}) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = i == 2 ? Float.NaN : i * 1.5f - 3;
            floats.add(a);
        }
        List<Integer> ps = List.of(0, 1, 2, 5, 6, 7, -1, Integer.MAX_VALUE, Integer.MIN_VALUE);
        D.checkAll(K, "twoPatterns", product(floats, ps, ps));
    }

    @Test
    void accessesOnOneBranchOnly() {
        D.checkAll(K, "onlyWhen", product(doubles(0, 3, 6, 9), List.of(0, 1, 3, 4, -1, Integer.MAX_VALUE, Integer.MIN_VALUE),
                List.of(true, false), List.of(0.5, Double.NaN, -0.0)));
    }

    @Test
    void invariantAccessesInALoop() {
        D.checkAll(K, "inLoop", product(doubles(0, 5, 6, 8), List.of(0, 1, 2, 3, -1, Integer.MAX_VALUE - 2),
                List.of(0, 1, 3, 9), doubles(0, 2, 9)));
    }

    @Test
    void aCalleeOfTheSameShape() {
        D.checkAll(K, "twice", product(doubles(0, 8, 15, 16, 17, 24), List.of(0, 1, 8, -8, Integer.MAX_VALUE - 9),
                doubles(0, 2, 3, 4)));
    }
}
