package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.DiffMatrixTest.copy;
import static dev.kiln.compiler.diff.DiffMatrixTest.grid;

/**
 * Rows loaded once before the loop that reads them (InvariantRowLoads) against HotSpot: null tables and rows,
 * short rows, indices out of bounds and at the int limits, loops that run no iteration, exceptions in the first, a
 * middle and the last iteration, a loop that replaces the row it reads, aliased rows.
 */
class DiffInvariantRowTest {
    static final Diff D = Diff.forClass(DiffInvariantRowTest.class);
    static final Class<?> K = InvariantRowKernels.class;
    static final List<Object> INDICES = Arrays.asList(0, 1, 3, 4, 5, -1, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1);

    /** Tables of rows: regular, with a null row, a short row, an empty row, aliased rows, empty, null. */
    static List<Object> tables(int rows, int width) {
        List<Object> out = new ArrayList<>();
        out.add(grid(rows, width));
        double[][] g = grid(rows, width);
        g[rows / 2] = null;
        out.add(g);
        g = grid(rows, width);
        g[rows - 1] = Arrays.copyOf(g[rows - 1], width / 2);
        out.add(g);
        g = grid(rows, width);
        g[0] = new double[0];
        out.add(g);
        g = grid(rows, width);
        g[1] = g[0];
        out.add(g);
        out.add(new double[0][]);
        out.add(null);
        return out;
    }

    @Test
    void rmseShapes() {
        List<Object> as = tables(5, 6), bs = tables(5, 6);
        List<Object[]> in = new ArrayList<>();
        for (Object a : as) for (Object b : bs) in.add(new Object[] {a == null ? null : copy((double[][]) a), b == null ? null : copy((double[][]) b)});
        D.checkAll(K, "rmse2", in);
        float[][][] x = cube(3, 4, 5), y = cube(3, 4, 5);
        D.check(K, "rmse3", x, y);
        float[][][] shortRow = cube(3, 4, 5);
        shortRow[2][3] = new float[4]; // the last iteration's b row is one short
        D.check(K, "rmse3", x, shortRow);
        float[][][] nullRow = cube(3, 4, 5);
        nullRow[1][2] = null;
        D.check(K, "rmse3", x, nullRow);
        D.check(K, "rmse3", nullRow, x);
        float[][][] nullTable = cube(3, 4, 5);
        nullTable[2] = null;
        D.check(K, "rmse3", x, nullTable);
        D.check(K, "rmse3", x, new float[2][][]);
        D.check(K, "rmse3", x, null);
    }

    static float[][][] cube(int l, int m, int n) {
        float[][][] c = new float[l][m][n];
        for (int i = 0; i < l; i++) for (int j = 0; j < m; j++) for (int k = 0; k < n; k++) c[i][j][k] = (float) Math.cos(i * 31 + j * 7 + k);
        return c;
    }

    @Test
    void matrixProductWithAliasedRows() {
        for (int n : new int[] {0, 1, 3, 17}) {
            D.check(K, "mm", grid(n, n), grid(n, n), grid(n, n));
            double[][] c = grid(n, n);
            D.check(K, "mm", c, c, c); // every operand is the output
            if (n > 1) {
                double[][] b = grid(n, n);
                b[n - 1] = Arrays.copyOf(b[n - 1], n - 1); // throws in the last j iteration of the last row
                D.check(K, "mm", grid(n, n), b, grid(n, n));
                double[][] cs = grid(n, n);
                cs[1] = null;
                D.check(K, "mm", grid(n, n), grid(n, n), cs);
                double[][] a = grid(n, n);
                a[0] = cs[0];
                D.check(K, "mm", a, a, cs);
            }
        }
    }

    @Test
    void indexAtEveryEdge() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        List<Object> ns = List.of(0, 1, 5, 6, 7, 9, 10, -1);
        D.checkAll(K, "sumAt", product(List.of((Object) x, new double[3]), tables(5, 6), INDICES, ns));
        D.checkAll(K, "rowSum", product(tables(5, 6), INDICES, ns));
        D.checkAll(K, "twoRows", product(tables(5, 6), List.of(0, 4, 5, -1), List.of(1, 4, Integer.MAX_VALUE), ns));
        D.checkAll(K, "rowAfter", product(tables(5, 6), INDICES, ns));
        D.checkAll(K, "nextRow", product(tables(5, 6), INDICES, ns));
        D.checkAll(K, "nextRow", product(List.of((Object) grid(5, 6)), List.of(Integer.MAX_VALUE, -1, 3, 4), ns));
    }

    @Test
    void primitiveTypesOfRows() {
        long[][] l = new long[4][9];
        for (int i = 0; i < 4; i++) for (int k = 0; k < 9; k++) l[i][k] = Long.MAX_VALUE / (k + 1) - i;
        l[3] = null;
        float[][] f = new float[4][9];
        for (int i = 0; i < 4; i++) for (int k = 0; k < 9; k++) f[i][k] = k == 4 ? Float.NaN : i - k * 0.1f;
        f[2] = new float[3];
        List<Object> ns = List.of(0, 3, 4, 9, 10);
        D.checkAll(K, "longSum", product(List.of((Object) l), INDICES, ns));
        D.checkAll(K, "floatSum", product(List.of((Object) f), INDICES, ns));
        D.checkAll(K, "prefixInRow", product(List.of((Object) l), List.of(0, 2, 3, 4, -1, Integer.MAX_VALUE),
                List.of(0, -1, 7), List.of(0, 5, 8, 9)));
        int[][][] c = new int[3][4][];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) c[i][j] = new int[] {i - j, 1, -2, j};
        c[1][2] = null;
        c[2] = null;
        D.checkAll(K, "countIn", product(List.of((Object) c), List.of(0, 1, 2, 3, -1, Integer.MIN_VALUE), List.of(0, 2, 3, 4, Integer.MAX_VALUE)));
    }

    @Test
    void loopThatReplacesTheRow() {
        double[][] a = grid(4, 9);
        a[2] = new double[3];
        D.checkAll(K, "replaceRow", product(List.of((Object) a), Arrays.asList((Object) new double[9], new double[5], null),
                List.of(0, 1, 2, 4, -1), List.of(0, 3, 7, 8)));
    }
}
