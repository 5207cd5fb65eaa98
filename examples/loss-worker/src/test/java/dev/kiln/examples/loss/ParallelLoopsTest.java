package dev.kiln.examples.loss;

import dev.kiln.runtime.parallel.ParallelLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker's parallel kernels ({@code Philox.lhsRowsParallel}, {@code GroundUp.eventLossesParallel}), run natively
 * (the tests are strict on the baked cache) with 1, 2 and 7 threads and several lane counts, against their sequential
 * forms on plain Java (the classes as compiled, {@link KilnVsJavaTest#ORIGINAL}) and their own Java body (a parallel
 * stream on HotSpot): every value identical bit for bit, on the events of a model of the worker's default shape.
 */
class ParallelLoopsTest {
    static final SyntheticModel.Sizes SIZES = new SyntheticModel.Sizes(12, 300, 30, 16, 20, 20, 30, 6, 200, 4, 2, 5);
    static final int[] THREADS = {1, 2, 7};
    static int configured;

    @BeforeAll
    static void saveThreads() {
        configured = ParallelLoop.threads();
        ParallelLoop.useMinSharedNanos(0); // share every loop, however small: the tests are about sharing
    }

    @AfterAll
    static void restoreThreads() {
        ParallelLoop.useThreads(configured);
        ParallelLoop.useMinSharedNanos(ParallelLoop.MIN_SHARED_NANOS);
    }

    static void useThreads(int t) {
        ParallelLoop.useThreads(t);
        assertEquals(t, ParallelLoop.threads());
    }

    @Test
    void latinHypercubeRowsAreTheSequentialOnesOnAnyThreadsAndLanes() throws Throwable {
        SyntheticModel m = new SyntheticModel(SIZES);
        int rows = m.nGroups;
        int s = SIZES.samples();
        Method sequential = KilnVsJavaTest.reference(Philox.class, "lhsRows", long[].class, int.class, int.class,
                int.class, double[].class, int[].class);
        Method javaParallel = KilnVsJavaTest.reference(Philox.class, "lhsRowsParallel", long[].class, int.class,
                int.class, int.class, double[].class, int[].class, int.class);
        long[] seeds = new long[rows];
        for (int e = 0; e < SIZES.events(); e++) {
            Philox.damageSeeds(m.groupIds, rows, e + 1, 0, seeds);
            int skip = e % 3 == 0 ? 1 : 0;
            double[] expected = new double[rows * s];
            sequential.invoke(null, seeds, rows, s, skip, expected, new int[4]);
            for (int lanes : new int[]{1, 3, LossWorker.LANES, rows, rows + 5}) {
                double[] java = new double[rows * s];
                javaParallel.invoke(null, seeds, rows, s, skip, java, new int[4 * lanes], lanes);
                assertArrayEquals(expected, java, "Java parallel stream, event " + e + ", lanes " + lanes);
                for (int t : THREADS) {
                    useThreads(t);
                    double[] out = new double[rows * s];
                    Philox.lhsRowsParallel(seeds, rows, s, skip, out, new int[4 * lanes], lanes);
                    assertArrayEquals(expected, out, "event " + e + ", lanes " + lanes + ", threads " + t);
                }
            }
        }
    }

    @Test
    void groundUpIsTheSequentialOneOnAnyThreadsAndLanes() throws Throwable {
        SyntheticModel m = new SyntheticModel(SIZES);
        int items = SIZES.items();
        int s = SIZES.samples();
        int nd = SIZES.damageBins();
        int pdfLen = SIZES.maxHazardRecords() * nd;
        int[] hs = new int[SIZES.areaperils() + 1];
        int[] hb = new int[m.maxFootprintRecords()];
        float[] hp = new float[m.maxFootprintRecords()];
        long[] seeds = new long[m.nGroups];
        double[] rand = new double[m.nGroups * s];
        Class<?>[] common = {int.class, int[].class, int[].class, int[].class, double[].class, int[].class,
                int[].class, int[].class, float[].class, float[].class, int.class, int.class,
                int[].class, int[].class, float[].class, float[].class, float[].class, float[].class,
                double[].class, int.class, double.class};
        Method sequential = KilnVsJavaTest.reference(GroundUp.class, "eventLosses", concat(common,
                double[].class, double[].class, double[].class, double[].class));
        Method javaParallel = KilnVsJavaTest.reference(GroundUp.class, "eventLossesParallel", concat(common,
                int.class, double[].class, double[].class, double[].class, double[].class));
        int hitEvents = 0;
        for (int e = 0; e < SIZES.events(); e++) {
            m.footprint(e, hs, hb, hp);
            Philox.damageSeeds(m.groupIds, m.nGroups, e + 1, 0, seeds);
            Philox.lhsRows(seeds, m.nGroups, s, 0, rand, new int[4]);
            double threshold = e % 2 == 0 ? 0.0 : 5000.0;
            Object[] in = {items, m.itemAreaperil, m.itemVuln, m.itemGroup, m.itemTiv, m.itemCoverageItems, hs, hb,
                    hp, m.vuln, nd, SIZES.intensityBins(), m.aggStart, m.aggMember, m.aggWeight, m.binFrom, m.binTo,
                    m.binMean, rand, s, threshold};
            double[] expected = new double[items * (GroundUp.SPECIAL_ROWS + s)];
            Arrays.fill(expected, -1.0); // every entry must be written
            int hit = (int) sequential.invoke(null, concat(in, new double[pdfLen], new double[nd], new double[4],
                    expected));
            if (hit > 0) hitEvents++;
            for (int lanes : new int[]{1, 5, LossWorker.LANES, items, items + 3}) {
                double[] java = new double[expected.length];
                int javaHit = (int) javaParallel.invoke(null, concat(in, lanes, new double[lanes * pdfLen],
                        new double[lanes * nd], new double[4 * lanes], java));
                assertEquals(hit, javaHit, "Java parallel stream, event " + e + ", lanes " + lanes);
                assertArrayEquals(expected, java, "Java parallel stream, event " + e + ", lanes " + lanes);
                for (int t : THREADS) {
                    useThreads(t);
                    double[] out = new double[expected.length];
                    Arrays.fill(out, -1.0);
                    int got = GroundUp.eventLossesParallel(items, m.itemAreaperil, m.itemVuln, m.itemGroup,
                            m.itemTiv, m.itemCoverageItems, hs, hb, hp, m.vuln, nd, SIZES.intensityBins(),
                            m.aggStart, m.aggMember, m.aggWeight, m.binFrom, m.binTo, m.binMean, rand, s, threshold,
                            lanes, new double[lanes * pdfLen], new double[lanes * nd], new double[4 * lanes], out);
                    String where = "event " + e + ", lanes " + lanes + ", threads " + t;
                    assertEquals(hit, got, where);
                    assertArrayEquals(expected, out, where);
                }
            }
        }
        assertTrue(hitEvents >= SIZES.events() / 2, "events with hazard: " + hitEvents);
    }

    static <T> T[] concat(T[] a, Object... b) {
        T[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
