package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls, recursion, helpers in three classes, same-named kernels in two classes, constants. */
class DiffCallTest {
    static final Diff D = Diff.forClass(DiffCallTest.class);
    static final Class<?> K = CallKernels.class;

    @Test
    void recursion() {
        D.checkAll(K, "fib", product(List.of(-1, 0, 1, 2, 10, 20, 25)));
        D.checkAll(K, "fibLong", product(List.of(0, 1, 30)));
        D.checkAll(K, "parity", product(List.of(0, 1, 2, 7, 1000, 1001)));
        D.checkAll(K, "depth", product(List.of(0, 1, 1000)));
        D.checkAll(K, "ackermann", product(List.of(0L, 1L, 2L), List.of(0L, 3L, 10L)));
    }

    @Test
    void helpersInThreeClasses() {
        D.checkAll(K, "threeClasses", product(INTS_SMALL, LONGS_SMALL));
    }

    @Test
    void everyParameterTypeThroughACall() {
        D.checkAll(K, "allTypes", product(List.of(0, -7, Integer.MAX_VALUE), List.of(1L, Long.MIN_VALUE),
                List.of(0.5f, Float.NaN), List.of(-0.0, 1e300), BYTES.subList(0, 3), SHORTS.subList(2, 5),
                List.of('\0', '\uffff'), BOOLEANS));
    }

    @Test
    void inheritedStaticHelper() {
        D.checkAll(K, "inherited", product(INTS_SMALL));
    }

    @Test
    void exceptionsCrossCalls() {
        D.checkAll(K, "faultInCallee", product(Arrays.asList(null, new int[0], new int[] {4, 5}),
                List.of(0, 1, 2, -1)));
        D.checkAll(K, "divDown", product(List.of(0, 1, 50), List.of(0, 1, -3)));
        D.checkAll(K, "voidCalls", product(Arrays.asList(null, new int[0], new int[5])));
    }

    @Test
    void sameNameInTwoClasses() throws Throwable {
        MethodHandle a = D.compiled(TwinA.class, "twin");
        MethodHandle b = D.compiled(TwinB.class, "twin");
        if (!Diff.JAVA_ONLY) {
            // Guard against a harness that silently compares HotSpot with itself: a Kiln handle never reflects as
            // the Java method (it is a direct handle to a generated class's method, or not direct at all).
            for (var h : List.of(Map.entry(a, TwinA.class), Map.entry(b, TwinB.class))) {
                Method m;
                try {
                    m = MethodHandles.reflectAs(Method.class, h.getKey());
                } catch (IllegalArgumentException notDirect) {
                    m = null;
                }
                assertTrue(m == null || (m.getDeclaringClass() != h.getValue() && m.getDeclaringClass().isHidden()),
                        "a Kiln handle must not be the Java method itself: " + m);
            }
        }
        assertEquals(8, (int) a.invokeExact(7));
        assertEquals(700, (int) b.invokeExact(7));
        assertEquals(8, (int) a.invokeExact(7), "compiling TwinB must not change TwinA's kernel");
        D.checkAll(TwinA.class, "twin", product(INTS_SMALL));
        D.checkAll(TwinB.class, "twin", product(INTS_SMALL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"flag", "b", "s", "c", "i", "iMin", "l", "lBig", "f", "fSub", "fNegZero", "d", "dNaN",
            "dInf", "dSub", "dNegZero"})
    void constants(String kernel) {
        D.check(ConstKernels.class, kernel);
    }

    @Test
    void constantEncodings() {
        D.checkAll(ConstKernels.class, "encodings", product(INTS_SMALL));
        D.checkAll(ConstKernels.class, "useConstants", product(DOUBLES_SMALL));
    }
}
