package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.DiffMatrixTest.copy;
import static dev.kiln.compiler.diff.DiffMatrixTest.grid;

/**
 * Arrays of long rows around the 32- and 48-pointer entries: rows read only (of at least 1,024 bytes) take the
 * 48-pointer entry (KernelAbi.DIRECT_SLOTS) and past it split between rows in place and rows copied; rows written
 * stay within 32 and are copied past it, with a 1-D parameter that is also a row in place. Around each limit, with
 * rows aliased across the split, a 1-D parameter that is a row on either side of it, two tables sharing rows, null,
 * empty and ragged rows, and throws part-way.
 */
class DiffWideRowsTest {
    static final Diff D = Diff.forClass(DiffWideRowsTest.class);
    static final Class<?> K = WideRowKernels.class;
    /** Around the 32- and 48-pointer entries (one pointer per array parameter too), and far past them. */
    static final int[] ROWS = {30, 31, 32, 33, 45, 46, 47, 48, 49, 100, 300};

    /** Rows of {@code width} doubles; {@code ragged} makes every third row one shorter. */
    static double[][] rows(int n, int width, boolean ragged) {
        double[][] g = grid(n, width);
        if (ragged) for (int i = 2; i < n; i += 3) g[i] = Arrays.copyOf(g[i], width - 1);
        return g;
    }

    @Test
    void writtenRowsAroundTheLimits() {
        for (int n : ROWS) {
            double[][] plain = rows(n, 40, false);
            double[][] aliased = rows(n, 40, false);
            aliased[n - 1] = aliased[0]; // one row in place and copied past the split
            aliased[n / 2] = aliased[1];
            double[][] holes = rows(n, 40, true);
            holes[n - 2] = null; // throws part-way, after writing the rows before
            for (double[][] g : List.of(plain, aliased, holes)) {
                double[][] a = copy(g);
                D.check(K, "addRows", a, copy(g));
                a = copy(g);
                D.check(K, "addRows", a, a); // one table twice
                a = copy(g);
                double[][] b = copy(g);
                b[0] = a[n - 1]; // rows shared between the tables, on both sides of the split
                b[n - 1] = a[0];
                b[n / 3] = a[n / 3 + 1];
                D.check(K, "addRows", a, b);
                D.checkAll(K, "writeThenRead", product(List.of((Object) copy(g)), List.of(0, 1, n / 2, n - 1), List.of(0, 1, n / 2, n - 1, n)));
            }
        }
    }

    @Test
    void readRowsAroundTheLimits() {
        for (int n : ROWS) {
            double[][] plain = rows(n, 300, false);
            double[][] aliased = rows(n, 300, true);
            aliased[n - 1] = aliased[0];
            aliased[1] = null;
            for (double[][] g : List.of(plain, aliased)) {
                D.checkAll(K, "readThenPick", product(List.of((Object) copy(g)), List.of((Object) new double[7]), List.of(0, n - 1, n)));
                double[][] c = copy(g);
                D.check(K, "readThenPick", c, c[n - 1], n); // y is a row copied past the split, then a throw
                c = copy(g);
                D.check(K, "readThenPick", c, c[0], n - 1); // y is a row in place
                c = copy(g);
                D.check(K, "readThenPick", c, c[n / 2], 0);
            }
        }
    }

    @Test
    void tablesOfWideRows() {
        for (int n : new int[] {3, 4, 5, 10, 30}) {
            double[][][] t = new double[n][][];
            for (int i = 0; i < n; i++) t[i] = rows(10, 40, i % 2 == 1);
            t[n - 1][9] = t[0][0]; // one row in two tables
            t[n / 2] = t[0]; // one table twice
            D.check(K, "scale3", t, -0.5);
            double[][][] bad = t.clone();
            bad[n - 1] = new double[][] {new double[40], null};
            D.check(K, "scale3", bad, 2.0); // throws in the last table
        }
    }
}
