package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;

/**
 * Objects that never escape the kernel, replaced by their fields ({@link ValueObjectKernels}), against HotSpot: same
 * results bit for bit over edge values, same exceptions (thrown from constructors, getters, records' compact
 * constructors) and messages.
 */
class DiffValueObjectTest {
    static final Diff D = Diff.forClass(DiffValueObjectTest.class);
    static final Class<?> K = ValueObjectKernels.class;
    static final List<Double> EDGES = List.of(0.0, -0.0, 1.0, -1.5, 2.75, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE);

    @Test
    void pointLikeClassWithMethodsReturningObjects() {
        D.checkAll(K, "complexSquare", product(EDGES, EDGES));
        D.checkAll(K, "helperGetsObject", product(EDGES, EDGES));
        D.checkAll(K, "made", Diff.each(EDGES));
    }

    @Test
    void objectsCreatedInALoop() {
        D.checkAll(K, "mandel", product(List.of(0.0, -0.75, 0.3, -2.0, 0.25, Double.NaN, -0.0),
                List.of(0.0, 0.1, 1.0, -0.5, Double.POSITIVE_INFINITY), List.of(0, 1, 50, 1000, -1)));
    }

    @Test
    void recordWithCompactConstructorThatThrows() {
        D.checkAll(K, "recordWidth", product(EDGES, EDGES));
    }

    @Test
    void objectsFromBothBranchesMerge() {
        D.checkAll(K, "branchMerge", product(EDGES, BOOLEANS));
        D.checkAll(K, "mutatedInBranch", product(EDGES, BOOLEANS));
        D.checkAll(K, "conditionalArgument", product(EDGES, BOOLEANS));
    }

    @Test
    void fieldDefaultsAndNarrowingWrites() {
        D.checkAll(K, "defaults", product(List.of(0, 1, 3, 200, 70000, -5)));
    }

    @Test
    void constructorThrowsFromAHelperAndAGetter() {
        D.checkAll(K, "headOf", product(Arrays.asList(null, new double[0], new double[] {2.5},
                new double[] {-0.0, Double.NaN, 3})));
    }

    @Test
    void nullPointerInAGetterNamesTheField() {
        D.checkAll(K, "getterThrows", product(Arrays.asList(null, new double[0], new double[] {Double.NaN, -0.0}),
                List.of(0, 1, -1, Integer.MIN_VALUE)));
    }

    @Test
    void kernelObjectAllocatingObjects() {
        ObjectDiff o = new ObjectDiff(D);
        o.checkAll(ValueObjectKernels.Rotator.class, "apply", List.of(
                () -> new ValueObjectKernels.Rotator(0.5, new double[] {1, -2}),
                () -> new ValueObjectKernels.Rotator(Double.NaN, new double[] {-0.0, 3}),
                () -> new ValueObjectKernels.Rotator(1e300, new double[] {1}),
                () -> new ValueObjectKernels.Rotator(-0.0, null)),
                product(List.of(0.0, -0.0, 1.5, Double.POSITIVE_INFINITY), List.of(2.0, Double.NaN, -1e-300)));
    }

    @Test
    void nullTextsInAnInlinedMethodWithoutLocalVariableNames() {
        Class<?> cls = NoDebugClassLoader.load(NoDebugValue.class);
        D.checkAll(cls, "kernel", product(Arrays.asList(null, new double[] {1, 2}), Arrays.asList(null, new double[] {-0.0}),
                List.of(0, 1)));
    }

    @Test
    void constructorWithALoop() {
        List<Double> xs = new ArrayList<>(EDGES);
        xs.addAll(List.of(1.6, 3.0, 100.5, 1e6, 3294197.0, 7.0 * Math.PI / 2));
        D.checkAll(K, "reduce", Diff.each(xs));
    }
}
