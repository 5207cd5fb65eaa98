package dev.kiln.runtime.parallel;

import dev.kiln.runtime.bind.SpreadCalls;

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

    /**
     * A loop whose estimated work is below this runs on the calling thread alone: sharing it would cost more than it
     * saves. Sharing costs the caller a few more chunk calls (each a downcall with every captured array: 2 µs for
     * twenty arrays under C1) and the wait for the other threads' last runs, about 10 µs on 2 threads with the pool
     * awake, plus 12 µs to wake a sleeping pool thread; on 2 threads a loop saves half its work. So below about
     * 2 × 10 µs sharing cannot pay. Above it, whether sharing pays depends on the machine's load, which
     * {@link #PAYS} checks run by run; {@code ParallelCost}'s small-loop table shows the crossover where it runs.
     */
    public static final long MIN_SHARED_NANOS = 20_000;
    private static volatile long minSharedNanos = MIN_SHARED_NANOS;
    /**
     * A shared run pays when it ends in less than this share of its work (its chunk calls' time on every thread).
     * When the other threads got no CPU (a busy machine) or joined too late, the run takes about its whole work or
     * more, and sharing the loop only adds calls and waits.
     */
    static final double PAYS = 0.9;
    /** Runs a loop stays on its caller after a shared run that did not pay; then it is shared again, to look. */
    static final int SOLO_RUNS = 32;

    final Kind kind;
    /** {@code (int lo, int hi, Object[] captures)R}. */
    final MethodHandle chunk;
    /**
     * The work of one iteration as this loop's last complete run measured it: the time of its chunk calls, on every
     * thread, over its iterations (so the same on any number of threads); NaN before the first run.
     */
    private volatile double nanosPerIteration = Double.NaN;
    /** Runs left on the caller alone since a shared run did not pay (racy counts are harmless: a hint). */
    private int soloRunsLeft;

    /** The pool's size if this loop is the process's first ({@code kiln.threads} of the kernel's context). */
    private final int threadsIfNewPool;

    ParallelLoop(Kind kind, MethodHandle chunk, int captures, int threadsIfNewPool) {
        this.kind = kind;
        this.threadsIfNewPool = threadsIfNewPool;
        MethodType spreadType = MethodType.methodType(kind.result, int.class, int.class, Object[].class);
        MethodHandle generated = SpreadCalls.spread(chunk, captures); // one small class, not three lambda forms
        if (generated != null) {
            this.chunk = generated.asType(spreadType);
            return;
        }
        // (captures..., lo, hi) -> (lo, hi, captures...) -> (lo, hi, Object[])
        MethodType t = chunk.type();
        MethodType front = t.dropParameterTypes(captures, captures + 2).insertParameterTypes(0, int.class, int.class);
        int[] order = new int[captures + 2];
        for (int j = 0; j < captures; j++) order[j] = j + 2;
        order[captures] = 0;
        order[captures + 1] = 1;
        this.chunk = MethodHandles.permuteArguments(chunk, front, order).asSpreader(Object[].class, captures)
                .asType(spreadType);
    }

    /**
     * The threads parallel loops use: the process's pool's, else what this process's {@code kiln.threads} /
     * {@code KILN_THREADS} asks for (else the JVM's processors), which starts the pool (tests and benchmarks).
     */
    public static int threads() {
        Pool p = Pool.current();
        return (p != null ? p : Pool.get(dev.kiln.runtime.KilnContext.processThreads())).threads;
    }

    /** Makes parallel loops use {@code n} threads from now on (tests and benchmarks; the setting is read once). */
    public static void useThreads(int n) {
        Pool.use(n);
    }

    /**
     * Sets the estimated work below which a loop runs on the calling thread alone ({@link #MIN_SHARED_NANOS} unless
     * set; 0 shares every loop of more than one block, whatever was measured). Tests and benchmarks.
     */
    public static void useMinSharedNanos(long nanos) {
        if (nanos < 0) throw new IllegalArgumentException("negative: " + nanos);
        minSharedNanos = nanos;
    }

    /**
     * The threads a run over {@code n} iterations may use: the pool's, or 1 when the loop's last run measured less
     * work for {@code n} iterations than {@link #minSharedNanos}, or when one of its last {@link #SOLO_RUNS} runs was
     * shared and did not pay. A first run, with nothing measured, is shared. Results never depend on it: a run's
     * value and effects are those of its blocks, on any number of threads.
     */
    int threadsFor(long n, int poolThreads) {
        if (poolThreads == 1) return 1;
        long min = minSharedNanos;
        if (min == 0) return poolThreads; // tests: every loop shared
        if (soloRunsLeft > 0) {
            // Before the run that shares again to look, wake the workers: they have parked if the solo runs took over
            // a millisecond, and a probe that paid their wake-up would look unpaid and keep the loop alone for good.
            if (--soloRunsLeft == 0) Pool.get(threadsIfNewPool).warm();
            return 1;
        }
        double perIteration = nanosPerIteration;
        return perIteration * n < min ? 1 : poolThreads; // NaN compares false: shared
    }

    /**
     * Records a complete run over {@code n} iterations that took {@code wall} nanoseconds, {@code busy} of them in
     * chunk calls (every thread's), {@code shared} or not.
     */
    void measured(boolean shared, long wall, long busy, long n) {
        if (n <= 0) return;
        nanosPerIteration = (double) busy / n;
        if (shared && wall >= PAYS * busy) soloRunsLeft = SOLO_RUNS;
    }

    public void forEach(int a, int b, Object[] captures) {
        run(a, b, captures);
    }

    public double sumDouble(int a, int b, Object[] captures) {
        Job j = run(a, b, captures);
        return j.doubleSum();
    }

    public long sumLong(int a, int b, Object[] captures) {
        Job j = run(a, b, captures);
        return j.longSum();
    }

    public int sumInt(int a, int b, Object[] captures) {
        Job j = run(a, b, captures);
        return (int) j.longSum();
    }

    private Job run(int a, int b, Object[] captures) {
        Pool p = Pool.get(threadsIfNewPool);
        long n = Math.max(0L, (long) b - a);
        Job j = new Job(this, captures, a, b, threadsFor(n, p.threads));
        long t0 = System.nanoTime();
        p.run(j); // throws a failure: nothing is measured
        measured(j.threads > 1 && j.blocks > 1, System.nanoTime() - t0, j.busyNanos(), n);
        return j;
    }
}
