package dev.kiln.compiler.diff;

/**
 * Tables of arrays: {@code static final} primitive arrays of two and three dimensions (coefficient pairs, ragged
 * triangles, a mantissa table too long to pass in place), read and written by kernels and their callees.
 */
final class DeepTableKernels {
    private DeepTableKernels() {
    }

    /** Coefficients of log(1 + e) as hi/lo pairs, highest degree last (the shape of FastMath's LN_QUICK_COEF). */
    private static final double[][] LOG_COEF = {
            {1.0, 5.669184079525E-24},
            {-0.25, -0.25},
            {0.3333333134651184, 1.986821492305628E-8},
            {-0.25, -6.663542893624021E-14},
            {0.19999998807907104, 1.1921056801463227E-8},
            {-0.1666666567325592, -7.800414592973399E-9},
    };

    /** Pascal's triangle, ragged: row n has n + 1 entries; row 7 is missing (null). */
    static final int[][] PASCAL = new int[12][];

    /** 300 rows {@code {log2(1 + i/300), i}}: more rows than can go in place, so they are copied per call. */
    static final double[][] MANT = new double[300][];

    /** A 2×3×4 table of longs. */
    static final long[][][] CUBE = new long[2][3][4];

    /** Buckets written by a kernel. */
    static final long[][] HIST = new long[3][4];

    /** Rows a kernel replaces. */
    static final double[][] SLOTS = {{1}, {2}, {3}};

    static final float[][] NONE = null;

    static {
        for (int n = 0; n < PASCAL.length; n++) {
            if (n == 7) continue;
            PASCAL[n] = new int[n + 1];
            for (int k = 0; k <= n; k++) {
                long c = 1;
                for (int j = 0; j < k; j++) c = c * (n - j) / (j + 1);
                PASCAL[n][k] = (int) c;
            }
        }
        for (int i = 0; i < MANT.length; i++) MANT[i] = new double[] {Math.log1p(i / 300.0) / Math.log(2), i};
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) CUBE[i][j][k] = (i + 1L) << (8 * j + k);
    }

    /** log(1 + x) by a polynomial in split hi/lo coefficients, rows read through a local. */
    static double quickLog1p(double x) {
        double[] top = LOG_COEF[LOG_COEF.length - 1];
        double a = top[0];
        double b = top[1];
        for (int i = LOG_COEF.length - 2; i >= 0; i--) {
            a = a * x + LOG_COEF[i][0];
            b = b * x + LOG_COEF[i][1];
        }
        return (a + b * 1e-9) * x;
    }

    /** Binomial coefficient from the ragged triangle: bad n or k throws as in Java, row 7 is null. */
    static int binomial(int n, int k) {
        return PASCAL[n][k];
    }

    /** Sum of row {@code n} through a callee that gets the whole table. */
    static long rowSum(int n) {
        return sumRow(PASCAL, n);
    }

    private static long sumRow(int[][] t, int n) {
        long s = 0;
        for (int v : t[n]) s += v;
        return s;
    }

    /** log2 of a double by its exponent and a mantissa table with many rows (a row per mantissa bucket). */
    static double log2(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int e = (int) ((bits >>> 52) & 0x7ff) - 1023;
        int m = (int) (((bits & 0xfffffffffffffL) * MANT.length) >>> 52);
        double[] row = table()[m];
        return e + row[0] + row[1] * 0.0;
    }

    /** The table through an accessor that returns it (as javac's access$ methods do). */
    private static double[][] table() {
        return MANT;
    }

    static long cube(int i, int j, int k) {
        return CUBE[i][j][k] + CUBE.length * 1000L + CUBE[i].length * 100L + CUBE[i][j].length;
    }

    /** Adds into a bucket of a 2-D table (a write: Java sees it after the call). */
    static void count(double[] xs) {
        for (double x : xs) HIST[x < 0 ? 0 : x < 1 ? 1 : 2][Double.isNaN(x) ? 3 : (int) Math.min(2, Math.abs(x))]++;
    }

    /** Replaces a row of the table with a new array (Java sees the new row after the call). */
    static double replace(int i, double v) {
        double before = SLOTS[i][0];
        SLOTS[i] = new double[] {v, before};
        return before;
    }

    /** A parameter that may be the table itself: the kernel's write through one is read through the other. */
    static double aliased(double[][] a, int i) {
        a[i][0] += 1;
        return SLOTS[i][0];
    }

    static float readsNone(int i) {
        return NONE[i][0];
    }

    static int lengthOfNone() {
        return NONE.length;
    }
}
