package dev.kiln.runtime.parallel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * One parallel loop of a kernel ({@link ParallelKernels}): the compiled chunk of its lambda, which runs the
 * iterations {@code [lo, hi)} in order (and for a reduction returns their sum), and the entry the rewritten kernel
 * calls in place of the stream pipeline.
 *
 * <p>Public only because rewritten kernels call it. Not API.
 */
public final class ParallelLoop {
    /** What the stream pipeline ended in. */
    public enum Kind {
        FOR_EACH(void.class), SUM_DOUBLE(double.class), SUM_LONG(long.class), SUM_INT(int.class);

        final Class<?> result;

        Kind(Class<?> result) {
            this.result = result;
        }
    }

    final Kind kind;
    /** {@code (int lo, int hi, Object[] captures)R}. */
    final MethodHandle chunk;

    ParallelLoop(Kind kind, MethodHandle chunk, int captures) {
        this.kind = kind;
        // (captures..., lo, hi) -> (lo, hi, captures...) -> (lo, hi, Object[])
        MethodType t = chunk.type();
        MethodType front = t.dropParameterTypes(captures, captures + 2).insertParameterTypes(0, int.class, int.class);
        int[] order = new int[captures + 2];
        for (int j = 0; j < captures; j++) order[j] = j + 2;
        order[captures] = 0;
        order[captures + 1] = 1;
        this.chunk = MethodHandles.permuteArguments(chunk, front, order).asSpreader(Object[].class, captures)
                .asType(MethodType.methodType(kind.result, int.class, int.class, Object[].class));
    }

    /** The threads parallel loops use ({@code KILN_THREADS} / {@code kiln.threads}, else the JVM's processors). */
    public static int threads() {
        return Pool.get().threads;
    }

    /** Makes parallel loops use {@code n} threads from now on (tests and benchmarks; the setting is read once). */
    public static void useThreads(int n) {
        Pool.use(n);
    }

    public void forEach(int a, int b, Object[] captures) {
        Pool.get().run(new Job(this, captures, a, b));
    }

    public double sumDouble(int a, int b, Object[] captures) {
        Job j = new Job(this, captures, a, b);
        Pool.get().run(j);
        return j.doubleSum();
    }

    public long sumLong(int a, int b, Object[] captures) {
        Job j = new Job(this, captures, a, b);
        Pool.get().run(j);
        return j.longSum();
    }

    public int sumInt(int a, int b, Object[] captures) {
        Job j = new Job(this, captures, a, b);
        Pool.get().run(j);
        return (int) j.longSum();
    }
}
