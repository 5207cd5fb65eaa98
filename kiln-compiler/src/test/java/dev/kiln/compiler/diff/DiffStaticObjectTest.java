package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * Value classes with a self-contained static initialiser and their static object constants
 * ({@link StaticObjectKernels}), against HotSpot: same results bit for bit over edge values.
 */
class DiffStaticObjectTest {
    static final Diff D = Diff.forClass(DiffStaticObjectTest.class);
    static final Class<?> K = StaticObjectKernels.class;
    static final List<Double> EDGES = List.of(0.0, -0.0, 1.0, -1.5, 1.0 / 3, Math.PI, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE,
            -Double.MIN_VALUE, 1e154, -1e-160);

    @Test
    void constantsReturnedFromAMethodMergeWithNewObjects() {
        D.checkAll(K, "squareWhole", Diff.each(EDGES));
        D.checkAll(K, "squareParts", Diff.each(EDGES));
    }

    @Test
    void constantReadInAKernelWithALoop() {
        D.checkAll(K, "power", product(EDGES, List.of(0, 1, 2, 5, 40, -1)));
        D.checkAll(K, "constants", Diff.each(List.of(0, 1, 2, 3, -7, Integer.MAX_VALUE, Integer.MIN_VALUE)));
    }

    @Test
    void initialiserComputingAPrimitiveConstant() {
        D.checkAll(K, "scaled", Diff.each(EDGES));
    }
}
