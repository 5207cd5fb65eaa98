package dev.kiln.examples.loss;

import dev.kiln.Kernel;

/**
 * The effective damage CDF of an item: the hazard intensity distribution of the event (records of a 1-based
 * intensity bin and a probability) mixed with the vulnerability matrix, flattened as
 * {@code vuln[(v*D + d)*I + i]} (float32, as stored upstream; sums in double).
 *
 * <p>{@code pdf} is scratch of at least H*D doubles, laid out {@code pdf[h*D + d]} (from {@code po} in the
 * {@code ...At} forms, which let parallel callers give each lane its own slice).
 */
public final class DamageCdf {
    private DamageCdf() {
    }

    /** The largest float32 below 1: a CDF that reaches it is complete. */
    static final double CDF_ONE = 0.99999994f;

    /**
     * cdf[co + d] = running sum over d of sum_h pdf[h*D+d]*p_h, stopping right after the write that reaches
     * {@link #CDF_ONE}, then trimmed of trailing repeats. Returns the length.
     */
    @Kernel
    public static int cdfFromPdf(double[] pdf, int nHaz, int nDamage, float[] hazProb, int ho, double[] cdf, int co) {
        return cdfFromPdfAt(pdf, 0, nHaz, nDamage, hazProb, ho, cdf, co);
    }

    static int cdfFromPdfAt(double[] pdf, int po, int nHaz, int nDamage, float[] hazProb, int ho, double[] cdf, int co) {
        double s = 0.0;
        int last = nDamage - 1;
        for (int d = 0; d < nDamage; d++) {
            for (int h = 0; h < nHaz; h++) {
                s += pdf[po + h * nDamage + d] * hazProb[ho + h];
            }
            cdf[co + d] = s;
            if (s >= CDF_ONE) {
                last = d;
                break;
            }
        }
        return trim(cdf, co, last);
    }

    /** Drops trailing entries equal to their predecessor; {@code last} is the index of the last entry. Returns the length. */
    static int trim(double[] cdf, int co, int last) {
        while (last > 0 && cdf[co + last - 1] == cdf[co + last]) {
            last--;
        }
        return last + 1;
    }

    /** pdf[po..po+n) to its CDF in cdf[co..], with the same truncation and trim. Returns the length. */
    @Kernel
    public static int pdfToCdf(double[] pdf, int po, int n, double[] cdf, int co) {
        double s = 0.0;
        int last = n - 1;
        for (int d = 0; d < n; d++) {
            s += pdf[po + d];
            cdf[co + d] = s;
            if (s >= CDF_ONE) {
                last = d;
                break;
            }
        }
        return trim(cdf, co, last);
    }

    /** The effective damage CDF of single vulnerability v. Returns its length. */
    @Kernel
    public static int effectiveCdf(float[] vuln, int nDamage, int nIntensity, int v, int[] hazBin, float[] hazProb,
                                   int ho, int nHaz, double[] pdf, double[] cdf, int co) {
        return effectiveCdfAt(vuln, nDamage, nIntensity, v, hazBin, hazProb, ho, nHaz, pdf, 0, cdf, co);
    }

    static int effectiveCdfAt(float[] vuln, int nDamage, int nIntensity, int v, int[] hazBin, float[] hazProb,
                              int ho, int nHaz, double[] pdf, int po, double[] cdf, int co) {
        for (int h = 0; h < nHaz; h++) {
            int i = hazBin[ho + h] - 1;
            int base = v * nDamage * nIntensity + i;
            for (int d = 0; d < nDamage; d++) {
                pdf[po + h * nDamage + d] = vuln[base + d * nIntensity];
            }
        }
        return cdfFromPdfAt(pdf, po, nHaz, nDamage, hazProb, ho, cdf, co);
    }

    /**
     * The weighted mixture of member vulnerabilities members[mo..mo+m) with weights w[mo..], per hazard record,
     * into pdf. A member row with no positive bin puts its weight on bin 0 (no damage). With zero total weight the
     * unweighted mean of the rows is used.
     */
    @Kernel
    public static void aggregatePdf(float[] vuln, int nDamage, int nIntensity, int[] members, float[] weights, int mo,
                                    int m, int[] hazBin, int ho, int nHaz, double[] pdf) {
        aggregatePdfAt(vuln, nDamage, nIntensity, members, weights, mo, m, hazBin, ho, nHaz, pdf, 0);
    }

    static void aggregatePdfAt(float[] vuln, int nDamage, int nIntensity, int[] members, float[] weights, int mo,
                               int m, int[] hazBin, int ho, int nHaz, double[] pdf, int po) {
        int cells = nHaz * nDamage;
        for (int c = 0; c < cells; c++) {
            pdf[po + c] = 0.0;
        }
        double total = 0.0;
        for (int j = 0; j < m; j++) {
            double w = weights[mo + j];
            if (!(w > 0.0)) {
                continue;
            }
            total += w;
            int vb = members[mo + j] * nDamage * nIntensity;
            for (int h = 0; h < nHaz; h++) {
                int base = vb + hazBin[ho + h] - 1;
                boolean any = false;
                for (int d = 0; d < nDamage; d++) {
                    float x = vuln[base + d * nIntensity];
                    if (x > 0.0f) {
                        pdf[po + h * nDamage + d] += w * x;
                        any = true;
                    }
                }
                if (!any) {
                    pdf[po + h * nDamage] += w;
                }
            }
        }
        if (total > 0.0) {
            for (int c = 0; c < cells; c++) {
                pdf[po + c] /= total;
            }
            return;
        }
        for (int j = 0; j < m; j++) {
            int vb = members[mo + j] * nDamage * nIntensity;
            for (int h = 0; h < nHaz; h++) {
                int base = vb + hazBin[ho + h] - 1;
                for (int d = 0; d < nDamage; d++) {
                    pdf[po + h * nDamage + d] += vuln[base + d * nIntensity];
                }
            }
        }
        if (m > 0) {
            for (int c = 0; c < cells; c++) {
                pdf[po + c] /= m;
            }
        }
    }

    /** The effective damage CDF of an aggregate vulnerability. Returns its length. */
    @Kernel
    public static int effectiveCdfAggregate(float[] vuln, int nDamage, int nIntensity, int[] members, float[] weights,
                                            int mo, int m, int[] hazBin, float[] hazProb, int ho, int nHaz,
                                            double[] pdf, double[] cdf, int co) {
        return effectiveCdfAggregateAt(vuln, nDamage, nIntensity, members, weights, mo, m, hazBin, hazProb, ho, nHaz,
                pdf, 0, cdf, co);
    }

    static int effectiveCdfAggregateAt(float[] vuln, int nDamage, int nIntensity, int[] members, float[] weights,
                                       int mo, int m, int[] hazBin, float[] hazProb, int ho, int nHaz,
                                       double[] pdf, int po, double[] cdf, int co) {
        aggregatePdfAt(vuln, nDamage, nIntensity, members, weights, mo, m, hazBin, ho, nHaz, pdf, po);
        return cdfFromPdfAt(pdf, po, nHaz, nDamage, hazProb, ho, cdf, co);
    }

    /** Full Monte Carlo: the hazard record drawn by u on the hazard CDF haz[ho..ho+n), searching its first n-1 entries. */
    @Kernel
    public static int hazardIndex(double[] hazCdf, int ho, int n, double u) {
        return GroundUp.lowerBound(hazCdf, ho, n - 1, u);
    }
}
