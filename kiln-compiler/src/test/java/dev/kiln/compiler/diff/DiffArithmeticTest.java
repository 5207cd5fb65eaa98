package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** int/long/float/double arithmetic: overflow, MIN_VALUE / -1, % -1, division by zero, shifts of every count. */
class DiffArithmeticTest {
    static final Diff D = Diff.forClass(DiffArithmeticTest.class);
    static final Class<?> K = ArithKernels.class;

    static final List<Integer> SHIFTS = List.of(0, 1, 5, 31, 32, 33, 63, 64, 65, 100, -1, -31, -32, -33, -64,
            Integer.MIN_VALUE, Integer.MAX_VALUE);

    @ParameterizedTest
    @ValueSource(strings = {"iadd", "isub", "imul", "idiv", "irem", "iand", "ior", "ixor"})
    void intBinary(String kernel) {
        D.checkAll(K, kernel, product(INTS, INTS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ineg", "inot", "iinc", "ishlConst", "idivConst"})
    void intUnary(String kernel) {
        D.checkAll(K, kernel, product(intsWithRandom(200, 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ishl", "ishr", "iushr"})
    void intShifts(String kernel) {
        D.checkAll(K, kernel, product(INTS_SMALL, SHIFTS));
    }

    @Test
    void intDivisionEdges() {
        // The cases x86 idiv traps on or that need Java's rules: MIN_VALUE / -1, % -1, by zero.
        D.checkAll(K, "idiv", product(List.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1, -1, 7, -7),
                List.of(-1, 0, 1, 2, -2, Integer.MIN_VALUE, Integer.MAX_VALUE)));
        D.checkAll(K, "irem", product(List.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1, -1, 7, -7),
                List.of(-1, 0, 1, 2, -2, Integer.MIN_VALUE, Integer.MAX_VALUE)));
    }

    @Test
    void intMix() {
        D.checkAll(K, "imix", product(INTS_SMALL, INTS_SMALL, List.of(0, -1, 255, 12345, Integer.MIN_VALUE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ladd", "lsub", "lmul", "ldiv", "lrem", "land", "lor", "lxor"})
    void longBinary(String kernel) {
        D.checkAll(K, kernel, product(LONGS, LONGS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lneg", "lshlConst", "ldivConst"})
    void longUnary(String kernel) {
        D.checkAll(K, kernel, product(longsWithRandom(200, 2)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lshl", "lshr", "lushr"})
    void longShifts(String kernel) {
        D.checkAll(K, kernel, product(LONGS_SMALL, SHIFTS));
    }

    @Test
    void longShiftByLongCount() {
        D.checkAll(K, "lshiftByLong", product(LONGS_SMALL,
                List.of(0L, 63L, 64L, 65L, -1L, 0x1_0000_0001L, Long.MIN_VALUE, Long.MAX_VALUE)));
    }

    @Test
    void longDivisionEdges() {
        List<Long> a = List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L, -1L, 7L, -7L);
        List<Long> b = List.of(-1L, 0L, 1L, 2L, -2L, Long.MIN_VALUE, Long.MAX_VALUE);
        D.checkAll(K, "ldiv", product(a, b));
        D.checkAll(K, "lrem", product(a, b));
    }

    @Test
    void longMix() {
        D.checkAll(K, "lmix", product(LONGS_SMALL, INTS_SMALL, List.of(0L, -1L, 65535L, Long.MIN_VALUE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fadd", "fsub", "fmul", "fdiv", "frem", "fchain"})
    void floatBinary(String kernel) {
        D.checkAll(K, kernel, product(FLOATS, FLOATS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fneg", "fzeroMinus"})
    void floatUnary(String kernel) {
        D.checkAll(K, kernel, product(floatsWithRandom(200, 3)));
    }

    @Test
    void floatMulAddRoundsTwice() {
        // 1.0000001f * 1.0000001f rounds; a fused multiply-add would keep the low bits.
        D.checkAll(K, "fmulAdd", product(List.of(1.0000001f, 0.1f, 3.3333333f, -1.0000001f, Float.MAX_VALUE),
                List.of(1.0000001f, 10f, 0.3f, 2f), List.of(-1.0000002f, -1f, -1.0f, Float.NEGATIVE_INFINITY, 0f)));
        D.checkAll(K, "fmulAdd", product(FLOATS_SMALL, FLOATS_SMALL, List.of(-1f, 0f, -0f)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dadd", "dsub", "dmul", "ddiv", "drem", "dchain"})
    void doubleBinary(String kernel) {
        D.checkAll(K, kernel, product(DOUBLES, DOUBLES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dneg", "dzeroMinus", "dplusZero", "dtimesOne", "dselfSub", "dselfDiv"})
    void doubleUnary(String kernel) {
        D.checkAll(K, kernel, product(doublesWithRandom(200, 4)));
    }

    @Test
    void doubleMulAddRoundsTwice() {
        // 0.1 * 10 rounds to exactly 1.0, so 0.1 * 10 - 1 == 0; fma(0.1, 10, -1) == 5.551115123125783E-17.
        assertEquals(0.0, ArithKernels.dmulAdd(0.1, 10, -1));
        D.checkAll(K, "dmulAdd", product(List.of(0.1, 1 + 0x1p-27, 1.0 / 3, Double.MAX_VALUE, -0.0),
                List.of(10.0, 1 + 0x1p-27, 3.0, 2.0), List.of(-1.0, -(1 + 0x1p-26), -0.0, Double.NEGATIVE_INFINITY)));
        D.checkAll(K, "dmulAdd", product(DOUBLES_SMALL, DOUBLES_SMALL, List.of(-1.0, 0.0, -0.0)));
    }

    @Test
    void doubleAdditionIsNotReassociated() {
        D.checkAll(K, "dassoc", product(List.of(1e16, -1e16, 1.0, 0.1), List.of(1.0, -1e16, 1e16, 0.2),
                List.of(-1e16, 1.0, 0.3, -0.0)));
    }
}
