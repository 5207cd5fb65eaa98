package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** boolean[] parameters and elements; arrays allocated, passed, compared and returned, against HotSpot. */
class DiffAllocTest {
    static final Diff D = Diff.forClass(DiffAllocTest.class);
    static final Class<?> K = AllocKernels.class;

    static List<Object> booleans() {
        boolean[] rnd = new boolean[41];
        Random r = new Random(7);
        for (int i = 0; i < rnd.length; i++) rnd[i] = r.nextBoolean();
        return Arrays.asList(null, new boolean[0], new boolean[] {true}, new boolean[] {false, true, true}, rnd);
    }

    static final List<Integer> SIZES = List.of(0, 1, 2, 7, 64, -1, -5, Integer.MIN_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE - 1);

    @Test
    void booleanArrays() {
        D.checkAll(K, "getZ", product(booleans(), Arrays2.INDICES));
        D.checkAll(K, "setZ", product(booleans(), List.of(0, 2, -1, 3, 40, 41), List.of(true, false)));
        D.checkAll(K, "lenZ", product(booleans()));
        D.checkAll(K, "flipThenStore", product(booleans(), List.of(0, 1, 2, 3, -1, 41)));
        for (Object z : booleans()) D.check(K, "aliasZ", z, z); // the harness keeps the alias in its copies
        D.checkAll(K, "aliasZ", product(booleans(), booleans()));
        D.check(K, "mixed", new boolean[] {true, false, true}, new double[] {1.5, 2.5, -3.5}, new int[3]);
        D.check(K, "mixed", new boolean[] {true}, new double[] {1.5, 2.5}, new int[3]);
        D.check(K, "mixed", null, new double[] {1.5}, new int[3]);
        D.checkAll(K, "countPrimes", product(List.of(-2, -1, 0, 1, 2, 3, 100, 10_000)));
        D.checkAll(K, "sieve", product(List.of(-1, 0, 1, 2, 3, 100, 1000)));
    }

    /** Long masks: past the adapter's first boolean scratch (64 bytes) and past the frame's arena, then short again. */
    static List<Object> longBooleans() {
        List<Object> zs = new java.util.ArrayList<>(booleans());
        Random r = new Random(9);
        for (int n : new int[] {64, 65, 1000, 70_000}) {
            boolean[] z = new boolean[n];
            for (int i = 0; i < n; i++) z[i] = r.nextBoolean();
            zs.add(z);
        }
        zs.addAll(booleans());
        return zs;
    }

    /**
     * One boolean[] parameter, which the generated adapter copies into native memory and back (also beside an
     * adapter-allocated result, a fault after writes, a result that is the boolean[] itself, null arguments).
     */
    @Test
    void oneBooleanArrayInTheAdapter() throws Throwable {
        D.checkAll(K, "countSet", product(longBooleans()));
        List<Object> xs = Arrays.asList(null, new double[0], new double[] {1.5}, new double[] {1, -0.0, Double.NaN, 4, 5},
                new double[41], new double[70_000]);
        D.checkAll(K, "masked", product(longBooleans(), xs, List.of(2.0, -0.0)));
        List<Object> vs = Arrays.asList(null, new int[0], new int[] {3}, new int[] {1, 2, 3}, new int[41], new int[1000]);
        D.checkAll(K, "markThenFill", product(longBooleans(), vs, List.of(0, 2, 40, -1, 999)));
        D.checkAll(K, "flipAndReturn", product(longBooleans(), Arrays.asList(null, new int[0], new int[2])));
        D.checkAll(CopyKernels.class, "cloneZ", product(longBooleans()));
        D.checkAll(CopyKernels.class, "copyOfZ", product(longBooleans(), List.of(0, 1, 3, 100, -1)));
        if (Diff.JAVA_ONLY) return;
        MethodHandle flip = D.compiled(K, "flipAndReturn");
        boolean[] a = {true, false};
        assertSame(a, (boolean[]) flip.invoke(a, new int[1]), "the caller's own array, not the copy");
        assertEquals("[false, true]", Arrays.toString(a));
    }

    @Test
    void allocationOfEveryType() {
        for (String k : List.of("newZ", "newB", "newS", "newC", "newI", "newJ", "newF", "newD")) {
            D.checkAll(K, k, product(SIZES));
        }
        // More than the JVM's heap: OutOfMemoryError, not a native crash and not a native success.
        D.check(K, "newJ", Integer.MAX_VALUE - 2);
        D.check(K, "newD", Integer.MAX_VALUE / 2);
    }

    @Test
    void allocatedArraysReturnedAndScratch() {
        List<Object> xs = Arrays.asList(null, new double[0], new double[] {2}, new double[] {1, 2, 3, 4, 5, -0.0, Double.NaN});
        D.checkAll(K, "movingAverage", product(xs, List.of(1, 2, 3, 0, -1, 8)));
        D.checkAll(K, "histogram", product(Arrays.asList(null, new int[0], new int[] {5, -3, 7, 7, 100}), List.of(1, 3, 0, -2)));
        D.checkAll(K, "narrow", product(Arrays2.ints()));
        D.checkAll(K, "prefixMax", product(xs));
        D.checkAll(K, "loopAlloc", product(List.of(0, 1, 1000)));
        D.checkAll(K, "allocThenThrow", product(List.of(0, 1, 4, -1), List.of(0, 3, 4, -1)));
    }

