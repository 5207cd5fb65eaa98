package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Kernels that allocate native arrays, return some and throw after allocating others, called from 8 threads 10^5
 * times each: results stay right, nothing crashes, and resident memory settles (every native block is freed).
 */
class AllocStressTest {
    static final Diff D = Diff.forClass(AllocStressTest.class);
    static final int THREADS = 8;
    static final int CALLS = 100_000;

    /** Bytes glibc's malloc has handed out and not had back, over all arenas ({@code mallinfo2}). */
    static long mallocInUse() throws Throwable {
        var linker = java.lang.foreign.Linker.nativeLinker();
        var layout = java.lang.foreign.MemoryLayout.sequenceLayout(10, java.lang.foreign.ValueLayout.JAVA_LONG);
        var sym = linker.defaultLookup().find("mallinfo2").orElseThrow();
        MethodHandle h = linker.downcallHandle(sym, java.lang.foreign.FunctionDescriptor.of(
                java.lang.foreign.MemoryLayout.structLayout(layout)));
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var info = (java.lang.foreign.MemorySegment) h.invoke((java.lang.foreign.SegmentAllocator) arena);
            long hblkhd = info.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, 4);   // mmap'd blocks
            long uordblks = info.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, 7); // chunks in use
            return hblkhd + uordblks;
        }
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IllegalStateException("no VmRSS");
    }

    /** One round of calls per thread; returns the number of calls whose result was wrong. */
    static long round(MethodHandle filled, MethodHandle allocThenThrow, MethodHandle prefixMax, int calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> fs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int seed = t;
                fs.add(pool.submit(() -> {
                    try {
                        return calls(filled, allocThenThrow, prefixMax, calls, seed);
                    } catch (Throwable e) {
                        throw new Exception(e);
                    }
                }));
            }
            long wrong = 0;
            for (Future<Long> f : fs) wrong += f.get();
            return wrong;
        } finally {
            pool.shutdown();
        }
    }

    static final MethodHandle FRESH_ROWS = D.compiled(MatrixKernels.class, "freshRows");

    static long calls(MethodHandle filled, MethodHandle allocThenThrow, MethodHandle prefixMax, int calls, int seed)
            throws Throwable {
                    long wrong = 0;
                    double[] x = {3, 1, 4, 1, 5};
                    for (int i = 0; i < calls; i++) {
                        int n = (i + seed) % 33;
                        switch (i % 4) {
                            case 0 -> {
                                double[] a = (double[]) filled.invokeExact(n, 0.5);
                                if (a.length != n || (n > 0 && a[n - 1] != 0.5 + (n - 1))) wrong++;
                            }
                            case 1 -> {
                                try {
                                    double[] a = (double[]) allocThenThrow.invokeExact(n, n); // index n: always throws
                                    wrong++;
                                } catch (ArrayIndexOutOfBoundsException e) {
                                    if (!e.getMessage().equals("Index " + n + " out of bounds for length " + n)) wrong++;
                                }
                            }
                            case 2 -> {
                                if ((double) prefixMax.invokeExact(x) != 3 + 3 + 4 + 4 + 5) wrong++;
                            }
                            default -> {
                                // arrays of arrays: rows in place, a row replaced by a fresh native array
                                double[][] m = {{1, 2}, {3, 4}, {5, 6}};
                                double[] keep = m[1];
                                FRESH_ROWS.invokeExact(m, n);
                                if (m[1] != keep || m[0].length != n || m[2].length != n || (n > 1 && m[2][1] != -1)) wrong++;
                            }
                        }
                    }
                    return wrong;
    }

    @Test
    void eightThreadsAllocatingAndReturningLeakNothing() throws Throwable {
        assumeFalse(Diff.JAVA_ONLY, "measures native memory of compiled kernels");
        Class<?> k = AllocKernels.class;
        MethodHandle filled = D.compiled(k, "filled");
        MethodHandle allocThenThrow = D.compiled(k, "allocThenThrow");
        MethodHandle prefixMax = D.compiled(k, "prefixMax");
        assertArrayEquals(new double[] {0.5, 1.5}, (double[]) filled.invokeExact(2, 0.5));
        assertThrows(NegativeArraySizeException.class, () -> { double[] unused = (double[]) filled.invokeExact(-1, 0.0); });

        long start = System.nanoTime();
        assertEquals(0, round(filled, allocThenThrow, prefixMax, CALLS / 4)); // warm-up: JIT, thread frames, malloc arenas
        long[] rss = new long[3];
        long[] malloc = new long[3];
        for (int r = 0; r < rss.length; r++) {
            assertEquals(0, round(filled, allocThenThrow, prefixMax, CALLS / 4));
            System.gc();
            rss[r] = rssKb();
            malloc[r] = mallocInUse() / 1024;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("alloc stress: %d threads x %d calls x %d rounds, after each round RSS %s kB, malloc in use %s kB, %.1f s%n",
                THREADS, CALLS / 4, rss.length, java.util.Arrays.toString(rss), java.util.Arrays.toString(malloc), seconds);
        // Each round makes 8 x 25000 calls, two in three allocating up to 33 doubles: leaking every block would
        // add ~20 MB of malloc'd memory a round (measured: +24 MB). The JVM's own malloc use moves by several MB.
        assertTrue(malloc[2] - malloc[0] < 16 * 1024, "native memory keeps growing: " + java.util.Arrays.toString(malloc) + " kB");
        assertTrue(rss[2] - rss[0] < 32 * 1024, "resident memory keeps growing: " + java.util.Arrays.toString(rss) + " kB");
        assertTrue(seconds < 60, "took " + seconds + " s");
    }
}
