package com.example.quickstart;

import dev.kiln.Kernel;

/** A kernel object: {@code at} runs natively and reads this curve's arrays at every call. */
public class Curve {
    private final double[] xs;
    private final double[] ys;

    public Curve(double[] xs, double[] ys) {
        this.xs = xs.clone();
        this.ys = ys.clone();
    }

    /** Linear interpolation between the points, flat beyond the first and the last. */
    @Kernel
    public double at(double x) {
        if (!(x > xs[0])) return ys[0];
        for (int i = 1; i < xs.length; i++) {
            if (x <= xs[i]) {
                double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
                return ys[i - 1] + t * (ys[i] - ys[i - 1]);
            }
        }
        return ys[ys.length - 1];
    }
}
