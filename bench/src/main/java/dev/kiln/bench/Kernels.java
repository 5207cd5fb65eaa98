package dev.kiln.bench;

import dev.kiln.Kernel;

/**
 * The benchmark suite: ordinary static Java over primitives and 1-D primitive arrays, no allocation. The same
 * methods run on HotSpot C2 (called directly) and through Kiln; {@code bench/native/suite.c} and
 * {@code bench/numba/suite.py} are line-for-line translations used for the cross-language comparison.
 */
public final class Kernels {
    private Kernels() {
    }

    /** Sum reduction. */
    @Kernel
    public static double sum(double[] a) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }

    /** Dot product. */
    @Kernel
    public static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** y = alpha * x + y, single precision. */
    @Kernel
    public static void saxpy(float alpha, float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = alpha * x[i] + y[i];
        }
    }

    /** Clamps every element to [lo, hi] into {@code out}; returns the number of elements that were changed. */
    @Kernel
    public static int clip(double[] a, double lo, double hi, double[] out) {
        int changed = 0;
        for (int i = 0; i < a.length; i++) {
            double v = a[i];
            double c = Math.min(Math.max(v, lo), hi);
            out[i] = c;
            if (c != v) {
                changed++;
            }
        }
        return changed;
    }

    /** Clip-and-sum (issue 14's 0.46x case): the strict sum keeps this loop scalar, unlike {@link #clip}. */
    @Kernel
    public static double clipSum(double[] a, double lo, double hi) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += Math.min(Math.max(a[i], lo), hi);
        }
        return s;
    }

    /** Fixed-point quantisation: {@code q[i] = (int) (a[i] * scale)}; returns the sum of the values in 2^-20 units. */
    @Kernel
    public static long quantise(double[] a, double scale, int[] q) {
        long total = 0;
        for (int i = 0; i < a.length; i++) {
            double v = a[i] * scale;
            q[i] = (int) v;
            total += (long) (v * 1048576.0);
        }
        return total;
    }

    /** Evaluates the polynomial with coefficients {@code c} (highest degree first) at every x by Horner's rule. */
    @Kernel
    public static double polyHorner(double[] x, double[] c, double[] out) {
        double total = 0.0;
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double p = c[0];
            for (int k = 1; k < c.length; k++) {
                p = p * xi + c[k];
            }
            out[i] = p;
            total += p;
        }
        return total;
    }

    /**
     * Piecewise-linear interpolation of (xs, ys) at every query q (xs strictly increasing), by binary search;
     * queries outside the table take the end values. Returns the sum of the interpolated values.
     */
    @Kernel
    public static double interp(double[] xs, double[] ys, double[] q, double[] out) {
        int n = xs.length;
        double total = 0.0;
        for (int i = 0; i < q.length; i++) {
            double v = q[i];
            double r;
            if (v <= xs[0]) {
                r = ys[0];
            } else if (v >= xs[n - 1]) {
                r = ys[n - 1];
            } else {
                int lo = 0;
                int hi = n - 1;
                while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    if (xs[mid] <= v) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                double t = (v - xs[lo]) / (xs[hi] - xs[lo]);
                r = ys[lo] + t * (ys[hi] - ys[lo]);
            }
            out[i] = r;
            total += r;
        }
        return total;
    }

    /**
     * Histogram of {@code a} over [lo, hi) into {@code counts} (cleared first; values outside go to the end bins).
     * Returns the number of values that fell outside.
     */
    @Kernel
    public static int histogram(double[] a, double lo, double hi, int[] counts) {
        int bins = counts.length;
        for (int b = 0; b < bins; b++) {
            counts[b] = 0;
        }
        double scale = bins / (hi - lo);
        int outside = 0;
        for (int i = 0; i < a.length; i++) {
            int b = (int) ((a[i] - lo) * scale);
            if (b < 0) {
                b = 0;
                outside++;
            } else if (b >= bins) {
                b = bins - 1;
                outside++;
            }
            counts[b]++;
        }
        return outside;
    }

    /** c = a * b for n x n row-major matrices (i-k-j order). */
    @Kernel
    public static void matmul(double[] a, double[] b, double[] c, int n) {
        for (int i = 0; i < n * n; i++) {
            c[i] = 0.0;
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aik * b[k * n + j];
                }
            }
        }
    }

    /** Softplus, log(1 + exp(x)), of every element into {@code out}; returns the sum. */
    @Kernel
    public static double expLog(double[] x, double[] out) {
        double total = 0.0;
        for (int i = 0; i < x.length; i++) {
            double r = Math.log(1.0 + Math.exp(x[i]));
            out[i] = r;
            total += r;
        }
        return total;
    }

    // ---- per-call overhead ----

    /** The trivial kernel of the per-call overhead benchmark. */
    @Kernel
    public static int add(int a, int b) {
        return a + b;
    }

    /** A trivial kernel taking a small array. */
    @Kernel
    public static int sumSmall(int[] a) {
        int s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }
}
