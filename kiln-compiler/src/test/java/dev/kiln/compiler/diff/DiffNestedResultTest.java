package dev.kiln.compiler.diff;

import dev.kiln.compiler.diff.NestedResultKernels.Rows;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Arrays of arrays returned whose rows are the caller's own arrays ({@link NestedResultKernels}) against HotSpot: the
 * rows must be those very arrays (the harness compares aliasing, {@link Aliasing}), on a fresh thread and after other
 * kernels ran on the same one ({@link DirtyThread}).
 */
class DiffNestedResultTest {
    static final Diff D = Diff.forClass(DiffNestedResultTest.class);
    static final ObjectDiff O = new ObjectDiff(D);
    static final Class<?> K = NestedResultKernels.class;

    @Test
    void parameterAsTheRowOfEveryType() {
        D.checkAll(K, "wrapZ", Diff.each(Arrays.asList(null, new boolean[0], new boolean[] {true}, new boolean[] {false, true, true})));
        D.checkAll(K, "wrapB", Diff.each(Arrays.asList(null, new byte[0], new byte[] {Byte.MIN_VALUE}, new byte[] {1, Byte.MAX_VALUE, -1})));
        D.checkAll(K, "wrapS", Diff.each(Arrays.asList(null, new short[0], new short[] {Short.MIN_VALUE, Short.MAX_VALUE})));
        D.checkAll(K, "wrapC", Diff.each(Arrays.asList(null, new char[0], new char[] {'\uffff', 'a', 0})));
        D.checkAll(K, "wrapI", Diff.each(Arrays.asList(null, new int[0], new int[] {Integer.MIN_VALUE}, new int[] {1, 2, Integer.MAX_VALUE})));
        D.checkAll(K, "wrapJ", Diff.each(Arrays.asList(null, new long[0], new long[] {Long.MIN_VALUE}, new long[] {1, -2, Long.MAX_VALUE, 4, 5})));
        D.checkAll(K, "wrapF", Diff.each(Arrays.asList(null, new float[0], new float[] {Float.NaN, -0.0f, Float.NEGATIVE_INFINITY})));
        D.checkAll(K, "wrapD", Diff.each(Arrays.asList(null, new double[0], new double[] {-0.0}, new double[] {Double.NaN, Double.MAX_VALUE, Double.MIN_VALUE, 1, 2})));
    }

    @Test
    void otherParameterSameTwiceAndNull() {
        D.checkAll(K, "second", product(Arrays.asList(null, new short[] {1, 2, 3}, new short[0]),
                Arrays.asList(null, new boolean[] {true}, new boolean[0], new boolean[] {false, true})));
        long[] shared = {3, 4};
        D.checkAll(K, "secondOfTwo", product(Arrays.asList(null, new long[] {1}, shared), Arrays.asList(null, new long[0], shared)));
        D.checkAll(K, "twice", Diff.each(Arrays.asList(null, new long[0], new long[] {Long.MAX_VALUE, 1})));
        D.checkAll(K, "withNulls", Diff.each(Arrays.asList(null, new int[] {1, 2, 3})));
        D.checkAll(K, "allNull", Diff.each(Arrays.asList(null, new double[] {1})));
        D.checkAll(K, "wrap3", Diff.each(Arrays.asList(null, new int[] {9}, new int[0])));
        D.checkAll(K, "wrapThenThrow", product(Arrays.asList(new long[] {1, 2}, new long[] {5}, null), List.of(0, 1, 2, -1)));
    }

    @Test
    void freshAndMixedRows() {
        double[] shared = {Double.NaN, -0.0, 1};
        D.checkAll(K, "mixed", product(Arrays.asList(null, new double[0], shared, new double[] {Double.MIN_VALUE}),
                Arrays.asList(null, shared, new double[] {2}), List.of(0, 3, 2500, -1)));
    }

    @Test
    void constantTablesAsRows() {
        D.checkAll(K, "tableRow", List.<Object[]>of(new Object[0]));
        D.checkAll(K, "tableAndParam", Diff.each(Arrays.asList(null, new long[] {1}, NestedResultKernels.TABLE.clone())));
        D.checkAll(K, "weightsTwice", Diff.each(Arrays.asList(null, new double[] {-0.0})));
        D.checkAll(K, "weightsWith2D", Diff.each(Arrays.asList(new double[0][], new double[][] {{1, 2}}, new double[][] {null})));
    }

