package dev.kiln.compiler.diff;

/**
 * Helpers that can fault and return a value from more than one place, called in loops: the return value and the
 * fault flag leave through one return block, so an inlined call's flag test folds away. Faults come from null and
 * bounds checks, division, a {@code throw}, and a recursive helper's stack check; each caller writes its results as
 * it goes, so a fault shows how far it got.
 */
public final class FaultReturnKernels {
    private FaultReturnKernels() {
    }

    /** The first i in [0, n) with a[i] >= x, else n; reads past a when n exceeds its length. */
    static int lowerBound(double[] a, int n, double x) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Three returns, each after its own checks. */
    static double pick(double[] cdf, int n, float[] from, float[] to, float[] mean, double u) {
        double top = cdf[n - 1];
        if (u >= top) return to[n - 1];
        int bin = lowerBound(cdf, n, u);
        if (bin == 0) return from[0];
        double w = to[bin] - from[bin];
        if (w == 0.0) return mean[bin];
        return from[bin] + (u - cdf[bin - 1]) / (cdf[bin] - cdf[bin - 1]) * w;
    }

    /** Ground-up sampling in the shape of the loss worker's: invariant tables, a search per sample. */
    public static double sampleRows(double[] cdf, int n, float[] from, float[] to, float[] mean, double[] scale,
                                    double[] u, int rows, int samples, double[] out) {
        double total = 0.0;
        for (int r = 0; r < rows; r++) {
            double s = scale[r];
            for (int k = 0; k < samples; k++) {
                int q = r * samples + k;
                double x = s * pick(cdf, n, from, to, mean, u[q]);
                out[q] = x;
                total += x;
            }
        }
        return total;
    }

    /** Returns early on a sentinel; divides by the divisor's element (may be 0) otherwise. */
    static int quotient(int[] a, int[] d, int i) {
        if (a[i] == Integer.MIN_VALUE) return -1;
        if (a[i] < 0) return a[i] % d[i];
        return a[i] / d[i];
    }

    public static long quotients(int[] a, int[] d, int[] out) {
        long s = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = quotient(a, d, i);
            s += out[i];
        }
        return s;
    }

    /** A helper that throws its own exception from one path and returns from two others. */
    static long checked(long[] a, int i) {
        long v = a[i];
        if (v < 0) throw new IllegalArgumentException("negative at " + i + ": " + v);
        if (v == 0) return Long.MAX_VALUE;
        return v * 3;
    }

    public static long checkedSum(long[] a, long[] out) {
        long s = 0;
        for (int i = 0; i < a.length; i++) {
            out[i] = checked(a, i);
            s += out[i];
        }
        return s;
    }

    /** Returns one of two arrays (the caller then reads past the shorter), after a null check of either. */
    static float[] choose(float[] a, float[] b, int i) {
        if (i % 3 == 0) return a;
        if (i % 3 == 1) return b;
        return a.length > b.length ? a : b;
    }

    public static float chooseSum(float[] a, float[] b, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += choose(a, b, i)[i];
        return s;
    }

    /** A recursive helper with two returns: deep enough, it overflows the stack. */
    static int depth(int[] a, int i) {
        if (i >= a.length) return 0;
        if (a[i] == 0) return i;
        return 1 + depth(a, i + a[i]);
    }

    public static int depths(int[] a, int[] out) {
        int s = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = depth(a, i);
            s += out[i];
        }
        return s;
    }

    /** A boolean result with several returns. */
    static boolean inside(double[] lo, double[] hi, int i, double x) {
        if (Double.isNaN(x)) return false;
        if (x < lo[i]) return false;
        return x <= hi[i];
    }

    public static int countInside(double[] lo, double[] hi, double[] x) {
        int c = 0;
        for (int i = 0; i < x.length; i++) if (inside(lo, hi, i, x[i])) c++;
        return c;
    }
}
