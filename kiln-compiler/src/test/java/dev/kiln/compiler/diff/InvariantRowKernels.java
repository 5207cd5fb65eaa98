package dev.kiln.compiler.diff;

/** Loops reading rows of arrays of arrays at indices that do not change in the loop (InvariantRowLoads). */
public final class InvariantRowKernels {
    private InvariantRowKernels() {
    }

    /** JTransforms' computeRMSE shape: b's rows are read after a's element, at the outer loops' indices. */
    public static double rmse2(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                double d = a[i][j] - b[i][j];
                s += d * d;
            }
        }
        return s;
    }

    public static double rmse3(float[][][] a, float[][][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                for (int k = 0; k < a[0][0].length; k++) {
                    double d = a[i][j][k] - b[i][j][k];
                    s += d * d;
                }
            }
        }
        return s;
    }

    /** c += a b in i-k-j order: c[i] and b[k] are invariant in the j loop, which stores into c[i]. */
    public static void mm(double[][] a, double[][] b, double[][] c) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i][k];
                for (int j = 0; j < n; j++) c[i][j] += aik * b[k][j];
            }
        }
    }

    /** The row at a parameter index: a loop that runs no iteration must not throw for it. */
    public static double sumAt(double[] x, double[][] a, int i, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) s += x[k] * a[i][k];
        return s;
    }

    /** Writes the row read at i, at iteration w: the row load stays in the loop. */
    public static double replaceRow(double[][] a, double[] r, int i, int w) {
        double s = 0;
        for (int k = 0; k < 8; k++) {
            if (k == w) a[i] = r;
            s += a[i][k];
            a[i][k] = s;
        }
        return s;
    }

    /** Stores into elements of the invariant row, which the next iterations read. */
    public static void prefixInRow(long[][] a, int i, int from, int to) {
        for (int k = from; k < to; k++) a[i][k + 1] += a[i][k];
    }

    public static int countIn(int[][][] a, int i, int j) {
        int c = 0;
        for (int k = 0; k < a[i][j].length; k++) if (a[i][j][k] > 0) c++;
        return c;
    }

    public static long longSum(long[][] a, int i, int n) {
        long s = 0;
        for (int k = 0; k < n; k++) s += a[i][k] * (k + 1);
        return s;
    }

    public static float floatSum(float[][] a, int i, int n) {
        float s = 0;
        for (int k = 0; k < n; k++) s += a[i][k];
        return s;
    }

    /** Returns a row after the loop that read it. */
    public static double[] rowAfter(double[][] a, int i, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) s += a[i][k];
        a[i][0] = s;
        return a[i];
    }

    /** The loop in a callee: its unreachable return is the callee's. */
    public static double twoRows(double[][] a, int i, int j, int n) {
        return rowSum(a, i, n) + rowSum(a, j, n);
    }

    static double rowSum(double[][] a, int i, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) s += a[i][k];
        return s;
    }

    /** The row index computed before the loop, near the int limits: i + 1 wraps to MIN_VALUE. */
    public static double nextRow(double[][] a, int i, int n) {
        double s = 0;
        int r = i + 1;
        for (int k = 0; k < n; k++) s += a[r][k] + a[i][k];
        return s;
    }
}
