package dev.kiln.examples.loss;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroundUpTest {
    // Bins: no damage, [0, 0.5] with mean 0.25 (midpoint), [0.5, 1] with mean 0.8 (quadratic), total loss.
    static final float[] FROM = {0f, 0f, 0.5f, 1f};
    static final float[] TO = {0f, 0.5f, 1f, 1f};
    static final float[] MEAN = {0f, 0.25f, 0.8f, 1f};

    @Test
    void lowerBound() {
        double[] a = {9, 0.1, 0.4, 0.4, 0.9, 9};
        assertEquals(0, GroundUp.lowerBound(a, 1, 4, 0.05));
        assertEquals(0, GroundUp.lowerBound(a, 1, 4, 0.1));
        assertEquals(1, GroundUp.lowerBound(a, 1, 4, 0.2));
        assertEquals(1, GroundUp.lowerBound(a, 1, 4, 0.4));
        assertEquals(3, GroundUp.lowerBound(a, 1, 4, 0.5));
        assertEquals(4, GroundUp.lowerBound(a, 1, 4, 0.95));
        assertEquals(0, GroundUp.lowerBound(a, 1, 0, 0.5));
    }

    @Test
    void inBinCases() {
        // Zero-width bin.
        assertEquals(700.0, GroundUp.sampleInBin(0.3, 0.2, 0.4, 0.7, 0.7, 0.7, 1000.0));
        // Linear: uniform density, the middle of the mass is the middle of the bin.
        assertEquals(0.25 * 1000, GroundUp.sampleInBin(0.3, 0.2, 0.4, 0.0, 0.5, 0.25, 1000.0), 1e-9);
        // Quadratic, both root forms (x = 0.4 has b > 0; x = 2/3, the largest mean a linear density can have,
        // has b = 0): the bin edges map to the bounds.
        for (double mean : new double[]{0.4, 0.2 + 0.5 * 2.0 / 3.0}) {
            assertEquals(0.2, GroundUp.sampleInBin(0.2, 0.2, 0.4, 0.2, 0.7, mean, 1.0), 1e-12);
            assertEquals(0.7, GroundUp.sampleInBin(0.4, 0.2, 0.4, 0.2, 0.7, mean, 1.0), 1e-12);
        }
        // Hand-computed on [0, 1] with mass 1: mean 2/3 is the density 2t, whose CDF t^2 = 0.25 at t = 0.5;
        // mean 0.4 is the density 1.6 - 1.2t, CDF 1.6t - 0.6t^2 = 0.5 at t = (1.6 - sqrt(1.36))/1.2.
        assertEquals(0.5, GroundUp.sampleInBin(0.25, 0.0, 1.0, 0.0, 1.0, 2.0 / 3.0, 1.0), 1e-15);
        assertEquals((1.6 - Math.sqrt(1.36)) / 1.2, GroundUp.sampleInBin(0.5, 0.0, 1.0, 0.0, 1.0, 0.4, 1.0), 1e-15);
    }

    @Test
    void inBinSamplesHaveTheBinMean() {
        // A linear density on the bin can have its mean anywhere in [1/3, 2/3] of the width.
        for (double mean : new double[]{0.34, 0.4, 0.45, 0.5, 0.6, 0.66}) {
            int n = 200_000;
            double sum = 0;
            double prev = -1;
            for (int k = 0; k < n; k++) {
                double u = 0.2 + 0.3 * (k + 0.5) / n;
                double x = GroundUp.sampleInBin(u, 0.2, 0.5, 0.0, 1.0, mean, 1.0);
                assertTrue(x >= prev, "monotone in u");
                assertTrue(x >= 0.0 && x <= 1.0);
                prev = x;
                sum += x;
            }
            assertEquals(mean, sum / n, 1e-6, "mean " + mean);
        }
    }

    @Test
    void statsByHand() {
        double[] cdf = {0.5, 0.8, 1.0};
        float[] to = {0f, 0.5f, 1f};
        float[] mean = {0f, 0.25f, 1f};
        double[] st = new double[5];
        GroundUp.lossStats(cdf, 0, 3, to, mean, 1000.0, st, 1);
        assertEquals(275.0, st[1], 1e-9);                      // 1000*(0.3*0.25 + 0.2*1)
        assertEquals(Math.sqrt(218750.0 - 275.0 * 275.0), st[2], 1e-9);
        assertEquals(0.5, st[3], 0.0);                          // 1 - p0 as bin 0 means no damage
        assertEquals(1000.0, st[4], 0.0);
        float[] mean2 = {0.1f, 0.25f, 1f};
        GroundUp.lossStats(cdf, 0, 3, to, mean2, 1000.0, st, 0);
        assertEquals(1.0, st[2], 0.0);
    }

    @Test
    void sampleLossAcrossTheCdf() {
        double[] cdf = {0.4, 0.7, 0.95, 1.0};
        double tiv = 1000;
        assertEquals(0.0, GroundUp.sampleLoss(cdf, 0, 4, FROM, TO, MEAN, tiv, 0.1));
        assertEquals(0.0, GroundUp.sampleLoss(cdf, 0, 4, FROM, TO, MEAN, tiv, 0.4));
        assertEquals(250.0, GroundUp.sampleLoss(cdf, 0, 4, FROM, TO, MEAN, tiv, 0.55), 1e-9);
        assertEquals(1000.0, GroundUp.sampleLoss(cdf, 0, 4, FROM, TO, MEAN, tiv, 0.99));
        // At or above the top the sample is capped into the last bin.
        assertEquals(1000.0, GroundUp.sampleLoss(cdf, 0, 4, FROM, TO, MEAN, tiv, 1.0));
        double prev = 0;
        for (int k = 1; k < 10_000; k++) {
            double x = GroundUp.sampleLoss(cdf, 0, 4, FROM, TO, MEAN, tiv, k / 10_000.0);
            assertTrue(x >= prev - 1e-9, "inverse CDF is non-decreasing");
            prev = x;
        }
        // A CDF that ends below 1 caps u into its last bin.
        double[] partial = {0.4, 0.7};
        double top = GroundUp.sampleLoss(partial, 0, 2, FROM, TO, MEAN, tiv, 0.9);
        assertEquals(500.0, top, 1e-4);
    }

    @Test
    void itemLossesMatchTheAnalyticalMean() {
        double[] cdf = {0.4, 0.7, 0.95, 1.0};
        int s = 4096;
        double[] u = new double[s];
        Philox.lhsRow(4242, s, u, 0, new int[4]);
        double[] out = new double[GroundUp.SPECIAL_ROWS + s + 3];
        GroundUp.itemLosses(cdf, 0, 4, FROM, TO, MEAN, 2000.0, 2, u, 0, s, 0.0, new double[4], out, 3);
        double mean = out[3 + GroundUp.ROW_MEAN];
        assertEquals(2000 * (0.3 * 0.25 + 0.25 * 0.8 + 0.05), mean, 1e-4); // bin means are float32
        assertEquals(0.6, out[3 + GroundUp.ROW_CHANCE], 1e-15);
        assertEquals(1000.0, out[3 + GroundUp.ROW_TIV]);
        assertEquals(2000.0, out[3 + GroundUp.ROW_MAX_LOSS]);
        double sum = 0;
        double sq = 0;
        for (int k = 0; k < s; k++) {
            double x = out[3 + GroundUp.SPECIAL_ROWS + k];
            sum += x;
            sq += x * x;
        }
        // Latin hypercube sampling gives the mean very closely; the std more loosely.
        assertEquals(mean, sum / s, mean * 2e-3);
        double std = Math.sqrt(sq / s - (sum / s) * (sum / s));
        // The analytical std treats each bin as a point at its mean, so the samples, spread inside the bins,
        // vary a little more.
        double analyticalStd = out[3 + GroundUp.ROW_STD];
        assertTrue(std > analyticalStd && std < 1.1 * analyticalStd, std + " vs " + analyticalStd);
        // A threshold zeroes the small losses.
        GroundUp.itemLosses(cdf, 0, 4, FROM, TO, MEAN, 2000.0, 1, u, 0, s, 600.0, new double[4], out, 0);
        for (int k = 0; k < s; k++) {
            double x = out[GroundUp.SPECIAL_ROWS + k];
            assertTrue(x == 0.0 || x >= 600.0);
        }
    }
}
