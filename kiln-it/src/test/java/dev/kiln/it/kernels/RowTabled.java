package dev.kiln.it.kernels;

/**
 * A kernel reading a {@code static final double[][]} whose rows its class fills at start-up from {@code -Dk=...}:
 * identical class files, different table values per process. Tables are read through the field at each call, never
 * baked, so every process can share one native entry and still see its own values.
 */
public final class RowTabled {
    private RowTabled() {
    }

    static final double[][] ROWS = new double[24][]; // rows in place (a table of more than 32 arrays is refused)

    static {
        double k = Double.parseDouble(System.getProperty("k", "1"));
        for (int i = 0; i < ROWS.length; i++) ROWS[i] = new double[] {i, k * i};
    }

    /** 3 * k, from the table's row 1, plus a term from the argument. */
    public static double rowScaled(double[] x, double a) {
        return 3 * ROWS[1][1] + x[ROWS.length - 1] * a * ROWS[0][1];
    }
}
