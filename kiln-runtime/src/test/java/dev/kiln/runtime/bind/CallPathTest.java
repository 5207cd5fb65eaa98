package dev.kiln.runtime.bind;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodType;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which kernels take the generated adapter and which the boxing marshalling path ({@link ArrayMarshal}). */
class CallPathTest {
    @Test
    void oneBooleanArrayTakesTheGeneratedAdapter() {
        assertFalse(ArrayMarshal.needed(MethodType.methodType(int.class, boolean[].class)));
        assertFalse(ArrayMarshal.needed(MethodType.methodType(double[].class, boolean[].class, double[].class, double.class)));
        assertFalse(ArrayMarshal.needed(MethodType.methodType(boolean[].class, boolean[].class, int.class)));
    }

    @Test
    void booleanArraysThatMayAliasAndArraysOfArraysDoNot() {
        assertTrue(ArrayMarshal.needed(MethodType.methodType(int.class, boolean[].class, boolean[].class)));
        assertTrue(ArrayMarshal.needed(MethodType.methodType(void.class, boolean[][].class)));
        assertTrue(ArrayMarshal.needed(MethodType.methodType(double[][].class, double[].class)));
    }
}
