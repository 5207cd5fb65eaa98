package dev.kiln.it.kernels;

import dev.kiln.Kernel;

/** {@code @Kernel} methods called directly, for the agent's process tests; all {@code (double[], double) -> double}. */
public final class Annotated {
    private Annotated() {
    }

    @Kernel
    public static double layer(double[] loss, double attachment) {
        double total = 0;
        for (double x : loss) total += Help.clip(x - attachment, 0.0, 100.0);
        return total;
    }

    /** Integer-valued sums are exact in any order, so fast math cannot change this result. */
    @Kernel(fastMath = true)
    public static double fastSum(double[] a, double scale) {
        double s = 0;
        for (double x : a) s += Math.floor(x * scale);
        return s;
    }

    /** Calls another kernel: compiled as one graph natively; its Java body calls the other's call site. */
    @Kernel
    public static double twoLayers(double[] loss, double attachment) {
        return layer(loss, attachment) + layer(loss, attachment + 100);
    }

    /** Kiln refuses this (a string used other than in an exception message), so it always runs as Java. */
    @Kernel
    public static double refused(double[] a, double x) {
        return a.length + Double.toString(x).length();
    }
}
