package dev.kiln.compiler.intrinsics;

/** Kernels over Math.exp and Math.log: loops the vectoriser turns into vector calls, and single scalar calls. */
public final class VectorMathKernels {
    private VectorMathKernels() {
    }

    public static void expAll(double[] x, double[] out) {
        for (int i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
    }

    public static void logAll(double[] x, double[] out) {
        for (int i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
    }

    public static double exp1(double x) {
        return Math.exp(x);
    }

    public static double log1(double x) {
        return Math.log(x);
    }
}
