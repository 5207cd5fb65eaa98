package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Recursion depth comes from the calling thread's real stack (issue 9, item 6): any depth HotSpot reaches with a
 * given stack size, Kiln reaches too; beyond the stack, a StackOverflowError with HotSpot's (null) message, never a
 * crash, on platform and virtual threads.
 */
class DiffRecursionDepthTest {
    static final Diff D = Diff.forClass(DiffRecursionDepthTest.class);
    static final Class<RecursionKernels> K = RecursionKernels.class;

    interface Task {
        Object call() throws Throwable;
    }

    /** Runs {@code task} on a new platform thread with {@code stackBytes} of stack; returns its result or throwable. */
    static Object onThread(long stackBytes, Task task) throws InterruptedException {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(task.call());
            } catch (Throwable e) {
                out.set(e);
            }
        }, "deep", stackBytes);
        t.start();
        t.join();
        return out.get();
    }

    @Test
    void trigammaFourThousandDeepOnAOneMegabyteStack() throws Exception {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        MethodHandle kiln = D.compiled(K, "trigamma");
        for (double x : new double[] {-4047.5, -1000.25, 0.5, 3.0, 1e-6, 45.0, -0.5}) {
            Object want = onThread(1 << 20, () -> RecursionKernels.trigamma(x));
            Object got = onThread(1 << 20, () -> (double) kiln.invokeExact(x));
            assertInstanceOf(Double.class, want, "HotSpot on a 1 MiB stack: " + want);
            assertEquals(Double.doubleToLongBits((Double) want), Double.doubleToLongBits((Double) got), "trigamma(" + x + ")");
        }
    }

    @Test
    void anyDepthHotSpotReachesKilnReaches() throws Exception {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        MethodHandle trigamma = D.compiled(K, "trigamma");
        for (long stack : new long[] {256 << 10, 1 << 20, 4 << 20}) {
            // The deepest trigamma recursion (about -x calls) HotSpot manages on this stack, to a factor of two.
            // HotSpot's own depth varies with what the JIT has compiled; keep the value of the run that succeeded.
            double reached = 0;
            Object want = null;
            for (double x = -1000; x >= -(1 << 24); x *= 2) {
                final double m = x - 0.5;
                Object r = onThread(stack, () -> RecursionKernels.trigamma(m));
                if (!(r instanceof Double)) break;
                reached = m;
                want = r;
            }
            if (want == null) continue; // HotSpot cannot go 1,000 deep here: nothing to match
            final double x = reached;
            Object got = onThread(stack, () -> (double) trigamma.invokeExact(x));
            assertEquals(want, got, "trigamma(" + x + ") on " + stack + " bytes of stack");
        }
    }

    @Test
    void overflowIsHotSpotsStackOverflowError() throws Exception {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        MethodHandle depth = D.compiled(K, "depth");
        for (long stack : new long[] {128 << 10, 1 << 20}) {
            Object r = onThread(stack, () -> {
                Object first;
                try {
                    first = (int) depth.invokeExact(Integer.MAX_VALUE);
                } catch (StackOverflowError e) {
                    first = e;
                }
                // The same thread goes on working afterwards.
                return List.of(first, (int) depth.invokeExact(100));
            });
            List<?> results = assertInstanceOf(List.class, r, String.valueOf(r));
            StackOverflowError e = assertInstanceOf(StackOverflowError.class, results.get(0));
            assertNull(e.getMessage());
            assertEquals(100, results.get(1));
        }
        Object java = onThread(1 << 20, () -> RecursionKernels.depth(Integer.MAX_VALUE));
        assertNull(assertInstanceOf(StackOverflowError.class, java).getMessage());
    }

    @Test
    void virtualThreads() throws Exception {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        MethodHandle kiln = D.compiled(K, "trigamma");
        MethodHandle depth = D.compiled(K, "depth");
        for (int i = 0; i < 4; i++) {
            AtomicReference<Object> out = new AtomicReference<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    double v = (double) kiln.invokeExact(-4047.5);
                    Object overflow;
                    try {
                        overflow = (int) depth.invokeExact(Integer.MAX_VALUE);
                    } catch (StackOverflowError e) {
                        overflow = e;
                    }
                    out.set(List.of(v, overflow));
                } catch (Throwable e) {
                    out.set(e);
                }
            });
            t.join();
            List<?> r = assertInstanceOf(List.class, out.get(), String.valueOf(out.get()));
            assertEquals(Double.doubleToLongBits(RecursionKernels.trigamma(-4047.5)), Double.doubleToLongBits((Double) r.get(0)));
            assertInstanceOf(StackOverflowError.class, r.get(1));
        }
    }

    @Test
    void throwFromDeepRecursion() {
        ThrowDiff.checkAll(D, K, "sumTo", Diff.product(List.of(10L, 3000L), List.of(0L, 5L, -1L)));
    }
}
