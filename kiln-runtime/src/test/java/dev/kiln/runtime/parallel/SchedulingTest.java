package dev.kiln.runtime.parallel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a parallel loop is shared out: runs of blocks claimed {@code ceil(remaining / threads)} at a time, and loops
 * whose measured work is small kept on the calling thread. The chunks here are Java methods that record their calls,
 * so the tests see every call and the thread it ran on; the values do not depend on either.
 */
class SchedulingTest {
    private static int configured;

    @BeforeAll
    static void remember() {
        configured = ParallelLoop.threads();
    }

    @AfterAll
    static void restore() {
        ParallelLoop.useThreads(configured);
        ParallelLoop.useMinSharedNanos(ParallelLoop.MIN_SHARED_NANOS);
    }

    /** One chunk call: its range and thread. */
    record Call(int lo, int hi, Thread thread) {
    }

    /** Chunk of a forEach: {@code out[i] = i + 1} for i in [lo, hi), recorded. */
    public static void fill(List<Call> calls, int[] out, int lo, int hi) {
        synchronized (calls) {
            calls.add(new Call(lo, hi, Thread.currentThread()));
        }
        for (int i = lo; i < hi; i++) out[i] = i + 1;
    }

    /** Chunk of an int sum: the sum of i over [lo, hi); throws at {@code bad}. */
    public static int count(AtomicInteger calls, int bad, int lo, int hi) {
        calls.incrementAndGet();
        int s = 0;
        for (int i = lo; i < hi; i++) {
            if (i == bad) throw new IllegalStateException("iteration " + i);
            s += i;
        }
        return s;
    }

    /** Chunk of a double sum: the sum of 1 / (i + 1) over [lo, hi), from 0.0 in order. */
    public static double harmonic(AtomicInteger calls, int lo, int hi) {
        calls.incrementAndGet();
        double s = 0.0;
        for (int i = lo; i < hi; i++) s += 1.0 / (i + 1);
        return s;
    }

    static ParallelLoop loop(ParallelLoop.Kind kind, String name, MethodType type) throws Exception {
        MethodHandle h = MethodHandles.lookup().findStatic(SchedulingTest.class, name, type);
        return new ParallelLoop(kind, h, type.parameterCount() - 2, 2);
    }

    static ParallelLoop fillLoop() throws Exception {
        return loop(ParallelLoop.Kind.FOR_EACH, "fill",
                MethodType.methodType(void.class, List.class, int[].class, int.class, int.class));
    }

    @Test
    void claimsHalveWhatIsLeft() {
        int left = 8;
        List<Integer> runs = new ArrayList<>();
        while (left > 0) {
            int k = Job.runLength(left, 2);
            runs.add(k);
            left -= k;
        }
        assertEquals(List.of(4, 2, 1, 1), runs);
        assertEquals(1, Job.runLength(1, 7));
        assertEquals(1024, Job.runLength(1024, 1), "one thread: one run of every block");
        assertEquals(147, Job.runLength(1024, 7));
    }

    @Test
    void aSharedLoopMakesAFewCallsNotOnePerBlock() throws Exception {
        ParallelLoop.useThreads(2);
        ParallelLoop.useMinSharedNanos(0); // share every loop
        ParallelLoop loop = fillLoop();
        for (int n : new int[] {2, 8, 1000, 1024, 5000, 100_000}) {
            for (int rep = 0; rep < 20; rep++) {
                List<Call> calls = new ArrayList<>();
                int[] out = new int[n];
                loop.forEach(0, n, new Object[] {calls, out});
                for (int i = 0; i < n; i++) assertEquals(i + 1, out[i], "n " + n + ", out[" + i + "]");
                // every claim takes at least half of what is left: at most 1 + log2(blocks) of them
                int blocks = Math.min(n, Job.BLOCKS);
                int most = 1 + (31 - Integer.numberOfLeadingZeros(blocks));
                assertTrue(calls.size() <= most, "n " + n + ": " + calls.size() + " calls, at most " + most);
                int covered = 0;
                for (Call c : calls) covered += c.hi() - c.lo();
                assertEquals(n, covered, "every iteration once");
            }
        }
    }

