package dev.kiln.compiler.diff.ctables;

/**
 * Private static final tables computed by the static initializer and only ever read: compiled into the kernel as
 * constants (ImmutableTables). Two tables that are not provably constant stay passed by reference: one a method
 * writes, one handed to a method outside the package.
 */
public final class ConstTableKernels {
    private ConstTableKernels() {
    }

    /** Edge values, then a polynomial's coefficients. */
    private static final double[] EDGES = new double[9];

    private static final int[] SQUARES = new int[12];

    /** 1,024 rows {@code {log(1 + i/1024), i}}: far more rows than could be passed in place. */
    private static final double[][] MANT = new double[1024][];

    /** 3×4×5, with one null row and one empty row. */
    private static final double[][][] CUBE = new double[3][4][5];

    /** Depends on a system property read when the class initialises: another process may compute another table. */
    private static final long[] SEEDED = new long[3];

    /** Written by {@link #write}: stays a parameter. */
    private static final double[] WRITTEN = {1, 2, 3, 4};

    /** Handed to a JDK method by {@link #show}: stays a parameter. */
    private static final int[] LEAKED = {5, 6, 7};

    static {
        double[] e = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                Double.MAX_VALUE, Double.longBitsToDouble(0x7ff8000000000123L), Math.PI};
        for (int i = 0; i < e.length; i++) EDGES[i] = e[i];
        for (int i = 0; i < SQUARES.length; i++) SQUARES[i] = i * i;
        SQUARES[SQUARES.length - 1] = Integer.MIN_VALUE;
        for (int i = 0; i < MANT.length; i++) MANT[i] = new double[] {Math.log1p(i / 1024.0), i};
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) for (int k = 0; k < 5; k++) CUBE[i][j][k] = i * 100 + j * 10 + k - 0.5;
        CUBE[1][2] = null;
        CUBE[2][3] = new double[0];
        long seed = Long.getLong("kiln.test.tableSeed", 7);
        for (int i = 0; i < SEEDED.length; i++) SEEDED[i] = seed * (i + 1);
    }

    static double edge(int i) {
        return EDGES[i];
    }

    /** Horner over the table, through a local and a length. */
    static double poly(double x) {
        double[] c = EDGES;
        double s = 0;
        for (int i = c.length - 1; i >= 5; i--) s = s * x + c[i];
        return s;
    }

    static int square(int i) {
        return SQUARES[i];
    }

    /** log by exponent and mantissa bucket, the row read through a local (the shape of FastMath.log). */
    static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int exp = (int) ((bits >>> 52) & 0x7ff) - 1023;
        double[] row = MANT[(int) ((bits >>> 42) & 0x3ff)];
        return exp * 0.6931471805599453 + row[0] + row[1] * 0;
    }

    static double mant(int i, int j) {
        return MANT[i][j];
    }

    static int rows() {
        return MANT.length + MANT[MANT.length - 1].length;
    }

    static double cube(int i, int j, int k) {
        return CUBE[i][j][k];
    }

    static int cubeRow(int i, int j) {
        return CUBE[i][j].length;
    }

    /** A callee of the same class reading the table it is given. */
    static double sumRow(int i) {
        return sum(MANT[i]);
    }

    private static double sum(double[] r) {
        double s = 0;
        for (double v : r) s += v;
        return s;
    }

    static long seeded(int i) {
        return SEEDED[i];
    }

    static double written(int i) {
        return WRITTEN[i];
    }

    /** Public: the test writes through it. */
    public static void write(int i, double v) {
        WRITTEN[i] = v;
    }

    static int leaked(int i) {
        return LEAKED[i];
    }

    static String show() {
        return java.util.Arrays.toString(LEAKED);
    }
}
