package dev.kiln.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Times HotSpot's method against Kiln's handle from the same loop in the same JVM: both handles are adapted to the
 * same shape ({@code (Object[]) -> Object}, the arguments spread, the result boxed), batches alternate H, K, H, K,
 * and each side calls on its own copy of the arguments, so a method that writes its arrays sees the same sequence of
 * states on both sides (their results are bit-identical, checked before timing). Warm-up alternates the same way,
 * long enough for C2 to compile the HotSpot side. Each side runs in its own loop that calls its handle as a constant
 * ({@link CorpusLoop}), as a program's call site would. Reported: fastest and median batch, ns per call.
 */
final class CorpusTiming {
    private CorpusTiming() {
    }

    /** {@code hsBytes}, {@code kilnBytes}: heap bytes each side allocates per call (NaN where the JVM cannot say). */
    record Times(double hsMin, double kilnMin, double hsMedian, double kilnMedian, int batch, int rounds,
                 double hsBytes, double kilnBytes) {
        double ratio() {
            return hsMin / kilnMin;
        }

        double medianRatio() {
            return hsMedian / kilnMedian;
        }
    }

    /** Thrown when a call throws during timing (the arguments drifted into an exception after repeated calls). */
    static final class ThrewWhileTiming extends Exception {
        ThrewWhileTiming(Throwable cause) {
            super(cause);
        }
    }

    /**
     * @param warmNanos  alternating warm-up time (both sides)
     * @param batchNanos target duration of one batch
     * @param progress   called between batches (keeps the parent's watchdog fed)
     */
    static Times time(MethodHandle hotspot, MethodHandle kiln, Object[] args, long warmNanos, long batchNanos, int rounds,
                      Runnable progress) throws ThrewWhileTiming {
        MethodHandle h = CorpusLoop.copy(spread(hotspot)), k = CorpusLoop.copy(spread(kiln));
        Object[] ah = CorpusCompare.deepCopy(args), ak = CorpusCompare.deepCopy(args);
        // One call each to size the batch (the slower side decides, so neither side's batch is too short).
        double one = Math.max(batch(h, ah, 1), batch(k, ak, 1));
        int n = (int) Math.max(1, Math.min(1_000_000, batchNanos / Math.max(1.0, one)));
        long end = System.nanoTime() + warmNanos;
        while (System.nanoTime() < end) {
            // Re-size while warming: the first calls ran in the interpreter.
            double th = batch(h, ah, n), tk = batch(k, ak, n);
            n = (int) Math.max(1, Math.min(1_000_000, batchNanos / Math.max(0.5, Math.max(th, tk))));
            progress.run();
        }
        double[] hs = new double[rounds], ks = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            hs[r] = batch(h, ah, n);
            ks[r] = batch(k, ak, n);
            progress.run();
        }
        Arrays.sort(hs);
        Arrays.sort(ks);
        return new Times(hs[0], ks[0], hs[rounds / 2], ks[rounds / 2], n, rounds, allocated(h, ah, n), allocated(k, ak, n));
    }

    /**
     * Heap bytes per call over one more batch: what the call itself allocates (a boxed result is the loop's, the same
     * on both sides). A kernel's marshalling allocating per call is a cost the timings only show as noise.
     */
    private static double allocated(MethodHandle loop, Object[] args, int n) throws ThrewWhileTiming {
        if (!(java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t)
                || !t.isThreadAllocatedMemorySupported() || !t.isThreadAllocatedMemoryEnabled()) return Double.NaN;
        long b0 = t.getCurrentThreadAllocatedBytes();
        batch(loop, args, n);
        return (t.getCurrentThreadAllocatedBytes() - b0) / (double) n;
    }

    private static MethodHandle spread(MethodHandle mh) {
        MethodType t = mh.type();
        return mh.asSpreader(Object[].class, t.parameterCount()).asType(MethodType.methodType(Object.class, Object[].class));
    }

    /** ns per call over {@code n} calls of {@code loop} (a {@link CorpusLoop} copy). */
    private static double batch(MethodHandle loop, Object[] args, int n) throws ThrewWhileTiming {
        try {
            return (double) loop.invokeExact(args, n);
        } catch (Throwable t) {
            throw new ThrewWhileTiming(t);
        }
    }
}
