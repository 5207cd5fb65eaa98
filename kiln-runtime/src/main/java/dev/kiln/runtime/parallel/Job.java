package dev.kiln.runtime.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of a parallel loop over {@code [a, b)}. The range is cut into at most {@link #BLOCKS} blocks of
 * {@code ceil(n / BLOCKS)} consecutive iterations (the last one shorter), whatever the number of threads: for a
 * reduction a block sums from zero, and the sum of the loop is the sum of the block sums in block order, so a
 * floating-point result depends on {@code a} and {@code b} only, never on the threads or the machine.
 *
 * <p>Threads claim <em>runs</em> of consecutive blocks, {@code ceil(remaining / threads)} blocks at a time (guided
 * self-scheduling): the first claims are large and the last ones single blocks, so a loop costs at most about
 * {@code threads * ln(blocks)} claims (on 2 threads {@code 1 + log2(blocks)}) instead of one per block, and the threads still finish within
 * about one block of each other. A run is one call of the native chunk over its whole range (a for-each or an integer
 * sum: the same effects and value as its blocks in order), or one call per block for a double sum, whose value the
 * blocks define. What a call costs besides its iterations (the downcall with every captured array, 2 µs and more for
 * a loop capturing twenty arrays) is then paid a few times per loop rather than once per block.
 *
 * <p>A run that throws stops the claiming of further runs; runs already running finish. The exception thrown to the
 * caller is the one of the lowest block that threw: runs are disjoint, so that is the failure of the lowest run.
 */
final class Job {
    static final int BLOCKS = 1024;

    private final ParallelLoop loop;
    private final Object[] captures;
    private final long a;
    private final long end;
    private final long block;
    final int blocks;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    /** Nanoseconds spent in chunk calls, every thread's. */
    private final AtomicLong busy = new AtomicLong();
    private final Thread owner = Thread.currentThread();
    private final double[] doubles;
    private final long[] longs;
    private volatile boolean failed;
    private Throwable failure;
    private int failedBlock = Integer.MAX_VALUE;

    /** Threads that may claim runs of this loop: the divisor of a claim; 1 runs it on the caller alone. */
    final int threads;

    Job(ParallelLoop loop, Object[] captures, int a, int b, int threads) {
        this.loop = loop;
        this.threads = Math.max(1, threads);
        this.captures = captures;
        this.a = a;
        long n = Math.max(0L, (long) b - a);
        this.end = a + n;
        this.block = Math.max(1L, (n + BLOCKS - 1) / BLOCKS);
        this.blocks = (int) ((n + block - 1) / block);
        this.doubles = loop.kind == ParallelLoop.Kind.SUM_DOUBLE ? new double[blocks] : null;
        this.longs = loop.kind == ParallelLoop.Kind.SUM_LONG || loop.kind == ParallelLoop.Kind.SUM_INT
                ? new long[blocks] : null;
    }

    /**
     * Claims the next run of blocks, {@code ceil(remaining / threads)} of them, and runs it (skipped once a run
     * failed); false when every block is claimed.
     */
    boolean claimAndRun() {
        int j;
        int k;
        do {
            j = next.get();
            if (j >= blocks) return false;
            k = runLength(blocks - j, threads);
        } while (!next.compareAndSet(j, j + k));
        if (!failed) {
            long t0 = System.nanoTime();
            run(j, j + k);
            busy.addAndGet(System.nanoTime() - t0);
        }
        if (done.addAndGet(k) == blocks && Thread.currentThread() != owner) LockSupport.unpark(owner);
        return true;
    }

    /** Blocks one claim takes when {@code remaining} are left for {@code threads} threads: at least one. */
    static int runLength(int remaining, int threads) {
        return Math.max(1, (remaining + threads - 1) / threads);
    }

    /** Blocks {@code [from, to)}: one call over their range, or for a double sum one call per block. */
    private void run(int from, int to) {
        if (loop.kind == ParallelLoop.Kind.SUM_DOUBLE) {
            for (int j = from; j < to && !failed; j++) {
                try {
                    doubles[j] = (double) loop.chunk.invokeExact(lo(j), hi(j), captures);
                } catch (Throwable t) {
                    fail(j, t);
                }
            }
            return;
        }
        int lo = lo(from);
        int hi = hi(to - 1);
        try {
            switch (loop.kind) {
                case FOR_EACH -> loop.chunk.invokeExact(lo, hi, captures);
                case SUM_LONG -> longs[from] = (long) loop.chunk.invokeExact(lo, hi, captures);
                case SUM_INT -> longs[from] = (int) loop.chunk.invokeExact(lo, hi, captures);
                case SUM_DOUBLE -> throw new IllegalStateException("a double sum runs block by block");
            }
        } catch (Throwable t) {
            fail(from, t); // the run's failing block is in it, above every block of the runs before it
        }
    }

    private int lo(int j) {
        return (int) (a + j * block);
    }

    private int hi(int j) {
        return (int) Math.min(a + (j + 1) * block, end);
    }

    private synchronized void fail(int j, Throwable t) {
        failed = true;
        if (j < failedBlock) {
            failedBlock = j;
            failure = t;
        }
    }

    /** Waits until every claimed block has finished ({@link Pool#backOff}: spin, yield, then park). */
    void await() {
        long since = System.nanoTime();
        while (done.get() < blocks) {
            if (!Pool.backOff(since)) LockSupport.park(this);
        }
    }

    /** Throws the failure of the lowest block that threw, if any. */
    void rethrow() {
        Throwable t;
        synchronized (this) {
            t = failure;
        }
        if (t != null) throw Job.<RuntimeException>sneaky(t);
    }

    /** Nanoseconds the chunk calls of this run took, every thread's. */
    long busyNanos() {
        return busy.get();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** Block sums added in block order, from 0.0. */
    double doubleSum() {
        double s = 0.0;
        for (double d : doubles) s += d;
        return s;
    }

    long longSum() {
        long s = 0;
        for (long d : longs) s += d;
        return s;
    }
}
