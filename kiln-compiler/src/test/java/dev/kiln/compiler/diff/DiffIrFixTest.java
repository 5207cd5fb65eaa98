package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/** Issue 19, bug 5 (5a: allocation with recursion, 5c: arrays of arrays known to be null), against HotSpot. */
class DiffIrFixTest {
    static final Diff D = Diff.forClass(DiffIrFixTest.class);
    static final Class<?> K = IrFixKernels.class;
    static final List<Integer> DEPTHS = List.of(-1, 0, 1, 2, 5, 100, Integer.MIN_VALUE);

    @Test
    void allocationInARecursiveCallGraph() {
        D.checkAll(K, "recAlloc", product(DEPTHS));
        D.checkAll(K, "recAllocMutual", product(DEPTHS));
        D.checkAll(K, "recReturnsArray", product(DEPTHS));
        List<Object> rows = Arrays.asList(null, new int[0][], new int[][] {{1}, null}, new int[3][2]);
        D.checkAll(K, "recRows", product(rows, DEPTHS));
    }

    @Test
    void arraysOfArraysKnownToBeNull() {
        List<Integer> xs = List.of(-1, 0, 1, 2, 3, 7, Integer.MIN_VALUE, Integer.MAX_VALUE);
        for (String k : List.of("nullRowsGuarded", "nullRowsMaybe", "nullRowsStore", "nullRowsDeep",
                "nullConstantCast", "nullOrRows")) {
            D.checkAll(K, k, product(xs.stream().filter(x -> !k.equals("nullOrRows") || x < 100).toList()));
        }
    }

    @Test
    void branchesWithIdenticalArms() {
        D.checkAll(K, "identicalArms", product(List.of(-1, 0, 1, 5), Edge.DOUBLES_SMALL));
        D.checkAll(K, "identicalArmsLoads", product(Arrays.asList(null, new long[0], new long[] {7}, new long[] {-1, 9}),
                List.of(-1, 0, 1, 2, 3)));
    }
}
