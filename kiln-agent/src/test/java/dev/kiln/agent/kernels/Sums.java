package dev.kiln.agent.kernels;

import dev.kiln.Kernel;

/** Kernels for the rewriter's tests: one that compiles, one Kiln refuses, one calling another kernel. */
public final class Sums {
    private Sums() {
    }

    @Kernel
    public static double layer(double[] loss, double attachment, double limit) {
        double total = 0;
        for (double x : loss) total += Math.min(Math.max(x - attachment, 0.0), limit);
        return total;
    }

    @Kernel
    public static int refused(int[] a) {
        return new StringBuilder().append(a.length).length() + a[0]; // allocation: refused, runs as Java
    }

    @Kernel
    static double twoLayers(double[] loss, double attachment, double limit) {
        return layer(loss, attachment, limit) + layer(loss, attachment + limit, limit);
    }

    public static double plain(double x) {
        return x * 2;
    }
}
