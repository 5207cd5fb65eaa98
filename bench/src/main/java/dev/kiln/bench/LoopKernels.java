package dev.kiln.bench;

/**
 * LINPACK/SciMark-shaped loops (issue 20): a count parameter instead of the array's length, an offset, a stride, an
 * arg-max, a 5-point stencil over rows. Run on HotSpot and through Kiln by {@link LoopBench}.
 */
public final class LoopKernels {
    private LoopKernels() {
    }

    /** LINPACK dscal, stride 1: {@code x[off + i] *= a} for i below n. */
    public static void dscal(int n, double a, double[] x, int off) {
        for (int i = 0; i < n; i++) x[i + off] *= a;
    }

    /** LINPACK idamax: index of the first largest |x[off + i*inc]|, -1 for n < 1. */
    public static int idamax(int n, double[] x, int off, int inc) {
        if (n < 1) return -1;
        if (n == 1) return 0;
        int best = 0;
        if (inc != 1) {
            double max = Math.abs(x[off]);
            int ix = inc;
            for (int i = 1; i < n; i++) {
                double v = Math.abs(x[ix + off]);
                if (v > max) {
                    best = i;
                    max = v;
                }
                ix += inc;
            }
        } else {
            double max = Math.abs(x[off]);
            for (int i = 1; i < n; i++) {
                double v = Math.abs(x[i + off]);
                if (v > max) {
                    best = i;
                    max = v;
                }
            }
        }
        return best;
    }

    /** SciMark SOR: {@code sweeps} Gauss-Seidel sweeps of the 5-point stencil; returns the centre value. */
    public static double sor(double omega, double[][] g, int sweeps) {
        int m = g.length;
        int n = g[0].length;
        double c = omega * 0.25;
        double d = 1.0 - omega;
        for (int p = 0; p < sweeps; p++) {
            for (int i = 1; i < m - 1; i++) {
                double[] up = g[i - 1];
                double[] gi = g[i];
                double[] down = g[i + 1];
                for (int j = 1; j < n - 1; j++) {
                    gi[j] = c * (up[j] + down[j] + gi[j - 1] + gi[j + 1]) + d * gi[j];
                }
            }
        }
        return g[m / 2][n / 2];
    }
}
