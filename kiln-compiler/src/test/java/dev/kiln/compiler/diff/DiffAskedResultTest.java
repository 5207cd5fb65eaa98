package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import dev.kiln.compiler.KernelLowering;
import dev.kiln.model.KernelGraph;
import dev.kiln.runtime.abi.ResultLength;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Kernels with arrays of arrays whose new 1-D result's length they compute themselves: the call stops at the
 * allocation, the Java side allocates and calls again (ResultLength.ASKED), against HotSpot. Tables null, empty, of a
 * null row, of one row, with a row twice, of 100 short rows (most copied), of 46-49 long rows (all or nearly all in
 * place, one pointer argument kept for the result), rows past the frame's arena; lengths negative, past what the
 * Java side allocates ahead and past the VM's limit; throws before and after the allocation.
 */
class DiffAskedResultTest {
    static final Diff D = Diff.forClass(DiffAskedResultTest.class);
    static final Class<?> K = AskedResultKernels.class;

    @Test
    void askedOnlyWhenNothingIsWrittenFirst() {
        assertEquals("?", length("concatenate"));
        assertEquals("?", length("flattenWithGaps"));
        assertEquals("?", length("rowSums"));
        assertEquals("?", length("checkedScale"));
        assertEquals("?", length("onlyOrJoined"));
        assertEquals("?", length("flatten3"));
        assertNull(length("markThenConcat"), "a row written before the allocation: a stopped call would show it");
        // lengths over the parameters are computed by the Java side before the call, writes or not
        assertEquals("+L0 +P1", length("rowMaxima"));
        assertEquals("+L0", length("operate"));
    }

    private static String length(String kernel) {
        ResultLength r = KernelLowering.lower(KernelGraph.of(K, kernel, null), CompileOptions.DEFAULT, "kiln_test")
                .abi().resultLength();
        return r == null ? null : r.encode();
    }

    /** Tables of {@code rows} rows of {@code width} elements made by {@code row}. */
    private static <T> List<Object> tables(IntFunction<T> row, IntFunction<T[]> table) {
        List<Object> out = new ArrayList<>();
        out.add(null);
        out.add(table.apply(0));
        T[] withNull = table.apply(2);
        withNull[0] = row.apply(3);
        out.add(withNull); // a null row: NullPointerException while adding up the length, before the allocation
        for (int[] shape : new int[][] {{1, 0}, {1, 1}, {1, 7}, {3, 5}, {100, 100}, {46, 200}, {47, 200}, {48, 200},
                {49, 200}, {2, 3000}}) {
            T[] t = table.apply(shape[0]);
            for (int i = 0; i < t.length; i++) t[i] = row.apply(shape[1] + (i % 3));
            out.add(t);
        }
        T[] aliased = table.apply(3);
        aliased[0] = aliased[2] = row.apply(4);
        aliased[1] = row.apply(0);
        out.add(aliased);
        return out;
    }

    private static List<Object> doubleTables() {
        Random r = new Random(31);
        return tables(n -> {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
            if (n > 2) {
                a[0] = -0.0;
                a[1] = Double.POSITIVE_INFINITY;
            }
            return a;
        }, double[][]::new);
    }

    private static List<Object> intTables() {
        Random r = new Random(32);
        return tables(n -> r.ints(n).toArray(), int[][]::new);
    }

    @Test
    void concatenations() {
        List<Object[]> one = new ArrayList<>();
        for (Object t : doubleTables()) one.add(new Object[] {t});
        D.checkAll(K, "concatenate", one);
        D.checkAll(K, "flattenWithGaps", product(intTables(), List.of(0, 1, -1, -3, 5)));
    }

    @Test
    void allocationInACallee() {
        Random r = new Random(33);
        List<Object[]> in = new ArrayList<>();
        for (Object t : tables(n -> r.longs(n).toArray(), long[][]::new)) in.add(new Object[] {t});
        D.checkAll(K, "rowSums", in);
    }

