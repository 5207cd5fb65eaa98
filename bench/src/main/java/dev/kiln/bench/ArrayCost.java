package dev.kiln.bench;

/**
 * Per-call cost of the array paths, robust to a busy machine: each case runs in batches and reports the fastest
 * batch's time per call (the minimum is what the code costs; a loaded machine only adds to it), after
 * {@link #WARM_NS} of untimed calls.
 *
 * <pre>java -cp ... dev.kiln.bench.ArrayCost [n ...]</pre>
 */
public final class ArrayCost {
    private ArrayCost() {
    }

    interface Call {
        Object run() throws Throwable;
    }

    static volatile Object sink;

    /** Untimed calls before a case's batches: the first case measured would otherwise time the JIT's warm-up. */
    static final long WARM_NS = 300_000_000L;

    static double nsPerCall(Call c, int batch) throws Throwable {
        for (long start = System.nanoTime(); System.nanoTime() - start < WARM_NS; ) {
            for (int i = 0; i < batch; i++) sink = c.run();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 300; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) sink = c.run();
            best = Math.min(best, (System.nanoTime() - t0) / (double) batch);
        }
        return best;
    }

    public static void main(String[] args) throws Throwable {
        int[] sizes = args.length == 0 ? new int[] {16, 100, 1000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("case\tn\thotspot_ns\tkiln_ns\tkiln/hotspot");
        for (int n : sizes) {
            ArrayBench.Data d = new ArrayBench.Data();
            d.n = n;
            d.setup();
            int batch = Math.max(1, 200_000 / (n * n + 100));
            int batch1 = Math.max(10, 20_000 / (n + 10));
            row("scaled (returns new double[n])", n, nsPerCall(() -> ArrayKernels.scaled(d.x, 1.5), batch1),
                    nsPerCall(() -> (double[]) ArrayBench.SCALED.invokeExact(d.x, 1.5), batch1));
            row("prefix (scratch double[n])", n, nsPerCall(() -> ArrayKernels.prefixMaxSum(d.x), batch1),
                    nsPerCall(() -> (double) ArrayBench.PREFIX.invokeExact(d.x), batch1));
            row("countSet (boolean[n] param)", n, nsPerCall(() -> ArrayKernels.countSet(d.flags), batch1),
                    nsPerCall(() -> (int) ArrayBench.COUNT.invokeExact(d.flags), batch1));
            row("matVec (double[n][n])", n, nsPerCall(() -> { ArrayKernels.matVec(d.grid, d.x, d.y); return null; }, batch),
                    nsPerCall(() -> { ArrayBench.MATVEC.invokeExact(d.grid, d.x, d.y); return null; }, batch));
            row("sor x10 (double[n][n])", n, nsPerCall(() -> { ArrayKernels.sor(d.grid, 1.25, 10); return null; }, Math.max(1, batch / 10)),
                    nsPerCall(() -> { ArrayBench.SOR.invokeExact(d.grid, 1.25, 10); return null; }, Math.max(1, batch / 10)));
            if (n <= 300) {
                // n tables of 25 rows of 25 doubles, two arguments: 50n rows to pass
                double[][][] p = cube(n, 1), q = cube(n, 2);
                int b3 = Math.max(1, 20_000 / (n * 25 + 10));
                row("rmse3 (double[n][25][25] x2)", n, nsPerCall(() -> ArrayKernels.rmse3(p, q), b3),
                        nsPerCall(() -> (double) ArrayBench.RMSE3.invokeExact(p, q), b3));
            }
            if (n <= 300) {
                double[][] c = new double[n][n];
                row("matMul (double[n][n] x3)", n, nsPerCall(() -> { ArrayKernels.matMul(d.grid, d.grid, c); return null; }, Math.max(1, batch / n)),
                        nsPerCall(() -> { ArrayBench.MATMUL.invokeExact(d.grid, d.grid, c); return null; }, Math.max(1, batch / n)));
                row("lu (double[n][n])", n, nsPerCall(() -> { d.resetLu(); ArrayKernels.luRows(d.lu); return null; }, Math.max(1, batch / n)),
                        nsPerCall(() -> { d.resetLu(); ArrayBench.LU.invokeExact(d.lu); return null; }, Math.max(1, batch / n)));
            }
        }
    }

    static void row(String name, int n, double java, double kiln) {
        System.out.printf("%s\t%d\t%.0f\t%.0f\t%.2f%n", name, n, java, kiln, kiln / java);
    }

    static double[][][] cube(int n, int seed) {
        double[][][] c = new double[n][25][25];
        for (int i = 0; i < n; i++) for (int j = 0; j < 25; j++) for (int k = 0; k < 25; k++) c[i][j][k] = Math.sin(seed + i * 625 + j * 25 + k);
        return c;
    }
}
