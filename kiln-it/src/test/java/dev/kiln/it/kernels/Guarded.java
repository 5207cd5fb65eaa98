package dev.kiln.it.kernels;

/** A kernel behind argument checks, one of them in a guard-clause callee, for the runtime-only throw test. */
public final class Guarded {
    private Guarded() {
    }

    public static double scaled(double[] values, double factor) {
        if (!(factor > 0)) throw new IllegalArgumentException("factor must be positive: " + factor);
        int n = checkedLength(values);
        double s = 0;
        for (int i = 0; i < n; i++) {
            values[i] *= factor;
            s += values[i];
        }
        assert s == s : "NaN sum after " + n + " values";
        return s;
    }

    static int checkedLength(double[] values) {
        if (values.length > 4) throw new IndexOutOfBoundsException("at most 4 values, got " + values.length);
        return values.length;
    }
}
