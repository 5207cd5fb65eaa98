package dev.kiln.compiler.diff;

import dev.kiln.compiler.Pipeline;
import dev.kiln.compiler.ir.Printer;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sub-range loops ({@code i < begin + length}, versioned by {@code RangeCheckVersioning}) and sticky-flag loops
 * ({@code StickyFlagBranches}) against HotSpot: NaN, infinities and negatives in the first, a middle and the last
 * place of the range (each throws there, with its index), signed zeros, a range that starts before the array, ends
 * past it or wraps {@code int}, empty and length-1 ranges and arrays, null, and the same array as source and
 * destination. Results, exceptions and array contents after the call or the throw must match.
 */
class DiffStickyFlagTest {
    static final Diff D = Diff.forClass(DiffStickyFlagTest.class);
    static final Class<?> K = StickyFlagKernels.class;
    /** Around the unroll factors, so main loops and remainders run. */
    static final int[] LENGTHS = {0, 1, 2, 3, 7, 8, 9, 17, 33};
    static final List<Integer> BEGINS = List.of(0, 1, 2, -1, 30, Integer.MAX_VALUE, Integer.MIN_VALUE);
    static final List<Integer> COUNTS = List.of(0, 1, 2, 5, 8, 9, 16, 31, 33, -1, Integer.MAX_VALUE, Integer.MIN_VALUE);

    static List<Object> weights() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) w[i] = i % 3 == 0 ? 0.0 : i * 0.25;
            out.add(w);
            out.add(new double[n]); // all zero: no positive weight
            double[] z = new double[n];
            Arrays.fill(z, -0.0);
            out.add(z);
            for (int at : new int[] {0, n / 2, n - 1}) {
                if (n == 0) break;
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1e-300, -0.0, Double.MIN_VALUE}) {
                    double[] b = w.clone();
                    b[at] = bad;
                    out.add(b);
                }
            }
        }
        return out;
    }

    static List<Object> ints() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            int[] a = new int[n], neg = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = i * 7 - 3;
                neg[i] = i == n / 2 ? Integer.MIN_VALUE : i + 1;
            }
            out.add(a);
            out.add(neg);
        }
        out.add(new int[] {-1, 3, 5, -7, 9, 2, 11, -13, 4});
        return out;
    }

    @Test
    void everySubRangeLoopHereGetsACheckFreeCopy() {
        for (String k : List.of("checkWeights", "countAfterFirstNegative", "toggles", "scaleRange", "maxBetween")) {
            String ir = Printer.print(Pipeline.standard().ir(KernelGraph.of(K, k, null)));
            assertTrue(ir.contains(" unchecked"), k + " was not versioned:\n" + ir);
        }
    }

    @Test
    void weightChecksThrowWhereJavaDoes() {
        D.checkAll(K, "checkWeights", product(weights(), BEGINS, COUNTS));
    }

    @Test
    void stickyIntFlagAndToggles() {
        D.checkAll(K, "countAfterFirstNegative", product(ints(), BEGINS, COUNTS));
        D.checkAll(K, "toggles", product(ints(), BEGINS, COUNTS));
    }

    @Test
    void flagOfAnOuterLoopWithInPlaceWrites() {
        List<Object> xs = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : new int[] {0, 1, 6, 12, 35}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (i * 5 % 11) - 4.5f + (i == n / 2 ? Float.NaN : 0);
            xs.add(x);
        }
        // no huge row count: with no columns the outer loop would run 2^31 times
        List<Integer> rows = List.of(0, 1, 2, 3, 6, 7, -1);
        List<Integer> cols = List.of(0, 1, 2, 3, 6, 7, -1, Integer.MAX_VALUE, Integer.MIN_VALUE);
        D.checkAll(K, "clampRows", product(xs, rows, cols, List.of(0.0f, 2.5f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY)));
    }

    @Test
    void subRangeWritesOnDisjointAndAliasedArrays() {
        List<Object> doubles = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = i == n - 1 ? Double.NaN : i - 2.5;
            doubles.add(a);
        }
        D.checkAll(K, "scaleRange", product(doubles, doubles, BEGINS, COUNTS, List.of(2.0, -0.0)));
        for (Object a : doubles) {
            for (int b : new int[] {0, 1, -1, 4}) {
                for (int c : new int[] {0, 1, 3, 9, 40}) D.check(K, "scaleRange", a, a, b, c, 0.5); // one array
            }
        }
    }

    @Test
    void differenceBoundAndAShiftedStart() {
        List<Object> doubles = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = Math.cos(i) * (i == n / 2 ? Double.NaN : 1) + (i == 1 ? -0.0 : 0);
            doubles.add(a);
        }
        doubles.add(new double[] {-0.0, 0.0, -0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY});
        D.checkAll(K, "maxBetween", product(doubles, List.of(0, 1, 2, 5, 9, 17, 40, -1, Integer.MIN_VALUE, Integer.MAX_VALUE),
                List.of(0, 1, 2, -1, Integer.MIN_VALUE, Integer.MAX_VALUE)));
    }
}
