package dev.kiln.runtime.parallel;

import dev.kiln.runtime.Settings;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads parallel loops run on: {@code threads - 1} daemon workers, started at the first loop that has more
 * than one block, plus the thread that calls the loop, which always runs blocks of its own loop. Workers serve loops
 * oldest first. So when several Java threads run parallel loops at once, at most {@code threads - 1} workers and the
 * callers themselves run chunks: no pool per caller, no nested pools (a chunk is native code and cannot start a loop).
 */
final class Pool {
    private static volatile Pool current;

    final int threads;
    private final ConcurrentLinkedQueue<Job> jobs = new ConcurrentLinkedQueue<>();
    private volatile Worker[] workers;

    private Pool(int threads) {
        this.threads = threads;
    }

    static Pool get() {
        Pool p = current;
        if (p == null) {
            synchronized (Pool.class) {
                if (current == null) current = new Pool(configured());
                p = current;
            }
        }
        return p;
    }

    /** {@code kiln.threads} / {@code KILN_THREADS}, else the processors the JVM may use. */
    static int configured() {
        return Settings.ofProcess().count("kiln.threads", "KILN_THREADS", Runtime.getRuntime().availableProcessors(),
                1, 4096);
    }

    /** Replaces the pool by one of {@code n} threads; the old workers stop once idle. */
    static synchronized void use(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1: " + n);
        Pool old = current;
        current = new Pool(n);
        if (old != null) old.stop();
    }

    void run(Job job) {
        if (job.blocks == 0) return;
        if (threads == 1 || job.blocks == 1) {
            if (job.canRunWhole()) job.runWhole();
            else while (job.claimAndRun()) { } // blocks in order, on this thread
        } else {
            Worker[] ws = started();
            jobs.add(job);
            int wake = Math.min(job.blocks - 1, ws.length);
            for (int k = 0; k < ws.length && wake > 0; k++) {
                if (ws[k].idle) {
                    LockSupport.unpark(ws[k]);
                    wake--;
                }
            }
            while (job.claimAndRun()) { }
            jobs.remove(job);
            job.await();
        }
        job.rethrow();
    }

    private Worker[] started() {
        Worker[] ws = workers;
        if (ws == null) {
            synchronized (this) {
                if (workers == null) {
                    ws = new Worker[threads - 1];
                    for (int k = 0; k < ws.length; k++) {
                        ws[k] = new Worker(this, k);
                        ws[k].start();
                    }
                    workers = ws;
                }
                ws = workers;
            }
        }
        return ws;
    }

    private synchronized void stop() {
        Worker[] ws = workers;
        if (ws == null) return;
        for (Worker w : ws) {
            w.stopped = true;
            LockSupport.unpark(w);
        }
    }

    private static final class Worker extends Thread {
        /** Polls before parking: loops run back to back are picked up without a wake-up. */
        private static final int SPINS = 5_000;
        private final Pool pool;
        volatile boolean idle;
        volatile boolean stopped;

        Worker(Pool pool, int k) {
            super("kiln-parallel-" + k);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            int spins = 0;
            while (!stopped) {
                Job j = pool.jobs.peek();
                if (j != null) {
                    if (!j.claimAndRun()) pool.jobs.remove(j);
                    spins = 0;
                } else if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    idle = true;
                    if (pool.jobs.isEmpty() && !stopped) LockSupport.park(this);
                    idle = false;
                    spins = 0;
                }
            }
        }
    }
}
