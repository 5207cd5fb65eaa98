package dev.kiln.compiler.diff;

import dev.kiln.UnsupportedConstructException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.kiln.compiler.diff.Diff.product;

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
        return l;
    }

    /** Either refused at compile time or exactly StrictMath's result on every input. */
    static void exactOrRefused(String kernel, List<Object[]> in) {
        try {
            D.compiled(K, kernel);
        } catch (UnsupportedConstructException refused) {
            return;
        }
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
        List<Double> xs = inputs(kernel.hashCode()).subList(0, 120);
        exactOrRefused(kernel, product(xs, List.of(0.5, -1.5, 2.0, 3.3, -0.7, 1e-3, Double.NaN, 10.0)));
    }
}
