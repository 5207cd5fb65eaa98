package dev.kiln.compiler.diff;

/**
 * Special functions written on top of StrictMath, as code that must give the same bits on every JVM does; Kiln
 * compiles StrictMath through the JDK's own fdlibm port.
 */
final class StrictFunctionKernels {
    private StrictFunctionKernels() {
    }

    /** asinh through log1p, accurate near zero. */
    static double asinh(double x) {
        double a = StrictMath.abs(x);
        double r = StrictMath.log1p(a + a * a / (1.0 + StrictMath.sqrt(1.0 + a * a)));
        return x < 0 ? -r : r;
    }

    /** atanh(x) = 0.5 * log1p(2x / (1 - x)). */
    static double atanh(double x) {
        return 0.5 * StrictMath.log1p(2 * x / (1 - x));
    }

    /** Logistic function through tanh (no overflow for large |x|). */
    static double sigmoid(double x) {
        return 0.5 * (1.0 + StrictMath.tanh(0.5 * x));
    }

    /** log of the gamma function by Stirling's series with a shift for small arguments (positive x). */
    static double logGamma(double x) {
        double shift = 0;
        while (x < 8) {
            shift += StrictMath.log(x);
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
        return (x - 0.5) * StrictMath.log(x) - x + 0.9189385332046728 + series - shift;
    }

    /** Decibels of a power ratio. */
    static double decibels(double p, double ref) {
        return 10 * StrictMath.log10(p / ref);
    }

    /** Geometric mean of positive values through logs; expm1/log1p for the relative growth. */
    static double meanGrowth(double[] ratios) {
        double s = 0;
        for (double r : ratios) s += StrictMath.log1p(r);
        return ratios.length == 0 ? 0 : StrictMath.expm1(s / ratios.length);
    }

    /** Angle between two unit-ish vectors, clamped into acos's domain. */
    static double angle(double[] u, double[] v) {
        double d = 0;
        for (int i = 0; i < u.length; i++) d += u[i] * v[i];
        d = StrictMath.max(-1, StrictMath.min(1, d));
        return StrictMath.acos(d) + 0 * StrictMath.asin(d);
    }

    /** Cube root per element, in place (Box-Cox style transforms use it). */
    static void cubeRoots(double[] xs) {
        for (int i = 0; i < xs.length; i++) xs[i] = StrictMath.cbrt(xs[i]);
    }
}
