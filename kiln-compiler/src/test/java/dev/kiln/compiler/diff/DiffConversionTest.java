package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** i2l ... d2f, i2b/i2c/i2s; float to int/long saturation and NaN to 0; byte/short/char parameters and results. */
class DiffConversionTest {
    static final Diff D = Diff.forClass(DiffConversionTest.class);
    static final Class<?> K = ConvKernels.class;

    @ParameterizedTest
    @ValueSource(strings = {"i2l", "i2f", "i2d", "i2b", "i2c", "i2s", "i2bWiden", "i2cWiden", "i2sWiden"})
    void fromInt(String kernel) {
        D.checkAll(K, kernel, product(intsWithRandom(300, 10)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"l2i", "l2f", "l2d", "l2fViaInt"})
    void fromLong(String kernel) {
        D.checkAll(K, kernel, product(longsWithRandom(300, 11)));
        // l2f / l2d must round to nearest-even from the full 64 bits (no double rounding through another type).
        D.checkAll(K, kernel, product(java.util.List.of(0x7fff_ffbf_ffff_ffffL, 0x0020_0000_0000_0001L,
                0x0020_0000_0000_0003L, (1L << 24) + 1, (1L << 53) + 3, -((1L << 53) + 3), 0x4000_0040_0000_0001L,
                0x0000_0100_0000_0081L, -0x0000_0100_0000_0081L)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f2i", "f2l", "f2d", "f2s", "f2dBack"})
    void fromFloat(String kernel) {
        D.checkAll(K, kernel, product(floatsWithRandom(300, 12)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"d2i", "d2l", "d2f", "d2b", "d2c", "d2fBack"})
    void fromDouble(String kernel) {
        D.checkAll(K, kernel, product(doublesWithRandom(300, 13)));
    }

    @Test
    void saturationAndNaN() {
        // Sanity of the expectations themselves.
        assertEquals(0, ConvKernels.d2i(Double.NaN));
        assertEquals(Integer.MAX_VALUE, ConvKernels.f2i(Float.POSITIVE_INFINITY));
        assertEquals(Long.MIN_VALUE, ConvKernels.d2l(-1e300));
        D.checkAll(K, "saturations", product(DOUBLES_SMALL, FLOATS_SMALL));
        D.checkAll(K, "saturations", product(DOUBLES, java.util.List.of(Float.NaN, 3e9f, -3e9f, 1e19f)));
    }

    @Test
    void narrowParameters() {
        D.checkAll(K, "byteParam", product(BYTES));
        D.checkAll(K, "shortParam", product(SHORTS));
        D.checkAll(K, "charParam", product(CHARS));
        D.checkAll(K, "byteRoundTrip", product(BYTES));
        D.checkAll(K, "shortRoundTrip", product(SHORTS));
        D.checkAll(K, "charRoundTrip", product(CHARS));
        D.checkAll(K, "charFromByte", product(BYTES));
        D.checkAll(K, "shortFromChar", product(CHARS));
        D.checkAll(K, "byteFromChar", product(CHARS));
        D.checkAll(K, "charToLong", product(CHARS));
        D.checkAll(K, "charToDouble", product(CHARS));
    }
}
