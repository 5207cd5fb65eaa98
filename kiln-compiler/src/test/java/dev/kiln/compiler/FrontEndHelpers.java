package dev.kiln.compiler;

/** A helper in another class, called from {@link FrontEndKernels}. */
final class FrontEndHelpers {
    private FrontEndHelpers() {
    }

    static int clampSum(int[] a, int lo, int hi) {
        int s = 0;
        for (int v : a) s += v < lo ? lo : v > hi ? hi : v;
        return s;
    }

    static double poly(double x, int degree) {
        double r = 1;
        for (int d = 1; d <= degree; d++) r = r * x + d;
        return r;
    }
}
