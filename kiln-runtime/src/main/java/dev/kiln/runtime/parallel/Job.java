package dev.kiln.runtime.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of a parallel loop over {@code [a, b)}. The range is cut into at most {@link #BLOCKS} blocks of
 * {@code ceil(n / BLOCKS)} consecutive iterations (the last one shorter), whatever the number of threads: a block is
 * the unit a thread claims, runs in iteration order with one call of the native chunk, and, for a reduction, sums
 * from zero. The sum of the loop is the sum of the block sums in block order, so a floating-point result depends on
 * {@code a} and {@code b} only, never on the threads or the machine.
 *
 * <p>A block that throws stops the claiming of further blocks; blocks already running finish. The exception thrown to
 * the caller is the one of the lowest block that threw.
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
    private final Thread owner = Thread.currentThread();
    private final double[] doubles;
    private final long[] longs;
    private volatile boolean failed;
    private Throwable failure;
    private int failedBlock = Integer.MAX_VALUE;

    Job(ParallelLoop loop, Object[] captures, int a, int b) {
        this.loop = loop;
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
     * Whether one call over the whole range does what the blocks in order do: a for-each loop, or an integer sum
     * (wrapping addition is associative); not a double sum, whose value follows the blocks.
     */
    boolean canRunWhole() {
        return loop.kind != ParallelLoop.Kind.SUM_DOUBLE;
    }

    /** The whole range in one call, on this thread ({@link #canRunWhole}): one thread pays one call, not one per block. */
    void runWhole() {
        try {
            switch (loop.kind) {
                case FOR_EACH -> loop.chunk.invokeExact((int) a, (int) end, captures);
                case SUM_LONG -> longs[0] = (long) loop.chunk.invokeExact((int) a, (int) end, captures);
                case SUM_INT -> longs[0] = (int) loop.chunk.invokeExact((int) a, (int) end, captures);
                case SUM_DOUBLE -> throw new IllegalStateException("a double sum runs block by block");
            }
        } catch (Throwable t) {
            fail(0, t);
        }
    }

    /** Claims the next block and runs it (skipped once a block failed); false when every block is claimed. */
    boolean claimAndRun() {
        int j = next.getAndIncrement();
        if (j >= blocks) return false;
        if (!failed) run(j);
        if (done.incrementAndGet() == blocks && Thread.currentThread() != owner) LockSupport.unpark(owner);
        return true;
    }

    private void run(int j) {
        int lo = (int) (a + j * block);
        int hi = (int) Math.min(a + (j + 1) * block, end);
        try {
            switch (loop.kind) {
                case FOR_EACH -> loop.chunk.invokeExact(lo, hi, captures);
                case SUM_DOUBLE -> doubles[j] = (double) loop.chunk.invokeExact(lo, hi, captures);
                case SUM_LONG -> longs[j] = (long) loop.chunk.invokeExact(lo, hi, captures);
                case SUM_INT -> longs[j] = (int) loop.chunk.invokeExact(lo, hi, captures);
            }
        } catch (Throwable t) {
            fail(j, t);
        }
    }

    private synchronized void fail(int j, Throwable t) {
        failed = true;
        if (j < failedBlock) {
            failedBlock = j;
            failure = t;
        }
    }

    /** Waits until every claimed block has finished: spins briefly (the last blocks are usually short), then parks. */
    void await() {
        int spins = 0;
        while (done.get() < blocks) {
            if (spins++ < 2_000) Thread.onSpinWait();
            else LockSupport.park(this);
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
