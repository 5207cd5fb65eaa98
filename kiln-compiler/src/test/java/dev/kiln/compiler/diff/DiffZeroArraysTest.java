package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import dev.kiln.compiler.KernelLowering;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernels that touch no array element (KernelAbi.zeroArrays) against HotSpot: their native allocations are left as
 * malloc and the arena find them, so a result copied out instead of made would show another call's data. Every call
 * also runs on a thread where other kernels just filled the arena and the heap (the harness's dirty threads).
 */
class DiffZeroArraysTest {
    static final Diff D = Diff.forClass(DiffZeroArraysTest.class);
    static final Class<?> K = ZeroArrayKernels.class;

    @Test
    void zeroArraysRecordedInTheAbi() {
        assertTrue(zero("createBlocksLayout"));
        assertTrue(zero("sharedRows"));
        assertTrue(zero("clearRows"));
        assertTrue(zero("zeros"));
        assertFalse(zero("oneWritten"));
        assertFalse(zero("sizedByFirst"));
    }

    private static boolean zero(String kernel) {
        return KernelLowering.lower(KernelGraph.of(K, kernel, null), CompileOptions.DEFAULT, "kiln_test").abi().zeroArrays();
    }

    @Test
    void blockLayouts() {
        List<Integer> sizes = List.of(0, 1, 51, 52, 53, 104, 300, -1, -52, Integer.MIN_VALUE);
        D.checkAll(K, "createBlocksLayout", product(sizes, sizes));
    }

    @Test
    void tables() {
        List<Integer> sizes = List.of(0, 1, 2, 3, 7, 200, -1);
        D.checkAll(K, "sharedRows", product(sizes, sizes));
        D.checkAll(K, "oneWritten", product(List.of(0, 1, 5, 40, -2), List.of(1.5, -0.0, Double.NaN)));
        D.checkAll(K, "sizedByFirst", product(List.of(new float[] {0}, new float[] {4}, new float[] {-1},
                new float[0], new float[] {Float.NaN})));
    }

    @Test
    void rowsReplacedInTheCallersTable() {
        List<Object> tables = new ArrayList<>();
        tables.add(null);
        tables.add(new int[0][]);
        tables.add(new int[][] {{1, 2, 3}});
        tables.add(new int[][] {{1, 2}, {3}, {4, 5, 6}, {}, new int[3000]});
        int[] shared = {7, 8, 9};
        tables.add(new int[][] {shared, shared, shared});
        tables.add(new int[][] {{1}, null, null});
        D.checkAll(K, "clearRows", product(tables));
    }

    /** Short results go in place (the Java side's zeroed array); past 2^24 bytes the kernel allocates and returns it. */
    @Test
    void oneDimensionalResults() {
        D.checkAll(K, "zeros", product(List.of(0, 1, 17, 3000, (1 << 23) + 1, -1, Integer.MAX_VALUE)));
    }
}
