package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.DiffMatrixTest.copy;
import static dev.kiln.compiler.diff.DiffMatrixTest.grid;

/**
 * Arrays of arrays across every way their rows can cross (in place with as few pointer arguments as fit, or copied)
 * and for kernels that read their rows only (whose rows are not copied back) against ones that write them: contents
 * after the call and after a throw, rows aliased with each other and with a 1-D parameter.
 */
class DiffRowsTest {
    static final Diff D = Diff.forClass(DiffRowsTest.class);
    static final Class<?> K = RowKernels.class;
    /** Around every row count where the call path changes, and past the FFM limit of 84 address arguments. */
    static final int[] ROWS = {0, 1, 2, 5, 6, 7, 8, 9, 13, 14, 15, 16, 17, 29, 30, 31, 32, 33, 47, 48, 49, 61, 62, 63, 64, 65, 81, 82, 83, 84, 85, 100, 300};

    /**
     * Row widths: short rows are copied at every count, rows of 64 doubles (512 bytes, above DeepMarshal's
     * DIRECT_READ and DIRECT_WRITTEN) go in place while they fit the pointer arguments.
     */
    static final int[] WIDTHS = {3, 64};

    static double[] vector(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i % 3 == 0 ? 1 : i % 3 == 1 ? -1 : 0.5 + i;
        return x;
    }

    @Test
    void readOnlyRowsAtEveryRowCount() {
        for (int width : WIDTHS) for (int rows : ROWS) {
            double[][] plain = grid(rows, width);
            double[][] aliased = grid(rows, width);
            if (rows > 1) aliased[rows - 1] = aliased[0];
            double[][] holes = grid(rows, width);
            if (rows > 2) {
                holes[1] = null;
                holes[2] = new double[0];
            }
            for (double[][] g : List.of(plain, aliased, holes)) {
                D.check(K, "matVecInto", copy(g), vector(width), new double[rows]);
                if (rows > 3) {
                    double[][] c = copy(g);
                    D.check(K, "matVecInto", c, vector(width), c[3]); // y is a row (read and written)
                    c = copy(g);
                    D.check(K, "matVecInto", c, c[0], c[0]); // x and y are one row
                    c = copy(g);
                    D.check(K, "matVecInto", c, c[rows - 1], c[0]);
                }
                D.checkAll(K, "sumRowsThenThrow", product(List.of((Object) copy(g)), List.of((Object) new double[rows]),
                        List.of(0, rows, -1)));
                if (rows > 3) {
                    double[][] c = copy(g);
                    D.checkAll(K, "sumRowsThenThrow", product(List.of((Object) c), List.of((Object) c[0]), List.of(rows)));
                }
                D.check(K, "concatenate", (Object) copy(g));
                D.check(K, "rotateRows", (Object) copy(g));
            }
        }
    }

    @Test
    void writtenRowsAtEveryRowCount() {
        for (int width : WIDTHS) for (int rows : ROWS) {
            double[][] aliased = grid(rows, width);
            if (rows > 1) aliased[rows / 2] = aliased[0];
            for (double[][] g : List.of(grid(rows, width), aliased)) {
                D.check(K, "scaleRows", copy(g), -0.5);
                D.checkAll(K, "writeEither", product(List.of((Object) copy(g)), List.of((Object) new double[] {7}),
                        List.of(0, 1, rows, rows + 1)));
                if (rows > 0) {
                    double[][] c = copy(g);
                    D.check(K, "writeEither", c, c[rows - 1], rows); // the param and the row are one array
                }
                D.checkAll(K, "fillRow", product(List.of((Object) copy(g)), List.of(0, rows - 1, rows), List.of(Double.NaN)));
                D.checkAll(K, "copyIntoRow", product(List.of((Object) copy(g)), Arrays.asList(new double[] {1, 2}, null,
                        new double[] {1, 2, 3, 4}), List.of(0, rows - 1)));
            }
        }
    }

