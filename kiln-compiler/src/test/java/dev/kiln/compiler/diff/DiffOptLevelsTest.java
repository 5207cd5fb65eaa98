package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;

/**
 * The semantics must not depend on the optimisation level: a representative kernel of each family at O0 and O1
 * (the rest of the suite runs at the default O3). Code that is only right because O3 folds something away, or only
 * at O0 because nothing exploits its undefined behaviour, shows up here.
 */
class DiffOptLevelsTest {
    static final Diff O0 = Diff.forClass(DiffOptLevelsTest.class, CompileOptions.DEFAULT.withOptLevel(0));
    static final Diff O1 = Diff.forClass(DiffOptLevelsTest.class, CompileOptions.DEFAULT.withOptLevel(1));

    static Diff at(int level) {
        return level == 0 ? O0 : O1;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void arithmetic(int level) {
        Diff d = at(level);
        Class<?> k = ArithKernels.class;
        for (String n : List.of("idiv", "irem", "ishl", "iushr")) d.checkAll(k, n, product(INTS_SMALL, INTS_SMALL));
        for (String n : List.of("ldiv", "lrem", "lshr")) d.checkAll(k, n, product(LONGS_SMALL, List.of(0L, -1L, 64L, 65L)
                .stream().map(x -> n.equals("lshr") ? (Object) x.intValue() : x).toList()));
        d.checkAll(k, "frem", product(FLOATS_SMALL, FLOATS_SMALL));
        d.checkAll(k, "drem", product(DOUBLES_SMALL, DOUBLES_SMALL));
        d.checkAll(k, "dmulAdd", product(List.of(0.1, 1 + 0x1p-27), List.of(10.0, 1 + 0x1p-27), List.of(-1.0, -(1 + 0x1p-26))));
        d.checkAll(k, "fmulAdd", product(List.of(1.0000001f, 0.1f), List.of(1.0000001f, 10f), List.of(-1.0000002f, -1f)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void conversionsAndCompares(int level) {
        Diff d = at(level);
        d.checkAll(ConvKernels.class, "saturations", product(DOUBLES_SMALL, FLOATS_SMALL));
        d.checkAll(ConvKernels.class, "i2c", product(INTS));
        d.checkAll(CompareKernels.class, "dAll", product(DOUBLES_SMALL, DOUBLES_SMALL));
        d.checkAll(CompareKernels.class, "fAll", product(FLOATS_SMALL, FLOATS_SMALL));
        d.checkAll(CompareKernels.class, "lAll", product(LONGS_SMALL, LONGS_SMALL));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void controlAndCalls(int level) {
        Diff d = at(level);
        d.checkAll(ControlKernels.class, "sparse", product(INTS));
        d.checkAll(ControlKernels.class, "denseNegative", product(List.of(-4, -3, -2, -1, 0, 1, 2, 3, 4)));
        d.checkAll(ControlKernels.class, "switchInLoop", product(List.of(0, 17, 1000)));
        d.checkAll(CallKernels.class, "fib", product(List.of(0, 1, 20)));
        d.checkAll(CallKernels.class, "divDown", product(List.of(0, 5), List.of(0, 2)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void arraysAndFaults(int level) {
        Diff d = at(level);
        Class<?> k = ArrayKernels.class;
        d.checkAll(k, "getI", product(Arrays2.ints(), Arrays2.INDICES));
        d.checkAll(k, "setB", product(Arrays2.bytes(), List.of(0, 3, -1, 100), List.of(255, -129)));
        d.checkAll(k, "getC", product(Arrays2.chars(), List.of(0, 1, 3)));
        d.checkAll(k, "viaLocal", product(Arrays.asList(null, new int[] {1}), Arrays.asList(null, new int[] {2}),
                BOOLEANS));
        d.checkAll(k, "divIndex", product(Arrays.asList(null, new int[] {9, 8}), List.of(0, 1, 2), List.of(0, 1)));
        d.checkAll(k, "copyOne", product(Arrays.asList(null, new int[2]), List.of(0, 5), Arrays.asList(null,
                new int[] {3}), List.of(0, 1)));
        d.checkAll(k, "sumF", product(Arrays2.floats()));
        d.checkAll(k, "fillUpTo", product(Arrays2.ints(), List.of(0, 3, 100)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void tricky(int level) {
        Diff d = at(level);
        Class<?> k = TrickyKernels.class;
        d.checkAll(k, "plusOneGreater", product(INTS_SMALL));
        d.checkAll(k, "wrappedIndex", product(Arrays.asList(null, new int[3]), List.of(Integer.MAX_VALUE, 1, 2)));
        d.check(k, "constantCasts");
        d.check(k, "minOverMinusOne");
        d.check(k, "zeroDivZero");
        d.checkAll(k, "postIncLong", product(List.of(new long[] {Long.MAX_VALUE, 1}), List.of(0, 1, 2)));
        d.checkAll(k, "writesAroundCalleeFault", product(List.of(new int[2]), List.of(0, 5)));
        d.check(k, "many", 1.5, 2.5, -3.0, 4.0, 5.25, 6.0, 7.0, 8.0, 9.0, 10.0, 1, 2, 3, 4, 5, 6, 7, 8, 1L << 40,
                0.75f, true, (byte) -7, '\uffff', (short) -300, new int[] {9, 8, 7}, new double[] {-0.5});
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void intrinsics(int level) {
        Diff d = at(level);
        Class<?> k = IntrinsicKernels.class;
        d.checkAll(k, "minD", product(DOUBLES_SMALL, DOUBLES_SMALL));
        d.checkAll(k, "maxF", product(FLOATS_SMALL, FLOATS_SMALL));
        d.checkAll(k, "roundD", product(DiffIntrinsicsTest.ROUNDING));
        d.checkAll(k, "addExactI", product(INTS_SMALL, INTS_SMALL));
        d.checkAll(k, "floorModL", product(LONGS_SMALL, LONGS_SMALL));
        d.checkAll(k, "fmaF", product(FLOATS_SMALL, List.of(10.0f, 3.0f), List.of(-1.0f, 0.0f)));
        d.checkAll(k, "doubleToLongBits", product(DOUBLES));
        d.checkAll(k, "exactInLoop", product(Arrays.asList(null, new int[] {Integer.MAX_VALUE - 2, 1, 1, 1})));
    }
}
