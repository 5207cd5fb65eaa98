package dev.kiln.agent.kernels;

/** Inherits {@code interpolate}; its receivers run it with this class's {@code shape}: a kernel of its own. */
public class SmoothCurve extends Curve {
    public SmoothCurve(double[] xs, double[] ys, double scale) {
        super(xs, ys, scale);
    }

    @Override
    double shape(double t) {
        return t * t * (3 - 2 * t);
    }
}
