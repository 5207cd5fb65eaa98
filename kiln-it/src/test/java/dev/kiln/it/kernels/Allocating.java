package dev.kiln.it.kernels;

/** Kernels whose arrays are allocated natively and freed by Kiln after the call (returned, scratch, rows). */
public final class Allocating {
    private Allocating() {
    }

    /** A new array returned: copied out to Java, then its native block freed by the Java side. */
    public static double[] cumulative(double[] x) {
        double[] out = new double[x.length];
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i];
            out[i] = s;
        }
        return out;
    }

    /** Rows replaced by new arrays: the table's new rows are copied out and freed after the call. */
    public static void freshRows(double[][] m, int n) {
        for (int i = 0; i < m.length; i += 2) {
            m[i] = new double[n];
            for (int j = 0; j < n; j++) m[i][j] = i + 0.5 * j;
        }
    }

    /** Scratch that never escapes: freed by the kernel's own entry. */
    public static double spread(double[] x) {
        double[] sorted = x.clone();
        for (int i = 1; i < sorted.length; i++) {
            double v = sorted[i];
            int j = i - 1;
            while (j >= 0 && sorted[j] > v) {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = v;
        }
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1] - sorted[0];
    }
}
