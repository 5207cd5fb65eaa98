package dev.kiln.agent.kernels;

/** Overrides the kernel and calls it through {@code super}: the inherited body then runs on this receiver as Java. */
public class ShiftedCurve extends Curve {
    public ShiftedCurve(double[] xs, double[] ys, double scale) {
        super(xs, ys, scale);
    }

    @Override
    public double interpolate(double x) {
        return super.interpolate(x) + 1;
    }

    @Override
    double shape(double t) {
        return 1 - t;
    }
}
