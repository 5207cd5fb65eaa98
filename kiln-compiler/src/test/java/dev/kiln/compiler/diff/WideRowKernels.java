package dev.kiln.compiler.diff;

/** Kernels over arrays of long rows, for the row buckets past KernelAbi.CHEAP_SLOTS and the split between in place and copied rows. */
final class WideRowKernels {
    private WideRowKernels() {
    }

    /** Adds a row of b into the same row of a, row by row: throws part-way at a null or short row. */
    static void addRows(double[][] a, double[][] b) {
        for (int i = 0; i < a.length; i++) {
            double[] x = a[i];
            double[] y = b[i];
            for (int j = 0; j < x.length; j++) x[j] += y[j] + 1;
        }
    }

    /** Scales every row of every table (written 3-D): throws part-way at a null table or row. */
    static void scale3(double[][][] t, double f) {
        for (double[][] m : t) for (double[] r : m) for (int j = 0; j < r.length; j++) r[j] *= f;
    }

    /** Reads every row, writes a 1-D parameter (maybe a row), then reads m[bad][0]. */
    static double readThenPick(double[][] m, double[] y, int bad) {
        double s = 0;
        for (int i = 0; i < m.length; i++) {
            double[] r = m[i];
            for (int j = 0; j < r.length; j++) s += r[j] * (j + 1);
            y[i % y.length] = s;
        }
        return s + m[bad][0];
    }

    /** Reads row i after writing row k's first element: whether the two are one array shows. */
    static double writeThenRead(double[][] m, int k, int i) {
        m[k][0] = -1 - m[k][0];
        return m[i][0] * 3 + m[k][0];
    }
}
