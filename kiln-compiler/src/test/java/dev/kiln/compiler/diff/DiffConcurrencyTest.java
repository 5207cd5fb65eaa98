package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads call one kernel at once, with inputs that make some calls throw: every result and every exception must
 * be the one HotSpot gives for that thread's input (the fault record is per thread; one thread's fault must never
 * surface in another, nor in the same thread's next call).
 */
class DiffConcurrencyTest {
    static final Diff D = Diff.forClass(DiffConcurrencyTest.class);
    static final int THREADS = 8;
    static final int CALLS = 3_000;

    interface Call {
        Object[] args(SplittableRandom r);
    }

    void hammer(Class<?> owner, String kernel, Call gen) throws Exception {
        hammer(owner, kernel, gen, Executors.newFixedThreadPool(THREADS));
    }

    void hammer(Class<?> owner, String kernel, Call gen, ExecutorService pool) throws Exception {
        MethodHandle kiln = D.compiled(owner, kernel);
        MethodHandle java = D.reference(owner, kernel);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 1000 + t;
                fs.add(pool.submit(() -> {
                    start.await();
                    SplittableRandom r = new SplittableRandom(seed);
                    for (int i = 0; i < CALLS && failures.size() < 20; i++) {
                        Object[] args = gen.args(r);
                        String d = Diff.compare(java, kiln, args);
                        if (d != null) failures.add(Thread.currentThread().getName() + " call " + i + " " + d);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : fs) f.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(failures.isEmpty(), owner.getSimpleName() + "." + kernel + " under " + THREADS + " threads:\n  "
                + String.join("\n  ", failures));
    }

    @Test
    void divisionWithZeroDivisors() throws Exception {
        // About one call in four divides by zero.
        hammer(ArithKernels.class, "imix", r -> new Object[] {r.nextInt(), r.nextInt(4) == 0 ? 0 : r.nextInt(),
                r.nextInt()});
        hammer(ArithKernels.class, "idiv", r -> new Object[] {r.nextInt(), r.nextInt(3) - 1});
    }

    @Test
    void arrayIndexFaultsPerThread() throws Exception {
        // Each thread uses its own array length; about half the indices are out of bounds, some arrays are null.
        hammer(ArrayKernels.class, "getI", DiffConcurrencyTest::getIArgs);
    }

    /** Each call its own array length; about half the indices out of bounds, some arrays null. */
    static Object[] getIArgs(SplittableRandom r) {
        int n = r.nextInt(6);
        int[] a = r.nextInt(10) == 0 ? null : new int[n];
        if (a != null) for (int i = 0; i < n; i++) a[i] = r.nextInt();
        return new Object[] {a, r.nextInt(-2, 2 * n + 2)};
    }

    @Test
    void frameOwnersComeAndGo() throws Exception {
        // The binder keeps one platform thread's frame at hand, taken over when its owner ends or after another
        // thread's many misses: threads that each call and end, one after another, then pools of fresh threads
        // (taking it in turns), virtual and platform threads at once, and this thread again; every call must still
        // see its own thread's frame only.
        MethodHandle kiln = D.compiled(ArrayKernels.class, "getI");
        MethodHandle java = D.reference(ArrayKernels.class, "getI");
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < 16; t++) {
            long seed = 2000 + t;
            Thread th = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                for (int i = 0; i < 200; i++) {
                    String d = Diff.compare(java, kiln, getIArgs(r));
                    if (d != null) failures.add(Thread.currentThread().getName() + " call " + i + " " + d);
                }
            });
            th.start();
            th.join();
        }
        assertTrue(failures.isEmpty(), "threads one after another:\n  " + String.join("\n  ", failures));
        for (int round = 0; round < 3; round++) {
            hammer(ArrayKernels.class, "getI", DiffConcurrencyTest::getIArgs, Executors.newFixedThreadPool(THREADS));
            hammer(ArrayKernels.class, "getI", DiffConcurrencyTest::getIArgs, Executors.newVirtualThreadPerTaskExecutor());
        }
        ExecutorService mixed = Executors.newFixedThreadPool(THREADS, r -> (r.hashCode() & 1) == 0
                ? Thread.ofVirtual().unstarted(r) : Thread.ofPlatform().unstarted(r));
        hammer(CallKernels.class, "divDown", r -> new Object[] {r.nextInt(40), r.nextInt(3) - 1}, mixed);
        SplittableRandom r = new SplittableRandom(3000);
        for (int i = 0; i < 1500; i++) { // past the misses after which a thread takes the cached frame
            String d = Diff.compare(java, kiln, getIArgs(r));
            assertTrue(d == null, "this thread, call " + i + ": " + d);
        }
    }

    @Test
    void writesToPrivateArrays() throws Exception {
        hammer(ArrayKernels.class, "fillUpTo", r -> new Object[] {new int[r.nextInt(8)], r.nextInt(10), r.nextInt()});
        hammer(ArrayKernels.class, "sumD", r -> {
            double[] d = new double[r.nextInt(50)];
            for (int i = 0; i < d.length; i++) d[i] = r.nextDouble() * 1e10 - 5e9;
            return new Object[] {d};
        });
    }

    @Test
    void recursionWithFaults() throws Exception {
        hammer(CallKernels.class, "divDown", r -> new Object[] {r.nextInt(40), r.nextInt(3) - 1});
    }
}
