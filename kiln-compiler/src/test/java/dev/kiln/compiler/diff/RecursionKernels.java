package dev.kiln.compiler.diff;

/** Deep recursion written the way special-function code writes it. */
final class RecursionKernels {
    private RecursionKernels() {
    }

    /**
     * The trigamma function by its recurrence psi1(x) = psi1(x + 1) + 1/x^2, shifted up until the asymptotic series
     * is accurate: from a large negative x this recurses thousands of calls deep.
     */
    static double trigamma(double x) {
        if (x > 0 && x <= 1e-5) return 1 / (x * x);
        if (x >= 40) {
            double inv = 1 / x;
            double inv2 = inv * inv;
            // 1/x + 1/(2x^2) + 1/(6x^3) - 1/(30x^5) + 1/(42x^7) - 1/(30x^9)
            return inv + inv2 / 2 + inv * inv2 * (1.0 / 6 - inv2 * (1.0 / 30 - inv2 * (1.0 / 42 - inv2 / 30)));
        }
        return trigamma(x + 1) + 1 / (x * x);
    }

    static int depth(int n) {
        return n <= 0 ? 0 : 1 + depth(n - 1);
    }

    static boolean isEven(int n) {
        return n == 0 || isOdd(n - 1);
    }

    static boolean isOdd(int n) {
        return n != 0 && isEven(n - 1);
    }

    /** Recursion that also throws at the bottom when asked to. */
    static long sumTo(long n, long failAt) {
        if (n == failAt) throw new IllegalStateException("failed at " + n);
        return n == 0 ? 0 : n + sumTo(n - 1, failAt);
    }
}
