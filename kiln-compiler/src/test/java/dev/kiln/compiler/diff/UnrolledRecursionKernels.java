package dev.kiln.compiler.diff;

/**
 * Recursion the emitter unrolls (several levels per native frame, {@code InlinePolicy.unrolled}): results, faults
 * and array writes must not depend on which copy of a body runs a level.
 */
final class UnrolledRecursionKernels {
    private UnrolledRecursionKernels() {
    }

    /** Commons Math's digamma: shifted up by recursion, log at the bottom, NaN and infinities returned first. */
    static double digamma(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return x;
        if (x > 0 && x <= 1e-5) return -0.577215664901532860606512090082 - 1 / x;
        if (x >= 49) {
            double inv = 1 / (x * x);
            return Math.log(x) - 0.5 / x - inv * ((1.0 / 12) + inv * (1.0 / 120 - inv / 252));
        }
        return digamma(x + 1) - 1 / x;
    }

    /** Writes a[i] on the way down and reads it on the way up: out of bounds at the level where i reaches the end. */
    static long writeDown(int[] a, int i, int k) {
        a[i] = k * 7 + i;
        if (k == 0) return a[i];
        return writeDown(a, i + 1, k - 1) * 3 + a[i];
    }

    /** Void recursion that fills a[lo..hi) in halves (two calls per level), dividing by d at each leaf. */
    static void fillHalves(double[] a, int lo, int hi, int d) {
        if (hi - lo <= 1) {
            if (hi > lo) a[lo] = 100 / d + lo * 0.5;
            return;
        }
        int mid = (lo + hi) >>> 1;
        fillHalves(a, lo, mid, d);
        fillHalves(a, mid, hi, d - 1);
    }

    /** A cycle of three methods, each shifting a float and a long. */
    static float stepA(int n, float x, long m) {
        return n <= 0 ? x + m : stepB(n - 1, x * 1.5f, m + 1) - x;
    }

    static float stepB(int n, float x, long m) {
        return n <= 0 ? x - m : stepC(n - 1, x - 0.25f, m * 3) / 2;
    }

    static float stepC(int n, float x, long m) {
        if (m == 13) throw new IllegalArgumentException("m is " + m + " at " + n);
        return n <= 0 ? x * m : stepA(n - 1, x + 1, m - 2) + 0.5f;
    }

    /** Recursion that throws at depth n - failAt (failAt == n: the first level; 0: the last). */
    static long sumTo(long n, long failAt) {
        if (n == failAt) throw new IllegalStateException("failed at " + n);
        return n == 0 ? 0 : n + sumTo(n - 1, failAt);
    }
}
