package dev.kiln.compiler.diff;

import dev.kiln.Kiln;
import dev.kiln.KilnStats;
import dev.kiln.KilnConfig;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The same Java semantics on every path to a kernel: loaded from the cache by a second Kiln instance (exception
 * messages come from the cached entry then), bound to a functional interface, and compiled by many threads at once.
 */
class DiffCacheTest {
    static final Diff FIRST = Diff.forClass(DiffCacheTest.class);

    static final List<Object[]> VIA_LOCAL = product(Arrays.asList(null, new int[] {1}), Arrays.asList(null,
            new int[] {2}), BOOLEANS);
    static final List<Object[]> DIV_WRITES = product(Arrays.asList(new int[2], new int[1], null), List.of(0, 5));

    @Test
    void cacheHitBehavesLikeTheCompile() {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        FIRST.checkAll(ArrayKernels.class, "viaLocal", VIA_LOCAL);
        FIRST.checkAll(ArrayKernels.class, "nullInCallee", product(Arrays2.ints()));
        FIRST.checkAll(TrickyKernels.class, "writesAroundDivision", DIV_WRITES);
        FIRST.checkAll(IntrinsicKernels.class, "addExactL", product(LONGS_SMALL, LONGS_SMALL));
        FIRST.checkAll(ArithKernels.class, "idiv", product(INTS_SMALL, INTS_SMALL));

        Diff second = Diff.sharingCacheOf(FIRST);
        KilnStats before = second.kiln().stats(); // counters are per process, so compare before and after
        second.checkAll(ArrayKernels.class, "viaLocal", VIA_LOCAL);
        second.checkAll(ArrayKernels.class, "nullInCallee", product(Arrays2.ints()));
        second.checkAll(TrickyKernels.class, "writesAroundDivision", DIV_WRITES);
        second.checkAll(IntrinsicKernels.class, "addExactL", product(LONGS_SMALL, LONGS_SMALL));
        second.checkAll(ArithKernels.class, "idiv", product(INTS_SMALL, INTS_SMALL));
        KilnStats s = second.kiln().stats();
        assertEquals(before.compiles(), s.compiles(), "the second instance should load every kernel from the cache: " + s);
        assertEquals(before.hits() + 5, s.hits(), s.toString());
    }

    /**
     * A parallel loop's chunk is recorded for direct mode like any kernel, so a later instance finds its key without
     * building its kernel graph; the record names the chunk class, and the second instance is served from the cache.
     */
    @Test
    void parallelChunksAreRecordedForDirectMode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Throwable {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        KilnConfig cfg = KilnConfig.defaults().withCachePath(List.of(dir));
        MethodHandle first = Kiln.create(cfg).compile(ParallelKernels.class, "map");
        List<String> records = new ArrayList<>();
        try (var files = java.nio.file.Files.list(dir.resolve("kiln-v1/direct"))) {
            for (java.nio.file.Path f : files.toList()) records.add(java.nio.file.Files.readString(f));
        }
        assertTrue(records.stream().anyMatch(r -> r.contains("\nowner: dev/kiln/compiler/diff/ParallelKernels$KilnChunk$")),
                "a record for the chunk: " + records.size() + " records");
        Kiln second = Kiln.create(cfg);
        KilnStats before = second.stats();
        MethodHandle again = second.compile(ParallelKernels.class, "map");
        assertEquals(before.compiles(), second.stats().compiles(), "served from the cache");
        double[] x = {1, -2, 3.5};
        double[] a = new double[3];
        double[] b = new double[3];
        double[] java = new double[3];
        first.invoke(x, a, 2.0);
        again.invoke(x, b, 2.0);
        ParallelKernels.map(x, java, 2.0);
        assertTrue(Arrays.equals(java, a) && Arrays.equals(java, b), Arrays.toString(a) + " " + Arrays.toString(b));
    }

    @Test
    void functionalInterface() {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        KernelFns.IntBinary div = FIRST.kiln().compile(ArithKernels.class, "idiv", KernelFns.IntBinary.class);
        assertEquals(Integer.MIN_VALUE, div.apply(Integer.MIN_VALUE, -1));
        assertEquals(-3, div.apply(-7, 2));
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> div.apply(1, 0));
        assertEquals("/ by zero", e.getMessage());
        KernelFns.ArrayPick pick = FIRST.kiln().compile(ArrayKernels.class, "viaLocal", KernelFns.ArrayPick.class);
        assertEquals(2, pick.pick(null, new int[] {2}, false));
        NullPointerException npe = assertThrows(NullPointerException.class, () -> pick.pick(null, new int[] {2}, true));
        assertEquals("Cannot load from int array because \"chosen\" is null", npe.getMessage());
    }

    /** Eight threads, each with its own Kiln on one fresh cache directory, compile the same kernels at once. */
    @Test
    void concurrentCompilesIntoOneCache() throws Exception {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("kiln-difftest-concurrent-");
        try {
            int threads = 8;
            CyclicBarrier barrier = new CyclicBarrier(threads);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    Kiln kiln = Kiln.create(KilnConfig.defaults().withCachePath(List.of(dir)));
                    barrier.await();
                    for (String k : List.of("divDown", "fib")) {
                        MethodHandle h = kiln.compile(CallKernels.class, k);
                        MethodHandle j = FIRST.reference(CallKernels.class, k);
                        for (Object[] args : k.equals("fib") ? product(List.of(0, 1, 15))
                                : product(List.of(0, 3), List.of(0, 2))) {
                            String d = Diff.compare(j, h, args);
                            if (d != null) failures.add(k + d);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get(5, TimeUnit.MINUTES);
            pool.shutdownNow();
            assertTrue(failures.isEmpty(), String.join("\n", failures));
        } finally {
            Diff.deleteTree(dir);
        }
    }

    /** Eight threads ask one Kiln for the same kernel at the same moment. */
    @Test
    void concurrentCompilesThroughOneKiln() throws Exception {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        Kiln kiln = Diff.sharingCacheOf(FIRST).kiln();
        int threads = 8;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                barrier.await();
                MethodHandle h = kiln.compile(TrickyKernels.class, "overloads");
                MethodHandle j = FIRST.reference(TrickyKernels.class, "overloads");
                for (Object[] args : product(INTS_SMALL, List.of(5L), List.of(3.0))) {
                    String d = Diff.compare(j, h, args);
                    if (d != null) return d;
                }
                return null;
            }));
        }
        List<String> failures = new ArrayList<>();
        for (Future<String> f : fs) {
            String d = f.get(5, TimeUnit.MINUTES);
            if (d != null) failures.add(d);
        }
        pool.shutdownNow();
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
