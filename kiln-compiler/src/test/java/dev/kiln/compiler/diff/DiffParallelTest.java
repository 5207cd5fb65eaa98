package dev.kiln.compiler.diff;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.runtime.parallel.ParallelLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Parallel loops ({@code IntStream.range(a, b).parallel()...}): element writes and integer sums as on HotSpot,
 * floating-point sums by Kiln's block rule whatever the number of threads, exceptions by the lowest-block rule.
 * The same compiled kernels run with 1, 2, 3 and 7 threads (the thread count is not part of the cache key).
 */
class DiffParallelTest {
    static final Diff D = Diff.forClass(DiffParallelTest.class);
    static final Class<?> K = ParallelKernels.class;
    static final int[] THREADS = {1, 2, 3, 7};
    static int configured;

    @BeforeAll
    static void remember() {
        configured = ParallelLoop.threads();
        ParallelLoop.useMinSharedNanos(0); // share every loop, however small: the tests are about sharing
    }

    @AfterAll
    static void restore() {
        ParallelLoop.useThreads(configured);
        ParallelLoop.useMinSharedNanos(ParallelLoop.MIN_SHARED_NANOS);
    }

    static double[] doubles(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (r.nextDouble() - 0.5) * 8;
        return x;
    }

    static final int[] LENGTHS = {0, 1, 2, 3, 1023, 1024, 1025, 2049, 10_000, 100_003};