    /**
     * Sizes around the frame's small-array arena (KernelAbi.ARENA_BYTES, 16 KB with a 16-byte header per array):
     * arrays that fit, that just do not, and many live at once spilling to calloc part-way.
     */
    @Test
    void arenaBoundaries() {
        List<Integer> edge = List.of(2045, 2046, 2047, 4096);
        for (String k : List.of("newD", "newJ")) D.checkAll(K, k, product(edge));
        D.checkAll(K, "newB", product(List.of(16351, 16352, 16353, 16368, 16369)));
        D.checkAll(K, "manyLive", product(List.of(0, 1, 7, 300), List.of(0, 1, 3, 2045, 2047)));
        D.checkAll(K, "twoThenPick", product(List.of(0, 5, 2046, 2047), List.of(1, 2047, 3000), List.of(true, false)));
        D.checkAll(K, "allocThenThrow", product(List.of(2046, 2047), List.of(5, 2047)));
        D.checkAll(K, "loopAlloc", product(List.of(5000)));
    }

    @Test
    void referencesFlowCompareAndReturn() throws Throwable {
        D.checkAll(K, "compareRefs", product(List.of(0, 3, -1)));
        D.checkAll(K, "nullOrNew", product(List.of(-1, 0, 3)));
        D.checkAll(K, "viaCallees", product(List.of(0, 1, 2, 3, 9, -1), List.of(0.5, -0.0)));
        D.checkAll(K, "sumOfFilled", product(List.of(0, 10, -3)));
        D.checkAll(K, "grow", product(List.of(0, 1, 5, 12)));
        D.checkAll(K, "lengthOfNull", product(List.of(0, 4)));
        List<Object> ds = Arrays.asList(null, new double[0], new double[] {1});
        D.checkAll(K, "pick", product(ds, ds, List.of(true, false)));
        if (Diff.JAVA_ONLY) return;
        // A parameter returned is the caller's own array, not a copy.
        MethodHandle pick = D.compiled(K, "pick");
        double[] a = {1, 2};
        double[] b = {3};
        assertSame(a, (double[]) pick.invoke(a, b, true));
        assertSame(b, (double[]) pick.invoke(a, b, false));
        assertSame(a, (double[]) pick.invoke(a, a, false));
        MethodHandle newI = D.compiled(K, "newI");
        int[] x = (int[]) newI.invoke(3);
        int[] y = (int[]) newI.invoke(3);
        assertEquals(3, x.length);
        x[0] = 9;
        assertEquals(0, y[0], "each call returns its own array");
    }

    @Test
    void cachedEntriesBehaveTheSame() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        Diff first = Diff.forClass(DiffAllocCachedProbe.class);
        List<Object[]> zs = product(booleans(), List.of(0, 2, -1));
        List<Object[]> sizes = product(List.of(0, 3, -5, Integer.MAX_VALUE));
        first.checkAll(K, "flipThenStore", zs);
        first.checkAll(K, "newZ", sizes);
        first.checkAll(K, "allocThenThrow", product(List.of(0, 4, -1), List.of(0, 4)));
        first.checkAll(K, "viaCallees", product(List.of(0, 3), List.of(0.5)));
        List<Object[]> ranges = product(Arrays2.longs(), List.of(0, 2, -1, 50), List.of(1, 3, 60));
        List<Object[]> copies = product(Arrays.asList(null, new int[4]), List.of(0, 1, 3), Arrays.asList(null, new int[4]),
                List.of(0, 2), List.of(0, 2, 3, -1));
        first.checkAll(CopyKernels.class, "copyOfRangeJ", ranges);
        first.checkAll(CopyKernels.class, "copyI", copies);
        Diff second = Diff.sharingCacheOf(first);
        var before = second.kiln().stats();
        second.checkAll(K, "flipThenStore", zs);
        second.checkAll(K, "newZ", sizes);
        second.checkAll(K, "allocThenThrow", product(List.of(0, 4, -1), List.of(0, 4)));
        second.checkAll(K, "viaCallees", product(List.of(0, 3), List.of(0.5)));
        second.checkAll(CopyKernels.class, "copyOfRangeJ", ranges);
        second.checkAll(CopyKernels.class, "copyI", copies);
        var after = second.kiln().stats();
        assertEquals(before.compiles(), after.compiles(), "all six should load from the cache: " + after);
        assertEquals(before.hits() + 6, after.hits(), after.toString());
    }

    /** Names the cache directory of {@link #cachedEntriesBehaveTheSame}. */
    static final class DiffAllocCachedProbe {
    }

    public interface Filled {
        double[] make(int n, double v);
    }

    public interface Swap {
        void swap(double[][] a, int i, int j);
    }

    /** Kernels with array results or arrays of arrays bound to interfaces, as applications call them. */
    @Test
    void boundToInterfaces() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        Filled f = D.kiln().compile(AllocKernels.class, "filled", Filled.class);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {2, 3, 4}, f.make(3, 2));
        org.junit.jupiter.api.Assertions.assertThrows(NegativeArraySizeException.class, () -> f.make(-2, 0));
        Swap s = D.kiln().compile(MatrixKernels.class, "swapRows", Swap.class);
        double[] r0 = {1};
        double[] r1 = {2};
        double[][] m = {r0, r1};
        s.swap(m, 0, 1);
        assertSame(r1, m[0]);
        assertSame(r0, m[1]);
    }
}
