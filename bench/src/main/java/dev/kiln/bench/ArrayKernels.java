package dev.kiln.bench;

/** Array kernels for {@link ArrayBench}: allocation and return, boolean[], and row-wise 2-D kernels. */
public final class ArrayKernels {
    private ArrayKernels() {
    }

    /** Returns a new array: the result crosses back into Java. */
    public static double[] scaled(double[] x, double f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] * f;
        return y;
    }

    /** Scratch array that never escapes. */
    public static double prefixMaxSum(double[] x) {
        double[] best = new double[x.length];
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, x[i]);
            best[i] = m;
        }
        double s = 0;
        for (double b : best) s += b;
        return s;
    }

    public static int countSet(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) if (f) n++;
        return n;
    }

    /** SciMark-style SOR sweeps over the interior, in place. */
    public static void sor(double[][] g, double omega, int iterations) {
        int m = g.length;
        int n = g[0].length;
        double quarter = omega * 0.25;
        double rest = 1.0 - omega;
        for (int p = 0; p < iterations; p++) {
            for (int i = 1; i < m - 1; i++) {
                double[] prev = g[i - 1], cur = g[i], next = g[i + 1];
                for (int j = 1; j < n - 1; j++) {
                    cur[j] = quarter * (prev[j] + next[j] + cur[j - 1] + cur[j + 1]) + rest * cur[j];
                }
            }
        }
    }

    public static void matVec(double[][] m, double[] x, double[] y) {
        for (int i = 0; i < m.length; i++) {
            double[] row = m[i];
            double s = 0;
            for (int j = 0; j < row.length; j++) s += row[j] * x[j];
            y[i] = s;
        }
    }

    /** Full LU-style elimination (no pivoting) of a diagonally dominant matrix, in place. */
    public static void luRows(double[][] a) {
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double[] pivot = a[k];
            for (int i = k + 1; i < n; i++) {
                double[] row = a[i];
                double f = row[k] / pivot[k];
                row[k] = f;
                for (int j = k + 1; j < n; j++) row[j] -= f * pivot[j];
            }
        }
    }

    /** c += a b in i-k-j order, rows indexed inline: b[k] and c[i] do not change in the j loop (InvariantRowLoads). */
    public static void matMul(double[][] a, double[][] b, double[][] c) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i][k];
                for (int j = 0; j < n; j++) c[i][j] += aik * b[k][j];
            }
        }
    }

    /** Root-mean-square difference of two 3-D arrays (reads its rows only: copied once per place past the row limit). */
    public static double rmse3(double[][][] a, double[][][] b) {
        double s = 0;
        long n = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double[] x = a[i][j], y = b[i][j];
                for (int k = 0; k < x.length; k++) {
                    double d = x[k] - y[k];
                    s += d * d;
                }
                n += x.length;
            }
        }
        return Math.sqrt(s / n);
    }
}
