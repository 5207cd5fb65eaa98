package dev.kiln.agent.kernels;

import dev.kiln.Kernel;

/**
 * A kernel object for the rewriter's tests: piecewise interpolation over its own arrays, shaped by {@link #shape},
 * which subclasses override. {@code scale} is not final: the kernel reads it at every call.
 */
public class Curve {
    final double[] xs;
    final double[] ys;
    double scale;

    public Curve(double[] xs, double[] ys, double scale) {
        this.xs = xs;
        this.ys = ys;
        this.scale = scale;
    }

    public void rescale(double s) {
        scale = s;
    }

    @Kernel
    public double interpolate(double x) {
        int n = xs.length;
        if (!(x > xs[0])) return ys[0] * scale; // NaN and the left end; an empty curve throws here, as Java does
        for (int i = 1; i < n; i++) {
            if (x <= xs[i]) {
                double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
                return (ys[i - 1] + shape(t) * (ys[i] - ys[i - 1])) * scale;
            }
        }
        return ys[n - 1] * scale;
    }

    double shape(double t) {
        return t;
    }

    /** A plain call site: a null receiver throws here, before any kernel runs. */
    public static double at(Curve c, double x) {
        return c.interpolate(x);
    }
}
