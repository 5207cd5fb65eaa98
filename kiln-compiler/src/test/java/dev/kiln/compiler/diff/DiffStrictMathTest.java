package dev.kiln.compiler.diff;

import dev.kiln.UnsupportedConstructException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * StrictMath.sin and friends are specified bit for bit (the fdlibm algorithms), unlike Math's. Kiln keeps its promise
 * of exact Java semantics only by reproducing them exactly or by refusing them at compile time; a result merely within
 * Math's ulp bound is a different answer.
 */
class DiffStrictMathTest {
    static final Diff D = Diff.forClass(DiffStrictMathTest.class);
    static final Class<?> K = StrictKernels.class;

    static List<Double> inputs(long seed) {
        List<Double> l = new ArrayList<>(Edge.DOUBLES);
        Random r = new Random(seed);
        for (int i = 0; i < 300; i++) l.add((r.nextDouble() - 0.5) * 20);
        for (int i = 0; i < 100; i++) l.add(r.nextDouble());
        // Every exponent range, subnormals and NaN payloads: random bit patterns.
        for (int i = 0; i < 300; i++) l.add(Double.longBitsToDouble(r.nextLong()));
        // Around the branch points of fdlibm's argument reductions.
        for (double c : new double[] {0.5, 1.0, 2.0, 0x1p-28, 0x1p-54, 22.0, 709.78, 1e-10, 0.9999999, 1.0000001}) {
            for (int k = -3; k <= 3; k++) {
                l.add(c + k * Math.ulp(c));
                l.add(-(c + k * Math.ulp(c)));
            }
        }
        return l;
    }

    /**
     * Compiled from the JDK's own fdlibm port (java.lang.FdLibm) because it uses only constructs Kiln compiles. The
     * private tables of FdLibm's classes (exp, atan, the argument reduction of sin/cos/tan) are literals only ever
     * read, compiled as constants (JdkTables). A function meeting a refused construct would be refused with that
     * construct and the call path through StrictMath; none of these does any more.
     */
    static final Set<String> COMPILED = Set.of("sin", "cos", "tan", "asin", "acos", "atan", "exp", "log", "log10",
            "expm1", "log1p", "sinh", "cosh", "tanh", "cbrt", "pow", "atan2", "hypot");

    /** Exactly StrictMath's result on every input, or (outside {@link #COMPILED}) refused at compile time. */
    static void exactOrRefused(String kernel, List<Object[]> in) {
        try {
            D.compiled(K, kernel);
        } catch (UnsupportedConstructException refused) {
            assertFalse(COMPILED.contains(kernel), () -> kernel + " should compile: " + refused.getMessage());
            assertTrue(refused.getMessage().contains("StrictMath." + kernel), refused.getMessage());
            return;
        }
        assertTrue(COMPILED.contains(kernel), () -> kernel + " compiles now: list it in COMPILED");
        D.checkAll(K, kernel, in);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sin", "cos", "tan", "asin", "acos", "atan", "exp", "log", "log10", "expm1", "log1p",
            "sinh", "cosh", "tanh", "cbrt"})
    void unary(String kernel) {
        exactOrRefused(kernel, product(inputs(kernel.hashCode())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pow", "atan2", "hypot"})
    void binary(String kernel) {
        List<Double> xs = inputs(kernel.hashCode()).subList(0, 160);
        exactOrRefused(kernel, product(xs, List.of(0.5, -1.5, 2.0, 3.3, -0.7, 1e-3, Double.NaN, 10.0)));
    }
}
