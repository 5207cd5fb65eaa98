package dev.kiln.compiler.diff;

/**
 * Arg-max and arg-min loops, whose update branch Kiln weights as rarely taken (ArgExtremeBranches), and the plain
 * extremes it leaves alone. NaN never wins a {@code >} or {@code <}; -0.0 and 0.0 tie; {@code >=} keeps the last of
 * equal values, {@code >} the first.
 */
final class ArgExtremeKernels {
    private ArgExtremeKernels() {
    }

    /** LINPACK's idamax: the first index of the largest |x|, over a stride; -1 for n < 1. */
    static int idamax(int n, double[] x, int off, int inc) {
        if (n < 1) return -1;
        double max = Math.abs(x[off]);
        int best = 0;
        for (int i = 1, ix = off + inc; i < n; i++, ix += inc) {
            double v = Math.abs(x[ix]);
            if (v > max) {
                best = i;
                max = v;
            }
        }
        return best;
    }

    /** The last index of the largest value (ties move it); -1 when every element is NaN or the array is empty. */
    static int argMaxLast(double[] a) {
        double max = Double.NEGATIVE_INFINITY;
        int at = -1;
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= max) {
                max = a[i];
                at = i;
            }
        }
        return at;
    }

    /** Index and value together, so a wrong value with the right index shows: bits of the minimum, xor the index. */
    static long argMinFloat(float[] a) {
        float min = Float.POSITIVE_INFINITY;
        int at = -1;
        for (int i = 0; i < a.length; i++) {
            float v = a[i];
            if (v < min) {
                min = v;
                at = i;
            }
        }
        return ((long) Float.floatToRawIntBits(min) << 32) ^ at;
    }

    /** The update arm computes; the compare's operands are reversed. */
    static long argMaxLong(long[] a, int base) {
        long max = Long.MIN_VALUE;
        int at = base;
        for (int i = 0; i < a.length; i++) {
            long v = a[i];
            if (max < v) {
                max = v;
                at = base + 2 * i;
            }
        }
        return max * 31 + at;
    }

    /** Counts how often the running maximum changes, and writes where each change happened. */
    static int records(int[] a, int[] where) {
        int max = Integer.MIN_VALUE;
        int changes = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > max) {
                max = a[i];
                where[changes++] = i;
            }
        }
        return changes;
    }

    /** The plain extremes: int unmarked and vectorised; double marked like an arg-max (a branch, not selects). */
    static int maxInt(int[] a) {
        int m = Integer.MIN_VALUE;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > m) m = a[i];
        }
        return m;
    }

    static double maxIf(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            if (v > m) m = v;
        }
        return m;
    }

    static double maxMath(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) m = Math.max(m, v);
        return m;
    }
}
