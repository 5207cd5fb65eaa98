package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * The issue-9 corpus against HotSpot: kernels written the way numeric Java is written (argument checks that throw,
 * guard-clause callees, asserts, application exception classes), each on normal inputs and on every throw path:
 * value, exception class and message, kernel frames of the stack trace, and array contents afterwards.
 */
class DiffCorpusTest {
    static final Diff D = Diff.forClass(DiffCorpusTest.class);

    static double[] ramp(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = i * 0.75 - 3;
        return a;
    }

    @Test
    void signal() {
        ThrowDiff.checkAll(D, SignalCorpus.class, "bitReverse", product(Arrays.asList(ramp(16), ramp(2), ramp(0),
                ramp(12), ramp(6), ramp(64), null)));
        ThrowDiff.checkAll(D, SignalCorpus.class, "movingAverage", product(Arrays.asList(ramp(10), ramp(3), ramp(0)),
                Arrays.asList(new double[10], new double[2], null), List.of(1, 3, 0, -2, 11)));
        ThrowDiff.checkAll(D, SignalCorpus.class, "convolve", product(Arrays.asList(ramp(5), ramp(0)),
                Arrays.asList(ramp(3), ramp(0), new double[] {Double.NaN}), Arrays.asList(new double[7], new double[5],
                        new double[3], new double[0])));
        ThrowDiff.checkAll(D, SignalCorpus.class, "decimate", product(
                Arrays.asList(new float[] {1, 2, 3, 4, 5, 6, 7}, new float[0]), Arrays.asList(new float[4], new float[2]),
                List.of(1, 2, 3, 0, -1, Integer.MIN_VALUE)));
    }

    @Test
    void statistics() {
        ThrowDiff.checkAll(D, StatsCorpus.class, "percentile", product(Arrays.asList(ramp(9), ramp(1), ramp(0)),
                List.of(50.0, 0.0, 100.0, 100.5, 1e-9, -0.0, Double.NaN, 33.3, 99.0)));
        ThrowDiff.checkAll(D, StatsCorpus.class, "variance", product(Arrays.asList(ramp(8), null),
                List.of(0, 2, -1, 8), List.of(0, 1, 5, 6, -3)));
        ThrowDiff.checkAll(D, StatsCorpus.class, "histogram", product(
                Arrays.asList(new double[] {0, 0.5, 0.99, 1, -1, 2.5, Double.NaN, 9.999}, new double[0]),
                Arrays.asList(new int[4], new int[1], new int[0]), List.of(0.0, -1.0, 5.0), List.of(10.0, 0.0, Double.NaN)));
        ThrowDiff.checkAll(D, StatsCorpus.class, "kahanSum", product(Arrays.asList(ramp(100),
                new double[] {1e16, 1, -1e16}, new double[0], null)));
        ThrowDiff.checkAll(D, StatsCorpus.class, "binomial", product(List.of(0, 5, 30, 66, 67, -1),
                List.of(0, 2, 33, 70, -1)));
    }

    @Test
    void linearAlgebra() {
        double[] a23 = {1, 2, 3, 4, 5, 6};
        ThrowDiff.checkAll(D, LinAlgCorpus.class, "matVec", product(List.of(a23), List.of(2, 3, -1), List.of(3, 2),
                Arrays.asList(new double[] {1, -1, 0.5}, new double[] {1, 1}), Arrays.asList(new double[2], new double[3])));
        ThrowDiff.checkAll(D, LinAlgCorpus.class, "dot", product(Arrays.asList(ramp(7), ramp(3), null),
                Arrays.asList(ramp(7), ramp(2))));
        double[] lu = {2, 1, 1, 0.5, 3, 2, 0.25, 0.5, 4};
        double[] singular = {2, 1, 1, 0.5, 3, 2, 0.25, 0.5, 0};
        ThrowDiff.checkAll(D, LinAlgCorpus.class, "luSolve", product(List.of(lu, singular), List.of(3, 2),
                Arrays.asList(new double[] {1, 2, 3}, new double[] {1, 2})));
        ThrowDiff.checkAll(D, LinAlgCorpus.class, "normalize", product(Arrays.asList(ramp(5), new double[3],
                new double[] {3, 4}, new double[] {1, Double.NaN, 2}, new double[0], null)));
    }

    @Test
    void finance() {
        ThrowDiff.checkAll(D, FinanceCorpus.class, "npv", product(List.of(0.05, 0.0, -0.5, -1.0, -2.0, Double.NaN),
                Arrays.asList(new double[] {-100, 30, 40, 50}, new double[0])));
        ThrowDiff.checkAll(D, FinanceCorpus.class, "bisect", product(List.of(2.0, 0.0, 3.0), List.of(3.0, 2.5, 1.0),
                List.of(1e-12, 0.5), List.of(100, 3, 0)));
        ThrowDiff.checkAll(D, FinanceCorpus.class, "amortize", product(List.of(1000.0, 0.0), List.of(0.01, 0.0, -0.1),
                List.of(12, 0, -3, 13), List.of(new double[12])));
        ThrowDiff.checkAll(D, FinanceCorpus.class, "parseDigits", product(Arrays.asList("12345".toCharArray(),
                "12a45".toCharArray(), new char[0], "0000".toCharArray(), "1234567890123456789".toCharArray(),
                "99\u00e99".toCharArray(), " 1".toCharArray())));
        ThrowDiff.checkAll(D, FinanceCorpus.class, "clamp", product(List.of(0.5f, -3f, Float.NaN, 7f),
                List.of(0f, 1f, -0.0f), List.of(1f, 0.1f, Float.NaN)));
    }
}
