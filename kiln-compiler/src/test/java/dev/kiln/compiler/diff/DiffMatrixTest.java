package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Arrays of arrays against HotSpot: values, exceptions, contents after the call and after a throw, aliasing. */
class DiffMatrixTest {
    static final Diff D = Diff.forClass(DiffMatrixTest.class);
    static final Class<?> K = MatrixKernels.class;
    static final List<Integer> IDX = List.of(0, 1, 2, -1, 3);

    static double[][] grid(int m, int n) {
        double[][] g = new double[m][n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) g[i][j] = Math.sin(i * 7 + j) + (i == 0 ? 1 : 0);
        return g;
    }

    static List<Object> matrices() {
        double[] shared = {4, 5};
        return Arrays.asList(null, new double[0][], new double[][] {{1}}, new double[][] {{1, 2}, null, {3}},
                new double[][] {shared, shared, {6, 7, 8}}, new double[][] {{}, {1, 2, 3}}, grid(4, 5));
    }

    @Test
    void loadsStoresLengths() {
        D.checkAll(K, "get2", product(matrices(), IDX, IDX));
        D.checkAll(K, "set2", product(matrices(), IDX, IDX, List.of(-0.0)));
        D.checkAll(K, "rows", product(matrices()));
        D.checkAll(K, "rowLen", product(matrices(), IDX));
        D.checkAll(K, "getNext", product(matrices(), IDX, List.of(0)));
        long[][][] l3 = {{{1, 2}, null}, null, {{3}}};
        D.checkAll(K, "get3", product(Arrays.asList(null, l3, new long[0][][]), IDX, IDX, IDX));
        int[][][] i3 = {{{1, 2}, {3}}, {null, {4}}};
        D.checkAll(K, "set3", product(Arrays.asList(null, i3), IDX, IDX, List.of(0, 1), List.of(9)));
        D.checkAll(K, "countTrue", product(Arrays.asList(null, new boolean[0][], new boolean[][] {{true, false}, {true}},
                new boolean[][] {{true}, null})));
        D.checkAll(K, "nullRows", product(Arrays.asList(new int[][] {null, {1}, null}, new int[0][])));
    }

    @Test
    void rowWiseKernels() {
        List<Object> xs = Arrays.asList(null, new double[] {1, 2, 3, 4, 5}, new double[] {1});
        D.checkAll(K, "matVec", product(matrices(), xs));
        D.checkAll(K, "sor", product(Arrays.asList(grid(6, 7), grid(3, 3), grid(1, 4), new double[0][], new double[][] {{1, 2, 3}, null, {4, 5, 6}}),
                List.of(1.25), List.of(0, 1, 5)));
        D.checkAll(K, "eliminate", product(Arrays.asList(grid(5, 5), grid(3, 4), new double[][] {{0, 1}, {1, 1}}), List.of(0, 1, 4, 5)));
    }

    @Test
    void allocationsReturned() {
        List<Integer> sizes = List.of(0, 1, 3, -1, -4);
        D.checkAll(K, "alloc2", product(sizes, sizes));
        D.checkAll(K, "newLong2", product(List.of(0, 2, -3), List.of(0, 3, -5, Integer.MAX_VALUE)));
        D.checkAll(K, "new3", product(List.of(0, 2, -1), List.of(0, 1, -2), List.of(0, 3, -3)));
        D.checkAll(K, "new3Partial", product(List.of(0, 2, -1), List.of(0, 2, -2)));
        D.checkAll(K, "jagged", product(List.of(0, 1, 4, -1)));
        D.checkAll(K, "transpose", product(Arrays.asList(null, new int[0][], new int[][] {{1, 2, 3}, {4, 5, 6}},
                new int[][] {{1, 2}, {3}}, new int[][] {{1}, null})));
    }

    @Test
    void rowsAssignedAliasedAndAfterAThrow() {
        List<Object> rows = Arrays.asList(null, new double[] {9, 9});
        D.checkAll(K, "setRow", product(matrices(), IDX, rows));
        D.checkAll(K, "swapRows", product(matrices(), IDX, IDX));
        D.checkAll(K, "freshRows", product(matrices(), List.of(0, 2, -1)));
        D.checkAll(K, "writeThenThrow", product(matrices(), List.of(0, 1, 2, 5)));
        double[] r = {1, 2};
        D.check(K, "aliasRows", (Object) new double[][] {r, r});
        D.check(K, "aliasRows", (Object) new double[][] {{1, 2}, {3}});
        D.check(K, "rowAndParam", new double[][] {r}, r);
        D.check(K, "rowAndParam", new double[][] {{1}}, new double[] {2});
        D.checkAll(K, "copyRows", product(matrices(), List.of(0, 1, -1, 3), matrices(), List.of(0, 2), List.of(0, 1, 2, -1)));
        D.checkAll(K, "shareRow", product(Arrays.asList(null, new double[][] {{1}, {2}}, new double[][] {null})));
        D.checkAll(K, "sameRow", product(Arrays.asList((Object) new double[][] {r, r, {1, 2}}), List.of(0, 1, 2), List.of(0, 1, 2)));
    }

