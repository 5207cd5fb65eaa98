package dev.kiln.compiler.diff;

/** Kernels over arrays of arrays: 2-D and 3-D parameters, allocations, rows assigned, aliased, null, returned. */
final class MatrixKernels {
    private MatrixKernels() {
    }

    static double get2(double[][] a, int i, int j) { return a[i][j]; }
    static void set2(double[][] a, int i, int j, double v) { a[i][j] = v; }
    static int rows(double[][] a) { return a.length; }
    static int rowLen(double[][] a, int i) { return a[i].length; }
    static double getNext(double[][] a, int i, int j) { return a[i + 1][j]; }
    static long get3(long[][][] a, int i, int j, int k) { return a[i][j][k]; }
    static void set3(int[][][] a, int i, int j, int k, int v) { a[i][j][k] = v; }

    static int countTrue(boolean[][] g) {
        int n = 0;
        for (boolean[] row : g) for (boolean b : row) if (b) n++;
        return n;
    }

    static double[] matVec(double[][] m, double[] x) {
        double[] y = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double[] row = m[i];
            double s = 0;
            for (int j = 0; j < row.length; j++) s += row[j] * x[j];
            y[i] = s;
        }
        return y;
    }

    /** SOR-style stencil over the interior, in place. */
    static void sor(double[][] g, double omega, int iterations) {
        int m = g.length;
        int n = m == 0 ? 0 : g[0].length;
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

    /** LU-style elimination below pivot row k. */
    static void eliminate(double[][] a, int k) {
        double[] pivot = a[k];
        for (int i = k + 1; i < a.length; i++) {
            double[] row = a[i];
            double f = row[k] / pivot[k];
            row[k] = f;
            for (int j = k + 1; j < row.length; j++) row[j] -= f * pivot[j];
        }
    }

    static double[][] alloc2(int n, int m) {
        double[][] a = new double[n][m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) a[i][j] = i * 10 + j;
        return a;
    }

    static long[][] newLong2(int n, int m) { return new long[n][m]; }
    static float[][][] new3(int a, int b, int c) { return new float[a][b][c]; }
    static short[][][] new3Partial(int a, int b) { return new short[a][b][]; }

    static int[][] jagged(int n) {
        int[][] t = new int[n][];
        for (int i = 0; i < n; i++) {
            t[i] = new int[i];
            for (int j = 0; j < i; j++) t[i][j] = i + j;
        }
        return t;
    }

    static int[][] transpose(int[][] a) {
        int[][] t = new int[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) t[j][i] = a[i][j];
        return t;
    }

    static void setRow(double[][] a, int i, double[] r) { a[i] = r; }

    /**
     * 3-D, every level touched: rows swapped between two sub-tables, a row written, sub-table {@code j} replaced by
     * sub-table {@code i} (an alias the kernel makes), then a read that throws for some {@code k} (past the end, or a
     * null sub-table or row) after all of that.
     */
    static int mix3(int[][][] a, int i, int j, int k, int v) {
        int[] t = a[i][0];
        a[i][0] = a[j][1];
        a[j][1] = t;
        a[i][0][0] += v;
        a[j] = a[i];
        return a[k][1][0];
    }

    static void swapRows(double[][] a, int i, int j) {
        double[] t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Fresh rows put into the caller's matrix: they become ordinary Java arrays there. */
    static void freshRows(double[][] a, int m) {
        for (int i = 0; i < a.length; i += 2) {
            a[i] = new double[m];
            for (int j = 0; j < m; j++) a[i][j] = -j;
        }
    }

    /** Writes through rows, then fails part-way: the writes before the throw stay. */
    static void writeThenThrow(double[][] a, int stop) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) a[i][j] = i * 100 + j;
            if (i == stop) a[i][a[i].length] = 1;
        }
    }

    /** Rows aliased to each other: a write through one is read through the other. */
    static double aliasRows(double[][] a) {
        a[0][0] = 5;
        return a[1][0];
    }

    /** A row aliased to another parameter. */
    static double rowAndParam(double[][] a, double[] b) {
        b[0] = 7;
        double before = a[0][0];
        a[0][0] = 9;
        return before * 100 + b[0];
    }

    static double[][] same(double[][] a) { return a; }
    static double[] row(double[][] a, int i) { return a[i]; }
    static boolean sameRow(double[][] a, int i, int j) { return a[i] == a[j]; }
    static int nullRows(int[][] a) {
        int n = 0;
        for (int[] r : a) if (r == null) n++;
        return n;
    }

    /** Rows copied between arrays of arrays: the references move, the rows are shared. */
    static void copyRows(double[][] s, int sp, double[][] d, int dp, int n) { System.arraycopy(s, sp, d, dp, n); }

    static double shareRow(double[][] a) {
        double[][] b = new double[a.length][];
        System.arraycopy(a, 0, b, 0, a.length);
        b[0][0] = 11;
        return a[0][0];
    }

    /** Row-wise product into a 1-D parameter, which may itself be a row. */
    static void matVecInto(double[][] m, double[] x, double[] y) {
        for (int i = 0; i < m.length; i++) {
            double[] row = m[i];
            double s = 0;
            for (int j = 0; j < row.length; j++) s += row[j] * x[j];
            y[i % y.length] += s;
        }
    }

    /** Replaces row i by a fresh array and row j by row k, writes through every row, then may fail. */
    static void mixUp(double[][] a, int i, int j, int k, int stop) {
        a[i] = new double[] {i, -1};
        a[j] = a[k];
        for (int r = 0; r < a.length; r++) {
            if (a[r] != null && a[r].length > 0) a[r][0] += r;
            if (r == stop) a[r][a[r].length] = 1;
        }
    }
}
