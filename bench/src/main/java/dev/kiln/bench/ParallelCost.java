package dev.kiln.bench;

import dev.kiln.Kiln;
import dev.kiln.runtime.parallel.ParallelLoop;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Parallel loops ({@link ParallelKernels}): the same source as a Java parallel stream on HotSpot and as a Kiln
 * native loop on 1 and 2 threads, measured in alternating rounds (a busy machine slows all sides alike), medians
 * reported; the cost of an empty loop of 0 and 2 iterations; and where sharing a small loop with many captured arrays
 * starts to pay ({@link #crossover}).
 *
 * <pre>java -cp ... dev.kiln.bench.ParallelCost [rounds] [paths]</pre>
 */
public final class ParallelCost {
    private ParallelCost() {
    }

    static volatile double sink;

    interface Call {
        void run() throws Throwable;
    }

    /** Milliseconds of one call, the median of {@code rounds}, each side once per round in turn. */
    static double[] medians(int rounds, int calls, Call... sides) throws Throwable {
        double[][] t = new double[sides.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < sides.length; s++) {
                long t0 = System.nanoTime();
                for (int c = 0; c < calls; c++) sides[s].run();
                t[s][r] = (System.nanoTime() - t0) / 1e6 / calls;
            }
        }
        double[] m = new double[sides.length];
        for (int s = 0; s < sides.length; s++) {
            Arrays.sort(t[s]);
            m[s] = t[s][rounds / 2];
        }
        return m;
    }

    /** A side that runs Kiln's handle with {@code threads} threads. */
    static Call kiln(int threads, Call c) {
        return () -> {
            if (ParallelLoop.threads() != threads) ParallelLoop.useThreads(threads);
            c.run();
        };
    }

    public static void main(String[] args) throws Throwable {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1 << 20;
        Kiln kiln = Kiln.create();
        MethodHandle paths = kiln.compile(ParallelKernels.class, "paths");
        MethodHandle price = kiln.compile(ParallelKernels.class, "price");
        MethodHandle empty = kiln.compile(ParallelKernels.class, "empty");
        MethodHandle softplus = kiln.compile(ParallelKernels.class, "softplus");
        MethodHandle chunk = emptyChunk(kiln);
        double[] out = new double[n];
        System.out.printf("processors %d, common pool parallelism %d, %d rounds, medians%n",
                Runtime.getRuntime().availableProcessors(),
                java.util.concurrent.ForkJoinPool.getCommonPoolParallelism(), rounds);

        Call javaPaths = () -> ParallelKernels.paths(out, 100, 0.2);
        Call kilnPaths = () -> {
            paths.invokeExact(out, 100.0, 0.2);
        };
        Call javaPrice = () -> sink = ParallelKernels.price(n, 100, 0.2);
        Call kilnPrice = () -> sink = (double) price.invokeExact(n, 100.0, 0.2);
        medians(3, 1, javaPaths, kiln(1, kilnPaths), kiln(2, kilnPaths), javaPrice, kiln(1, kilnPrice), kiln(2, kilnPrice));
        double[] x = new double[n];
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < n; i++) x[i] = rnd.nextGaussian() * 4;
        Call javaSoft = () -> ParallelKernels.softplus(x, out);
        Call kilnSoft = () -> {
            softplus.invokeExact(x, out);
        };
        medians(3, 4, javaSoft, kiln(1, kilnSoft), kiln(2, kilnSoft));
        double[] sp = medians(rounds, 4, javaSoft, kiln(1, kilnSoft), kiln(2, kilnSoft));
        double[] m = medians(rounds, 1, javaPaths, kiln(1, kilnPaths), kiln(2, kilnPaths), javaPrice,
                kiln(1, kilnPrice), kiln(2, kilnPrice));
        System.out.println("loop\tjava_parallel_ms\tkiln_1t_ms\tkiln_2t_ms\tkiln2t/kiln1t\tkiln2t/java");
        System.out.printf("forEach softplus n=%d\t%.2f\t%.2f\t%.2f\t%.2fx\t%.2fx%n", n, sp[0], sp[1], sp[2], sp[1] / sp[2],
                sp[0] / sp[2]);
        System.out.printf("forEach paths n=%d\t%.2f\t%.2f\t%.2f\t%.2fx\t%.2fx%n", n, m[0], m[1], m[2], m[1] / m[2], m[0] / m[2]);
        System.out.printf("mapToDouble.sum n=%d\t%.2f\t%.2f\t%.2f\t%.2fx\t%.2fx%n", n, m[3], m[4], m[5], m[4] / m[5],
                m[3] / m[5]);

        int calls = 20_000;
        Call javaEmpty = () -> ParallelKernels.empty(2);
        Call kilnEmpty2 = () -> {
            empty.invokeExact(2);
        };
        Call kilnEmpty0 = () -> {
            empty.invokeExact(0);
        };
        Call chunkCall = () -> {
            chunk.invokeExact(0, 2);
        };
        Call[] sides = {javaEmpty, kiln(1, kilnEmpty0), kiln(1, kilnEmpty2), kiln(2, kilnEmpty0), kiln(2, kilnEmpty2), chunkCall};
        medians(5, calls, sides);
        double[] e = medians(rounds, calls, sides);
        System.out.println("empty loop (us per loop)\tjava_parallel\tkiln_1t_n0\tkiln_1t_n2\tkiln_2t_n0\tkiln_2t_n2\tchunk_downcall");
        System.out.printf("IntStream.range(0, n).parallel().forEach(i -> {})\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f%n",
                e[0] * 1e3, e[1] * 1e3, e[2] * 1e3, e[3] * 1e3, e[4] * 1e3, e[5] * 1e3);
        crossover(kiln, rounds);
        double idleJava = afterIdle(javaEmpty, 101, 2);
        double idleKiln = afterIdle(kiln(2, kilnEmpty2), 101, 2);
        System.out.printf("the same, n=2, each call after 2 ms idle (us)\tjava %.2f\tkiln_2t %.2f%n", idleJava, idleKiln);
    }

    /**
     * Where sharing a small loop starts to pay: {@link ParallelKernels#lanes} (8 lanes, 16 captured arrays) at
     * growing work per lane, on 1 thread, on 2 threads with every loop shared, and on 2 threads with the default rule
     * (loops measured below {@link ParallelLoop#MIN_SHARED_NANOS} stay on the caller). Calls back to back.
     */
    static void crossover(Kiln kiln, int rounds) throws Throwable {
        MethodHandle lanes = kiln.compile(ParallelKernels.class, "lanes");
        double[][] p = new double[15][1];
        System.out.println("small loop: 8 lanes x per payoffs, 16 arrays captured (us per loop)\tkiln_1t\tkiln_2t_shared"
                + "\tkiln_2t_rule\tshared/1t");
        for (int per : new int[] {1, 4, 8, 16, 32, 64}) {
            double[] out = new double[8 * per];
            Call c = () -> {
                lanes.invokeExact(out, per, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9],
                        p[10], p[11], p[12], p[13], p[14]);
            };
            Call shared = () -> {
                ParallelLoop.useMinSharedNanos(0);
                c.run();
            };
            Call rule = () -> {
                ParallelLoop.useMinSharedNanos(ParallelLoop.MIN_SHARED_NANOS);
                c.run();
            };
            Call[] sides = {kiln(1, rule), kiln(2, shared), kiln(2, rule)};
            int calls = Math.max(200, 20_000 / per);
            medians(3, calls, sides);
            double[] m = medians(rounds, calls, sides);
            System.out.printf("per=%d\t%.2f\t%.2f\t%.2f\t%.2fx%n", per, m[0] * 1e3, m[1] * 1e3, m[2] * 1e3, m[0] / m[1]);
        }
        ParallelLoop.useMinSharedNanos(ParallelLoop.MIN_SHARED_NANOS);
    }

    /** Microseconds of one call made after {@code idleMs} of idleness (pool threads parked), median of {@code n}. */
    static double afterIdle(Call c, int n, long idleMs) throws Throwable {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            Thread.sleep(idleMs);
            long t0 = System.nanoTime();
            c.run();
            t[i] = (System.nanoTime() - t0) / 1e3;
        }
        Arrays.sort(t);
        return t[n / 2];
    }

    /** The empty loop's chunk alone, {@code (lo, hi)}: one native call, what each block costs at the least. */
    static MethodHandle emptyChunk(Kiln kiln) {
        // the same lambda body compiled as a plain kernel: an empty loop over [lo, hi)
        return kiln.compile(ParallelCost.class, "emptyRange", MethodType.methodType(void.class, int.class, int.class));
    }

    public static void emptyRange(int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            sinkInt(i);
        }
    }

    static void sinkInt(int i) {
    }
}