    /** More rows than pointer slots: the rows are copied into native memory and back instead of passed in place. */
    @Test
    void manyRowsTakeTheCopyingPath() {
        double[][] big = grid(70, 3);
        big[5] = null;
        big[7] = big[6];
        List<Object> bigs = Arrays.asList(big, grid(65, 1), grid(63, 2));
        D.checkAll(K, "get2", product(bigs, List.of(0, 5, 7, 69, 70), List.of(0, 2)));
        D.checkAll(K, "writeThenThrow", product(bigs, List.of(3, 200)));
        D.checkAll(K, "swapRows", product(bigs, List.of(0, 64), List.of(5, 69)));
        D.checkAll(K, "freshRows", product(bigs, List.of(2)));
        D.checkAll(K, "sor", product(bigs, List.of(1.5), List.of(2)));
        double[][] aliased = grid(80, 2);
        aliased[1] = aliased[0];
        D.check(K, "aliasRows", (Object) aliased);
        D.check(K, "rowAndParam", aliased, aliased[0]);
        D.checkAll(K, "matVec", product(bigs, Arrays.asList(new double[] {1, 2, 3}, null)));
    }

    /**
     * Around the 32-pointer entry (KernelAbi.entrySlots: one pointer per array parameter, then one per row
     * occurrence): matrices with 28 to 33 rows, with and without aliased rows, with a 1-D parameter that is or is not
     * one of the rows, rows replaced, and a throw part-way.
     */
    @Test
    void aroundTheInPlaceLimit() {
        for (int rows = 28; rows <= 33; rows++) {
            double[][] plain = grid(rows, 3);
            double[][] aliased = grid(rows, 3);
            aliased[rows - 1] = aliased[0];
            double[][] holes = grid(rows, 3);
            holes[1] = null;
            holes[2] = new double[0];
            for (double[][] g : List.of(plain, aliased, holes)) {
                D.check(K, "matVecInto", copy(g), new double[] {1, 2, 3}, new double[rows]);
                double[][] c = copy(g);
                D.check(K, "matVecInto", c, new double[] {1, -1, 0.5}, c[3]); // y is a row
                D.check(K, "matVecInto", c, c[0], c[0]); // x and y are one row
                D.checkAll(K, "mixUp", product(List.of((Object) copy(g)), List.of(0, rows - 1), List.of(3), List.of(0, rows - 1), List.of(-1, 4, rows - 1)));
                D.checkAll(K, "writeThenThrow", product(List.of((Object) copy(g)), List.of(1, rows - 2)));
                D.check(K, "rowAndParam", copy(g), new double[] {5, 6});
                double[][] a = copy(g);
                D.check(K, "rowAndParam", a, a[0]);
                D.check(K, "aliasRows", (Object) copy(g));
            }
        }
        // 3-D: tables of tables, in place (few rows) and copied (40 rows)
        int[][][] small = {{{1, 2}, {3}}, {null, {4}}};
        int[][][] big = new int[5][8][3];
        big[1][2] = big[0][0];
        for (int[][][] t : List.of(small, big)) D.checkAll(K, "set3", product(List.of((Object) t), List.of(0, 1), List.of(0, 1, 2), List.of(0, 2), List.of(9)));
    }

    /**
     * 3-D over the in-place limit (the copying path), with sub-tables and rows aliased, null and empty, read back after
     * the kernel swapped rows between sub-tables, replaced a sub-table and (for some k) threw.
     */
    @Test
    void deepTablesCopiedAndReadBack() {
        int[][][] big = new int[12][4][3];
        for (int i = 0; i < 12; i++) for (int j = 0; j < 4; j++) for (int k = 0; k < 3; k++) big[i][j][k] = 100 * i + 10 * j + k;
        big[1] = big[0]; // one sub-table twice
        big[3][2] = big[4][1]; // one row in two sub-tables
        big[5] = null;
        big[6][3] = null;
        big[7] = new int[0][];
        big[8][1] = new int[0];
        List<Integer> at = List.of(0, 1, 3, 4, 6);
        D.checkAll(K, "mix3", product(List.of((Object) big), at, at, List.of(0, 4, 5, 7, 8, 12), List.of(0, 7)));
    }

    /** A deep copy keeping the aliases between rows (the harness copies arguments for each side too). */
    static double[][] copy(double[][] g) {
        java.util.IdentityHashMap<double[], double[]> seen = new java.util.IdentityHashMap<>();
        double[][] out = new double[g.length][];
        for (int i = 0; i < g.length; i++) out[i] = g[i] == null ? null : seen.computeIfAbsent(g[i], double[]::clone);
        return out;
    }

    @Test
    void identityAfterTheCall() throws Throwable {
        assumeFalse(Diff.JAVA_ONLY, "checks the compiled kernel's identities");
        double[] r0 = {1, 2};
        double[] r1 = {3, 4};
        double[][] a = {r0, r1, r0};
        assertSame(a, (double[][]) D.compiled(K, "same").invoke(a));
        assertSame(r1, (double[]) D.compiled(K, "row").invoke(a, 1));
        D.compiled(K, "swapRows").invoke(a, 0, 1);
        assertSame(r1, a[0]);
        assertSame(r0, a[1]);
        assertSame(r0, a[2]);
        double[] mine = {7};
        D.compiled(K, "setRow").invoke(a, 2, mine);
        assertSame(mine, a[2]);
        D.compiled(K, "set2").invoke(a, 1, 0, 42.0); // a[1] is r0, which a[0] no longer is
        assertEquals(42.0, r0[0]);
        double[][] b = {r0, null, r1};
        D.compiled(K, "freshRows").invoke(b, 1);
        assertArrayEquals(new double[] {0.0}, b[0]); // -j with int j = 0 is +0.0
        assertArrayEquals(new double[] {0.0}, b[2]);
        assertEquals(b[0].getClass(), double[].class);
        assertSame(null, b[1]); // the row the kernel did not replace
        double[][] c = {r0, r1};
        D.compiled(K, "freshRows").invoke(c, 1);
        assertSame(r1, c[1]); // still the caller's own row
    }
}
