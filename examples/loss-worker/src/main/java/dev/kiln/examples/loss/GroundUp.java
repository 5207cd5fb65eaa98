package dev.kiln.examples.loss;

import dev.kiln.Kernel;

import java.util.stream.IntStream;

/**
 * Ground-up loss: inverse-CDF sampling of a damage distribution given as a CDF over damage bins, with linear or
 * quadratic interpolation inside a bin, plus the analytical statistics of the distribution.
 *
 * <p>Per-item output layout (gulpy's special rows first): {@code out[off + 0..4]} = max loss, chance of loss,
 * TIV share, standard deviation, mean (sidx -5..-1), then {@code out[off + 5 + s]} for sample s = 0..S-1.
 */
public final class GroundUp {
    private GroundUp() {
    }

    public static final int SPECIAL_ROWS = 5;
    public static final int ROW_MAX_LOSS = 0;
    public static final int ROW_CHANCE = 1;
    public static final int ROW_TIV = 2;
    public static final int ROW_STD = 3;
    public static final int ROW_MEAN = 4;

    /** When u reaches the top of the CDF it is pulled just below it, into the last bin. */
    static final double TOP_EPS = 3e-8;
    /** Bins whose mean is this close to the midpoint are treated as uniform (linear interpolation). */
    static final double MID_EPS = 5e-6;