    @Test
    void deepTablesReadOnly() {
        for (int n : new int[] {0, 1, 3, 12}) {
            double[][][] a = new double[n][n + 1][4];
            double[][][] b = new double[n][n + 1][4];
            for (int i = 0; i < n; i++) for (int j = 0; j <= n; j++) for (int k = 0; k < 4; k++) {
                a[i][j][k] = i - j * 0.5 + k;
                b[i][j][k] = Math.sin(i + j + k);
            }
            D.check(K, "rmse3", a, b);
            D.check(K, "rmse3", a, a);
            if (n > 1) {
                b[1][0] = a[0][0]; // one row in both arguments
                b[0] = null;
                D.check(K, "rmse3", a, b);
            }
        }
        D.check(K, "freshTable", 5);
    }

    /**
     * Read-only kernels past the in-place limit copy every place a row occurs (no identity lookup): rows aliased within
     * a table, across tables and with a written 1-D parameter, null, empty and ragged rows, 3-D and non-double rows.
     */
    @Test
    void readOnlyRowsCopiedPerPlace() {
        for (int rows : new int[] {0, 1, 33, 40, 100}) {
            double[][][] t = new double[rows][][];
            for (int i = 0; i < rows; i++) {
                t[i] = grid(i % 5 + 1, i % 7);
                if (i == rows - 1 && rows > 1) t[i][0] = null;
            }
            if (rows > 30) {
                t[30][0] = t[2][1]; // one row in two tables
                t[31] = t[2]; // one table twice
                t[32][0] = new double[0];
            }
            double[] y = new double[3];
            D.checkAll(K, "sumDeepInto", product(List.of((Object) t), List.of((Object) y), List.of(0, 1, rows - 1, 3)));
            if (rows > 30) {
                D.check(K, "sumDeepInto", t, t[2][1], 0); // y is a row of two tables, written
                D.check(K, "sumDeepInto", t, t[2][1], 3); // ... then the kernel throws (null row)
            }
            double[][] g = grid(rows, rows % 4);
            if (rows > 1) g[rows - 1] = g[0];
            D.check(K, "sameRows", (Object) g);
            if (rows > 0) D.checkAll(K, "pickRow", product(List.of((Object) g), List.of(0, rows - 1, rows)));
            int[][] a = new int[rows][];
            float[][] b = new float[rows][];
            boolean[][] c = new boolean[rows][];
            for (int i = 0; i < rows; i++) {
                a[i] = new int[] {i, -i, Integer.MAX_VALUE};
                b[i] = new float[] {Float.NaN, -0.0f, i};
                c[i] = new boolean[i % 3];
                java.util.Arrays.fill(c[i], i % 2 == 0);
            }
            if (rows > 4) {
                a[4] = a[1];
                c[4] = c[2];
            }
            D.check(K, "mixedRows", a, b, c);
            if (rows > 4) {
                a[3] = null;
                D.check(K, "mixedRows", a, b, c);
            }
        }
    }

    /** A read-only kernel returning a row returns the caller's own array, also when the row occurs twice. */
    @Test
    void rowReturnedIsTheCallersOwn() throws Throwable {
        java.lang.invoke.MethodHandle h = D.compiled(K, "pickRow");
        for (int rows : new int[] {3, 40}) {
            double[][] g = grid(rows, 2);
            g[rows - 1] = g[1];
            for (int i : new int[] {0, 1, rows - 1}) {
                Object got = h.invoke(g, i);
                org.junit.jupiter.api.Assertions.assertSame(g[i], got, "row " + i + " of " + rows);
            }
        }
    }

    /** A returned table: a new row it holds twice is one array, a row of the argument is the caller's own. */
    @Test
    void returnedTableKeepsIdentities() throws Throwable {
        java.lang.invoke.MethodHandle h = D.compiled(K, "newRowTwice");
        for (int rows : new int[] {0, 3, 40}) {
            for (int n : new int[] {0, 3, 5000}) { // in the frame's arena, or calloc'ed
                double[][] g = grid(rows, 2);
                D.check(K, "newRowTwice", g, n);
                double[][] got = (double[][]) h.invoke(g, n);
                org.junit.jupiter.api.Assertions.assertSame(got[0], got[2], rows + " rows, n " + n);
                org.junit.jupiter.api.Assertions.assertEquals(n, got[0].length);
                if (rows > 0) org.junit.jupiter.api.Assertions.assertSame(g[rows - 1], got[1], rows + " rows, n " + n);
            }
        }
    }
}
