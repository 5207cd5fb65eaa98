package dev.kiln.compiler.diff;

/**
 * Loops over a sub-range {@code [begin, begin + length)} (a bound that is a sum, which {@code RangeCheckVersioning}
 * versions) and loops carrying a sticky flag (set to one constant and never reset, whose test
 * {@code StickyFlagBranches} keeps a branch): validation scans that throw on the first bad element, in-place
 * writes, two arrays that may be one.
 */
final class StickyFlagKernels {
    private StickyFlagKernels() {
    }

    /** A weight check: NaN, infinite and negative elements throw with their index; at least one must be positive. */
    static boolean checkWeights(double[] w, int begin, int length) {
        boolean positive = false;
        for (int i = begin; i < begin + length; i++) {
            double v = w[i];
            if (Double.isNaN(v)) throw new IllegalArgumentException("NaN at " + i);
            if (Double.isInfinite(v)) throw new IllegalArgumentException("infinite " + v + " at " + i);
            if (v < 0) throw new IllegalArgumentException("negative " + v + " at " + i);
            if (!positive && v > 0) positive = true;
        }
        if (!positive) throw new IllegalStateException("no positive weight");
        return positive;
    }

    /** A sticky int flag set to 7, tested both ways; the count depends on the iteration it was set at. */
    static long countAfterFirstNegative(int[] a, int from, int count) {
        int state = 0;
        long n = 0;
        int end = from + count;
        for (int i = from; i < end; i++) {
            if (state != 7 && a[i] < 0) state = 7;
            if (state == 7) n += a[i];
            else n -= 1;
        }
        return n * 31 + state;
    }

    /** A flag carried by an outer loop and set in the inner one, with in-place writes before any out-of-bounds index. */
    static int clampRows(float[] x, int rows, int cols, float limit) {
        boolean clamped = false;
        int changed = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = r * cols; c < r * cols + cols; c++) {
                if (!clamped && x[c] > limit) clamped = true;
                if (clamped) {
                    x[c] = Math.min(x[c], limit);
                    changed++;
                }
            }
        }
        return clamped ? changed : -changed - 1;
    }

    /** A flag that toggles is no sticky flag: its branch stays unmarked (and the result must still match). */
    static int toggles(int[] a, int begin, int length) {
        boolean odd = false;
        int s = 0;
        for (int i = begin; i < begin + length; i++) {
            if (a[i] % 2 != 0) odd = !odd;
            if (odd) s += a[i];
        }
        return s;
    }

    /** A scaled copy over a sub-range; src and dst may be the same array. */
    static void scaleRange(double[] src, double[] dst, int begin, int length, double k) {
        for (int i = begin; i < begin + length; i++) dst[i] = src[i] * k + dst[i];
    }

    /** A bound that is a difference, and a running max whose start is one past the first element. */
    static double maxBetween(double[] a, int end, int skip) {
        double m = a[skip];
        for (int i = skip + 1; i < end - skip; i++) {
            double v = a[i];
            if (v > m) m = v;
        }
        return m;
    }
}
