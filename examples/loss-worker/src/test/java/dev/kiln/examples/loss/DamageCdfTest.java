package dev.kiln.examples.loss;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DamageCdfTest {
    static final int D = 3;
    static final int I = 2;

    /** vuln[(v*D + d)*I + i] from rows given per (v, i) over d. */
    static float[] vuln(float[][][] byVi) {
        float[] out = new float[byVi.length * D * I];
        for (int v = 0; v < byVi.length; v++)
            for (int i = 0; i < I; i++)
                for (int d = 0; d < D; d++) out[(v * D + d) * I + i] = byVi[v][i][d];
        return out;
    }

    static final float[] VULN = vuln(new float[][][]{
            {{0.5f, 0.5f, 0f}, {0.25f, 0.25f, 0.5f}},   // v0 at intensity bins 1, 2
            {{1f, 0f, 0f}, {0f, 0f, 1f}},               // v1
            {{0f, 0f, 0f}, {0f, 0.5f, 0.5f}},           // v2: no damage defined at intensity 1
    });

    @Test
    void singleVulnerabilityByHand() {
        int[] bin = {1, 2};
        float[] prob = {0.5f, 0.5f};
        double[] pdf = new double[2 * D];
        double[] cdf = new double[D + 1];
        int n = DamageCdf.effectiveCdf(VULN, D, I, 0, bin, prob, 0, 2, pdf, cdf, 1);
        assertEquals(3, n);
        assertEquals(0.375, cdf[1], 1e-15);   // 0.5*0.5 + 0.5*0.25
        assertEquals(0.75, cdf[2], 1e-15);
        assertEquals(1.0, cdf[3], 1e-15);
        // One hazard record with the second intensity bin, at offset 1.
        n = DamageCdf.effectiveCdf(VULN, D, I, 1, new int[]{1, 2}, new float[]{0f, 1f}, 1, 1, pdf, cdf, 0);
        assertEquals(3, n);
        assertEquals(0.0, cdf[0]);
        assertEquals(0.0, cdf[1]);
        assertEquals(1.0, cdf[2]);
    }

    @Test
    void truncatesAtTheLargestFloatBelowOneAndTrims() {
        // v1 at intensity 1 puts everything in bin 0: the CDF is complete after one entry.
        double[] pdf = new double[D];
        double[] cdf = {-1, -1, -1};
        int n = DamageCdf.effectiveCdf(VULN, D, I, 1, new int[]{1}, new float[]{1f}, 0, 1, pdf, cdf, 0);
        assertEquals(1, n);
        assertEquals(1.0, cdf[0]);
        assertEquals(-1.0, cdf[1], "nothing written after the stop");
        // pdf_to_cdf: stops on reaching 0.99999994 (not 1), trims trailing repeats when it never does.
        double[] out = new double[5];
        assertEquals(2, DamageCdf.pdfToCdf(new double[]{0.2, 0.79999996, 0, 0.1}, 0, 4, out, 0));
        assertEquals(2, DamageCdf.pdfToCdf(new double[]{0.5, 0.25, 0, 0}, 0, 4, out, 0));
        assertEquals(0.75, out[1]);
        assertEquals(4, DamageCdf.pdfToCdf(new double[]{0.2, 0.3, 0, 0.1}, 0, 4, out, 0));
        assertEquals(1, DamageCdf.pdfToCdf(new double[]{0, 0, 0}, 0, 3, out, 0));
        assertEquals(0.99999994f, (float) DamageCdf.CDF_ONE);
        assertEquals(Math.nextDown(1.0f), (float) DamageCdf.CDF_ONE);
    }

    @Test
    void aggregateWeightsMembers() {
        // Members v0 (w=1) and v1 (w=3) at intensity 2: (1*[.25,.25,.5] + 3*[0,0,1]) / 4.
        double[] pdf = new double[D];
        double[] cdf = new double[D];
        int n = DamageCdf.effectiveCdfAggregate(VULN, D, I, new int[]{0, 1}, new float[]{1f, 3f}, 0, 2,
                new int[]{2}, new float[]{1f}, 0, 1, pdf, cdf, 0);
        assertEquals(3, n);
        assertEquals(0.0625, pdf[0], 1e-15);
        assertEquals(0.0625, pdf[1], 1e-15);
        assertEquals(0.875, pdf[2], 1e-15);
        assertEquals(0.125, cdf[1], 1e-15);
    }

    @Test
    void aggregateMemberWithoutDamageWeighsOnBinZero() {
        // v2 at intensity 1 has no positive bin: its weight 1 goes to bin 0; v0 (w=1) gives [.5, .5, 0].
        double[] pdf = new double[D];
        DamageCdf.aggregatePdf(VULN, D, I, new int[]{2, 0}, new float[]{1f, 1f}, 0, 2, new int[]{1}, 0, 1, pdf);
        assertEquals(0.75, pdf[0], 1e-15);
        assertEquals(0.25, pdf[1], 1e-15);
        assertEquals(0.0, pdf[2], 1e-15);
    }

    @Test
    void aggregateWithZeroWeightsIsTheUnweightedMean() {
        double[] pdf = new double[2 * D];
        DamageCdf.aggregatePdf(VULN, D, I, new int[]{0, 1}, new float[]{0f, 0f}, 0, 2, new int[]{1, 2}, 0, 2, pdf);
        assertEquals(0.75, pdf[0], 1e-15);   // (0.5 + 1)/2
        assertEquals(0.25, pdf[1], 1e-15);
        assertEquals(0.0, pdf[2], 1e-15);
        assertEquals(0.125, pdf[3], 1e-15);  // (0.25 + 0)/2
        assertEquals(0.125, pdf[4], 1e-15);
        assertEquals(0.75, pdf[5], 1e-15);
        // Negative weights count as zero.
        DamageCdf.aggregatePdf(VULN, D, I, new int[]{0, 1}, new float[]{-1f, 2f}, 0, 2, new int[]{2}, 0, 1, pdf);
        assertEquals(1.0, pdf[2], 1e-15);
    }

    @Test
    void hazardIndexSearchesAllButTheLast() {
        double[] haz = {0.2, 0.5, 1.0};
        assertEquals(0, DamageCdf.hazardIndex(haz, 0, 3, 0.1));
        assertEquals(1, DamageCdf.hazardIndex(haz, 0, 3, 0.3));
        assertEquals(2, DamageCdf.hazardIndex(haz, 0, 3, 0.7));
        assertEquals(2, DamageCdf.hazardIndex(haz, 0, 3, 1.0));
    }
}