    @Test
    void aDoubleSumStillCallsOncePerBlock() throws Exception {
        ParallelLoop.useThreads(2);
        ParallelLoop.useMinSharedNanos(0);
        ParallelLoop loop = loop(ParallelLoop.Kind.SUM_DOUBLE, "harmonic",
                MethodType.methodType(double.class, AtomicInteger.class, int.class, int.class));
        int n = 3000; // blocks of 3
        double want = 0.0;
        for (int lo = 0; lo < n; lo += 3) {
            double s = 0.0;
            for (int i = lo; i < lo + 3; i++) s += 1.0 / (i + 1);
            want += s;
        }
        for (int rep = 0; rep < 10; rep++) {
            AtomicInteger calls = new AtomicInteger();
            double got = loop.sumDouble(0, n, new Object[] {calls});
            assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got));
            assertEquals(1000, calls.get());
        }
    }

    @Test
    void aLoopMeasuredBelowTheThresholdRunsOnTheCaller() throws Exception {
        ParallelLoop.useThreads(2);
        ParallelLoop.useMinSharedNanos(Long.MAX_VALUE); // every measured loop is "small"
        ParallelLoop loop = fillLoop();
        int n = 4096;
        loop.forEach(0, n, new Object[] {new ArrayList<Call>(), new int[n]}); // nothing measured yet: shared
        for (int rep = 0; rep < 5; rep++) {
            List<Call> calls = new ArrayList<>();
            int[] out = new int[n];
            loop.forEach(0, n, new Object[] {calls, out});
            assertEquals(1, calls.size(), "one call over the whole range");
            assertEquals(new Call(0, n, Thread.currentThread()), calls.get(0));
            for (int i = 0; i < n; i++) assertEquals(i + 1, out[i]);
        }
    }

    @Test
    void aFirstRunIsShared() throws Exception {
        ParallelLoop.useThreads(2);
        ParallelLoop.useMinSharedNanos(Long.MAX_VALUE); // nothing measured yet: the threshold does not apply
        ParallelLoop loop = fillLoop();
        int n = 4096;
        List<Call> calls = new ArrayList<>();
        loop.forEach(0, n, new Object[] {calls, new int[n]});
        // the first claim, whichever thread made it, takes half the blocks; others take the rest
        calls.sort(java.util.Comparator.comparingInt(Call::lo));
        assertEquals(0, calls.get(0).lo());
        assertEquals(n / 2, calls.get(0).hi());
        assertTrue(calls.size() > 1);
    }

    @Test
    void aSharedRunThatDidNotPayKeepsTheLoopOnTheCallerForAWhile() throws Exception {
        ParallelLoop.useMinSharedNanos(1); // any measured work is above it
        ParallelLoop loop = fillLoop();
        long n = 1000;
        assertEquals(2, loop.threadsFor(n, 2), "nothing measured: shared");
        loop.measured(true, 50_000, 100_000, n); // ended in half its work: paid
        assertEquals(2, loop.threadsFor(n, 2));
        loop.measured(false, 100_000, 100_000, n); // a solo run is never "not paying"
        assertEquals(2, loop.threadsFor(n, 2));
        loop.measured(true, 95_000, 100_000, n); // shared, yet as slow as its work on one thread
        for (int r = 0; r < ParallelLoop.SOLO_RUNS; r++) assertEquals(1, loop.threadsFor(n, 2), "run " + r);
        assertEquals(2, loop.threadsFor(n, 2), "then shared again, to look");
        assertEquals(1, loop.threadsFor(n, 1), "one pool thread: alone");
        ParallelLoop.useMinSharedNanos(100_001);
        assertEquals(1, loop.threadsFor(n, 2), "100 us measured for 1000 iterations, below the threshold");
        assertEquals(2, loop.threadsFor(2 * n, 2), "200 us for 2000");
        loop.measured(true, 100_000, 100_000, n);
        ParallelLoop.useMinSharedNanos(0);
        assertEquals(2, loop.threadsFor(n, 2), "0: every loop shared, whatever was measured");
    }

    @Test
    void theLastSoloRunWakesParkedWorkersForTheRunThatLooks() throws Exception {
        ParallelLoop.useThreads(2);
        ParallelLoop.useMinSharedNanos(0);
        ParallelLoop loop = fillLoop();
        int n = 4096;
        loop.forEach(0, n, new Object[] {new ArrayList<Call>(), new int[n]}); // starts the worker
        Pool pool = Pool.current();
        Thread.sleep(50); // the worker polls for a millisecond, then parks
        ParallelLoop.useMinSharedNanos(1);
        loop.measured(true, 95_000, 100_000, n); // a shared run that did not pay
        for (int r = 0; r < ParallelLoop.SOLO_RUNS - 1; r++) assertEquals(1, loop.threadsFor(n, 2));
        int before = pool.wakeUps();
        assertEquals(1, loop.threadsFor(n, 2), "the last solo run");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (pool.wakeUps() == before && System.nanoTime() < deadline) Thread.sleep(1);
        assertTrue(pool.wakeUps() > before, "the parked worker was woken before the shared run");
        assertEquals(2, loop.threadsFor(n, 2), "then shared again, to look");
    }

    @Test
    void theLowestFailingRunsExceptionWinsAndNothingIsMeasured() throws Exception {
        ParallelLoop.useMinSharedNanos(0);
        ParallelLoop loop = loop(ParallelLoop.Kind.SUM_INT, "count",
                MethodType.methodType(int.class, AtomicInteger.class, int.class, int.class, int.class));
        for (int t : new int[] {1, 2, 7}) {
            ParallelLoop.useThreads(t);
            for (int bad : new int[] {0, 511, 512, 1023}) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> loop.sumInt(0, 1024, new Object[] {new AtomicInteger(), bad}));
                assertEquals("iteration " + bad, e.getMessage(), t + " threads");
            }
            assertEquals(1024 * 1023 / 2, loop.sumInt(0, 1024, new Object[] {new AtomicInteger(), -1}));
        }
    }

    @Test
    void theRuleNeverChangesAValue() throws Exception {
        ParallelLoop loop = loop(ParallelLoop.Kind.SUM_DOUBLE, "harmonic",
                MethodType.methodType(double.class, AtomicInteger.class, int.class, int.class));
        Double first = null;
        for (long min : new long[] {0, Long.MAX_VALUE}) {
            ParallelLoop.useMinSharedNanos(min);
            for (int t : new int[] {1, 2, 7}) {
                ParallelLoop.useThreads(t);
                for (int rep = 0; rep < 3; rep++) {
                    double got = loop.sumDouble(3, 170_004, new Object[] {new AtomicInteger()});
                    if (first == null) first = got;
                    assertEquals(Double.doubleToLongBits(first), Double.doubleToLongBits(got), t + " threads");
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ParallelLoop.useMinSharedNanos(-1));
    }
}
