package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * Strict sums and products in vectorised loops ({@link OrderedReductionKernels}) against HotSpot. The values are
 * chosen so that any reordering shows: magnitudes from 1e-300 to 1e300 with cancelling pairs (1e16 + 1 - 1e16),
 * NaN, infinities and signed zeros in the first, a middle and the last place, at lengths around every vector width
 * and unroll factor.
 */
class DiffOrderedReductionTest {
    static final Diff D = Diff.forClass(DiffOrderedReductionTest.class);
    static final Class<?> K = OrderedReductionKernels.class;
    static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 257};
    static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
        Double.MIN_VALUE, -Double.MAX_VALUE, 1e16, -1e16};

    static List<Object> doubles() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        SplittableRandom r = new SplittableRandom(42);
        for (int n : LENGTHS) {
            double[] mixed = new double[n], cancel = new double[n], zeros = new double[n];
            for (int i = 0; i < n; i++) {
                mixed[i] = (r.nextDouble() - 0.25) * Math.pow(10, r.nextInt(-300, 300));
                cancel[i] = switch (i % 3) { case 0 -> 1e16; case 1 -> 1.0 + i; default -> -1e16; };
            }
            Arrays.fill(zeros, -0.0);
            out.add(mixed);
            out.add(cancel);
            out.add(zeros);
            for (int at : new int[] {0, n / 2, n - 1}) {
                if (n == 0) break;
                for (double v : SPECIALS) {
                    double[] b = cancel.clone();
                    b[at] = v;
                    out.add(b);
                }
            }
        }
        return out;
    }

    static List<Object> floats() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        SplittableRandom r = new SplittableRandom(7);
        for (int n : LENGTHS) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-30, 30)));
            out.add(a);
            if (n > 0) {
                float[] b = a.clone();
                b[n / 2] = Float.NaN;
                b[n - 1] = Float.NEGATIVE_INFINITY;
                out.add(b);
            }
        }
        return out;
    }

    @Test
    void sumsOfRootsAndQuotients() {
        D.checkAll(K, "sqrtSum", product(doubles()));
        D.checkAll(K, "quotientSum", product(doubles(), List.of(3.0, -0.0, 1e-300, Double.NaN, Double.NEGATIVE_INFINITY)));
        D.checkAll(K, "twoSumsAndCount", product(doubles()));
    }

    @Test
    void productChains() {
        D.checkAll(K, "growth", product(doubles(), List.of(1e-3, -1.0, 0.0, Double.MAX_VALUE, Double.NaN)));
    }

    @Test
    void floatSums() {
        List<Object> f = floats();
        D.checkAll(K, "floatSum", product(f, f));
    }

    @Test
    void storesBesideTheSumOnDisjointAndAliasedArrays() {
        List<Object> xs = doubles();
        List<Object> outs = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : new int[] {0, 1, 8, 16, 33, 100}) outs.add(new double[n]);
        D.checkAll(K, "rootsInto", product(xs, outs, List.of(2.0, -1.0, Double.POSITIVE_INFINITY)));
        for (Object x : xs) {
            if (x != null) D.check(K, "rootsInto", x, x, 0.5); // one array as input and output
        }
    }

    @Test
    void rangesThrowAtTheFirstBadIndex() {
        D.checkAll(K, "rangeSum", product(doubles(), List.of(0, 1, -1, 5, 40, Integer.MIN_VALUE),
                List.of(0, 1, 9, 17, 33, 64, 65, 101, 258, Integer.MAX_VALUE)));
    }

    @Test
    void stridedSums() {
        D.checkAll(K, "strided", product(doubles(), List.of(1, 2, 3, 8)));
    }
}
