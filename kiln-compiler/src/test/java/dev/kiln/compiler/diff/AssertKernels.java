package dev.kiln.compiler.diff;

/** {@code assert} in kernels: follows the class's assertion status. */
final class AssertKernels {
    private AssertKernels() {
    }

    static double mean(double[] a) {
        assert a.length > 0 : "empty array";
        double s = 0;
        for (double v : a) s += v;
        return s / a.length;
    }

    static int positive(int x) {
        assert x > 0;
        return x * 2;
    }

    static long withValue(long x) {
        assert x != 13 : x;
        assert x != 14 : "x = " + x + " is unlucky too";
        return x + 1;
    }
}
