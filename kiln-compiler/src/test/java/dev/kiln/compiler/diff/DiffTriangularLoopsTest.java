package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inner loops that start at a computed value ({@link TriangularLoopKernels}) against HotSpot: the start or the bound
 * outside the array (a throw in the first, a middle or the last iteration, after the same writes), null and empty
 * rows, the same row as pivot and target, ragged and aliased rows in a 2-D elimination, NaN, infinities and -0.0.
 */
class DiffTriangularLoopsTest {
    static final Diff D = Diff.forClass(DiffTriangularLoopsTest.class);
    static final Class<?> K = TriangularLoopKernels.class;
    static final int[] LENGTHS = {0, 1, 2, 3, 8, 31, 32, 33, 40, 70};

    static List<Object> doubles() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) out.add(row(n, n));
        return out;
    }

    static double[] row(int n, int seed) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = Math.cos(i * 0.7 + seed) * (i % 9 == 4 ? 1e308 : 2) + (i == n / 2 ? -0.0 : 0);
        if (n > 5) a[n - 4] = Double.NaN;
        if (n > 6) a[1] = Double.NEGATIVE_INFINITY;
        return a;
    }

    static final List<Integer> STARTS = List.of(-3, -2, -1, 0, 1, 5, 29, 30, 31, 32, 38, 39, 68, 69, 70,
            Integer.MAX_VALUE - 1, Integer.MAX_VALUE, Integer.MIN_VALUE);
    static final List<Integer> ENDS = List.of(-1, 0, 1, 2, 8, 31, 32, 33, 34, 40, 41, 70, 71, 100,
            Integer.MAX_VALUE, Integer.MIN_VALUE);

    @Test
    void tailsWithComputedStartsAreCopiedAndFloatingSumsAreNot() {
        for (String k : List.of("rowTails", "luRows", "scaleRows", "tailCounts")) {
            assertTrue(DiffVersionedLoopsTest.unchecked(K, k) > 0, k + " was not versioned");
        }
        assertEquals(0, DiffVersionedLoopsTest.unchecked(K, "tailDots"));
    }

    @Test
    void rowTailOverStartsAndEnds() {
        D.checkAll(K, "rowTails", product(doubles(), doubles(), STARTS, ENDS, List.of(0.75, Double.NaN), List.of(1, 3)));
    }

    @Test
    void rowTailOnOneRow() {
        // row and pivot the same array: each write is read back at the same index only
        for (Object a : doubles()) {
            for (int k : STARTS) for (int n : ENDS) D.check(K, "rowTails", a, a, k, n, -1.5, 2);
        }
    }

    @Test
    void tailCountAndTailDot() {
        List<Object> ints = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) a[i] = i % 3 == 1 ? -i : i * 1_000_003 + Integer.MAX_VALUE / 2;
            if (n > 0) a[n - 1] = Integer.MIN_VALUE;
            ints.add(a);
        }
        D.checkAll(K, "tailCounts", product(ints, ints, STARTS, ENDS));
        D.checkAll(K, "tailDots", product(doubles(), doubles(), STARTS, ENDS));
    }

    @Test
    void luOverSquareRaggedAndAliasedRows() {
        List<Object> cases = new ArrayList<>(Arrays.asList((Object) null, new double[0][]));
        for (int n : new int[] {1, 2, 3, 5, 9, 33, 40}) {
            cases.add(square(n));
            // a short row: the throw comes in the first, a middle or the last iteration of some row's tail
            for (int shortAt : new int[] {0, n / 2, n - 1}) {
                for (int len : new int[] {0, 1, n / 2, n - 1}) {
                    double[][] a = square(n);
                    a[shortAt] = Arrays.copyOf(a[shortAt], len);
                    cases.add(a);
                }
                double[][] nullRow = square(n);
                nullRow[shortAt] = null;
                cases.add(nullRow);
            }
            if (n > 2) {
                double[][] aliased = square(n);
                aliased[n - 1] = aliased[1]; // one row both pivot and target
                cases.add(aliased);
                double[][] longer = square(n);
                longer[n / 2] = row(n + 7, 3);
                cases.add(longer);
                double[][] zeroPivot = square(n);
                zeroPivot[1][1] = 0.0;
                cases.add(zeroPivot);
            }
        }
        for (Object a : cases) D.check(K, "luRows", a);
        for (Object a : cases) for (double f : new double[] {-0.5, Double.NaN}) D.check(K, "scaleRows", a, f);
    }

    static double[][] square(int n) {
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = row(n, i);
            a[i][i] = 4.0 * n + i;
        }
        return a;
    }
}
