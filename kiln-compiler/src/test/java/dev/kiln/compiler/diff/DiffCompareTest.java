package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Comparisons with NaN in both operand orders, signed zeros, lcmp, every if form, booleans and chars. */
class DiffCompareTest {
    static final Diff D = Diff.forClass(DiffCompareTest.class);
    static final Class<?> K = CompareKernels.class;

    @ParameterizedTest
    @ValueSource(strings = {"fLt", "fLe", "fGt", "fGe", "fEq", "fNe", "fNotLt", "fNotGe", "fNotGt", "fNotLe", "fAll",
            "fMaxTernary"})
    void floatCompares(String kernel) {
        D.checkAll(K, kernel, product(FLOATS, FLOATS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dLt", "dLe", "dGt", "dGe", "dEq", "dNe", "dNotLt", "dNotGe", "dNotGt", "dNotLe", "dAll",
            "dMaxTernary", "dMinTernary"})
    void doubleCompares(String kernel) {
        D.checkAll(K, kernel, product(DOUBLES, DOUBLES));
    }

    @Test
    void nanSanity() {
        assertFalse(CompareKernels.dLt(Double.NaN, 1));
        assertTrue(CompareKernels.dNotGe(Double.NaN, 1));
        assertTrue(CompareKernels.fNotLt(1, Float.NaN));
    }

    @Test
    void clamp() {
        D.checkAll(K, "dClamp", product(DOUBLES_SMALL, List.of(-1.0, 0.0, -0.0, Double.NaN), List.of(1.0, -0.0, Double.NaN)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lLt", "lGe", "lEq", "lAll", "lTernary"})
    void longCompares(String kernel) {
        D.checkAll(K, kernel, product(LONGS, LONGS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iAll", "iTernary", "unsignedLess"})
    void intCompares(String kernel) {
        D.checkAll(K, kernel, product(INTS, INTS));
    }

    @Test
    void nestedTernary() {
        D.checkAll(K, "nestedTernary", product(intsWithRandom(100, 20)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bAnd", "bOr", "bXor", "bBitAnd", "bEq"})
    void booleans(String kernel) {
        D.checkAll(K, kernel, product(BOOLEANS, BOOLEANS));
    }

    @Test
    void booleanConversions() {
        D.checkAll(K, "bNot", product(BOOLEANS));
        D.checkAll(K, "bToInt", product(BOOLEANS));
        D.checkAll(K, "bFromInt", product(INTS));
        D.checkAll(K, "inRange", product(INTS_SMALL, List.of(-1, 0, 32), List.of(0, 33, Integer.MAX_VALUE)));
        D.checkAll(K, "complexCond", product(List.of(0, 3, 4, 5, -4), List.of(0.0, 0.5, Double.NaN, -1.0), BOOLEANS));
    }

    @Test
    void chars() {
        D.checkAll(K, "cMax", product(CHARS, CHARS));
        D.checkAll(K, "toUpper", product(List.of('a', 'z', 'A', '`', '{', 'm', '\u00e9', '\uffff', '\0')));
    }
}
