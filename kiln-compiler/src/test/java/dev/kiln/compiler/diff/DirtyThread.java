package dev.kiln.compiler.diff;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Puts the calling thread in the state other kernels leave it in: {@link #dirty()} runs a fixed sequence of
 * {@link DirtyKernels} calls (2-D parameters in place and copied, boolean[] scratch, returned arrays and arrays of
 * arrays, arena and calloc'ed blocks, recursion, a throw part-way), each checked against HotSpot. {@link Diff} runs
 * every Kiln call both on a fresh thread and on a thread dirtied like this, so per-thread state that outlives a call
 * (frame slots, marshalling tables, scratch memory) shows up as a difference wherever it matters.
 *
 * <p>The kernels are compiled once per JVM by their own Kiln instance.
 */
final class DirtyThread {
    private DirtyThread() {
    }

    private record Step(String name, MethodHandle kiln, Supplier<Object[]> args, Diff.Outcome want) {
    }

    private static final class Steps {
        static final List<Step> ALL = build();

        private static List<Step> build() {
            Diff d = Diff.forClass(DirtyThread.class);
            List<Step> steps = new ArrayList<>();
            add(steps, d, "inPlace", () -> new Object[] {new double[][] {{1, 2}, {3, 4}, {5}}, new double[] {1, 1}});
            add(steps, d, "copied", () -> {
                double[][] m = new double[40][];
                for (int i = 0; i < m.length; i++) m[i] = new double[] {i};
                return new Object[] {new boolean[][] {{true, false}, {true}}, m};
            });
            add(steps, d, "flip", () -> new Object[] {new boolean[] {true, false, true}, new short[] {1, 2}});
            add(steps, d, "grid", () -> new Object[] {new long[] {9, 8}, 3});
            add(steps, d, "throwPartWay", () -> new Object[] {new double[][] {{1}, {2}, {3}}, 5});
            add(steps, d, "depth", () -> new Object[] {50});
            return List.copyOf(steps);
        }

        private static void add(List<Step> steps, Diff d, String name, Supplier<Object[]> args) {
            MethodHandle kiln = d.compiled(DirtyKernels.class, name);
            Diff.Outcome want = Diff.run(d.reference(DirtyKernels.class, name), args.get());
            steps.add(new Step(name, kiln, args, want));
        }
    }

    /** Runs the sequence on this thread; fails if any of its calls differs from HotSpot. */
    static void dirty() {
        if (Diff.JAVA_ONLY) return;
        for (Step s : Steps.ALL) {
            String d = Diff.difference(s.want(), Diff.run(s.kiln(), s.args().get()));
            if (d != null) throw new AssertionError("dirtying call DirtyKernels." + s.name() + " differs: " + d);
        }
    }
}
