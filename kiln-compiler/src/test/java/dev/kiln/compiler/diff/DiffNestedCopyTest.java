package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * Rows read only on the copying path ({@code DeepMarshal}: each place its own copy) next to 1-D parameters that are
 * also rows (one shared copy, copied back): contents after the call and after a throw in the first, a middle and the
 * last row, aliases, null sub-tables and null, empty and jagged rows.
 */
class DiffNestedCopyTest {
    static final Diff D = Diff.forClass(DiffNestedCopyTest.class);
    static final Class<?> K = NestedCopyKernels.class;

    static float[][][] cube(int n, int m, int len) {
        float[][][] c = new float[n][m][len];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) for (int k = 0; k < len; k++) c[i][j][k] = i * 0.5f - j + k * 0.25f;
        return c;
    }

    @Test
    void threeDimensionsWithAParameterRow() {
        for (int n : List.of(0, 1, 3, 40)) {
            float[][][] t = cube(n, 4, 5);
            int rows = 4 * n;
            D.check(K, "sum3Into", t, null, new float[rows]);
            D.check(K, "sum3Into", cube(n, 4, 5), new float[] {1, 2}, new float[rows]);
            if (n == 0) continue;
            float[][][] shared = cube(n, 4, 5);
            float[] q = new float[rows];
            shared[n - 1][3] = q; // q is the last row: written through the parameter, read as a row
            shared[0][1] = shared[n - 1][2]; // one row in two places
            D.check(K, "sum3Into", shared, shared[0][0], q);
            float[][][] holes = cube(n, 4, 5);
            holes[0][2] = new float[0];
            holes[n - 1][0] = new float[] {7, Float.NaN, -0.0f};
            if (n > 2) holes[1] = null;
            D.check(K, "sum3Into", holes, null, new float[rows]);
            // q too short: throws at the first, a middle and the last row, after writing the rows before
            for (int len : List.of(0, rows / 2, rows - 1)) {
                float[][][] s = cube(n, 4, 5);
                float[] shortQ = new float[len];
                s[0][0] = shortQ;
                D.check(K, "sum3Into", s, null, shortQ);
            }
            float[][][] nullRow = cube(n, 4, 5);
            nullRow[n - 1][3] = null;
            D.check(K, "sum3Into", nullRow, null, new float[rows]);
        }
    }

    @Test
    void twoTablesSharingRows() {
        for (int n : List.of(1, 5, 40)) {
            double[][] a = new double[n][];
            for (int i = 0; i < n; i++) a[i] = new double[] {i, -i, 0.5 * i, Double.MIN_VALUE};
            double[][] b = {a[n - 1], a[0], new double[] {1, 2}};
            double[] x = a[n / 2];
            D.check(K, "dotInto", a, b, x);
            D.check(K, "dotInto", a, a, a[0]);
            double[][] c = a.clone();
            D.checkAll(K, "dotInto", product(List.of((Object) c), List.of((Object) b), List.of(new double[] {0}, new double[0])));
            D.check(K, "dotInto", a, new double[0][], new double[3]); // i % 0 throws at the first row
        }
    }
}
