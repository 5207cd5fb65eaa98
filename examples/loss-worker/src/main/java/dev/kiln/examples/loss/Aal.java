package dev.kiln.examples.loss;

import dev.kiln.Kernel;

/**
 * Average annual loss, accumulated period by period, with the AAL convergence table (ALCT): sample subsets of
 * sizes 1, 2, 4, ... (samples [2^k, 2^(k+1))) whose statistics show how the estimate converges with more samples.
 *
 * <p>Accumulator layout ({@code acc}, length {@link #accLength}): [0] analytical sum M, [1] analytical sum of squares
 * Q, [2..5) full-sample record F (sum, sum of squares, sum over periods of the squared period total), then 3 doubles
 * per subset k = 0..K-2 in the same order.
 */
public final class Aal {
    private Aal() {
    }

    static final int A_SUM = 0;
    static final int A_SQ = 1;
    static final int F = 2;
    static final int SUBSETS = 5;
    public static final int RESULT_COLS = 5;

    // Abramowitz–Stegun 26.2.23 rational approximation of the normal quantile (|error| < 4.5e-4).
    static final double C0 = 2.515517;
    static final double C1 = 0.802853;
    static final double C2 = 0.010328;
    static final double D1 = 1.432788;
    static final double D2 = 0.189269;
    static final double D3 = 0.001308;

    /** Number of subset records K: 1 without ALCT, else i+1 for the first i with 2^(i+1)-1 > S. */
    @Kernel
    public static int subsetCount(int samples, boolean alct) {
        if (!alct) {
            return 1;
        }
        int i = 0;
        while ((1L << (i + 1)) - 1 <= samples) {
            i++;
        }
        return i + 1;
    }

    @Kernel
    public static int accLength(int k) {
        return SUBSETS + 3 * (k - 1);
    }

    /** The weight of a period: weight[period-1]*P with period weights (0 out of range), else 1. */
    @Kernel
    public static double periodWeight(double[] weights, int nWeights, int period, int periods) {
        if (nWeights == 0) {
            return 1.0;
        }
        if (period < 1 || period > nWeights) {
            return 0.0;
        }
        return weights[period - 1] * periods;
    }

    /**
     * Adds one (summary, period) vector v[vo..vo+S] (v[vo] the analytical mean, v[vo+s] sample s) with weight w
     * into acc, then zeroes v.
     */
    @Kernel
    public static void accumulatePeriod(double[] v, int vo, int samples, double w, int k, double[] acc) {
        double v0 = v[vo];
        acc[A_SUM] += v0 * w;
        acc[A_SQ] += v0 * v0 * w;
        double total = 0.0;
        int s = 1;
        for (int sub = 0; sub < k - 1; sub++) {
            int end = 1 << (sub + 1);
            double wm = 0.0;
            double wq = 0.0;
            for (; s < end; s++) {
                double x = v[vo + s];
                wm += x * w;
                wq += x * x * w;
            }
            int r = SUBSETS + 3 * sub;
            acc[r] += wm;
            acc[r + 1] += wq;
            acc[r + 2] += wm * wm;
            acc[F] += wm;
            acc[F + 1] += wq;
            total += wm;
        }
        for (; s <= samples; s++) {
            double x = v[vo + s];
            acc[F] += x * w;
            acc[F + 1] += x * x * w;
            total += x * w;
        }
        acc[F + 2] += total * total;
        for (int q = 0; q <= samples; q++) {
            v[vo + q] = 0.0;
        }
    }

    /** All periods of one summary: v[(p-1)*(S+1) ..] for period p = 1..P, each weighted by {@link #periodWeight}. */
    @Kernel
    public static void accumulateSummary(double[] v, int periods, int samples, double[] weights, int nWeights, int k,
                                         double[] acc) {
        for (int p = 1; p <= periods; p++) {
            double w = periodWeight(weights, nWeights, p, periods);
            accumulatePeriod(v, (p - 1) * (samples + 1), samples, w, k, acc);
        }
    }

    /** The normal quantile z with P(|Z| <= z) = conf. */
    @Kernel
    public static double confidenceZ(double conf) {
        double p = (1.0 + conf) / 2.0;
        double t = Math.sqrt(-2.0 * Math.log(1.0 - p));
        return t - (C0 + C1 * t + C2 * t * t) / (1.0 + D1 * t + D2 * t * t + D3 * t * t * t);
    }

    /**
     * One result row (sample size, mean, std, standard error, confidence half-width) at out[o..o+5) from sum, sum
     * of squares and the sum of squared period totals of {@code sampleSize} samples per period over P periods.
     * std uses all n = P*sampleSize values; the standard error uses the spread of the per-period means.
     */
    @Kernel
    public static void resultRow(double sum, double sq, double periodSq, int sampleSize, int periods, double z,
                                 double[] out, int o) {
        double n = (double) periods * sampleSize;
        double mean = sum / n;
        double std = n > 1.0 ? Math.sqrt(Math.max((sq - sum * sum / n) / (n - 1.0), 0.0)) : 0.0;
        double se = 0.0;
        if (periods > 1) {
            double perMeanSq = periodSq / ((double) sampleSize * sampleSize);
            double var = (perMeanSq - periods * mean * mean) / (periods - 1.0);
            se = Math.sqrt(Math.max(var, 0.0) / periods);
        }
        out[o] = sampleSize;
        out[o + 1] = mean;
        out[o + 2] = std;
        out[o + 3] = se;
        out[o + 4] = se * z;
    }

    /**
     * Final statistics: row 0 analytical (sample size 0; no standard error), row 1 all samples, then one row per
     * subset k (sample size 2^k), 5 columns each ({@link #resultRow}). Returns the number of rows.
     */
    @Kernel
    public static int finish(double[] acc, int k, int periods, int samples, double conf, double[] out) {
        double z = confidenceZ(conf);
        double n = periods;
        double m = acc[A_SUM];
        out[0] = 0.0;
        out[1] = m / n;
        out[2] = n > 1.0 ? Math.sqrt(Math.max((acc[A_SQ] - m * m / n) / (n - 1.0), 0.0)) : 0.0;
        out[3] = 0.0;
        out[4] = 0.0;
        resultRow(acc[F], acc[F + 1], acc[F + 2], samples, periods, z, out, RESULT_COLS);
        for (int sub = 0; sub < k - 1; sub++) {
            int r = SUBSETS + 3 * sub;
            resultRow(acc[r], acc[r + 1], acc[r + 2], 1 << sub, periods, z, out, RESULT_COLS * (2 + sub));
        }
        return k + 1;
    }
}
