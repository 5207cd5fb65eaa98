package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/** Arrays that live in the kernel's stack frame ({@code StackArrays}) and ones that must not, against HotSpot. */
class DiffStackArrayTest {
    static final Diff D = Diff.forClass(DiffStackArrayTest.class);
    static final Class<?> K = StackArrayKernels.class;
    static final List<Double> DOUBLES = List.of(0.0, -0.0, 1.0, -1.5, 1e300, Double.MIN_VALUE, Double.MAX_VALUE,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Math.PI);

    @Test
    void arraysThatStayInTheCall() {
        D.checkAll(K, "hiLoSum", product(DOUBLES));
        D.checkAll(K, "storeThenIndex", product(List.of(2.5, -0.0, Double.NaN), List.of(0, 1, 2, 3, -1,
                Integer.MIN_VALUE, Integer.MAX_VALUE)));
        D.checkAll(K, "emptyArray", product(List.of(0, 1, -1)));
        D.checkAll(K, "pickAndCompare", product(Arrays.asList(null, new long[0], new long[] {3, 4}), List.of(true, false)));
        List<Object> srcs = Arrays.asList(null, new int[0], new int[] {9}, new int[] {1, 2, 3, 4, 5});
        D.checkAll(K, "copyFillClone", product(srcs, List.of(0, -7, Integer.MIN_VALUE, Integer.MAX_VALUE)));
        D.checkAll(K, "recursive", product(List.of(0, 1, 5, 40)));
    }

    @Test
    void arraysThatLeaveTheCall() {
        D.checkAll(K, "returned", product(List.of(0f, -0f, Float.NaN, Float.MAX_VALUE, Float.NEGATIVE_INFINITY)));
        D.checkAll(K, "storedAsRow", product(Arrays.asList(null, new double[0][], new double[][] {{1}, {2, 3}}),
                List.of(1.5, -0.0, Double.NaN)));
        D.checkAll(K, "perIteration", product(List.of(0, 1, 2, 100)));
        D.checkAll(K, "large", product(DOUBLES));
    }
}
