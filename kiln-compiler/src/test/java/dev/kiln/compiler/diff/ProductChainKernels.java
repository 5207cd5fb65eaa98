package dev.kiln.compiler.diff;

/**
 * Loops whose one floating-point recurrence is a product chain ({@code ProductChainBlocks} runs them in blocks of
 * factors), and near misses it must leave alone.
 */
public final class ProductChainKernels {
    private ProductChainKernels() {
    }

    /** Factors exactly {@code a[i]} when {@code s} is 1 and {@code t} is -0.0 (NaN, infinities, zeros kept). */
    public static double affine(double[] a, int n, double p0, double s, double t) {
        double p = p0;
        for (int i = 0; i < n; i++) p *= a[i] * s + t;
        return p;
    }

    public static float affineF(float[] a, int n, float p0, float s, float t) {
        float p = p0;
        for (int i = 0; i < n; i++) p *= a[i] * s + t;
        return p;
    }

    /** The factor on the left: {@code p = f * p}. */
    public static double affineLeft(double[] a, int n, double p0, double s, double t) {
        double p = p0;
        for (int i = 0; i < n; i++) p = (a[i] * s + t) * p;
        return p;
    }

    /** From any start to an inclusive end, factors from the counter. */
    public static double inclusive(int from, int to, double p0, double s) {
        double p = p0;
        for (int i = from; i <= to; i++) p = p * ((i & 7) * s + 0.75);
        return p;
    }

    /** Stores each factor (into {@code out} at {@code off}, which may be {@code a} itself) and multiplies it in. */
    public static double storing(double[] a, double[] out, int n, int off, double s) {
        double p = 1;
        for (int i = 0; i < n; i++) {
            double f = a[i] * s + 0.5;
            out[i + off] = f;
            p *= f;
        }
        return p;
    }

    /** Math.exp's own values into {@code e}: the product must be theirs, multiplied in order. */
    public static double expStored(double[] x, double[] e, int n) {
        double p = 1;
        for (int i = 0; i < n; i++) {
            double f = Math.exp(x[i]);
            e[i] = f;
            p *= f;
        }
        return p;
    }

    /** The payoff shape of a Monte Carlo path: a counter-based generator, exp, a product over {@code steps}. */
    public static double payoff(int path, double s0, double vol, int steps) {
        long z = path * 0x9E3779B97F4A7C15L;
        double s = s0;
        for (int k = 0; k < steps; k++) {
            z += 0x9E3779B97F4A7C15L;
            long m = z;
            m = (m ^ (m >>> 30)) * 0xBF58476D1CE4E5B9L;
            m = (m ^ (m >>> 27)) * 0x94D049BB133111EBL;
            m ^= m >>> 31;
            double u = (m >>> 11) * 0x1.0p-53 - 0.5;
            s *= Math.exp(vol * u - 0.5 * vol * vol / 12);
        }
        return s;
    }

    /** A division that throws ArithmeticException in iteration {@code -1 / d}'s first zero: left as it is. */
    public static double dividing(int n, int d, double p0) {
        double p = p0;
        for (int i = 0; i < n; i++) p *= (double) (i / (d - i)) + 1.5;
        return p;
    }

    /** The product read inside the loop (the stored running product): left as it is. */
    public static double running(double[] a, double[] out, int n) {
        double p = 1;
        for (int i = 0; i < n; i++) {
            p *= a[i] * 2 + 1;
            out[i] = p;
        }
        return p;
    }
}
