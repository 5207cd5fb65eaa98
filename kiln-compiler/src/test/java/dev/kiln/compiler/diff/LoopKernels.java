package dev.kiln.compiler.diff;

/**
 * Loops whose bounds checks the optimiser splits off into pre- and post-loops (inductive range check elimination):
 * bounds that are parameters rather than lengths, offsets, strides, several arrays, rows of a 2-D array.
 */
final class LoopKernels {
    private LoopKernels() {
    }

    static void dscal(int n, double a, double[] x) {
        for (int i = 0; i < n; i++) x[i] *= a;
    }

    static void dscalOff(int n, double a, double[] x, int off) {
        for (int i = 0; i < n; i++) x[i + off] *= a;
    }

    /** LINPACK's dscal: stride 1 and any other stride (a negative or zero stride does nothing). */
    static void dscalInc(int n, double a, double[] x, int off, int inc) {
        if (n <= 0) return;
        if (inc != 1) {
            int end = n * inc;
            for (int i = 0; i < end; i += inc) x[i + off] *= a;
        } else {
            for (int i = 0; i < n; i++) x[i + off] *= a;
        }
    }

    /** Strided with a constant step: the index moves by 3 per iteration. */
    static void scaleEveryThird(int n, float a, float[] x, int off) {
        for (int i = 0; i < n; i++) x[3 * i + off] *= a;
    }

    /** LINPACK's idamax: index of the first largest |x|, -1 for n < 1. */
    static int idamax(int n, double[] x, int off, int inc) {
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

    /** LINPACK's daxpy over two offsets: the same array passed twice overlaps. */
    static void daxpy(int n, double a, double[] x, int xo, double[] y, int yo) {
        for (int i = 0; i < n; i++) y[i + yo] += a * x[i + xo];
    }

    static void saxpy(int n, float a, float[] x, float[] y) {
        for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
    }

    static double dot(int n, double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[i] * y[i];
        return s;
    }

    static void fill(int[] a, int from, int to, int v) {
        for (int i = from; i < to; i++) a[i] = v;
    }

    /** Counting down, reading ahead of the store. */
    static void shiftDown(long[] a, int n) {
        for (int i = n - 1; i > 0; i--) a[i] = a[i - 1] + 1;
    }

    /** Byte loads that widen, indexed from both ends. */
    static int mirror(byte[] a, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) s = 31 * s + (a[i] ^ a[n - 1 - i]);
        return s;
    }

    /** One Gauss-Seidel SOR sweep (SciMark's 5-point stencil) over rows that may have different lengths. */
    static double sor(double omega, double[][] g, int sweeps) {
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
