package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * Cold throw paths inside methods lowered inline on a replaced object ({@link InlinedColdPathKernels}) run as Java:
 * same results, exception class and message, and kernel frames as HotSpot.
 */
class DiffInlinedColdPathTest {
    static final Diff D = Diff.forClass(DiffInlinedColdPathTest.class);
    static final Class<?> K = InlinedColdPathKernels.class;

    @Test
    void coldPathsOfAnAbstractClassMethodOnAnAnonymousSubclass() {
        ThrowDiff.checkAll(D, K, "exp", product(List.of(0.0, -0.0, 1.0, -2.5, 30.0, 700.0, 1e300, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE), List.of(0, 1, 5, 200)),
                InlinedColdPathKernels.Series.class);
        ThrowDiff.checkAll(D, K, "geometric", product(List.of(0.5, -0.5, 1.0, 2.0, -0.0, Double.NaN,
                Double.POSITIVE_INFINITY), List.of(1.0, -0.0, Double.MAX_VALUE, Double.NaN), List.of(1, 3, 100)),
                InlinedColdPathKernels.Series.class);
    }

    @Test
    void throwsInConstructorsLoweredInlineHaveTheCallerFrames() {
        // the record's compact constructor throws; HotSpot's trace: the constructor, then the kernel at the new
        ThrowDiff.checkAll(D, ValueObjectKernels.class, "recordWidth", product(List.of(0.0, -0.0, 1.0, Double.NaN),
                List.of(-0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY)), ValueObjectKernels.Interval.class);
    }
}
