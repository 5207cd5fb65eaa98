package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;

/**
 * Intrinsics whose results Java specifies exactly: Math.abs/min/max/sqrt/floor/ceil/rint/round/fma, the *Exact family
 * (exact "integer overflow" / "long overflow" messages), floorDiv/floorMod, Integer/Long bit operations, Float/Double
 * raw-bit conversions. Compared bit for bit with HotSpot.
 */
class DiffIntrinsicsTest {
    static final Diff D = Diff.forClass(DiffIntrinsicsTest.class);
    static final Class<?> K = IntrinsicKernels.class;

    static final List<Double> ROUNDING = List.of(0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994,
            -0.49999999999999994, 0.5000000000000001, 4503599627370495.5, -4503599627370495.5, 4503599627370497.0,
            -0.0, 0.0, 1e-320, -1e-320, 9.223372036854775807E18, -9.223372036854775808E18, 1e19, -1e19,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.0000000000000004, -0.7, 0.3);

    static List<Double> doublesAndRounding() {
        List<Double> l = new ArrayList<>(doublesWithRandom(100, 30));
        l.addAll(ROUNDING);
        return l;
    }

    @ParameterizedTest
    @ValueSource(strings = {"absD", "sqrt", "floor", "ceil", "rint", "roundD", "signum", "strictSqrt"})
    void doubleUnary(String kernel) {
        D.checkAll(K, kernel, product(doublesAndRounding()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"absF", "roundF", "sqrtF"})
    void floatUnary(String kernel) {
        List<Float> l = new ArrayList<>(floatsWithRandom(100, 31));
        l.addAll(List.of(0.5f, -0.5f, 1.5f, -2.5f, 0.49999997f, -0.49999997f, 8388609.0f, 2.1474836E9f, -2.1474839E9f));
        D.checkAll(K, kernel, product(l));
    }

    @ParameterizedTest
    @ValueSource(strings = {"minD", "maxD", "copySign"})
    void doubleMinMax(String kernel) {
        // min(0.0, -0.0) is -0.0 and any NaN wins: not what minnum/maxnum or a plain compare give.
        D.checkAll(K, kernel, product(DOUBLES_SMALL, DOUBLES_SMALL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"minF", "maxF"})
    void floatMinMax(String kernel) {
        D.checkAll(K, kernel, product(FLOATS_SMALL, FLOATS_SMALL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"absI", "negateExactI", "incrementExactI", "absExactI", "highestOneBitI", "signumI",
            "bitCountI", "nlzI", "ntzI", "reverseI", "reverseBytesI"})
    void intUnary(String kernel) {
        D.checkAll(K, kernel, product(intsWithRandom(100, 32)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"absL", "negateExactL", "decrementExactL", "toIntExact", "lowestOneBitL", "signumL",
            "bitCountL", "nlzL", "ntzL", "reverseL", "reverseBytesL", "longBitsToDouble", "roundTripBits"})
    void longUnary(String kernel) {
        D.checkAll(K, kernel, product(longsWithRandom(100, 33)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"minI", "maxI", "addExactI", "subtractExactI", "multiplyExactI", "floorDivI", "floorModI",
            "compareI", "compareUnsignedI", "divideUnsignedI", "remainderUnsignedI", "rotlI", "rotrI"})
    void intBinary(String kernel) {
        D.checkAll(K, kernel, product(INTS, INTS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"minL", "maxL", "addExactL", "subtractExactL", "multiplyExactL", "floorDivL", "floorModL",
            "compareL", "divideUnsignedL", "remainderUnsignedL"})
    void longBinary(String kernel) {
        D.checkAll(K, kernel, product(LONGS, LONGS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rotlL", "rotrL", "multiplyExactLI", "floorModLI"})
    void longIntBinary(String kernel) {
        D.checkAll(K, kernel, product(LONGS, INTS_SMALL));
    }

    @Test
    void exactOverflowInLoopKeepsEarlierWrites() {
        D.checkAll(K, "exactInLoop", product(Arrays.asList(null, new int[0], new int[] {1, 2, 3},
                new int[] {Integer.MAX_VALUE - 2, 1, 1, 1, 1}, new int[] {Integer.MIN_VALUE, -1, 5})));
    }

    @Test
    void fma() {
        // Single rounding: fma(0.1, 10, -1) is 5.551115123125783E-17, not 0.
        D.checkAll(K, "fmaD", product(DOUBLES_SMALL, List.of(10.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 3.0),
                List.of(-1.0, 0.0, -0.0, Double.NEGATIVE_INFINITY, 1e-300)));
        D.checkAll(K, "fmaF", product(FLOATS_SMALL, List.of(10.0f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY, 3.0f),
                List.of(-1.0f, 0.0f, -0.0f, Float.NEGATIVE_INFINITY, 1e-30f)));
        // A float fma computed as (float) fma in double is not always the correctly rounded float fma.
        D.checkAll(K, "fmaF", product(List.of(0x1.000002p0f, 0x1.fffffep-1f, 3.0000002f), List.of(0x1.000002p0f,
                0x1.fffffep-1f, -0x1.000002p-24f), List.of(-1.0f, 0x1p-50f, -0x1p-47f)));
    }

    @Test
    void bits() {
        D.checkAll(K, "doubleToRawLongBits", product(DOUBLES.stream().filter(d -> !Double.isNaN(d)).toList()));
        D.checkAll(K, "doubleToLongBits", product(doublesWithRandom(200, 34)));
        D.checkAll(K, "floatToIntBits", product(floatsWithRandom(200, 35)));
        D.checkAll(K, "floatToRawIntBitsNonNaN", product(floatsWithRandom(200, 36)));
        D.checkAll(K, "intBitsToFloat", product(intsWithRandom(200, 37)));
        D.checkAll(K, "isNaND", product(DOUBLES));
        D.checkAll(K, "isInfiniteD", product(DOUBLES));
        D.checkAll(K, "isFiniteD", product(DOUBLES));
        D.checkAll(K, "isNaNF", product(FLOATS));
        D.checkAll(K, "compareD", product(DOUBLES_SMALL, DOUBLES_SMALL));
        D.checkAll(K, "compareF", product(FLOATS_SMALL, FLOATS_SMALL));
    }
}
