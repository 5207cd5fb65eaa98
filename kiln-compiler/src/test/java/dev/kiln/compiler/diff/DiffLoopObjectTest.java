package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * Objects allocated before a loop and mutated inside it ({@link LoopObjectKernels}), with synchronized methods on
 * them, against HotSpot: same results bit for bit, same exceptions and messages.
 */
class DiffLoopObjectTest {
    static final Diff D = Diff.forClass(DiffLoopObjectTest.class);
    static final Class<?> K = LoopObjectKernels.class;
    static final List<Integer> SEEDS = List.of(0, 1, -1, 113, Integer.MAX_VALUE, Integer.MIN_VALUE);
    static final List<Integer> COUNTS = List.of(0, 1, 2, 7, 300, -1);

    @Test
    void fieldsCarriedAroundALoop() {
        D.checkAll(K, "quarterCircle", product(SEEDS, COUNTS));
        D.checkAll(K, "afterLoop", product(SEEDS, COUNTS));
    }

    @Test
    void nestedLoops() {
        D.checkAll(K, "nested", product(SEEDS, List.of(0, 1, 5, 40), List.of(1.0, -0.0, Double.NaN,
                Double.POSITIVE_INFINITY, Double.MAX_VALUE, Double.MIN_VALUE)));
    }

    @Test
    void throwFromASynchronizedMethodInTheLoop() {
        D.checkAll(K, "throwsInLoop", product(List.of(3, Integer.MIN_VALUE), List.of(0, 1, 3, 10),
                List.of(0, 2, 5, -1, Integer.MAX_VALUE, Integer.MIN_VALUE)));
    }

    @Test
    void edgeValuesThroughMutableFields() {
        List<Double> edges = List.of(0.0, -0.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE);
        D.checkAll(K, "stats", product(edges, edges, List.of(0, 1, 3, 10)));
    }
}