    static double[][] rows(int n) {
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) m[i] = new double[] {i, -i};
        return m;
    }

    @Test
    void withTwoDimensionalParametersInPlaceAndCopied() {
        D.checkAll(K, "wrapWith2D", product(Arrays.asList(null, new long[] {1, 2}, new long[0]),
                Arrays.asList(null, rows(1), rows(3), new double[][] {null})));
        double[] shared = {5, 6};
        List<Object> ms = Arrays.asList(new double[0][], rows(2), new double[][] {shared, shared}, new double[][] {shared, {7}}, rows(40));
        D.checkAll(K, "paramAndRows", product(Arrays.asList(new double[] {1}, shared, null), ms));
        D.checkAll(K, "same2D", product(ms, Arrays.asList(null, new double[] {1})));
        D.checkAll(K, "replaceRow", product(Arrays.asList(rows(1), rows(3), rows(40), new double[][] {shared}), Arrays.asList(null, shared, new double[] {8})));
        boolean[] z = {true, false};
        D.checkAll(K, "boolParamAndRows", product(Arrays.asList(null, z, new boolean[0]),
                Arrays.asList(new boolean[0][], new boolean[][] {{true}}, new boolean[][] {z, {false}}, new boolean[][] {null})));
    }

    /** {@code n} rows of {@code width} doubles. */
    static double[][] rows(int n, int width) {
        double[][] m = new double[n][width];
        for (int i = 0; i < n; i++) for (int j = 0; j < width; j++) m[i][j] = (j % 2 == 0 ? i : -i) + j * 0.25;
        return m;
    }

    /**
     * Long rows (64 doubles, 512 bytes: above DeepMarshal's DIRECT_READ and DIRECT_WRITTEN) go in place while the
     * array parameters plus the 1-D rows fit in KernelAbi.CHEAP_SLOTS (32) pointer arguments, and are copied from one
     * more: paramAndRows has 2 array parameters, so 30 rows are in place and 31 are copied; below, the row counts that
     * fill each smaller entry (4, 8, 16 pointers) and the next. Short rows (2 doubles) are copied at every count.
     */
    @Test
    void inPlaceAndCopyLimits() {
        double[] a = {1, 2};
        for (int width : List.of(2, 64)) {
            for (int n : List.of(1, 2, 3, 6, 7, 14, 15, 29, 30, 31, 32)) {
                double[][] m = rows(n, width);
                double[][] withA = rows(n, width);
                withA[n - 1] = a; // the parameter is also a row: one array, two pointer arguments in place
                D.checkAll(K, "paramAndRows", product(Arrays.asList(a, null), Arrays.asList(m, withA)));
                D.checkAll(K, "replaceRow", product(Arrays.asList(m, withA), Arrays.asList(a, null)));
            }
        }
    }

    /** 8 array parameters share one native signature, 9 take the next; 33 with a 2-D parameter take 64 pointers. */
    @Test
    void pastThePointerSlots() {
        long[][] ls = new long[33][];
        for (int i = 0; i < ls.length; i++) ls[i] = new long[] {i, -i};
        D.checkAll(K, "last8", List.<Object[]>of(Arrays.copyOf(ls, 8, Object[].class)));
        D.checkAll(K, "last9", List.<Object[]>of(Arrays.copyOf(ls, 9, Object[].class)));
        Object[] many = Arrays.copyOf(ls, 34, Object[].class);
        List<Object[]> inputs = new ArrayList<>();
        for (double[][] m : List.of(rows(0), rows(2), rows(40))) {
            Object[] args = many.clone();
            args[33] = m;
            inputs.add(args);
        }
        D.checkAll(K, "last33", inputs);
    }

    @Test
    void fieldsOfThisAsRows() {
        long[] sharedField = {1, Long.MIN_VALUE};
        List<Supplier<?>> receivers = List.of(
                () -> new Rows(new long[] {1, 2}, new long[] {3}, new double[] {Double.NaN}),
                () -> new Rows(sharedField, sharedField, new double[0]),
                () -> new Rows(null, new long[0], null));
        O.checkAll(Rows.class, "fields", receivers, List.<Object[]>of(new Object[0]));
        O.checkAll(Rows.class, "fieldAndTable", receivers, List.<Object[]>of(new Object[0]));
        O.checkAll(Rows.class, "fieldAndParam", receivers, Diff.each(Arrays.asList(null, new long[] {5}, sharedField)));
        O.checkAll(Rows.class, "fieldWith2D", receivers, Diff.each(Arrays.asList(new double[0][], rows(2), rows(40))));
    }

    /**
     * Issue 19's reports as written: a kernel bound to its receiver ({@code kiln.compile(obj, name)}) returns the
     * receiver's own field as the row; a double[][] kernel first, then one returning its boolean[] parameter.
     */
    @Test
    void reportedCases() throws Throwable {
        assumeFalse(Diff.JAVA_ONLY);
        Rows r = new Rows(new long[] {1, 2, 3}, new long[] {4}, new double[] {5});
        MethodHandle fields = D.kiln().compile(r, "fields");
        for (int i = 0; i < 3; i++) {
            long[][] got = (long[][]) fields.invoke();
            assertSame(r.a, got[0]);
            assertSame(r.b, got[1]);
            assertSame(r.a, got[2]);
        }
        MethodHandle second = D.compiled(K, "second");
        MethodHandle paramAndRows = D.compiled(K, "paramAndRows");
        for (int i = 0; i < 3; i++) {
            double[][] m = rows(3);
            double[][] out = (double[][]) paramAndRows.invoke(new double[] {1}, m);
            assertSame(m[1], out[1]);
            boolean[] z = {true};
            boolean[][] got = (boolean[][]) second.invoke(new short[] {1}, z);
            assertSame(z, got[0]);
            assertArrayEquals(new boolean[] {true}, got[0]);
        }
    }
}
