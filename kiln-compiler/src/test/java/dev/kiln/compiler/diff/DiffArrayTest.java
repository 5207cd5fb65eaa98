package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Arrays2.*;
import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Arrays of every primitive type: loads with sign and zero extension, stores, lengths, bounds (exact messages), null
 * (exact helpful NullPointerException text, and no exception when the null array is never used), aliasing, callees,
 * evaluation order between the exceptions.
 */
class DiffArrayTest {
    static final Diff D = Diff.forClass(DiffArrayTest.class);
    static final Class<?> K = ArrayKernels.class;

    static final List<Integer> VALUES = List.of(0, -1, 1, 127, 128, 255, 256, 32767, 32768, 65535, 65536, -129,
            Integer.MIN_VALUE, Integer.MAX_VALUE);

    @Test
    void loads() {
        D.checkAll(K, "getB", product(bytes(), INDICES));
        D.checkAll(K, "getS", product(shorts(), INDICES));
        D.checkAll(K, "getC", product(chars(), INDICES));
        D.checkAll(K, "getI", product(ints(), INDICES));
        D.checkAll(K, "getJ", product(longs(), INDICES));
        D.checkAll(K, "getF", product(floats(), INDICES));
        D.checkAll(K, "getD", product(doubles(), INDICES));
        D.checkAll(K, "getBRaw", product(bytes(), INDICES));
        D.checkAll(K, "getCRaw", product(chars(), INDICES));
        D.checkAll(K, "getSRaw", product(shorts(), INDICES));
    }

    @Test
    void stores() {
        List<Integer> idx = List.of(0, 3, -1, 5, 8, Integer.MIN_VALUE);
        D.checkAll(K, "setB", product(bytes(), idx, VALUES));
        D.checkAll(K, "setS", product(shorts(), idx, VALUES));
        D.checkAll(K, "setC", product(chars(), idx, VALUES));
        D.checkAll(K, "setI", product(ints(), idx, VALUES));
        D.checkAll(K, "setJ", product(longs(), idx, Edge.LONGS_SMALL));
        D.checkAll(K, "setF", product(floats(), idx, Edge.FLOATS_SMALL));
        D.checkAll(K, "setD", product(doubles(), idx, Edge.DOUBLES_SMALL));
    }

    @Test
    void lengths() {
        D.checkAll(K, "lenB", product(bytes()));
        D.checkAll(K, "lenS", product(shorts()));
        D.checkAll(K, "lenC", product(chars()));
        D.checkAll(K, "lenI", product(ints()));
        D.checkAll(K, "lenJ", product(longs()));
        D.checkAll(K, "lenF", product(floats()));
        D.checkAll(K, "lenD", product(doubles()));
    }

    @Test
    void compoundAssignmentTruncates() {
        D.checkAll(K, "incB", product(bytes(), INDICES));
        D.checkAll(K, "incC", product(chars(), INDICES));
        D.checkAll(K, "incS", product(shorts(), INDICES));
    }

    @Test
    void reductions() {
        D.checkAll(K, "sumB", product(bytes()));
        D.checkAll(K, "sumBUnsigned", product(bytes()));
        D.checkAll(K, "sumC", product(chars()));
        D.checkAll(K, "sumS", product(shorts()));
        D.checkAll(K, "sumI", product(ints()));
        D.checkAll(K, "sumJ", product(longs()));
        D.checkAll(K, "sumF", product(floats()));
        D.checkAll(K, "sumD", product(doubles()));
        D.checkAll(K, "maxB", product(bytes()));
        D.checkAll(K, "maxC", product(chars()));
        D.checkAll(K, "argMax", product(doubles()));
        // Summation order matters: 1e8f + 1 + 1 + ... stays 1e8f sequentially, a tree sum would not.
        float[] f = new float[1000];
        Arrays.fill(f, 1.0f);
        f[0] = 1e8f;
        double[] d = new double[1000];
        Arrays.fill(d, 0.1);
        d[0] = 1e17;
        D.check(K, "sumF", (Object) f);
        D.check(K, "sumD", (Object) d);
    }

    @Test
    void twoArrays() {
        List<Object> ds = doubles();
        D.checkAll(K, "dot", product(ds, ds));
        D.checkAll(K, "smooth", product(ints(), ints()));
        D.checkAll(K, "shiftRight", product(ds, ds));
    }

