package dev.kiln.examples.loss;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AalTest {

    @Test
    void subsetCounts() {
        assertEquals(4, Aal.subsetCount(10, true));   // the note's example
        assertEquals(1, Aal.subsetCount(10, false));
        assertEquals(2, Aal.subsetCount(1, true));
        assertEquals(3, Aal.subsetCount(3, true));
        assertEquals(4, Aal.subsetCount(7, true));
        assertEquals(5, Aal.subsetCount(16, true));
        assertEquals(14, Aal.accLength(4));
        assertEquals(11, Aal.accLength(3));
        assertEquals(5, Aal.accLength(1));
    }

    @Test
    void periodWeights() {
        double[] w = {0.2, 0.3};
        assertEquals(1.2, Aal.periodWeight(w, 2, 2, 4), 1e-15);
        assertEquals(0.8, Aal.periodWeight(w, 2, 1, 4), 1e-15);
        assertEquals(0.0, Aal.periodWeight(w, 2, 3, 4));
        assertEquals(0.0, Aal.periodWeight(w, 2, 0, 4));
        assertEquals(1.0, Aal.periodWeight(w, 0, 3, 4));
    }

    /** Two periods, S = 3 (subsets {1} and {2, 3}), computed by hand. */
    @Test
    void accumulateTwoPeriodsWithSubsets() {
        int k = Aal.subsetCount(3, true);
        double[] acc = new double[Aal.accLength(k)];
        double[] v = {10, 1, 2, 3, 20, 3, 0, 1};
        Aal.accumulateSummary(v, 2, 3, new double[0], 0, k, acc);
        assertArrayEquals(new double[]{30, 500, 10, 24, 52, 4, 10, 10, 6, 14, 26}, acc, 1e-12);
        assertArrayEquals(new double[8], v, "consumed vectors are zeroed");

        double[] out = new double[(k + 1) * Aal.RESULT_COLS];
        assertEquals(4, Aal.finish(acc, k, 2, 3, 0.95, out));
        double z = Aal.confidenceZ(0.95);
        double[] expected = {
                0, 15, Math.sqrt(50), 0, 0,
                3, 10.0 / 6, Math.sqrt((24 - 100.0 / 6) / 5), 1.0 / 3, z / 3,   // per-period means 2 and 4/3
                1, 2, Math.sqrt(2), 1, z,                                       // per-period means 1 and 3
                2, 1.5, Math.sqrt(5.0 / 3), 1, z,                               // per-period means 2.5 and 0.5
        };
        assertArrayEquals(expected, out, 1e-12);
    }

    @Test
    void withoutAlctEverythingIsInTheFullRecord() {
        double[] acc = new double[Aal.accLength(1)];
        double[] v = {10, 1, 2, 3};
        Aal.accumulatePeriod(v, 0, 3, 2.0, 1, acc);
        // Weight 2: M 20, Q 200, F sum 12, squares 28, period total (12)^2.
        assertArrayEquals(new double[]{20, 200, 12, 28, 144}, acc, 1e-12);
    }

    @Test
    void confidenceZMatchesTheNormalQuantileWithinTheApproximationError() {
        assertEquals(1.959964, Aal.confidenceZ(0.95), 4.5e-4);
        assertEquals(1.644854, Aal.confidenceZ(0.90), 4.5e-4);
        assertEquals(2.575829, Aal.confidenceZ(0.99), 4.5e-4);
    }
}
