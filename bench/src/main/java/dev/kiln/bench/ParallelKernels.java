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

    /**
     * The loss worker's shape: 8 lanes of {@code per} payoffs each, the lambda capturing 16 arrays (every chunk call
     * passes them all), writing {@code out[l * per ..]}.
     */
    public static void lanes(double[] out, int per, double[] p0, double[] p1, double[] p2, double[] p3, double[] p4,
                             double[] p5, double[] p6, double[] p7, double[] p8, double[] p9, double[] p10,
                             double[] p11, double[] p12, double[] p13, double[] p14) {
        IntStream.range(0, 8).parallel().forEach(l -> {
            double s0 = 100 + p0[0] + p1[0] + p2[0] + p3[0] + p4[0] + p5[0] + p6[0] + p7[0] + p8[0] + p9[0] + p10[0]
                    + p11[0] + p12[0] + p13[0] + p14[0];
            for (int k = 0; k < per; k++) out[l * per + k] = payoff(l * per + k, s0, 0.2);
        });
    }
}