    @Test
    void throwsBeforeAndAfterTheAllocation() {
        List<Object> tables = new ArrayList<>(doubleTables());
        tables.add(new double[][] {{1, 2}, {3, Double.NaN, 4}}); // thrown after elements were written
        tables.add(new double[][] {{Double.NaN}});
        D.checkAll(K, "checkedScale", product(tables, List.of(1.0, -0.0, Double.NaN)));
    }

    @Test
    void aRowReturnedInsteadIsTheCallersRow() throws Throwable {
        Random r = new Random(34);
        List<Object[]> in = new ArrayList<>();
        for (Object t : tables(n -> {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
            return a;
        }, float[][]::new)) in.add(new Object[] {t});
        D.checkAll(K, "onlyOrJoined", in);
        MethodHandle h = D.compiled(K, "onlyOrJoined");
        float[] row = {1, 2, 3};
        assertSame(row, (float[]) h.invoke((Object) new float[][] {row}));
        float[][] two = {row, row};
        float[] joined = (float[]) h.invoke((Object) two);
        assertNotSame(row, joined);
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, joined);
    }

    /** The allocation runs once per row: the first pass takes the Java side's array, the others allocate natively. */
    @Test
    void allocationRunTwice() {
        Random r = new Random(35);
        List<Object[]> in = new ArrayList<>();
        for (Object t : tables(n -> {
            short[] a = new short[n];
            for (int i = 0; i < n; i++) a[i] = (short) r.nextInt();
            return a;
        }, short[][]::new)) in.add(new Object[] {t});
        D.checkAll(K, "lastRowDoubled", in);
    }

    /** Past 2^24 bytes nothing is allocated ahead; Integer.MAX_VALUE is past the VM's limit; negatives throw. */
    @Test
    void largeAndRefusedLengths() {
        byte[][] eight = {{1, 2, 3}, {4, 5, 6, 7, 8}};
        D.checkAll(K, "repeated", product(List.of(eight, new byte[0][], new byte[][] {{9}}),
                List.of(0, 1, 3, 1 << 21, (1 << 21) + 1, -1, Integer.MIN_VALUE)));
        D.check(K, "repeated", new byte[][] {{1}}, Integer.MAX_VALUE);
    }

    @Test
    void rowWrittenBeforeTheAllocation() {
        List<Object[]> in = new ArrayList<>();
        for (Object t : doubleTables()) in.add(new Object[] {t});
        D.checkAll(K, "markThenConcat", in);
    }

    /** Lengths the Java side computes before the call: null tables, negative and wrapping sums, throws after. */
    @Test
    void lengthsKnownBeforeTheCall() {
        List<Object> tables = doubleTables();
        D.checkAll(K, "rowMaxima", product(tables, List.of(0, 2, -1, -100, Integer.MAX_VALUE, Integer.MIN_VALUE)));
        Random r = new Random(36);
        List<Object> vectors = Arrays.asList(null, new double[0], new double[] {2}, r.doubles(100).toArray(),
                r.doubles(200).toArray(), r.doubles(7).toArray());
        D.checkAll(K, "operate", product(tables, vectors));
    }

    @Test
    void threeDimensions() {
        char[][][] cube = {{{'a', 'b'}, {}, {'c'}}, {}, {{'d', 'e', 'f'}}};
        char[] shared = {'x', 'y'};
        char[][][] aliased = {{shared, shared}, {shared}};
        char[][][] withNull = {{{'a'}}, {null}};
        D.checkAll(K, "flatten3", product(Arrays.asList(cube, aliased, withNull, new char[0][][], null)));
    }

    /** Many calls on one thread, alternating lengths: no call takes an array meant for another. */
    @Test
    void repeatedCallsOnOneThread() throws Throwable {
        MethodHandle h = D.compiled(K, "concatenate");
        for (int k = 0; k < 300; k++) {
            double[][] x = new double[k % 5][];
            for (int i = 0; i < x.length; i++) {
                x[i] = new double[(k + i) % 7];
                Arrays.fill(x[i], k + i);
            }
            assertArrayEquals(AskedResultKernels.concatenate(x), (double[]) h.invoke((Object) x));
        }
    }
}
