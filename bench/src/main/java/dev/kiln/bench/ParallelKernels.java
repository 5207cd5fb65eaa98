package dev.kiln.bench;

import java.util.stream.IntStream;

/** Parallel-loop kernels ({@link ParallelCost}): Java's parallel streams on HotSpot, native parallel loops on Kiln. */
public final class ParallelKernels {
    private ParallelKernels() {
    }

    /** One Monte Carlo path of 32 log-normal steps from a counter-based generator: the payoff of a call at s0. */
    static double payoff(int path, double s0, double vol) {
        long z = path * 0x9E3779B97F4A7C15L;
        double s = s0;
        for (int k = 0; k < 32; k++) {
            z += 0x9E3779B97F4A7C15L;
            long m = z;
            m = (m ^ (m >>> 30)) * 0xBF58476D1CE4E5B9L;
            m = (m ^ (m >>> 27)) * 0x94D049BB133111EBL;
            m ^= m >>> 31;
            double u = (m >>> 11) * 0x1.0p-53 - 0.5;
            s *= Math.exp(vol * u - 0.5 * vol * vol / 12);
        }
        return Math.max(s - s0, 0.0);
    }

    public static void paths(double[] out, double s0, double vol) {
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = payoff(i, s0, vol));
    }

    public static double price(int n, double s0, double vol) {
        return IntStream.range(0, n).parallel().mapToDouble(i -> payoff(i, s0, vol)).sum() / n;
    }

    /** Per element: log(1 + exp(x)) (softplus), as the suite's expLog kernel computes it. */
    public static void softplus(double[] x, double[] out) {
        IntStream.range(0, x.length).parallel().forEach(i -> out[i] = Math.log(1.0 + Math.exp(x[i])));
    }

    public static void empty(int n) {
        IntStream.range(0, n).parallel().forEach(i -> { });
    }
}
