package dev.kiln.compiler.diff;

import dev.kiln.KilnException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Callees with {@code Object} parameters given arrays: lowered per array type, null tests and reference comparison
 * as in Java, the exception of a failed check built by Java; other uses of the parameter refused with the construct.
 */
class DiffObjectParamTest {
    static final Diff D = Diff.forClass(DiffObjectParamTest.class);
    static final Class<?> K = ObjectParamKernels.class;

    @Test
    void nullCheckOfAnArray() {
        D.checkAll(K, "sum", product(Arrays.asList(null, new double[0], new double[] {-0.0},
                new double[] {1, Double.NaN, Double.POSITIVE_INFINITY}, new double[] {Double.MAX_VALUE, Double.MAX_VALUE})));
    }

    @Test
    void oneCalleeGivenSeveralArrayTypes() {
        List<double[]> as = Arrays.asList(null, new double[0], new double[] {1});
        List<int[][]> bs = Arrays.asList(null, new int[0][], new int[][] {{1, 2}, null, {}});
        List<long[]> cs = Arrays.asList(null, new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
        D.checkAll(K, "mixed", product(as, bs, cs));
    }

    @Test
    void referenceComparison() {
        double[] x = {1};
        double[] y = {1};
        D.check(K, "aliasing", x, x, new int[1]);
        D.check(K, "aliasing", x, y, new int[0]);
        D.check(K, "aliasing", null, null, null);
        D.check(K, "aliasing", null, y, null);
    }

    @Test
    void otherUsesAreRefusedWithTheConstruct() {
        assumeFalse(Diff.JAVA_ONLY, "refusals need the real compiler");
        refused("callsDescribe", "hashCode");
        refused("callsReassigns", "assignment to the Object parameter");
        refused("callsNamesIt", "String.valueOf with a double[] operand"); // Java would print its identity
        refused("passesNull", "with a Object argument");
    }

    private static void refused(String kernel, String text) {
        KilnException e = Diff.refusal(() -> D.kiln().compile(K, kernel));
        assertTrue(e.getMessage().contains(text), kernel + ": " + e.getMessage());
    }
}
