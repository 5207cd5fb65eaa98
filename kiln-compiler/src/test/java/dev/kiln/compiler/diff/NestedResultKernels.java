package dev.kiln.compiler.diff;

/**
 * Arrays of arrays returned whose rows are the caller's own arrays (parameters, fields of this, constant tables),
 * null, fresh allocations or a mix, with and without other 2-D parameters. HotSpot returns the caller's arrays
 * themselves as the rows; so must Kiln, on every call path (1-D-only kernels, 2-D parameters in place, copied).
 */
final class NestedResultKernels {
    private NestedResultKernels() {
    }

    static final long[] TABLE = {7, -1, Long.MIN_VALUE, Long.MAX_VALUE};
    static final double[] WEIGHTS = {0.25, -0.0, Double.NaN};

    // ---- one parameter as the only row, every element type

    static boolean[][] wrapZ(boolean[] a) { return new boolean[][] {a}; }
    static byte[][] wrapB(byte[] a) { return new byte[][] {a}; }
    static short[][] wrapS(short[] a) { return new short[][] {a}; }
    static char[][] wrapC(char[] a) { return new char[][] {a}; }
    static int[][] wrapI(int[] a) { return new int[][] {a}; }
    static long[][] wrapJ(long[] a) { return new long[][] {a}; }
    static float[][] wrapF(float[] a) { return new float[][] {a}; }
    static double[][] wrapD(double[] a) { return new double[][] {a}; }

    /** The second parameter as the row (a boolean[] after a short[]: issue 19's first report). */
    static boolean[][] second(short[] s, boolean[] z) { return new boolean[][] {z}; }
    static long[][] secondOfTwo(long[] a, long[] b) { return new long[][] {b}; }

    static long[][] twice(long[] a) { return new long[][] {a, a}; }
    static int[][] withNulls(int[] a) { return new int[][] {null, a, null}; }
    static double[][] allNull(double[] a) { return new double[2][]; }

    /** Fresh rows, a parameter, null and the parameter again, written through after being placed. */
    static double[][] mixed(double[] a, double[] b, int n) {
        double[][] r = {a, new double[n], null, b, a};
        if (a != null && a.length > 0) r[4][0] += 1;
        return r;
    }

    /** Rows that are constant tables, and a table next to a parameter. */
    static long[][] tableRow() { return new long[][] {TABLE}; }
    static long[][] tableAndParam(long[] a) { return new long[][] {TABLE, a, TABLE}; }
    static double[][] weightsTwice(double[] a) { return new double[][] {WEIGHTS, a, WEIGHTS}; }

    /** Three levels: the parameter two levels down. */
    static int[][][] wrap3(int[] a) { return new int[][][] {{a}, null, {a, null}}; }

    /** Builds the rows, then throws part-way: nothing returned, the parameter's writes stay. */
    static long[][] wrapThenThrow(long[] a, int i) {
        long[][] r = {a, a};
        a[0] = 42;
        r[1][i] = -1;
        return r;
    }

    // ---- with a 2-D parameter too (in place, or copied past the row limit or with boolean rows)

    static long[][] wrapWith2D(long[] a, double[][] m) { return new long[][] {a}; }
    static double[][] paramAndRows(double[] a, double[][] m) {
        if (m.length < 2) return new double[][] {a, null};
        return new double[][] {a, m[1], m[0], a};
    }
    static boolean[][] boolParamAndRows(boolean[] z, boolean[][] g) { return new boolean[][] {g.length > 0 ? g[0] : null, z}; }
    static double[][] same2D(double[][] m, double[] a) { return m; }
    static double[][] replaceRow(double[][] m, double[] a) {
        double[][] r = {m[0], a};
        m[0] = a;
        return r;
    }
    /** The table as a row next to a 2-D parameter. */
    static double[][] weightsWith2D(double[][] m) { return new double[][] {WEIGHTS, m.length > 0 ? m[0] : null}; }

    // ---- fields of this

    /** A kernel object whose fields become rows of what it returns. */
    static final class Rows {
        final long[] a;
        final long[] b;
        final double[] d;

        Rows(long[] a, long[] b, double[] d) {
            this.a = a;
            this.b = b;
            this.d = d;
        }

        long[][] fields() { return new long[][] {a, b, a}; }
        long[][] fieldAndParam(long[] x) { return new long[][] {x, a}; }
        long[][] fieldAndTable() { return new long[][] {TABLE, b}; }
        /** A field next to the rows of a 2-D parameter (in place, or copied past the row limit). */
        double[][] fieldWith2D(double[][] m) { return new double[][] {d, m.length > 0 ? m[0] : null, d}; }
    }

    // ---- past the pointer slots: 8 arrays (one native signature), 9 (the next), 33 with a 2-D parameter

    static long[][] last8(long[] a0, long[] a1, long[] a2, long[] a3, long[] a4, long[] a5, long[] a6, long[] a7) { return new long[][] {a7, a0, a7}; }
    static long[][] last9(long[] a0, long[] a1, long[] a2, long[] a3, long[] a4, long[] a5, long[] a6, long[] a7, long[] a8) { return new long[][] {a8, a0, a8}; }
    static long[][] last33(long[] a0, long[] a1, long[] a2, long[] a3, long[] a4, long[] a5, long[] a6, long[] a7, long[] a8, long[] a9, long[] a10, long[] a11, long[] a12, long[] a13, long[] a14, long[] a15, long[] a16, long[] a17, long[] a18, long[] a19, long[] a20, long[] a21, long[] a22, long[] a23, long[] a24, long[] a25, long[] a26, long[] a27, long[] a28, long[] a29, long[] a30, long[] a31, long[] a32, double[][] m) {
        return new long[][] {a32, a0, a31};
    }
}
