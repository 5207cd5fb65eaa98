package dev.kiln.it.kernels;

/** A kernel reaching a JDK table (StrictMath.exp's FdLibm constants), an assert and a bounds check. */
public final class Tabled {
    private Tabled() {
    }

    public static double expSum(double[] x, double a) {
        assert a == a : "NaN scale";
        double s = 0;
        for (int i = 0; i < x.length; i++) s += StrictMath.exp(x[i] * 0.01 + a) - x[x.length - 1 - i];
        return s;
    }
}
