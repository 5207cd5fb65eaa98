package dev.kiln.observe;

import java.lang.invoke.MethodHandles;

/** Kernels whose loads, compiles, misses and refusals the observability tests watch. */
public final class ObservedKernels {
    private ObservedKernels() {
    }

    public static double sumsq(double[] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * a[i];
        return s;
    }

    static double square(double x) {
        return x * x;
    }

    /** Calls a helper, so its library has more than one function when the helper is not inlined. */
    public static double norm(double[] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += square(a[i]);
        return Math.sqrt(s);
    }

    public static int refused(int n) {
        return new StringBuilder().append(n).length(); // length() is refused
    }

    static MethodHandles.Lookup lookup() {
        return MethodHandles.lookup();
    }
}