    /** The first i in [0, n) with a[off+i] >= x, or n if there is none (a non-decreasing). */
    @Kernel
    public static int lowerBound(double[] a, int off, int n, double x) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[off + mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The loss at cumulative probability u inside a bin [from, to] that holds probability mass pt - pf above pf and
     * whose mean damage is {@code mean}. The density inside the bin is linear, so the in-bin CDF is a quadratic
     * a*t^2 + b*t that must equal u - pf.
     */
    @Kernel
    public static double sampleInBin(double u, double pf, double pt, double from, double to, double mean, double scale) {
        double w = to - from;
        if (w == 0.0) {
            return scale * to;
        }
        double h = pt - pf;
        double o = u - pf;
        double x = (mean - from) / w;
        if (Math.abs(x - 0.5) <= MID_EPS) {
            return scale * (from + o * w / h);
        }
        double a = 3.0 * h * (2.0 * x - 1.0) / (w * w);
        double b = 2.0 * h * (2.0 - 3.0 * x) / w;
        double disc = Math.max(b * b + 4.0 * a * o, 0.0);
        double sq = Math.sqrt(disc);
        // Pick the numerically stable form of the positive root.
        double t = b > 0.0 ? 2.0 * o / (b + sq) : (sq - b) / (2.0 * a);
        return scale * (from + t);
    }

    /** The loss of one uniform u on the CDF p[off..off+n): lower-bound search, cap at the top, in-bin sampling. */
    @Kernel
    public static double sampleLoss(double[] p, int off, int n, float[] binFrom, float[] binTo, float[] binMean,
                                    double scale, double u) {
        int bin;
        double top = p[off + n - 1];
        if (u >= top) {
            u = top - TOP_EPS;
            bin = n - 1;
        } else {
            bin = lowerBound(p, off, n, u);
        }
        double pf = bin == 0 ? 0.0 : p[off + bin - 1];
        double pt = p[off + bin];
        return sampleInBin(u, pf, pt, binFrom[bin], binTo[bin], binMean[bin], scale);
    }

    /**
     * Mean, standard deviation, chance of loss and max loss of the CDF p[off..off+n) over the damage bins, for TIV
     * {@code tiv}, into {@code stats[so..so+4)} in that order.
     */
    @Kernel
    public static void lossStats(double[] p, int off, int n, float[] binTo, float[] binMean, double tiv,
                                 double[] stats, int so) {
        double mean = 0.0;
        double sq = 0.0;
        double prev = 0.0;
        for (int i = 0; i < n; i++) {
            double dp = p[off + i] - prev;
            double m = binMean[i];
            mean += dp * m;
            sq += dp * m * m;
            prev = p[off + i];
        }
        mean *= tiv;
        double var = tiv * tiv * sq;
        stats[so] = mean;
        stats[so + 1] = Math.sqrt(Math.max(var - mean * mean, 0.0));
        stats[so + 2] = binMean[0] == 0.0f ? 1.0 - p[off] : 1.0;
        stats[so + 3] = tiv * binTo[n - 1];
    }

    /**
     * One item: the special rows and S sampled losses (zeroed below {@code threshold}) for the CDF p[off..off+n)
     * and uniforms u[uo..uo+S), into out[oo..oo+5+S). {@code stats} is scratch of length 4.
     */
    @Kernel
    public static void itemLosses(double[] p, int off, int n, float[] binFrom, float[] binTo, float[] binMean,
                                  double tiv, int coverageItems, double[] u, int uo, int samples, double threshold,
                                  double[] stats, double[] out, int oo) {
        itemLossesAt(p, off, n, binFrom, binTo, binMean, tiv, coverageItems, u, uo, samples, threshold, stats, 0,
                out, oo);
    }

    /** {@link #itemLosses} with its scratch at {@code stats[so..so+4)}. */
    static void itemLossesAt(double[] p, int off, int n, float[] binFrom, float[] binTo, float[] binMean,
                             double tiv, int coverageItems, double[] u, int uo, int samples, double threshold,
                             double[] stats, int so, double[] out, int oo) {
        lossStats(p, off, n, binTo, binMean, tiv, stats, so);
        out[oo + ROW_MAX_LOSS] = stats[so + 3];
        out[oo + ROW_CHANCE] = stats[so + 2];
        out[oo + ROW_TIV] = tiv / coverageItems;
        out[oo + ROW_STD] = stats[so + 1];
        out[oo + ROW_MEAN] = stats[so];
        // Relative damage bins (last bound <= 1) scale by TIV; absolute ones are already losses.
        double scale = binTo[n - 1] <= 1.0f ? tiv : 1.0;
        for (int s = 0; s < samples; s++) {
            double loss = sampleLoss(p, off, n, binFrom, binTo, binMean, scale, u[uo + s]);
            out[oo + SPECIAL_ROWS + s] = loss >= threshold ? loss : 0.0;
        }
    }

    /**
     * Samples of {@code rows} items on one shared CDF p[off..off+n): row r has TIV tiv[r] (relative damage bins)
     * and uniforms u[r*S ..], and its losses go to out[r*S ..].
     */
    @Kernel
    public static void sampleRows(double[] p, int off, int n, float[] binFrom, float[] binTo, float[] binMean,
                                  double[] tiv, double[] u, int rows, int samples, double[] out) {
        for (int r = 0; r < rows; r++) {
            double scale = tiv[r];
            for (int s = 0; s < samples; s++) {
                int q = r * samples + s;
                out[q] = sampleLoss(p, off, n, binFrom, binTo, binMean, scale, u[q]);
            }
        }
    }

    /**
     * Ground-up losses of every item of one event. For each item with hazard in the event: the effective damage
     * CDF of its (single or aggregate) vulnerability, then {@link #itemLosses} with its group's uniforms
     * {@code rand[group*S ..]}. Items without hazard get zero rows. Returns the number of items with hazard.
     *
     * <p>Hazard of the event: areaperil a has records [hazStart[a], hazStart[a+1]) of (1-based intensity bin,
     * probability). Vulnerability ids >= 0 are single; id -1-k is aggregate k with members
     * [aggStart[k], aggStart[k+1]).
     */
    @Kernel
    public static int eventLosses(int nItems, int[] itemAreaperil, int[] itemVuln, int[] itemGroup, double[] itemTiv,
                                  int[] itemCoverageItems,
                                  int[] hazStart, int[] hazBin, float[] hazProb,
                                  float[] vuln, int nDamage, int nIntensity,
                                  int[] aggStart, int[] aggMember, float[] aggWeight,
                                  float[] binFrom, float[] binTo, float[] binMean,
                                  double[] rand, int samples, double threshold,
                                  double[] pdf, double[] cdf, double[] stats, double[] out) {
        return itemRange(0, nItems, itemAreaperil, itemVuln, itemGroup, itemTiv, itemCoverageItems, hazStart, hazBin,
                hazProb, vuln, nDamage, nIntensity, aggStart, aggMember, aggWeight, binFrom, binTo, binMean, rand,
                samples, threshold, pdf, 0, cdf, 0, stats, 0, out);
    }

    /**
     * {@link #eventLosses} with the items in parallel (Java's parallel stream; a native parallel loop on Kiln), the
     * same values and count: each item depends on its own inputs only and writes its own row of {@code out}. The
     * items are cut into {@code lanes} consecutive ranges, lane l working with its own scratch: {@code pdf},
     * {@code cdf} and {@code stats} hold {@code lanes} equal slices (each as {@link #eventLosses} needs it, stats
     * of 4). How many lanes only changes how the work is split, never the results.
     */
    @Kernel
    public static int eventLossesParallel(int nItems, int[] itemAreaperil, int[] itemVuln, int[] itemGroup,
                                          double[] itemTiv, int[] itemCoverageItems,
                                          int[] hazStart, int[] hazBin, float[] hazProb,
                                          float[] vuln, int nDamage, int nIntensity,
                                          int[] aggStart, int[] aggMember, float[] aggWeight,
                                          float[] binFrom, float[] binTo, float[] binMean,
                                          double[] rand, int samples, double threshold, int lanes,
                                          double[] pdf, double[] cdf, double[] stats, double[] out) {
        int per = (nItems + lanes - 1) / lanes;
        int ps = pdf.length / lanes;
        int cs = cdf.length / lanes;
        return IntStream.range(0, lanes).parallel().map(l -> itemRange(l * per, Math.min(nItems, l * per + per),
                itemAreaperil, itemVuln, itemGroup, itemTiv, itemCoverageItems, hazStart, hazBin, hazProb, vuln,
                nDamage, nIntensity, aggStart, aggMember, aggWeight, binFrom, binTo, binMean, rand, samples,
                threshold, pdf, l * ps, cdf, l * cs, stats, 4 * l, out)).sum();
    }

    /** Items [from, to) of {@link #eventLosses}, with scratch from pdf[po], cdf[co] and stats[so]. */
    private static int itemRange(int from, int to, int[] itemAreaperil, int[] itemVuln, int[] itemGroup,
                                 double[] itemTiv, int[] itemCoverageItems,
                                 int[] hazStart, int[] hazBin, float[] hazProb,
                                 float[] vuln, int nDamage, int nIntensity,
                                 int[] aggStart, int[] aggMember, float[] aggWeight,
                                 float[] binFrom, float[] binTo, float[] binMean,
                                 double[] rand, int samples, double threshold,
                                 double[] pdf, int po, double[] cdf, int co, double[] stats, int so, double[] out) {
        int rowLen = SPECIAL_ROWS + samples;
        int active = 0;
        for (int it = from; it < to; it++) {
            int a = itemAreaperil[it];
            int h0 = hazStart[a];
            int nh = hazStart[a + 1] - h0;
            int oo = it * rowLen;
            if (nh == 0) {
                for (int k = 0; k < rowLen; k++) {
                    out[oo + k] = 0.0;
                }
                continue;
            }
            int v = itemVuln[it];
            int n;
            if (v >= 0) {
                n = DamageCdf.effectiveCdfAt(vuln, nDamage, nIntensity, v, hazBin, hazProb, h0, nh, pdf, po, cdf, co);
            } else {
                int k = -1 - v;
                n = DamageCdf.effectiveCdfAggregateAt(vuln, nDamage, nIntensity, aggMember, aggWeight, aggStart[k],
                        aggStart[k + 1] - aggStart[k], hazBin, hazProb, h0, nh, pdf, po, cdf, co);
            }
            itemLossesAt(cdf, co, n, binFrom, binTo, binMean, itemTiv[it], itemCoverageItems[it],
                    rand, itemGroup[it] * samples, samples, threshold, stats, so, out, oo);
            active++;
        }
        return active;
    }
}
