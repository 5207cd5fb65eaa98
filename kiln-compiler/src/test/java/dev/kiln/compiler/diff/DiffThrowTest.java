package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;

/** {@code throw new T(...)} in kernels and their callees, against HotSpot: class, message, stack trace, side effects. */
class DiffThrowTest {
    static final Diff D = Diff.forClass(DiffThrowTest.class);
    static final Class<ThrowKernels> K = ThrowKernels.class;

    @Test
    void noArgumentAndConstantMessage() {
        ThrowDiff.checkAll(D, K, "noArg", product(List.of(-1, 0, 5, Integer.MIN_VALUE)));
        ThrowDiff.checkAll(D, K, "constantMessage", product(List.of(6, 7, 8)));
    }

    @Test
    void concatenationOfEveryPrimitiveType() {
        ThrowDiff.checkAll(D, K, "concatInt", product(INTS_SMALL, List.of(3L, -1L)));
        ThrowDiff.checkAll(D, K, "concatAllTypes", product(List.of(0, 1, Integer.MIN_VALUE),
                List.of(Long.MIN_VALUE, 0L), List.of(Float.NaN, -0.0f, 1.0e10f, 0.1f, Float.MIN_VALUE),
                List.of(Double.NEGATIVE_INFINITY, 1e-300, 0.1 + 0.2, 100.0, 1e7, -0.0),
                List.of('a', '\u00e9', '\uffff', (char) 0), List.of(true, false), List.of((byte) -128, (byte) 7),
                List.of((short) -1, Short.MAX_VALUE)));
    }

    @Test
    void valueOfAndToString() {
        ThrowDiff.checkAll(D, K, "valueOfs", product(List.of(Double.NaN, -1.5, -0.0, 2.0, 1e-5, 4.9e-324, 12345678.9),
                List.of(0, -7, 101, Integer.MAX_VALUE)));
    }

    @Test
    void stringBuilderAndLocals() {
        ThrowDiff.checkAll(D, K, "builderChain", product(List.of(-5, 0, 3), List.of(-5, 0, 3)));
        ThrowDiff.checkAll(D, K, "messageInLocal", product(List.of(1000, 1001, Integer.MAX_VALUE)));
        ThrowDiff.checkAll(D, K, "manyParts", product(List.of(1, 50), List.of(2, 60), List.of(3), List.of(4),
                List.of(5, -100)));
        ThrowDiff.checkAll(D, K, "nullStringInConcat", product(List.of(-1, 1)));
        ThrowDiff.checkAll(D, K, "escapes", product(List.of(0.5, 2.0, Double.POSITIVE_INFINITY), List.of(1, -2)));
    }

    @Test
    void sideEffectsBeforeTheThrowStay() {
        ThrowDiff.checkAll(D, K, "fillUntilNegative", product(
                Arrays.asList(new double[5], new double[2], null),
                Arrays.asList(new double[] {4, 9, -1, 16, 25}, new double[] {1, 2}, new double[] {-0.0, -3},
                        new double[] {1, 4, 9, 16, 25, 36}, null)));
    }

    @Test
    void guardClauseAndNestedCallees() {
        ThrowDiff.checkAll(D, K, "guardClauseCallee", product(List.of(1, 2, 3, 1024, 1000, 0, -4)));
        ThrowDiff.checkAll(D, K, "nested", product(Arrays.asList(new int[] {5, 6, 7}, new int[0], null),
                List.of(0, 2, 3, -1)));
        ThrowDiff.checkAll(D, K, "recursiveThrow", product(List.of(0, 1, 5, 200)));
    }

    @Test
    void applicationJdkAndCheckedExceptions() {
        ThrowDiff.checkAll(D, K, "customException", product(List.of(0, 11, 500, -11)));
        ThrowDiff.checkAll(D, K, "deepCustomException", product(List.of(0, 5)));
        ThrowDiff.checkAll(D, K, "checked", product(List.of(404, 200)));
        ThrowDiff.checkAll(D, K, "errorSubclass", product(List.of(0, 1, 2)));
        ThrowDiff.checkAll(D, K, "assertionErrorDirect", product(List.of(2, 3, 4, 5)));
        ThrowDiff.checkAll(D, K, "primitiveConstructor", product(List.of(-3, 3)));
    }

    @Test
    void thrownByJdkCodeCompiledFromBytecode() {
        // Arrays.fill's range check: the messages come from the JDK's own code (and its constructors).
        D.checkAll(K, "jdkRangeCheck", product(Arrays.asList(new int[5], null), List.of(0, 2, 6, -1), List.of(0, 3, 5, 6)));
    }
}