    @Test
    void inPlace() {
        D.checkAll(K, "reverse", product(ints()));
        D.checkAll(K, "prefixSums", product(longs()));
        D.checkAll(K, "scale", product(floats(), Edge.FLOATS_SMALL));
        D.checkAll(K, "fillUpTo", product(ints(), List.of(0, 1, 3, 100, -1)));
    }

    @Test
    void sameArrayTwice() {
        // Diff copies each distinct array once, so passing one array twice stays aliasing on both sides.
        for (Object a : nonNull(ints())) D.check(K, "smooth", a, a);
        for (Object a : nonNull(doubles())) D.check(K, "shiftRight", a, a);
        for (Object a : nonNull(doubles())) D.check(K, "dot", a, a);
        long[] one = {1, 2};
        D.check(K, "aliasSum", one, one);
        D.check(K, "aliasSum", new long[] {1}, new long[] {2});
        assertEquals(14L, ArrayKernels.aliasSum(one, one));
    }

    @Test
    void arrayPassedToCallee() {
        D.checkAll(K, "viaCallee", product(ints(), List.of(0, 3, -7)));
        D.checkAll(K, "nullInCallee", product(ints()));
    }

    @Test
    void boundsMessages() {
        // The harness compares messages with HotSpot's; check one here against the literal text too.
        ArrayIndexOutOfBoundsException e = assertThrows(ArrayIndexOutOfBoundsException.class,
                () -> ArrayKernels.getI(new int[3], 7));
        assertEquals("Index 7 out of bounds for length 3", e.getMessage());
        D.check(K, "getI", new int[3], 7);
        D.check(K, "getI", new int[0], 0);
        D.check(K, "setD", new double[1], -1, 1.0);
    }

    @Test
    void nullMessages() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ArrayKernels.getI(null, 0));
        assertEquals("Cannot load from int array because \"a\" is null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> ArrayKernels.lenD(null));
        assertEquals("Cannot read the array length because \"a\" is null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> ArrayKernels.setB(null, 0, 0));
        assertEquals("Cannot store to byte/boolean array because \"a\" is null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> ArrayKernels.viaLocal(null, null, true));
        assertEquals("Cannot load from int array because \"chosen\" is null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> ArrayKernels.nullInCallee(null));
        assertEquals("Cannot load from int array because \"xs\" is null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> ArrayKernels.slotAfterLong(1, null, 0));
        assertEquals("Cannot load from double array because \"values\" is null", e.getMessage());

        D.check(K, "getI", null, 0);
        D.check(K, "getC", null, 0);
        D.check(K, "setJ", null, 0, 1L);
        D.check(K, "lenF", (Object) null);
        D.check(K, "incS", null, 1);
        D.check(K, "viaLocal", null, new int[] {1}, true);
        D.check(K, "viaLocal", new int[] {1}, null, false);
        D.check(K, "viaMerge", null, new int[] {1}, true);
        D.check(K, "nullInCallee", (Object) null);
        D.check(K, "slotAfterLong", 5L, null, 0);
        D.check(K, "slotAfterLong", 5L, new double[] {1.5}, 0);
    }

    @Test
    void nullArrayNeverTouched() {
        assertEquals(7, ArrayKernels.maybe(null, false));
        D.check(K, "maybe", null, false);
        D.check(K, "maybe", null, true);
        D.check(K, "maybe", new int[] {3}, true);
        D.check(K, "lengthOrMinus", null, 0);
        D.check(K, "lengthOrMinus", null, 1);
        D.check(K, "viaCallee", new int[0], 1);
        D.check(K, "viaLocal", new int[] {4}, null, true);
    }

    @Test
    void exceptionOrder() {
        List<Object[]> in = new ArrayList<>(product(Arrays.asList(null, new int[0], new int[] {9, 8}),
                List.of(0, 1, 2, -1, Integer.MIN_VALUE), List.of(0, 1, -1)));
        D.checkAll(K, "divIndex", in);
        D.checkAll(K, "copyOne", product(Arrays.asList(null, new int[0], new int[] {9, 8}), List.of(0, 1, 5),
                Arrays.asList(null, new int[0], new int[] {3}), List.of(0, 1)));
        D.checkAll(K, "storeDivided", product(Arrays.asList(null, new long[2]), List.of(0, 2),
                List.of(Long.MIN_VALUE, 3L), List.of(0L, -1L)));
    }
}
