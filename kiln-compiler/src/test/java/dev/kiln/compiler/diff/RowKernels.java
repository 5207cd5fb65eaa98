package dev.kiln.compiler.diff;

/**
 * Kernels over arrays of arrays that read their rows only, and near relatives that write one (directly, through a
 * callee, through a merge with a 1-D parameter), for the rows-read-only fact and the copying path that trusts it.
 */
final class RowKernels {
    private RowKernels() {
    }

    /** Reads every row; writes only y, a 1-D parameter (which may itself be a row of m). */
    static void matVecInto(double[][] m, double[] x, double[] y) {
        for (int i = 0; i < m.length; i++) {
            double[] row = m[i];
            double s = 0;
            for (int j = 0; j < row.length; j++) s += row[j] * x[j];
            y[i] = s;
        }
    }

    /** Reads rows, then throws part-way (a bad index) after writing y[0..k). */
    static double sumRowsThenThrow(double[][] m, double[] y, int bad) {
        double s = 0;
        for (int i = 0; i < m.length; i++) {
            for (double v : m[i]) s += v;
            y[i] = s;
        }
        return s + m[bad][0];
    }

    static double rmse3(double[][][] a, double[][][] b) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                for (int k = 0; k < a[i][j].length; k++) {
                    double d = a[i][j][k] - b[i][j][k];
                    s += d * d;
                    n++;
                }
            }
        }
        return Math.sqrt(s / n);
    }

    static double[] concatenate(double[][] xs) {
        int n = 0;
        for (double[] x : xs) n += x.length;
        double[] out = new double[n];
        int at = 0;
        for (double[] x : xs) {
            System.arraycopy(x, 0, out, at, x.length);
            at += x.length;
        }
        return out;
    }

    /** Writes a row through a callee. */
    static void scaleRows(double[][] m, double f) {
        for (double[] row : m) scale(row, f);
    }

    private static void scale(double[] row, double f) {
        for (int j = 0; j < row.length; j++) row[j] *= f;
    }

    /** Writes a 1-D parameter or a row, whichever {@code which} picks: a merge of the two. */
    static void writeEither(double[][] m, double[] y, int which) {
        double[] t = which == 0 ? y : m[which - 1];
        t[0] = -t[0];
    }

    /** Fills a row. */
    static void fillRow(double[][] m, int i, double v) {
        java.util.Arrays.fill(m[i], v);
    }

    /** Copies into a row. */
    static void copyIntoRow(double[][] m, double[] src, int i) {
        System.arraycopy(src, 0, m[i], 0, src.length);
    }

    /** Moves rows inside the table only (a table write, not a row write), then reads. */
    static double rotateRows(double[][] m) {
        if (m.length > 1) System.arraycopy(m, 1, m, 0, m.length - 1);
        double s = 0;
        for (double[] row : m) if (row != null && row.length > 0) s += row[0];
        return s;
    }

    /** Writes its own fresh rows only: rows of an array of arrays it allocated are rows too, so "may write". */
    static double freshTable(int n) {
        double[][] t = new double[n][2];
        for (int i = 0; i < n; i++) t[i][1] = i;
        double s = 0;
        for (double[] r : t) s += r[1];
        return s;
    }

    /** Counts rows that are the same array as an earlier row: compares rows by identity, so "may tell rows apart". */
    static int sameRows(double[][] m) {
        int same = 0;
        for (int i = 0; i < m.length; i++) for (int j = 0; j < i; j++) if (m[i] == m[j]) same++;
        return same;
    }

    /** Returns one of its rows (read only): the caller's own row comes back. */
    static double[] pickRow(double[][] m, int i) {
        return m[i];
    }

    /** Reads rows of int, float and boolean arrays of arrays (boolean rows are always copied). */
    static double mixedRows(int[][] a, float[][] b, boolean[][] c) {
        double s = 0;
        for (int[] r : a) for (int v : r) s += v;
        for (float[] r : b) for (float v : r) s = s * 0.5 + v;
        for (boolean[] r : c) for (boolean v : r) s += v ? 1 : -1;
        return s;
    }

    /** Reads every row of a 3-D array, then {@code z[bad]} after writing y: throws past a row that is null or short. */
    static double sumDeepInto(double[][][] t, double[] y, int bad) {
        double s = 0;
        for (int i = 0; i < t.length; i++) {
            for (double[] r : t[i]) for (double v : r) s += v;
            y[i % y.length] = s;
        }
        return s + t[bad][bad][bad];
    }

    /** A new table holding one new row twice, and a row of its argument. */
    static double[][] newRowTwice(double[][] m, int n) {
        double[] r = new double[n];
        if (n > 0) r[0] = m.length;
        return new double[][] {r, m.length > 0 ? m[m.length - 1] : null, r};
    }
}
