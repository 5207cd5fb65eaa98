package dev.kiln.it.kernels;

/**
 * A kernel reading a private {@code static final double[][]} of 40 rows that its class fills at start-up from
 * {@code -Dk=...} and nothing ever writes: compiled into the kernel as constants, so its contents are part of the key.
 */
public final class BakedRows {
    private BakedRows() {
    }

    private static final double[][] ROWS = new double[40][];

    static {
        double k = Double.parseDouble(System.getProperty("k", "1"));
        for (int i = 0; i < ROWS.length; i++) ROWS[i] = new double[] {i, k * i};
    }

    /** 3 * k, from the table's row 1, plus a term from the argument. */
    public static double rowScaled(double[] x, double a) {
        return 3 * ROWS[1][1] + x[ROWS.length - 1] * a * ROWS[0][1];
    }
}
