package dev.kiln.compiler.diff;

import dev.kiln.KilnStats;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.StaticTables;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Static tables of arrays ({@code static final double[][]}, {@code int[][]}, {@code long[][][]}): passed by reference
 * at every call like arrays-of-arrays arguments, so a kernel sees the rows the field holds then, and its writes (to
 * elements, or replacing a row) land in the Java table.
 */
class DiffDeepTableTest {
    static final Diff D = Diff.forClass(DiffDeepTableTest.class);
    static final Class<?> K = DeepTableKernels.class;

    @Test
    void coefficientPairs() {
        D.checkAll(K, "quickLog1p", product(doublesWithRandom(200, 51)));
    }

    /** Bad n or k, a null row (HotSpot's helpful text names the table), and a callee given the table. */
    @Test
    void raggedTableWithANullRow() {
        List<Integer> ns = List.of(0, 1, 5, 6, 7, 11, 12, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        D.checkAll(K, "binomial", product(ns, List.of(0, 1, 3, 6, 11, 12, -1)));
        D.checkAll(K, "rowSum", product(ns));
    }

    /**
     * 300 rows: more than go in place, so every call would copy all of them to read one. Refused, naming the table
     * and why: the kernel runs as Java (HotSpot's speed) rather than natively at the cost of the copy.
     */
    @Test
    void tableTooLargeToGoInPlaceIsRefused() {
        var e = Diff.refusal(() -> D.compiled(K, "log2"));
        assertTrue(e.getMessage().contains("static table dev.kiln.compiler.diff.DeepTableKernels.MANT (an array of more than "
                + dev.kiln.runtime.abi.KernelAbi.CHEAP_SLOTS + " arrays"),
                e.getMessage());
    }

    @Test
    void threeDimensions() {
        D.checkAll(K, "cube", product(List.of(0, 1, 2, -1), List.of(0, 2, 3), List.of(0, 3, 4)));
    }

    @Test
    void nullTableThrowsHotSpotsMessage() {
        D.checkAll(K, "readsNone", product(List.of(0, 1, -1)));
        D.checkAll(K, "lengthOfNone", List.<Object[]>of(new Object[0]));
    }

    /** Element writes land in the table's rows and accumulate across calls (the table, not a copy). */
    @Test
    void writesLandInTheRows() throws Throwable {
        MethodHandle kiln = D.compiled(K, "count");
        double[] xs = {-1, 0.5, 3, 3, 11, Double.NaN, -0.0, 0.0, 1.5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        clear(DeepTableKernels.HIST);
        DeepTableKernels.count(xs);
        long[][] want = copy(DeepTableKernels.HIST);
        clear(DeepTableKernels.HIST);
        kiln.invokeExact(xs);
        assertArrayEquals(want, DeepTableKernels.HIST);
        kiln.invokeExact(xs);
        for (int i = 0; i < want.length; i++) for (int j = 0; j < want[i].length; j++) want[i][j] *= 2;
        assertArrayEquals(want, DeepTableKernels.HIST);
    }

    /** A kernel that stores a new row: the table holds it after the call, as after HotSpot's. */
    @Test
    void replacedRowsLandInTheTable() throws Throwable {
        MethodHandle kiln = D.compiled(K, "replace");
        double[][] saved = DeepTableKernels.SLOTS.clone();
        try {
            double[] old = DeepTableKernels.SLOTS[1];
            assertEquals(2.0, (double) kiln.invokeExact(1, -0.0));
            assertNotSame(old, DeepTableKernels.SLOTS[1]);
            assertEquals("[-0.0, 2.0]", Arrays.toString(DeepTableKernels.SLOTS[1]));
            assertEquals(-0.0, (double) kiln.invokeExact(1, Double.NaN)); // reads the row it stored
            assertEquals("[NaN, -0.0]", Arrays.toString(DeepTableKernels.SLOTS[1]));
            assertSame(saved[0], DeepTableKernels.SLOTS[0]);
        } finally {
            System.arraycopy(saved, 0, DeepTableKernels.SLOTS, 0, saved.length);
        }
    }

    /** The table passed as an argument too: one array, so a write through the parameter is read through the field. */
    @Test
    void aliasOfAnArgument() throws Throwable {
        MethodHandle kiln = D.compiled(K, "aliased");
        double[] row = DeepTableKernels.SLOTS[2];
        double saved = row[0];
        try {
            assertEquals(saved + 1, (double) kiln.invokeExact(DeepTableKernels.SLOTS, 2));
            assertEquals(saved + 1, row[0]);
            double[][] other = {{10}, {20}, {30}};
            assertEquals(saved + 1, (double) kiln.invokeExact(other, 2)); // another array: the table is untouched
            assertEquals(31.0, other[2][0]);
        } finally {
            row[0] = saved;
        }
    }

    /**
     * Nothing is baked: a row element changed after the compile, or a row replaced, is what the next call sees; the
     * table's values are therefore not part of the key, and a cached entry (a second instance, a hit) reads the
     * current values too.
     */
    @Test
    void contentsAreReadAtCallTime() throws Throwable {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        MethodHandle kiln = D.compiled(K, "binomial");
        int[] row = DeepTableKernels.PASCAL[5];
        try {
            assertEquals(10, (int) kiln.invokeExact(5, 2));
            row[2] = -77;
            assertEquals(-77, (int) kiln.invokeExact(5, 2));
            DeepTableKernels.PASCAL[5] = new int[] {4, 5, 6};
            assertEquals(6, (int) kiln.invokeExact(5, 2));

            Diff second = Diff.sharingCacheOf(D);
            KilnStats before = second.kiln().stats();
            MethodHandle cached = second.compiled(K, "binomial");
            assertEquals(6, (int) cached.invokeExact(5, 2));
            DeepTableKernels.PASCAL[5][2] = 123;
            assertEquals(123, (int) cached.invokeExact(5, 2));
            KilnStats s = second.kiln().stats();
            assertEquals(before.compiles(), s.compiles(), s.toString());
            assertTrue(s.hits() > before.hits(), s.toString());
        } finally {
            row[2] = 10;
            DeepTableKernels.PASCAL[5] = row;
        }
    }

    @Test
    void tablesAreFoundInTheGraph() {
        KernelGraph g = KernelGraph.of(K, "log2", null);
        assertEquals(List.of(new StaticTables.Table("dev/kiln/compiler/diff/DeepTableKernels", "MANT", "[[D")),
                StaticTables.of(g));
        assertEquals("(D[[D)D", StaticTables.abiDescriptor(g));
        assertEquals("(III[[[J)J", StaticTables.abiDescriptor(KernelGraph.of(K, "cube", null)));
    }

    private static void clear(long[][] t) {
        for (long[] r : t) Arrays.fill(r, 0);
    }

    private static long[][] copy(long[][] t) {
        long[][] c = new long[t.length][];
        for (int i = 0; i < t.length; i++) c[i] = t[i].clone();
        return c;
    }
}
