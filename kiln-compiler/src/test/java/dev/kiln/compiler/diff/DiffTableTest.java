package dev.kiln.compiler.diff;

import dev.kiln.KilnStats;
import dev.kiln.UnsupportedConstructException;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.StaticTables;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleUnaryOperator;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Constant tables: static final primitive arrays a kernel reads (and writes) by reference, at call time, through
 * the field, exactly as Java does.
 */
class DiffTableTest {
    static final Diff D = Diff.forClass(DiffTableTest.class);
    static final Class<?> K = TableKernels.class;

    @Test
    void coefficientTables() {
        D.checkAll(K, "erfLike", product(doublesWithRandom(300, 41)));
    }

    @Test
    void tableInACalleeAndRecursion() {
        List<Double> xs = new ArrayList<>(DOUBLES_SMALL);
        Random r = new Random(42);
        for (int i = 0; i < 200; i++) xs.add((r.nextDouble() - 0.3) * 60);
        D.checkAll(K, "logGamma", product(xs));
    }

    @Test
    void tableFromAStaticInitializer() {
        D.checkAll(K, "crc32", product(Arrays2.bytes(), List.of(0, 1, 5, 37, 40)));
    }

    @Test
    void byteTable() {
        D.checkAll(K, "popcount", product(longsWithRandom(100, 43)));
    }

    @Test
    void charTable() {
        D.checkAll(K, "toHex", product(INTS_SMALL, Arrays.asList(new char[8], new char[3], new char[0], null)));
    }

    @Test
    void shortTable() {
        D.checkAll(K, "niceStep", product(doublesWithRandom(60, 44), List.of(1, 5, 7, 0, -3)));
    }

    @Test
    void floatTable() {
        D.checkAll(K, "interpolate", product(doublesWithRandom(200, 45)));
    }

    @Test
    void indexOutOfTheTable() {
        D.checkAll(K, "scaleFixed", product(LONGS_SMALL, List.of(0, 1, 18, 19, -1, Integer.MIN_VALUE)));
    }

    @Test
    void nullTableThrowsHotSpotsMessage() {
        D.checkAll(K, "readsMissing", product(List.of(0, 1, -1)));
    }

    @Test
    void tablesOfTwoClassesThroughCallees() {
        D.checkAll(K, "sumBoth", product(INTS_SMALL));
    }

    /** No copy is baked: a change to the table after the compile is what the next call sees. */
    @Test
    void contentsAreReadAtCallTime() throws Throwable {
        MethodHandle kiln = D.compiled(K, "interpolate");
        float saved = TableKernels.GRID[2];
        try {
            double before = (double) kiln.invokeExact(2.25);
            TableKernels.GRID[2] = 100f;
            double after = (double) kiln.invokeExact(2.25);
            assertEquals(TableKernels.interpolate(2.25), after);
            assertTrue(after != before, before + " " + after);
        } finally {
            TableKernels.GRID[2] = saved;
        }
    }

    /** A kernel writing a table: the writes land in the Java array, as with HotSpot. */
    @Test
    void writesLandInTheTable() throws Throwable {
        MethodHandle kiln = D.compiled(K, "countInto");
        double[] xs = {-1, 0.5, 3, 3, 11, Double.NaN, -0.0, 9.99};
        Arrays.fill(TableKernels.COUNTS, 0);
        TableKernels.countInto(xs);
        long[] want = TableKernels.COUNTS.clone();
        Arrays.fill(TableKernels.COUNTS, 0);
        kiln.invokeExact(xs);
        assertArrayEquals(want, TableKernels.COUNTS);
        kiln.invokeExact(xs); // accumulates: the same array, not a per-call copy
        for (int i = 0; i < want.length; i++) assertEquals(2 * want[i], TableKernels.COUNTS[i]);
        assertThrows(NullPointerException.class, () -> {
            double[] none = null;
            kiln.invokeExact(none);
        });
    }

    /** Bound to a functional interface, and called from several threads at once: each call reads the field. */
    @Test
    void interfaceAndThreads() throws Exception {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        DoubleUnaryOperator erf = D.kiln().compile(K, "erfLike", DoubleUnaryOperator.class);
        List<Double> xs = doublesWithRandom(200, 46);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (double x : xs) {
                        if (Double.doubleToLongBits(erf.applyAsDouble(x)) != Double.doubleToLongBits(TableKernels.erfLike(x))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : done) assertTrue(f.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void tablesAreFoundInTheGraph() {
        List<StaticTables.Table> t = StaticTables.of(KernelGraph.of(K, "sumBoth", null));
        assertEquals(List.of(new StaticTables.Table("dev/kiln/compiler/diff/TableHelpers", "WEIGHTS", "[D"),
                new StaticTables.Table("dev/kiln/compiler/diff/TableKernels", "P", "[D"),
                new StaticTables.Table("dev/kiln/compiler/diff/TableKernels", "Q", "[D")), t);
        assertEquals("(I[D[D[D)D", StaticTables.abiDescriptor(KernelGraph.of(K, "sumBoth", null)));
    }

    /**
     * A JDK class's private table cannot be read at call time (java.base is not open). FdLibm's are literals only ever
     * read (also when handed to the argument reduction of sin), so they compile as constants, bit-exact; other uses
     * are refused (ConstArrayUsesTest).
     */
    @Test
    void jdkTablesCompileAsConstants() {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        D.checkAll(StrictKernels.class, "exp", product(List.of(1.0, -745.2, 709.8, Double.NaN, -0.0)));
        D.checkAll(StrictKernels.class, "sin", product(List.of(1e300, -3.0e15, 0.5, Math.PI, Double.MIN_VALUE)));
    }

    @Test
    void cachedPath() {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        List<Object[]> in = product(Arrays2.bytes(), List.of(0, 5, 37));
        D.checkAll(K, "crc32", in);
        D.checkAll(K, "sumBoth", product(INTS_SMALL));
        Diff second = Diff.sharingCacheOf(D);
        KilnStats before = second.kiln().stats();
        second.checkAll(K, "crc32", in);
        second.checkAll(K, "sumBoth", product(INTS_SMALL));
        KilnStats s = second.kiln().stats();
        assertEquals(before.compiles(), s.compiles(), s.toString());
        assertEquals(before.hits() + 2, s.hits(), s.toString());
    }
}
