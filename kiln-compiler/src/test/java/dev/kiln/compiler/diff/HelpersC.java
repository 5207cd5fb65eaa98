package dev.kiln.compiler.diff;

/** Callees in a fourth class. */
final class HelpersC {
    private HelpersC() {
    }

    static long mulAdd(long x, int k, int c) {
        return x * k + c;
    }

    static double halve(double d) {
        return d / 2;
    }
}
