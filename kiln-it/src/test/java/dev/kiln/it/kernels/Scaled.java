package dev.kiln.it.kernels;

/**
 * A kernel reading a constant its class computes at start-up from {@code -Dk=...}: identical class files, a different
 * value per process, so a different native entry per value.
 */
public final class Scaled {
    private Scaled() {
    }

    static final double K = Double.parseDouble(System.getProperty("k", "1"));

    public static double times3(double[] x, double a) {
        return 3 * K;
    }

    /** Reads the constant through a callee in the same class, and the arrays too. */
    public static double weighted(double[] x, double a) {
        double s = 0;
        for (double v : x) s += v * a;
        return s + times3(x, a);
    }
}