    @Test
    void forEachWritesAsJava() {
        List<Object[]> in = new ArrayList<>();
        for (int n : LENGTHS) in.add(new Object[] {doubles(n, n), new double[n], 1.5});
        double[] edge = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                Double.MAX_VALUE, -Double.MAX_VALUE};
        in.add(new Object[] {edge, new double[edge.length], -0.0});
        in.add(new Object[] {edge, new double[edge.length], Double.NaN});
        for (int t : THREADS) {
            ParallelLoop.useThreads(t);
            D.checkAll(K, "map", in);
        }
    }

    @Test
    void rangesAsJava() {
        int max = Integer.MAX_VALUE;
        int min = Integer.MIN_VALUE;
        List<Object[]> in = new ArrayList<>();
        in.add(new Object[] {0, 0, 0, new long[0]});
        in.add(new Object[] {5, 2, 0, new long[8]}); // a > b: empty
        in.add(new Object[] {7, 8, 7, new long[1]});
        in.add(new Object[] {max - 5, max, max - 5, new long[5]});
        in.add(new Object[] {max - 1, max, max - 1, new long[1]});
        in.add(new Object[] {min, min + 5, min, new long[5]});
        in.add(new Object[] {min, min + 1, min, new long[1]});
        in.add(new Object[] {min, min, min, new long[0]});
        in.add(new Object[] {max, max, 0, new long[0]});
        in.add(new Object[] {max, min, 0, new long[0]});
        in.add(new Object[] {-3000, 3001, -3000, new long[6001]});
        List<Object[]> sumRanges = new ArrayList<>();
        int[][] pairs = {{0, 0}, {5, 6}, {6, 5}, {max, min}, {max, max}, {min, min}, {max - 3000, max},
                {min, min + 3000}, {min, min + 1}, {max - 1, max}, {-70_000, 70_001}, {-1, 0}};
        for (int[] p : pairs) sumRanges.add(new Object[] {p[0], p[1]});
        for (int t : THREADS) {
            ParallelLoop.useThreads(t);
            D.checkAll(K, "ranged", in);
            D.checkAll(K, "sumIntRange", sumRanges);
            D.checkAll(K, "sumLong", sumRanges);
        }
    }

    @Test
    void everyCaptureKind() {
        List<Object[]> in = new ArrayList<>();
        for (int n : new int[] {0, 1, 5000}) {
            in.add(new Object[] {new int[n], 3L, 0.5f, 7.25, true, (byte) -3, 'x', (short) 300, -9});
            in.add(new Object[] {new int[n], Long.MIN_VALUE, Float.NaN, -1e300, false, Byte.MIN_VALUE, '\uffff',
                    Short.MIN_VALUE, Integer.MAX_VALUE});
        }
        for (int t : THREADS) {
            ParallelLoop.useThreads(t);
            D.checkAll(K, "captures", in);
        }
    }

    @Test
    void integerSumsExact() {
        List<Object[]> in = new ArrayList<>();
        for (int n : LENGTHS) {
            int[] x = new Random(n).ints(n).toArray();
            in.add(new Object[] {x, 31});
            in.add(new Object[] {x, Integer.MIN_VALUE});
        }
        for (int t : THREADS) {
            ParallelLoop.useThreads(t);
            D.checkAll(K, "sumInt", in);
        }
    }

    /** Kiln's rule, restated: blocks of ceil(n / 1024) iterations summed in order from 0.0, block sums likewise. */
    static double blockRule(int a, int b, IntToDoubleFunction f) {
        long n = Math.max(0L, (long) b - a);
        long block = Math.max(1, (n + 1023) / 1024);
        double total = 0.0;
        for (long lo = a; lo < b; lo += block) {
            double s = 0.0;
            for (long i = lo; i < Math.min(lo + block, b); i++) s += f.applyAsDouble((int) i);
            total += s;
        }
        return total;
    }

    @Test
    void doubleSumFollowsTheBlockRuleOnAnyThreadCount() throws Throwable {
        MethodHandle squares = D.compiled(K, "sumSquares");
        MethodHandle bump = D.compiled(K, "sumBump");
        List<double[]> inputs = new ArrayList<>();
        for (int n : LENGTHS) inputs.add(doubles(n, 7 * n + 1));
        inputs.add(new double[] {1e308, 1e308, -1e308});        // overflows in order
        inputs.add(new double[] {Double.NaN, 1});
        inputs.add(new double[] {Double.POSITIVE_INFINITY, 2});
        inputs.add(new double[] {-0.0});
        double[] cancel = doubles(300_000, 99);
        for (int i = 0; i < cancel.length; i += 2) cancel[i] *= 1e8; // badly conditioned: order matters
        inputs.add(cancel);
        for (double[] x : inputs) {
            double want = blockRule(0, x.length, i -> x[i] * x[i]);
            for (int t : THREADS) {
                ParallelLoop.useThreads(t);
                double got = (double) squares.invokeExact(x);
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got),
                        "sumSquares, n = " + x.length + ", " + t + " threads: " + want + " vs " + got);
            }
        }
        int[][] ranges = {{0, 1_000_000}, {-5, 3}, {3, -5}, {Integer.MAX_VALUE - 4000, Integer.MAX_VALUE},
                {Integer.MIN_VALUE, Integer.MIN_VALUE + 2500}, {17, 18}};
        for (int[] r : ranges) {
            double want = blockRule(r[0], r[1], i -> ParallelKernels.bump(i * 1e-3, 0.75));
            for (int t : THREADS) {
                ParallelLoop.useThreads(t);
                double got = (double) bump.invokeExact(r[0], r[1], 0.75);
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got),
                        "sumBump" + Arrays.toString(r) + ", " + t + " threads");
            }
        }
        // Java's DoubleStream.sum is compensated: close to Kiln's on a well-conditioned sum, not equal in general
        double[] x = inputs.get(LENGTHS.length - 1);
        double java = ParallelKernels.sumSquares(x);
        double kiln = (double) squares.invokeExact(x);
        assertTrue(Math.abs(java - kiln) <= 1e-12 * java, java + " vs " + kiln);
    }

    @Test
    void kernelAroundTwoLoops() throws Throwable {
        MethodHandle h = D.compiled(K, "twoLoops");
        for (int n : LENGTHS) {
            double[] x = doubles(n, n + 3);
            double[] y = doubles(n, n + 4);
            double want = blockRule(0, n, i -> x[i] * y[i] - 1) + n;
            for (int t : THREADS) {
                ParallelLoop.useThreads(t);
                double got = (double) h.invokeExact(x, y);
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), "n = " + n + ", " + t + " threads");
            }
        }
    }

    /** What HotSpot throws for the same iteration (a parallel stream may rewrap it in one of its own type). */
    static Throwable javaThrows(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.getCause() != null && e.getCause().getClass() == e.getClass() ? e.getCause() : e;
        }
        return fail("Java did not throw");
    }

    @Test
    void anExceptionEndsTheLoopLowestBlockWins() throws Throwable {
        MethodHandle h = D.compiled(K, "throwAt");
        int n = 50_000;
        int block = (n + 1023) / 1024;
        for (int bad : new int[] {0, 1, block - 1, block, n / 2, n - 1}) {
            // HotSpot's exception for that iteration, from a one-element parallel stream over it
            Throwable java = javaThrows(() -> ParallelKernels.throwAt(new int[n], bad));
            for (int t : THREADS) {
                ParallelLoop.useThreads(t);
                int[] out = new int[n];
                Throwable got = assertThrows(Throwable.class, () -> {
                    h.invokeExact(out, bad);
                });
                assertEquals(java.getClass(), got.getClass());
                assertEquals(java.getMessage(), got.getMessage());
                assertEquals(0, out[bad]);
                int start = bad / block * block;
                for (int i = 0; i < n; i++) {
                    if (out[i] != 0 && out[i] != i + 1) fail("out[" + i + "] = " + out[i]);
                    // every iteration before the throwing one in its block ran
                    if (i >= start && i < bad && out[i] != i + 1) fail(t + " threads: out[" + i + "] not written");
                    // on one thread the loop is sequential Java: everything before ran, nothing after
                    if (t == 1 && (i < bad) != (out[i] == i + 1)) fail("1 thread, bad " + bad + ": out[" + i + "] = " + out[i]);
                }
            }
        }
    }

    @Test
    void severalThrowTheLowestBlocksException() throws Throwable {
        MethodHandle h = D.compiled(K, "throwEvery");
        int n = 100_000;
        int block = (n + 1023) / 1024;
        for (int step : new int[] {1, 7, 500, 30_000}) {
            for (int t : THREADS) {
                ParallelLoop.useThreads(t);
                for (int rep = 0; rep < 5; rep++) {
                    int[] out = new int[n];
                    Throwable got = assertThrows(IllegalArgumentException.class, () -> {
                        h.invokeExact(out, step);
                    });
                    int j = Integer.parseInt(got.getMessage().substring("iteration ".length()));
                    assertEquals(step - 1, j % step, got.getMessage());
                    for (int i = j / block * block; i < j; i++) assertEquals(i + 1, out[i], "before " + j);
                    if (t == 1) assertEquals(step - 1, j, "one thread: the first throwing iteration");
                }
            }
        }
    }

    @Test
    void outOfBoundsInASum() throws Throwable {
        MethodHandle h = D.compiled(K, "sumFirst");
        double[] x = doubles(10, 1);
        Throwable java = null;
        try {
            double s = 0;
            for (int i = 0; i < 11; i++) s += x[i];
        } catch (ArrayIndexOutOfBoundsException e) {
            java = e;
        }
        assertNotNull(java);
        for (int t : THREADS) {
            ParallelLoop.useThreads(t);
            // 11 iterations: blocks of one, only index 10 throws
            Throwable got = assertThrows(ArrayIndexOutOfBoundsException.class, () -> {
                double unused = (double) h.invokeExact(x, 11);
            });
            assertEquals(java.getMessage(), got.getMessage());
            assertEquals(Double.doubleToLongBits(blockRule(0, 10, i -> x[i])),
                    Double.doubleToLongBits((double) h.invokeExact(x, 10)));
        }
    }

    @Test
    void aRefusedLambdaIsNamed() {
        UnsupportedConstructException e = assertThrows(UnsupportedConstructException.class,
                () -> D.kiln().compile(K, "refusedBody"));
        assertEquals(K.getName(), e.className());
        assertTrue(e.methodName().startsWith("lambda$refusedBody$"), e.getMessage());
        assertTrue(e.line() > 0, e.getMessage());
        assertTrue(e.construct().contains("String.length"), e.getMessage());
    }

    @Test
    void anotherFormIsRefusedWithItsPlace() {
        UnsupportedConstructException e = assertThrows(UnsupportedConstructException.class,
                () -> D.kiln().compile(K, "notTheForm"));
        assertEquals(K.getName(), e.className());
        assertEquals("notTheForm", e.methodName());
        assertTrue(e.line() > 0, e.getMessage());
        assertTrue(e.construct().contains("IntStream.filter"), e.getMessage());
    }

    @Test
    void manyJavaThreadsAtOnce() throws Exception {
        MethodHandle map = D.compiled(K, "map");
        MethodHandle squares = D.compiled(K, "sumSquares");
        for (int t : new int[] {2, 3}) {
            ParallelLoop.useThreads(t);
            ExecutorService callers = Executors.newFixedThreadPool(6);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int c = 0; c < 6; c++) {
                    int caller = c;
                    results.add(callers.submit(() -> {
                        try {
                            return hammer(map, squares, caller);
                        } catch (Throwable e) {
                            return "caller " + caller + " threw " + e;
                        }
                    }));
                }
                for (Future<String> f : results) assertEquals(null, f.get());
            } finally {
                callers.shutdown();
            }
        }
    }

    static String hammer(MethodHandle map, MethodHandle squares, int caller) throws Throwable {
        for (int rep = 0; rep < 30; rep++) {
            int n = 1 + (caller * 7919 + rep * 104_729) % 20_000;
            double[] x = doubles(n, caller * 1000L + rep);
            double[] want = new double[n];
            ParallelKernels.map(x, want, 0.5);
            double[] got = new double[n];
            map.invokeExact(x, got, 0.5);
            if (!Arrays.equals(want, got)) return "map differs, caller " + caller + ", n " + n;
            double s = (double) squares.invokeExact(x);
            if (Double.compare(s, blockRule(0, n, i -> x[i] * x[i])) != 0) return "sum differs, n " + n;
        }
        return null;
    }

    @Test
    void chunksAreCachedEntriesForAnyThreadCount() throws Throwable {
        ParallelLoop.useThreads(2);
        double[] x = doubles(5000, 3);
        double want = (double) D.compiled(K, "sumSquares").invokeExact(x);
        // a strict Kiln never compiles: it must find the chunk compiled above, and run it on 3 threads
        dev.kiln.Kiln strict = dev.kiln.Kiln.create(dev.kiln.KilnConfig.defaults()
                .withCachePath(List.of(D.cacheDir())).withStrict(true));
        ParallelLoop.useThreads(3);
        double got = (double) strict.compile(K, "sumSquares").invokeExact(x);
        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got));
        // a loop whose body was never compiled is a miss, whatever the cache holds for the other loops
        dev.kiln.KilnException miss = assertThrows(dev.kiln.KilnException.class, () -> strict.compile(K, "countOdd"));
        assertTrue(miss.getMessage().contains("lambda$countOdd$"), miss.getMessage());
    }

    @Test
    void theSameSourceIsAParallelStreamOnHotSpot() {
        // the kernels are ordinary Java: what HotSpot runs is Java's own parallel stream
        double[] x = doubles(5000, 5);
        double[] out = new double[5000];
        ParallelKernels.map(x, out, 2);
        assertArrayEquals(IntStream.range(0, 5000).mapToDouble(i -> ParallelKernels.bump(x[i], 2)).toArray(), out);
        assertInstanceOf(Double.class, ParallelKernels.sumSquares(x));
    }
}
