package dev.kiln.compiler.diff;

import dev.kiln.compiler.diff.ObjectWriteKernels.Arms;
import dev.kiln.compiler.diff.ObjectWriteKernels.Pair;
import dev.kiln.compiler.diff.ObjectWriteKernels.Rotor;
import dev.kiln.compiler.diff.ObjectWriteKernels.Square;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * Kernel objects writing their array fields in loops ({@link ObjectWriteKernels}) against HotSpot, each side with its
 * own receiver from the same supplier: same result or exception, same fields (array contents) afterwards, also after
 * a throw part-way and when fields share one array or an argument is one of the fields.
 */
class DiffObjectWriteTest {
    static final Diff D = Diff.forClass(DiffObjectWriteTest.class);
    static final ObjectDiff O = new ObjectDiff(D);
    static final Class<?> K = ObjectWriteKernels.class;

    /** Random rotor states: p of values below n (repeats allowed), count[i] in [0, i]; some with room to finish. */
    static List<Supplier<?>> rotors(int howMany, long seed) {
        Random r = new Random(seed);
        List<Supplier<?>> out = new ArrayList<>();
        for (int s = 0; s < howMany; s++) {
            int n = 1 + r.nextInt(8);
            int[] p = new int[n + (s % 3 == 0 ? 2 : 0)];
            for (int i = 0; i < p.length; i++) p[i] = r.nextInt(n);
            int[] count = new int[n];
            for (int i = 0; i < n; i++) count[i] = r.nextInt(i + 1);
            out.add(() -> new Rotor(p.clone(), count.clone()));
        }
        // Edges: empty and length-1 arrays, null fields, counters already past their level.
        out.add(() -> new Rotor(new int[0], new int[0]));
        out.add(() -> new Rotor(new int[] {7}, new int[] {0}));
        out.add(() -> new Rotor(new int[] {1, 2}, new int[] {0}));
        out.add(() -> new Rotor(null, new int[] {0, 1}));
        out.add(() -> new Rotor(new int[] {3, 1, 2}, null));
        out.add(() -> new Rotor(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0}, new int[] {0, 1, 2, 3}));
        out.add(() -> new Rotor(new int[] {5, 4, 3, 2, 1, 0}, new int[] {Integer.MAX_VALUE, 0, 0}));
        return out;
    }

    @Test
    void rotorStepMatchesHotSpotOnRandomStates() {
        List<Object[]> none = List.<Object[]>of(new Object[0]);
        O.checkAll(Rotor.class, "step", rotors(200, 11), none);
        O.checkAll(Rotor.class, "stepHeld", rotors(200, 12), none);
        O.checkAll(Rotor.class, "stepReload", rotors(200, 16), none);
        O.checkAll(Rotor.class, "stepThroughStatic", rotors(100, 13), none);
        O.checkAll(Rotor.class, "steps", rotors(60, 14), Diff.each(List.of(0, 1, 5, 40, -1)));
    }

    @Test
    void rotorStaticFormMatchesHotSpot() {
        List<Object[]> states = new ArrayList<>();
        for (Supplier<?> s : rotors(200, 15)) {
            Rotor r = (Rotor) s.get();
            states.add(new Object[] {r.p, r.count});
        }
        D.checkAll(Rotor.class, "stepOf", states);
    }

    @Test
    void sameExpressionInBothArms() {
        D.checkAll(K, "sameArmsComputed", Diff.each(List.of(true, false)));
        D.checkAll(K, "sameArmsParam", product(List.of(true, false), Edge.INTS_SMALL));
        D.checkAll(K, "nanPayloadArms", Diff.each(List.of(true, false)));
        D.checkAll(K, "zeroSignArms", Diff.each(List.of(true, false)));
        D.checkAll(K, "sameArmsInLoop", Diff.each(List.of(0, 1, 2, 7, -1)));
        List<Supplier<?>> arms = new ArrayList<>();
        for (int f : List.of(0, 1, -1, 23460, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
            arms.add(() -> new Arms(f, new double[] {f * 0.5}));
        }
        arms.add(() -> new Arms(3, new double[0]));   // index error in either arm
        arms.add(() -> new Arms(3, null));             // null field in either arm
        arms.add(() -> new Arms(-2, new double[] {Double.NaN, 1}));
        arms.add(() -> new Arms(5, new double[] {-0.0}));
        O.checkAll(Arms.class, "negBoth", arms, Diff.each(List.of(true, false)));
        O.checkAll(Arms.class, "widenBoth", arms, Diff.each(List.of(true, false)));
        O.checkAll(Arms.class, "loadBoth", arms, Diff.each(List.of(true, false)));
        O.checkAll(Arms.class, "sameCases", arms, Diff.each(List.of(0, 1, 2, 3, -1, Integer.MIN_VALUE)));
    }

    @Test
    void squareNestedLoopsAndThrowPartWay() {
        Random r = new Random(5);
        long[] big = new long[25];
        for (int i = 0; i < big.length; i++) big[i] = r.nextLong() >> 3;
        List<Supplier<?>> squares = List.of(
                () -> new Square(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3),
                () -> new Square(big.clone(), 5),
                () -> new Square(new long[] {Long.MAX_VALUE, 1, Long.MIN_VALUE, -1}, 2),   // wraps
                () -> new Square(new long[] {42}, 1),
                () -> new Square(new long[0], 0),
                () -> new Square(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, 3),                  // one cell short
                () -> new Square(null, 2),
                () -> new Square(new long[] {1, 2, 3, 4}, -1));
        O.checkAll(Square.class, "transpose", squares, List.<Object[]>of(new Object[0]));
        O.checkAll(Square.class, "accumulate", squares,
                Diff.each(List.of(Long.MAX_VALUE, 0L, 5L, 12L, -1L, Long.MIN_VALUE)));
    }

    static List<Supplier<?>> pairs() {
        float[] shared = {1, 2, 3, 4, 5, 6};
        float[] withNaN = {1, -0.0f, Float.NaN, 4};
        return List.of(
                () -> new Pair(new float[] {1, 2, 3, 4, 5}, new float[] {5, 4, 3, 2, 1}),
                () -> {
                    float[] one = shared.clone();
                    return new Pair(one, one);                 // both fields hold one array
                },
                () -> new Pair(withNaN.clone(), new float[] {0, 0, 0, 0}),
                () -> {
                    float[] one = withNaN.clone();
                    return new Pair(one, one);
                },
                () -> new Pair(new float[] {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE},
                        new float[] {Float.POSITIVE_INFINITY, 1, Float.NEGATIVE_INFINITY}),
                () -> new Pair(new float[] {1, 2, 3}, new float[] {1}),   // b too short: throws part-way
                () -> new Pair(new float[] {2}, new float[] {3}),
                () -> new Pair(new float[0], new float[0]),
                () -> new Pair(new float[] {1, 2}, null),
                () -> new Pair(null, new float[] {1, 2}));
    }

    @Test
    void pairWritesFieldsThatMayBeOneArray() {
        List<Object[]> none = List.<Object[]>of(new Object[0]);
        O.checkAll(Pair.class, "smooth", pairs(), none);
        O.checkAll(Pair.class, "transfer", pairs(), Diff.each(List.of(0.5f, 0f, -0.0f, 1f, Float.NaN, 2f)));
        O.checkAll(Pair.class, "blendBoth", pairs(), Diff.each(List.of(0.25f, 0f, 1f, Float.NaN)));
        O.checkAll(Pair.class, "blendSelf", pairs(), Diff.each(List.of(0.25f, 1f, -0.0f)));
        O.checkAll(Pair.class, "scatter", pairs(), product(
                Arrays.asList(new float[8], new float[2], new float[0], null), List.of(1, 2, 3)));
    }

    /** An argument that is one of the receiver's field arrays: each side builds its own receiver and arguments. */
    @Test
    void argumentAliasingAField() {
        MethodHandle kilnH = O.compiled(Pair.class, "scatter");
        MethodHandle javaH = ObjectDiff.java(Pair.class, "scatter");
        List<Supplier<Object[]>> calls = new ArrayList<>();
        for (int stride : List.of(1, 2, 5)) {
            calls.add(() -> {
                Pair p = new Pair(new float[] {1, 2, 3, 4, 5}, new float[] {9, 8, 7});
                return new Object[] {p, p.a, stride};       // writes into a while reading and writing a
            });
            calls.add(() -> {
                Pair p = new Pair(new float[] {1, 2, 3, 4, 5}, new float[] {9, 8});
                return new Object[] {p, p.b, stride};       // into b (too short for stride 1: throws part-way)
            });
            calls.add(() -> {
                float[] one = {1, Float.NaN, -0.0f, 4};
                Pair p = new Pair(one, one);
                return new Object[] {p, one, stride};
            });
        }
        List<String> failures = new ArrayList<>();
        for (Supplier<Object[]> c : calls) {
            Object[] want = c.get();
            Object[] got = c.get();
            Diff.Outcome w = run(javaH, want);
            Diff.Outcome g = run(kilnH, got);
            String d = Diff.difference(w, g);
            if (d == null) d = ObjectDiff.stateDifference(want[0], got[0]);
            if (d == null) d = ObjectDiff.traceDifference(w, g);
            if (d != null) failures.add(Diff.formatArgs(want) + ": " + d);
        }
        if (!failures.isEmpty()) throw new AssertionError(String.join("\n", failures));
    }

    /** Runs without copying the arguments, so an argument stays the receiver's own array. */
    private static Diff.Outcome run(MethodHandle h, Object[] args) {
        try {
            return new Diff.Outcome(h.invokeWithArguments(args), null, args);
        } catch (Throwable t) {
            return new Diff.Outcome(null, t, args);
        }
    }
}
