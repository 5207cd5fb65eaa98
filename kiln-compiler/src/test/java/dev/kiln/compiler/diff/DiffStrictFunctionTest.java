package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;

/** Special functions built on StrictMath: bit for bit HotSpot's results, through the JDK's fdlibm bytecode. */
class DiffStrictFunctionTest {
    static final Diff D = Diff.forClass(DiffStrictFunctionTest.class);
    static final Class<?> K = StrictFunctionKernels.class;

    static List<Object[]> unary(long seed) {
        return product(doublesWithRandom(400, seed));
    }

    @Test
    void asinh() {
        D.checkAll(K, "asinh", unary(31));
    }

    @Test
    void atanh() {
        D.checkAll(K, "atanh", unary(32));
    }

    @Test
    void sigmoid() {
        D.checkAll(K, "sigmoid", unary(33));
    }

    @Test
    void logGamma() {
        List<Double> xs = new ArrayList<>(List.of(1e-300, 0.5, 1.0, 1.5, 2.0, 7.999, 8.0, 170.5, 1e10, 1e300,
                Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NaN));
        Random r = new Random(34);
        for (int i = 0; i < 300; i++) xs.add(r.nextDouble() * 50);
        D.checkAll(K, "logGamma", product(xs));
    }

    @Test
    void decibels() {
        D.checkAll(K, "decibels", product(doublesWithRandom(40, 35), DOUBLES_SMALL));
    }

    @Test
    void meanGrowth() {
        D.checkAll(K, "meanGrowth", product(Arrays2.doubles()));
    }

    @Test
    void angle() {
        double[] u = {0.6, 0.8, 0};
        double[] v = {0.8, -0.6, 0};
        double[] w = {0.6000000000000001, 0.8, 1e-9};
        List<Object> vs = Arrays.asList(u, v, w, new double[3], new double[1], null);
        D.checkAll(K, "angle", product(vs, vs));
    }

    @Test
    void cubeRootsInPlace() {
        D.checkAll(K, "cubeRoots", product(Arrays2.doubles()));
    }
}
