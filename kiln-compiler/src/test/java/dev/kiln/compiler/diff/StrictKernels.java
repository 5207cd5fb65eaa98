package dev.kiln.compiler.diff;

/** StrictMath's transcendentals: Java specifies their results bit for bit (fdlibm's algorithms). */
final class StrictKernels {
    private StrictKernels() {
    }

    static double sin(double a) { return StrictMath.sin(a); }
    static double cos(double a) { return StrictMath.cos(a); }
    static double tan(double a) { return StrictMath.tan(a); }
    static double asin(double a) { return StrictMath.asin(a); }
    static double acos(double a) { return StrictMath.acos(a); }
    static double atan(double a) { return StrictMath.atan(a); }
    static double exp(double a) { return StrictMath.exp(a); }
    static double log(double a) { return StrictMath.log(a); }
    static double log10(double a) { return StrictMath.log10(a); }
    static double expm1(double a) { return StrictMath.expm1(a); }
    static double log1p(double a) { return StrictMath.log1p(a); }
    static double sinh(double a) { return StrictMath.sinh(a); }
    static double cosh(double a) { return StrictMath.cosh(a); }
    static double tanh(double a) { return StrictMath.tanh(a); }
    static double cbrt(double a) { return StrictMath.cbrt(a); }
    static double pow(double a, double b) { return StrictMath.pow(a, b); }
    static double atan2(double a, double b) { return StrictMath.atan2(a, b); }
    static double hypot(double a, double b) { return StrictMath.hypot(a, b); }
}
