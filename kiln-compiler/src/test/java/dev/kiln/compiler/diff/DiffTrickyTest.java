package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;

/** See {@link TrickyKernels}: the places where LLVM's semantics and Java's part ways. */
class DiffTrickyTest {
    static final Diff D = Diff.forClass(DiffTrickyTest.class);
    static final Class<?> K = TrickyKernels.class;

    @ParameterizedTest
    @ValueSource(strings = {"plusOneGreater", "negDiffers", "mulThenDiv", "shlShrSame", "loopPastOverflow"})
    void definedIntOverflow(String kernel) {
        D.checkAll(K, kernel, product(INTS));
    }

    @Test
    void definedOverflowWidening() {
        D.checkAll(K, "widenSum", product(INTS_SMALL, INTS_SMALL));
        D.checkAll(K, "widenProduct", product(INTS_SMALL, INTS_SMALL));
        D.checkAll(K, "lPlusOneGreater", product(LONGS));
    }

    @Test
    void wrappedIndices() {
        D.checkAll(K, "wrappedIndex", product(Arrays.asList(null, new int[3]), List.of(Integer.MAX_VALUE, -2, 1, 2,
                Integer.MIN_VALUE)));
        D.checkAll(K, "wrappedIndexMul", product(List.of(new int[3]), List.of(0x4000_0000, 0x8000_0001, 0x7fff_ffff,
                1, -1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"divByLiteralZero", "remByLiteralZero"})
    void literalZeroDivisor(String kernel) {
        D.checkAll(K, kernel, product(List.of(0, 1, Integer.MIN_VALUE)));
    }

    @Test
    void constantFolding() {
        D.checkAll(K, "lDivByLiteralZero", product(List.of(0L, 5L)));
        D.check(K, "zeroDivZero");
        D.check(K, "minOverMinusOne");
        D.check(K, "lMinOverMinusOne");
        D.check(K, "constantCasts");
        D.check(K, "constantShifts");
        D.checkAll(K, "selfCompare", product(DOUBLES));
        D.checkAll(K, "selfCompareF", product(FLOATS));
        D.checkAll(K, "timesZero", product(DOUBLES));
        D.checkAll(K, "minusZeroPlus", product(DOUBLES));
        D.checkAll(K, "floatRoundTrip", product(DOUBLES));
    }

    @Test
    void operandStackAcrossBranches() {
        D.checkAll(K, "stackAcrossBranch", product(BOOLEANS, INTS_SMALL, List.of(0, 5, -9)));
        D.checkAll(K, "stackWide", product(BOOLEANS, DOUBLES_SMALL, List.of(0L, -3L, Long.MAX_VALUE)));
        D.checkAll(K, "nestedStack", product(List.of(-2, 0, 3), List.of(-1, 0, 4), List.of(-5, 0, 6)));
    }

    @Test
    void dupForms() {
        List<Integer> idx = List.of(0, 2, 3, -1);
        D.checkAll(K, "postIncInt", product(Arrays.asList(null, new int[] {Integer.MAX_VALUE, 0, 5}), idx));
        D.checkAll(K, "postIncLong", product(Arrays.asList(null, new long[] {Long.MAX_VALUE, -1, 5}), idx));
        D.checkAll(K, "preAddDouble", product(Arrays.asList(null, new double[] {-0.0, Double.NaN, 1e308}), idx,
                List.of(0.0, 1e308, Double.NEGATIVE_INFINITY)));
        D.checkAll(K, "assignChain", product(Arrays.asList(null, new int[3]), Arrays.asList(null, new int[3],
                new int[1]), List.of(0, 2), List.of(7)));
        D.checkAll(K, "assignChainLong", product(Arrays.asList(null, new long[2]), List.of(0, 2), List.of(-1L)));
        D.checkAll(K, "postDecShort", product(List.of(new short[] {Short.MIN_VALUE, 0}), List.of(0, 1, 2)));
        D.checkAll(K, "preIncChar", product(List.of(new char[] {'\uffff', 'a'}), List.of(0, 1, 2)));
        D.checkAll(K, "compoundByte", product(List.of(new byte[] {100, -128, 0}), List.of(0, 1, 2, 3)));
        D.checkAll(K, "discardLong", product(Arrays.asList(null, new long[] {Long.MAX_VALUE, 3}), List.of(0, 1, 2)));
    }

    @Test
    void slotsAndNames() {
        D.checkAll(K, "slotReuse", product(INTS_SMALL, Arrays.asList(new int[0], new int[4], null)));
        D.checkAll(K, "scopedNames", product(Arrays.asList(null, new int[] {1, 2}), Arrays.asList(null,
                new int[] {3, 4}), List.of(0, 1)));
        D.checkAll(K, "reassignedParam", product(Arrays.asList(null, new int[] {1}), Arrays.asList(null,
                new int[] {2})));
        D.checkAll(K, "charLocal", product(CHARS, List.of(0, 1, 70000)));
    }

    @Test
    void calleeNames() {
        D.checkAll(K, "overloads", product(INTS_SMALL, List.of(5L, Long.MIN_VALUE), List.of(3.0, Double.NaN)));
        D.checkAll(K, "sameHelperNameTwoClasses", product(INTS_SMALL));
        D.checkAll(K, "oddNames", product(INTS_SMALL));
    }

    @Test
    void manyArguments() {
        D.check(K, "many", 1.5, 2.5, -3.0, 4.0, 5.25, 6.0, 7.0, 8.0, 9.0, 10.0, 1, 2, 3, 4, 5, 6, 7, 8, 1L << 40,
                0.75f, true, (byte) -7, '\uffff', (short) -300, new int[] {9, 8, 7}, new double[] {-0.5});
        D.check(K, "many", 0.0, -0.0, Double.NaN, 1e300, -1e300, 1e-310, 6.0, 7.0, 8.0, Double.MAX_VALUE,
                Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, 6, 7, 8, Long.MIN_VALUE, Float.NaN, false,
                (byte) 127, '\0', Short.MIN_VALUE, new int[] {1}, new double[] {2});
        D.check(K, "many", 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1L, 1f, true, (byte) 1, 'a',
                (short) 1, new int[0], new double[] {1});
    }

    @Test
    void sideEffectsAroundFaults() {
        D.checkAll(K, "writesAroundDivision", product(Arrays.asList(new int[2], new int[1], null), List.of(0, 5)));
        D.checkAll(K, "writesAroundCalleeFault", product(Arrays.asList(new int[2], new int[1]), List.of(0, 5)));
        D.checkAll(K, "writesAroundLoadFault", product(List.of(new int[2]), Arrays.asList(null, new int[] {4}),
                List.of(0, 1)));
        D.checkAll(K, "sumThrough", product(List.of(new long[] {1, 2, 3}), List.of(-1, 0, 2, 3, 10),
                Arrays.asList(new long[1], null, new long[0])));
        D.checkAll(K, "whileTrue", product(List.of(-1, 0, 1, 50, 101, 102)));
    }

    @Test
    void wideLocalSlots() {
        D.checkAll(WideKernels.class, "wideLocals", product(List.of(0, 1, -7, Integer.MAX_VALUE), List.of(5L, Long.MIN_VALUE),
                List.of(1.5, Double.NaN), List.of(2.5f, -0.0f), Arrays.asList(null, new int[] {4, 5}, new int[] {6})));
    }

    @Test
    void nanAwareReductions() {
        List<Object> arrays = new java.util.ArrayList<>(Arrays2.doubles());
        arrays.add(new double[] {1, Double.NaN, 3});
        arrays.add(new double[] {Double.NaN, 1, 3});
        arrays.add(new double[] {-0.0, 0.0, -0.0});
        arrays.add(new double[] {0.0, -0.0});
        double[] big = new double[1000];
        for (int i = 0; i < big.length; i++) big[i] = Math.sin(i) * (i % 97 == 0 ? Double.NaN : 1);
        arrays.add(big);
        D.checkAll(K, "maxReduce", product(arrays));
        D.checkAll(K, "minReduceF", product(Arrays2.floats()));
        D.checkAll(K, "countAbove", product(arrays, List.of(0.0, -0.0, Double.NaN)));
    }
}
