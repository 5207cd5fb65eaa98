package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * Loops whose bounds checks the optimiser moves out of the main loop (see {@code PassPipeline}), at the edges of
 * that transformation: the index leaves the array in the first, a middle or the last iteration, or never; counts
 * beyond the length, zero and negative; offsets and strides that overflow {@code int}; null, empty and short arrays;
 * the same array passed twice, overlapping at an offset. Results, exceptions (type and message) and the arrays'
 * contents after the call or the throw must match HotSpot's.
 */
class DiffLoopShapesTest {
    static final Diff D = Diff.forClass(DiffLoopShapesTest.class);
    static final Class<?> K = LoopKernels.class;

    /** Lengths around the vector width times the unroll factor, so main loops, vector bodies and epilogues all run. */
    static final int[] LENGTHS = {0, 1, 2, 7, 16, 17, 40, 67};
    static final List<Integer> COUNTS = List.of(0, 1, 2, 6, 7, 8, 15, 16, 17, 39, 40, 41, 66, 67, 68, -1,
            Integer.MIN_VALUE, Integer.MAX_VALUE);
    static final List<Integer> OFFSETS = List.of(0, 1, 5, 17, 39, 40, -1, -40, Integer.MAX_VALUE,
            Integer.MAX_VALUE - 3, Integer.MIN_VALUE);
    static final List<Integer> STRIDES = List.of(1, 2, 3, -1, 0, 7, Integer.MAX_VALUE, Integer.MIN_VALUE);

    static List<Object> doubles() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = Math.sin(i * 1.7) * (i % 5 == 3 ? -100 : 1) + (i == n / 2 ? -0.0 : 0);
            out.add(a);
        }
        return out;
    }

    static List<Object> floats() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = (float) Math.cos(i * 0.9) * 3;
            out.add(a);
        }
        return out;
    }

    static List<Object> ints() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) out.add(new int[n]);
        return out;
    }

    @Test
    void dscalWithACountParameter() {
        D.checkAll(K, "dscal", product(COUNTS, List.of(2.5, -0.0, Double.NaN), doubles()));
    }

    @Test
    void offsetsThatStartOrEndOutside() {
        D.checkAll(K, "dscalOff", product(COUNTS, List.of(3.0), doubles(), OFFSETS));
        D.checkAll(K, "scaleEveryThird", product(COUNTS, List.of(-2f), floats(), OFFSETS));
    }

    @Test
    void linpackStridesAndOffsets() {
        List<Integer> counts = List.of(0, 1, 2, 7, 13, 16, 17, 20, 40, 41, -3, Integer.MAX_VALUE);
        List<Integer> offsets = List.of(0, 1, 3, 39, -1, Integer.MAX_VALUE, Integer.MIN_VALUE);
        D.checkAll(K, "dscalInc", product(counts, List.of(0.5), doubles(), offsets, STRIDES));
        // Stride 0 reads one element n - 1 times: a count near 2^31 would take seconds on both sides.
        D.checkAll(K, "idamax", product(counts.subList(0, counts.size() - 1), doubles(), offsets, STRIDES));
        D.checkAll(K, "idamax", product(List.of(Integer.MAX_VALUE), doubles(), offsets, List.of(1, 2, -1, 7)));
    }

    @Test
    void twoArraysDisjointOrTheSameAtOffsets() {
        List<Integer> counts = List.of(0, 1, 7, 16, 17, 33, 40, 41, -1);
        List<Integer> offsets = List.of(0, 1, 7, 23, 39, -1, Integer.MAX_VALUE);
        D.checkAll(K, "daxpy", product(counts, List.of(1.5), doubles(), offsets, doubles(), offsets));
        for (Object a : doubles()) {
            // Diff copies each distinct array once, so the two parameters stay one array on both sides.
            for (int n : counts) for (int xo : offsets) for (int yo : offsets) D.check(K, "daxpy", n, 1.5, a, xo, a, yo);
        }
        D.checkAll(K, "saxpy", product(counts, List.of(2f), floats(), floats()));
        D.checkAll(K, "dot", product(counts, doubles(), doubles()));
        for (Object a : floats()) for (int n : counts) D.check(K, "saxpy", n, 2f, a, a);
    }

    @Test
    void fillRanges() {
        List<Integer> bounds = List.of(0, 1, 7, 16, 17, 40, 41, 67, 68, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        D.checkAll(K, "fill", product(ints(), bounds, bounds, List.of(-9)));
    }

    @Test
    void downwardAndMirroredIndices() {
        List<Object> longs = new ArrayList<>(Arrays.asList((Object) null));
        List<Object> bytes = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            long[] l = new long[n];
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                l[i] = i * 1000003L;
                b[i] = (byte) (i * 37 - 100);
            }
            longs.add(l);
            bytes.add(b);
        }
        D.checkAll(K, "shiftDown", product(longs, COUNTS));
        D.checkAll(K, "mirror", product(bytes, COUNTS));
    }

    static double[][] grid(int m, int n) {
        double[][] g = new double[m][n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) g[i][j] = Math.sin(i * 3 + j * 0.7);
        return g;
    }

    @Test
    void sorOverRegularAndRaggedRows() {
        List<Object> grids = new ArrayList<>();
        grids.add(null);
        grids.add(new double[0][]);
        for (int[] mn : new int[][] {{1, 1}, {3, 3}, {5, 40}, {40, 5}, {20, 33}}) grids.add(grid(mn[0], mn[1]));
        for (int bad : new int[] {0, 1, 2, 5, 10, 18, 19}) {
            // One row shorter than the first: the sweep faults on it, in its first, a middle or its last iteration.
            double[][] g = grid(20, 33);
            g[bad] = Arrays.copyOf(g[bad], bad % 3 == 0 ? 2 : bad % 3 == 1 ? 17 : 32);
            grids.add(g);
        }
        double[][] nullRow = grid(6, 9);
        nullRow[4] = null;
        grids.add(nullRow);
        double[][] longer = grid(6, 9);
        longer[2] = Arrays.copyOf(longer[2], 30);
        grids.add(longer);
        double[][] shared = grid(6, 9);
        shared[3] = shared[2];
        grids.add(shared);
        D.checkAll(K, "sor", product(List.of(1.25), grids, List.of(0, 1, 3)));
    }
}
