package dev.kiln.runtime.bind;

import dev.kiln.runtime.abi.KernelAbi;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout pass reads every table again as it copies: a table another thread stores into between {@code measure}
 * and {@code layOut} (a longer row, a row where there was none, another sub-table) must make it give up rather than
 * copy past what measure reserved, and the next attempt must see the table as it is then.
 */
class DeepMarshalTest {
    private static final MemorySegment NATIVE = ArrayMarshal.NATIVE;
    private static final int SLOTS = KernelAbi.DIRECT_SLOTS;

    /** Measures, plans and lays out {@code args}; returns whether the layout held. Leaves {@code d} open. */
    private static boolean lay(DeepMarshal d, Object[] args, boolean rowsWritten, Runnable between) {
        for (Object a : args) d.measure(a);
        between.run();
        d.planDirect(args, SLOTS, rowsWritten, 0);
        MemorySegment[] ptrs = new MemorySegment[SLOTS + 1];
        java.util.Arrays.fill(ptrs, MemorySegment.NULL);
        return d.layOut(ptrs);
    }

    /** The row a table entry points to, read back from native memory (a copied row). */
    private static double[] copiedRow(DeepMarshal d, Object table, int i) {
        long t = d.pass(table).address();
        long ptr = NATIVE.get(ValueLayout.JAVA_LONG, t + 16L * i);
        int n = (int) NATIVE.get(ValueLayout.JAVA_LONG, t + 16L * i + 8);
        double[] out = new double[n];
        MemorySegment.copy(NATIVE, ValueLayout.JAVA_DOUBLE_UNALIGNED, ptr, out, 0, n);
        return out;
    }

    private static void check(Object[] args, boolean rowsWritten, Runnable change, double[][] table, int row) {
        DeepMarshal d = DeepMarshal.open();
        try {
            assertFalse(lay(d, args, rowsWritten, change), "a table changed after measure must not lay out");
        } finally {
            d.close();
        }
        d = DeepMarshal.open();
        try {
            assertTrue(lay(d, args, rowsWritten, () -> { }));
            assertArrayEquals(table[row], copiedRow(d, table, row));
        } finally {
            d.close();
        }
    }

    @Test
    void longerRowAfterMeasure() {
        for (boolean written : new boolean[] {false, true}) {
            double[][] g = {{1, 2}, {3, 4}, {5}};
            check(new Object[] {g}, written, () -> g[2] = new double[60], g, 2); // still short: copied
            assertEquals(60, g[2].length);
        }
    }

    @Test
    void rowWhereThereWasNone() {
        for (boolean written : new boolean[] {false, true}) {
            double[][] g = {{1, 2}, null, {5, 6}};
            check(new Object[] {g}, written, () -> g[1] = new double[] {7, 8, 9}, g, 1);
        }
        // rows in place (long rows, one pointer argument each): one more row than measured
        double[][] wide = {new double[64], null};
        wide[0][3] = -0.0;
        DeepMarshal d = DeepMarshal.open();
        try {
            assertFalse(lay(d, new Object[] {wide}, false, () -> wide[1] = new double[64]));
        } finally {
            d.close();
        }
    }

    @Test
    void otherSubTableAfterMeasure() {
        double[][][] c = {{{1, 2}}, {{3}}};
        DeepMarshal d = DeepMarshal.open();
        try {
            assertFalse(lay(d, new Object[] {c}, false, () -> c[1] = new double[][] {{4, 5}}));
        } finally {
            d.close();
        }
        d = DeepMarshal.open();
        try {
            assertTrue(lay(d, new Object[] {c}, false, () -> { }));
            assertArrayEquals(new double[] {4, 5}, copiedRow(d, c[1], 0));
        } finally {
            d.close();
        }
    }

    @Test
    void unchangedTablesCopyEveryRowOnce() {
        double[] shared = {Double.NaN, -0.0};
        double[][] g = {shared, {}, null, shared, {Double.MIN_VALUE, 1e300, -1}};
        for (boolean written : new boolean[] {false, true}) {
            DeepMarshal d = DeepMarshal.open();
            try {
                assertTrue(lay(d, new Object[] {g}, written, () -> { }));
                for (int i : new int[] {0, 1, 3, 4}) assertArrayEquals(g[i], copiedRow(d, g, i));
                long t = d.pass(g).address();
                assertEquals(0, NATIVE.get(ValueLayout.JAVA_LONG, t + 16L * 2)); // the null row
                // written rows: one copy per distinct row (aliases stay aliases); read only: one per place
                long first = NATIVE.get(ValueLayout.JAVA_LONG, t), again = NATIVE.get(ValueLayout.JAVA_LONG, t + 16L * 3);
                assertEquals(written, first == again);
            } finally {
                d.close();
            }
        }
    }
}
