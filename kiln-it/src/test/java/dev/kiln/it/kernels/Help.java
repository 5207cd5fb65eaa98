package dev.kiln.it.kernels;

/** A callee in another class. */
public final class Help {
    private Help() {
    }

    public static double clip(double v, double lo, double hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }
}
