package dev.kiln.bench;

/**
 * HotSpot and Kiln time per call of {@link LoopKernels} and the suite's loops, robust to a busy machine (as
 * {@link ArrayCost}): batches alternate between the two sides and each side reports its fastest batch.
 *
 * <pre>java -cp ... dev.kiln.bench.LoopCost [rounds]</pre>
 */
public final class LoopCost {
    private LoopCost() {
    }

    static volatile Object sink;
    /** The first pass over every case only warms up the JIT (both sides' call paths); the second is reported. */
    static boolean report;
    /**
     * Calls of each side in the warm-up pass at least: fewer leave a Kiln handle's call path (its argument
     * marshalling) below C2 when the second pass is timed, and a 4K-element saxpy then times at twice its cost.
     */
    static final int WARM_CALLS = 16_000;

    static void compare(String name, ArrayCost.Call java, ArrayCost.Call kiln, int batch, int rounds) throws Throwable {
        double bj = Double.MAX_VALUE, bk = Double.MAX_VALUE;
        if (!report) rounds = Math.max(rounds, (WARM_CALLS + batch - 1) / batch);
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) sink = java.run();
            long t1 = System.nanoTime();
            for (int i = 0; i < batch; i++) sink = kiln.run();
            long t2 = System.nanoTime();
            bj = Math.min(bj, (t1 - t0) / (double) batch);
            bk = Math.min(bk, (t2 - t1) / (double) batch);
        }
        if (report) System.out.printf("%s\t%.0f\t%.0f\t%.2f%n", name, bj, bk, bj / bk);
    }

    public static void main(String[] args) throws Throwable {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        pass(rounds);
        report = true;
        System.out.println("kernel\thotspot_ns\tkiln_ns\thotspot/kiln");
        pass(rounds);
    }

    static void pass(int rounds) throws Throwable {
        for (int n : new int[] {100, 4096}) {
            LoopBench.Data d = new LoopBench.Data();
            d.n = n;
            d.setup();
            int batch = Math.max(4, 40_000 / n);
            compare("dscal n=" + n, () -> { LoopKernels.dscal(d.n, -1.0, d.x, 1); return null; },
                    () -> { LoopBench.DSCAL.invokeExact(d.n, -1.0, d.x, 1); return null; }, batch, rounds);
            compare("idamax n=" + n, () -> LoopKernels.idamax(d.n, d.x, 1, 1),
                    () -> (int) LoopBench.IDAMAX.invokeExact(d.n, d.x, 1, 1), batch, rounds);
            if (n == 100) {
                compare("sor 100x100", () -> LoopKernels.sor(1.25, d.grid, 1),
                        () -> (double) LoopBench.SOR.invokeExact(1.25, d.grid, 1), 4, rounds);
            }
        }
        SuiteData s = new SuiteData(4096);
        int b = 8;
        compare("sum 4096", () -> Kernels.sum(s.a), () -> (double) KilnHandles.SUM.invokeExact(s.a), b, rounds);
        compare("dot 4096", () -> Kernels.dot(s.a, s.b), () -> (double) KilnHandles.DOT.invokeExact(s.a, s.b), b, rounds);
        compare("saxpy 4096", () -> { Kernels.saxpy(1e-6f, s.fx, s.fy); return null; },
                () -> { KilnHandles.SAXPY.invokeExact(1e-6f, s.fx, s.fy); return null; }, b, rounds);
        compare("histogram 4096", () -> Kernels.histogram(s.a, -3.0, 3.0, s.counts),
                () -> (int) KilnHandles.HISTOGRAM.invokeExact(s.a, -3.0, 3.0, s.counts), b, rounds);
        compare("poly 4096", () -> Kernels.polyHorner(s.b, s.coeffs, s.out),
                () -> (double) KilnHandles.POLY.invokeExact(s.b, s.coeffs, s.out), b, rounds);
        compare("interp 4096", () -> Kernels.interp(s.xs, s.ys, s.q, s.out),
                () -> (double) KilnHandles.INTERP.invokeExact(s.xs, s.ys, s.q, s.out), 2, rounds);
        int mn = SuiteData.matmulN(4096);
        compare("matmul " + mn, () -> { Kernels.matmul(s.ma, s.mb, s.mc, mn); return null; },
                () -> { KilnHandles.MATMUL.invokeExact(s.ma, s.mb, s.mc, mn); return null; }, 2, rounds);
    }
}
