package dev.kiln.bench;

import dev.kiln.Kernel;

/**
 * Near-empty kernels by parameter shape, for {@link CallShapeBench}: their bodies do one or two element operations, so a
 * call's time is the fixed cost of calling (Kiln's or Java's), not the work.
 */
public final class CallShapes {
    private CallShapes() {
    }

    @Kernel
    public static int none(int a, int b) {
        return a + b;
    }

    @Kernel
    public static double one(double[] a, int i) {
        return a[i];
    }

    @Kernel
    public static void two(double[] a, double[] b, int i) {
        b[i] = a[i];
    }

    @Kernel
    public static void four(double[] a, double[] b, double[] c, double[] d, int i) {
        d[i] = a[i] + b[i] + c[i];
    }

    @Kernel
    public static double mixed(double[] a, float[] b, int[] c, int i, double s) {
        return a[i] + b[i] * s + c[i];
    }

    @Kernel
    public static double[] made(double[] a, int n) {
        double[] r = new double[n];
        r[0] = a[0];
        return r;
    }

    /** A JTransforms-like butterfly: in place, offset and stride. */
    @Kernel
    public static void butterfly(double[] a, int offa, double[] w, int nw) {
        double x0r = a[offa] + a[offa + 2];
        double x0i = a[offa + 1] + a[offa + 3];
        double x1r = a[offa] - a[offa + 2];
        double x1i = a[offa + 1] - a[offa + 3];
        a[offa] = x0r;
        a[offa + 1] = x0i;
        a[offa + 2] = x1r * w[nw] - x1i * w[nw + 1];
        a[offa + 3] = x1i * w[nw] + x1r * w[nw + 1];
    }
}
