package dev.kiln.examples.loss;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CrossCheckTest {

    /**
     * The lines printed by {@code native/kernels.c} (built with -ffp-contract=off) and {@code numba/kernels.py} for
     * "1000 16 1": the Java kernels must produce the same digits.
     */
    @Test
    void javaMatchesCAndNumbaDigitForDigit() {
        List<String> lines = CrossCheck.run(1000, 16, 1);
        assertEquals("philox4x32-10(0,0): 6627e8d5 e169c58d bc57ac4c 9b00dbd8", lines.get(0));
        assertEquals("generate_hash(10,1) = 196107005", lines.get(1));
        assertEquals("lhs(12345, 7) = 0.56829916163613747 0.28155056965936504 0.5765491925911711 "
                + "0.39464030255164417 0.052896412621651373 0.88419914275540834 0.766843106797231", lines.get(2));
        assertEquals("checksums u=7998.4799929179135 gul=24345381.139776949 top=13977414.725909932 "
                + "items=13977414.725909926 tvar=32798693.021325987 rp=87360.946323806915", lines.get(4));
    }
}
