package dev.kiln.runtime.parallel;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads parallel loops run on, one pool per process (owned here, sized by the {@code KilnContext} of the first
 * loop that runs): {@code threads - 1} daemon workers, started at the first loop that has more
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

    /**
     * The process's pool, made with {@code threadsIfNew} threads (a context's {@code kiln.threads}) if there is none
     * yet: one pool per process, whatever the number of {@code Kiln} instances.
     */
    static Pool get(int threadsIfNew) {
        Pool p = current;
        if (p == null) {
            synchronized (Pool.class) {
                if (current == null) current = new Pool(threadsIfNew);
                p = current;
            }
        }
        return p;
    }

    /** The process's pool, or null before the first parallel loop. */
    static Pool current() {
        return current;
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
        if (job.threads == 1 || job.blocks == 1) {
            while (job.claimAndRun()) { } // one run of every block, on this thread
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

    /** Wakes parked workers with no work to give them, so that a loop shared soon after finds them polling. */
    void warm() {
        Worker[] ws = workers;
        if (ws == null) return;
        for (Worker w : ws) {
            if (w.idle) LockSupport.unpark(w);
        }
    }

    /** Times a worker has come back from parking (tests). */
    int wakeUps() {
        Worker[] ws = workers;
        int n = 0;
        if (ws != null) for (Worker w : ws) n += w.wakeUps;
        return n;
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

    /** Waiting begins with this much spinning: the last runs of a loop usually end within it. */
    static final long SPIN_NANOS = 50_000;
    /**
     * Then the thread yields its CPU until this much time has passed, and only then sleeps. Waking a sleeping thread
     * costs the waker a system call (12 µs measured on a 2-vCPU KVM guest, where it wakes an idle virtual CPU) and
     * the sleeper another 8 µs or so before it runs; a program that runs parallel loops less than a millisecond apart
     * (a loop per event, per time step) so finds the pool awake. Yielding, not spinning, lets other threads of a
     * busy machine (the caller's among them) have the CPU meanwhile.
     */
    static final long YIELD_NANOS = 1_000_000;

    /** One step of a wait that began at {@code since} ({@link System#nanoTime}); false once the thread should park. */
    static boolean backOff(long since) {
        long waited = System.nanoTime() - since;
        if (waited < SPIN_NANOS) Thread.onSpinWait();
        else if (waited < YIELD_NANOS) Thread.yield();
        else return false;
        return true;
    }

    private static final class Worker extends Thread {
        private final Pool pool;
        volatile boolean idle;
        volatile boolean stopped;
        volatile int wakeUps;

        Worker(Pool pool, int k) {
            super("kiln-parallel-" + k);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            long since = System.nanoTime(); // polls before parking: loops run close together need no wake-up
            while (!stopped) {
                Job j = pool.jobs.peek();
                if (j != null) {
                    if (!j.claimAndRun()) pool.jobs.remove(j);
                    since = System.nanoTime();
                } else if (!backOff(since)) {
                    idle = true;
                    if (pool.jobs.isEmpty() && !stopped) LockSupport.park(this);
                    idle = false;
                    wakeUps++; // one writer: this thread
                    since = System.nanoTime();
                }
            }
        }
    }
}
