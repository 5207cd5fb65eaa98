package dev.kiln.examples.loss;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EpCurveTest {

    @Test
    void heapSortDescending() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : new int[]{0, 1, 2, 3, 7, 64, 1000}) {
            double[] a = new double[n + 2];
            for (int i = 0; i < a.length; i++) a[i] = r.nextInt(4) == 0 ? r.nextInt(5) : r.nextDouble() * 100 - 10;
            double[] expected = Arrays.copyOfRange(a, 1, n + 1);
            Arrays.sort(expected);
            for (int i = 0; i < n / 2; i++) {
                double t = expected[i];
                expected[i] = expected[n - 1 - i];
                expected[n - 1 - i] = t;
            }
            double first = a[0];
            double last = a[n + 1];
            EpCurve.sortDescending(a, 1, n);
            assertArrayEquals(expected, Arrays.copyOfRange(a, 1, n + 1), "n=" + n);
            assertEquals(first, a[0]);
            assertEquals(last, a[n + 1]);
        }
    }

    @Test
    void basicCurveByHand() {
        double[] loss = {10, 30, 20};
        double[] rp = new double[3];
        double[] v = new double[3];
        double[] t = new double[3];
        assertEquals(3, EpCurve.curve(loss, 0, 3, 3.0, 1.0, rp, v, t));
        assertArrayEquals(new double[]{3, 1.5, 1}, rp);
        assertArrayEquals(new double[]{30, 20, 10}, v);
        assertArrayEquals(new double[]{30, 25, 20}, t, 1e-12);
        // A divisor scales values (the per-sample-mean curve).
        double[] loss2 = {10, 30, 20};
        EpCurve.curve(loss2, 0, 3, 3.0, 2.0, rp, v, t);
        assertArrayEquals(new double[]{15, 10, 5}, v);
    }

    @Test
    void returnPeriodCurveByHand() {
        // 4 periods with losses 40, 30, 20, 10: ranks at return periods 4, 2, 4/3, 1.
        double[] loss = {20, 40, 10, 30};
        double[] rps = {10, 4, 3, 2.5, 1, 0.5};
        int[] kind = new int[12];
        double[] rp = new double[12];
        double[] val = new double[12];
        int n = EpCurve.curveAtReturnPeriods(loss, 0, 4, 4.0, 1.0, rps, rps.length, kind, rp, val);
        int ep = EpCurve.KIND_EP;
        int tv = EpCurve.KIND_TVAR;
        // 10 is beyond maxRP and skipped; 4 is exact; 3 and 2.5 interpolate between ranks 1 and 2; 1 is exact;
        // 0.5 is past the last rank: loss 0 and the tail mean diluted by a fifth value.
        assertEquals(10, n);
        assertArrayEquals(new int[]{ep, tv, ep, tv, ep, tv, ep, tv, ep, tv}, Arrays.copyOf(kind, n));
        assertArrayEquals(new double[]{4, 4, 3, 3, 2.5, 2.5, 1, 1, 0.5, 0.5}, Arrays.copyOf(rp, n));
        assertArrayEquals(new double[]{40, 40, 35, 37.5, 32.5, 37.5 - 5.0 / 3, 10, 25, 0, 20},
                Arrays.copyOf(val, n), 1e-12);
    }

    @Test
    void returnPeriodsBelowTheCurveOnlyGetZeros() {
        double[] loss = {5};
        double[] rps = {0.5, 0.25};
        int[] kind = new int[4];
        double[] rp = new double[4];
        double[] val = new double[4];
        int n = EpCurve.curveAtReturnPeriods(loss, 0, 1, 1.0, 1.0, rps, 2, kind, rp, val);
        assertEquals(4, n);
        // Tail means: 5 diluted by a second then a third value of 0.
        assertArrayEquals(new double[]{0, 2.5, 0, 5.0 / 3}, val, 1e-12);
    }

    @Test
    void accumulateEventSumsAndMaxes() {
        int cols = 2;
        double[] nodeLoss = {99, 99, 1, 2, 3, 4};
        int periods = 3;
        double[] agg = new double[2 * periods * cols];
        double[] occ = new double[2 * periods * cols];
        int[] occPeriod = {7, 3, 1, 3};
        EpCurve.accumulateEvent(nodeLoss, 1, 2, cols, occPeriod, 1, 3, periods, agg, occ);
        // Periods 3, 1, 3: summary 0 gets (1, 2) in period 1 and twice in period 3.
        assertArrayEquals(new double[]{1, 2, 0, 0, 2, 4, 3, 4, 0, 0, 6, 8}, agg);
        assertArrayEquals(new double[]{1, 2, 0, 0, 1, 2, 3, 4, 0, 0, 3, 4}, occ);
    }

    @Test
    void gatherModes() {
        // 1 summary... take summary 1 of 2, 2 periods, S = 2: [mean, s1, s2] per period.
        double[] pl = {0, 0, 0, 0, 0, 0, /* summary 1 */ 5, 1, 2, 6, 3, 4};
        double[] dst = new double[4];
        assertEquals(4, EpCurve.gather(pl, 1, 2, 3, 0, dst));
        assertArrayEquals(new double[]{1, 2, 3, 4}, dst);
        assertEquals(2, EpCurve.gather(pl, 1, 2, 3, 1, dst));
        assertArrayEquals(new double[]{3, 7}, Arrays.copyOf(dst, 2));
        assertEquals(2, EpCurve.gather(pl, 1, 2, 3, 2, dst));
        assertArrayEquals(new double[]{5, 6}, Arrays.copyOf(dst, 2));
    }
}
