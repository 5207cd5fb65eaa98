package dev.kiln.examples.loss;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhiloxTest {

    private static int[] block10(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox.block(10, c0, c1, c2, c3, k0, k1, out, 0);
        return out;
    }

    @Test
    void philox4x32_10_knownAnswers() {
        // Random123 known-answer vectors for philox4x32-10.
        assertArrayEquals(new int[]{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, block10(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[]{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                block10(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[]{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                block10(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void blockWritesAtOffset() {
        int[] out = new int[6];
        Philox.block(10, 0, 0, 0, 0, 0, 0, out, 2);
        assertEquals(0, out[0]);
        assertEquals(0x6627e8d5, out[2]);
        assertEquals(0x9b00dbd8, out[5]);
    }

    @Test
    void seedHashes() {
        assertEquals(196107005L, Philox.damageSeed(0, 10, 1)); // generate_hash(10, 1)
        assertEquals(931091469L, Philox.hazardSeed(0, 10, 1));
        assertEquals(979038757L, Philox.correlationSeed(0, 10, 1));
        assertEquals(854525281L, Philox.damageSeed(7, 123456, 987654));
        long[] seeds = new long[2];
        Philox.damageSeeds(new int[]{10, 123456}, 2, 1, 0, seeds);
        assertEquals(196107005L, seeds[0]);
        assertEquals(Philox.damageSeed(0, 123456, 1), seeds[1]);
    }

    @Test
    void lhsRowForSeed12345() {
        double[] expected = {0.5682991616361375, 0.28155056965936504, 0.5765491925911711, 0.3946403025516442,
                0.05289641262165137, 0.8841991427554083, 0.766843106797231};
        double[] out = new double[9];
        Philox.lhsRow(12345, 7, out, 1, new int[4]);
        for (int k = 0; k < 7; k++) {
            // Bit-exact, not just close.
            assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(out[k + 1]), "k=" + k);
        }
        assertEquals(0.0, out[0]);
        assertEquals(0.0, out[8]);
    }

    @Test
    void lhsRowHitsEveryStratumOnce() {
        int[] words = new int[4];
        for (int n : new int[]{1, 2, 3, 4, 5, 8, 13, 100, 1000}) {
            double[] out = new double[n];
            Philox.lhsRow(987654321L + n, n, out, 0, words);
            boolean[] seen = new boolean[n];
            for (double x : out) {
                assertTrue(x > 0.0 && x <= 1.0, "x=" + x);
                int stratum = (int) Math.ceil(x * n - 1e-9) - 1;
                assertTrue(!seen[stratum], "stratum " + stratum + " twice, n=" + n);
                seen[stratum] = true;
            }
        }
    }

    @Test
    void lhsRowsSkipAndMatchSingleRows() {
        long[] seeds = {1, 12345, 99};
        double[] rows = new double[3 * 7];
        java.util.Arrays.fill(rows, -1.0);
        Philox.lhsRows(seeds, 3, 7, 1, rows, new int[4]);
        for (int k = 0; k < 7; k++) assertEquals(0.0, rows[k]);
        double[] one = new double[7];
        Philox.lhsRow(12345, 7, one, 0, new int[4]);
        assertArrayEquals(one, java.util.Arrays.copyOfRange(rows, 7, 14));
        Philox.lhsRow(99, 7, one, 0, new int[4]);
        assertArrayEquals(one, java.util.Arrays.copyOfRange(rows, 14, 21));
    }
}
