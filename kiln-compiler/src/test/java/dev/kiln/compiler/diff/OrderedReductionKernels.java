package dev.kiln.compiler.diff;

/**
 * Loops that carry a strict floating-point sum or product beside work that vectorises (square roots, divisions,
 * stores): LLVM vectorises the work and keeps the adds or multiplies in element order (in-order reductions), so every
 * result must equal Java's left-to-right one bit for bit, whatever the lengths, NaNs, infinities and signed zeros.
 */
final class OrderedReductionKernels {
    private OrderedReductionKernels() {
    }

    static double sqrtSum(double[] x) {
        double s = 0.0;
        for (int i = 0; i < x.length; i++) s += Math.sqrt(x[i]);
        return s;
    }

    /** Starts at -0.0, so a sum of negative zeros stays -0.0 only if the start value comes first. */
    static double quotientSum(double[] x, double c) {
        double s = -0.0;
        for (int i = 0; i < x.length; i++) s += x[i] / c;
        return s;
    }

    /** A product chain with independent factors (a Monte Carlo path's shape). */
    static double growth(double[] x, double c) {
        double p = 1.0;
        for (int i = 0; i < x.length; i++) p *= (1.0 + x[i] * c) / (2.0 + x[i] * x[i]);
        return p;
    }

    static float floatSum(float[] x, float[] y) {
        float s = 0.0f;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i] / (1.0f + Math.abs(y[i]));
        return s;
    }

    /** Stores and a sum; {@code out} may be {@code x}. */
    static double rootsInto(double[] x, double[] out, double c) {
        double s = 0.0;
        for (int i = 0; i < x.length; i++) {
            double r = Math.sqrt(x[i] * c);
            out[i] = r;
            s += r;
        }
        return s;
    }

    /** A range that may start before or end past the array: the throw comes at the first bad index. */
    static double rangeSum(double[] x, int from, int to) {
        double s = 0.0;
        for (int i = from; i < to; i++) s += Math.sqrt(x[i]) / 3.0;
        return s;
    }

    /** Two strict sums and an integer count in one loop. */
    static double twoSumsAndCount(double[] x) {
        double s = 0.0, t = 0.0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            s += v;
            t += v / 3.0;
            if (v > 0) n++;
        }
        return s * 3.0 + t + n;
    }

    /** Every other element, and a sum of reciprocals of the index. */
    static double strided(double[] x, int step) {
        double s = 0.0;
        for (int i = 0; i < x.length; i += step) s += x[i] / (i + 1);
        return s;
    }
}
