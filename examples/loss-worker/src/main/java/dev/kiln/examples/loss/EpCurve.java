package dev.kiln.examples.loss;

import dev.kiln.Kernel;

/**
 * Exceedance-probability curves with tail value at risk (TVaR): sort the period losses descending, then scan them
 * with return period maxRP/rank and the running mean of the top losses.
 */
public final class EpCurve {
    private EpCurve() {
    }

    public static final int KIND_EP = 1;
    public static final int KIND_TVAR = 2;

    /** In-place heap sort of a[off..off+n) into descending order (a min-heap, whose minimum goes to the end). */
    @Kernel
    public static void sortDescending(double[] a, int off, int n) {
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDownMin(a, off, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            double t = a[off];
            a[off] = a[off + end];
            a[off + end] = t;
            siftDownMin(a, off, 0, end);
        }
    }

    static void siftDownMin(double[] a, int off, int i, int n) {
        double x = a[off + i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                break;
            }
            if (c + 1 < n && a[off + c + 1] < a[off + c]) {
                c++;
            }
            if (!(a[off + c] < x)) {
                break;
            }
            a[off + i] = a[off + c];
            i = c;
        }
        a[off + i] = x;
    }

    /**
     * The basic curve of n losses at loss[off..]: sorts them descending, then for rank i = 1..n writes
     * rp[i-1] = maxRP/i, value[i-1] = loss/div and tvar[i-1] = the mean of the top i values. Returns n.
     */
    @Kernel
    public static int curve(double[] loss, int off, int n, double maxRP, double div,
                            double[] rp, double[] value, double[] tvar) {
        sortDescending(loss, off, n);
        double t = 0.0;
        for (int i = 1; i <= n; i++) {
            double v = loss[off + i - 1] / div;
            t = t - (t - v) / i;
            rp[i - 1] = maxRP / i;
            value[i - 1] = v;
            tvar[i - 1] = t;
        }
        return n;
    }

    /**
     * The curve at the return periods R[0..nR) (descending): each gets an EP point, interpolated linearly in
     * return period between neighbouring ranks, and a TVaR point; return periods past the last rank get loss 0.
     * Points go to (kind, rp, value)[0..count), at most 2*nR. Sorts loss[off..off+n) descending. Returns count.
     */
    @Kernel
    public static int curveAtReturnPeriods(double[] loss, int off, int n, double maxRP, double div,
                                           double[] returnPeriods, int nR,
                                           int[] kind, double[] rp, double[] value) {
        sortDescending(loss, off, n);
        int out = 0;
        int j = 0;
        double tvar = 0.0;
        double rpPrev = 0.0;
        double vPrev = 0.0;
        for (int i = 1; i <= n; i++) {
            double v = loss[off + i - 1] / div;
            double rpi = maxRP / i;
            double t = tvar;
            double c = i;
            tvar = tvar - (tvar - v) / i;
            while (j < nR) {
                double r = returnPeriods[j];
                if (rpi > r) {
                    break;
                }
                if (r > maxRP) {
                    j++;
                    continue;
                }
                double x;
                if (rpi == 0.0 || v == 0.0) {
                    x = 0.0;
                } else if (rpi == r) {
                    x = v;
                } else {
                    x = v + (r - rpi) * (vPrev - v) / (rpPrev - rpi);
                }
                kind[out] = KIND_EP;
                rp[out] = r;
                value[out] = x;
                out++;
                if (rpi != 0.0) {
                    t = t - (t - x) / c;
                    c += 1.0;
                    kind[out] = KIND_TVAR;
                    rp[out] = r;
                    value[out] = t;
                    out++;
                }
                j++;
            }
            if (rpi > 0.0) {
                rpPrev = rpi;
                vPrev = v;
            }
        }
        // Beyond the last rank: zero losses, which dilute the tail mean one rank at a time.
        double i = n + 1;
        while (j < nR) {
            tvar = tvar - tvar / i;
            kind[out] = KIND_EP;
            rp[out] = returnPeriods[j];
            value[out] = 0.0;
            out++;
            kind[out] = KIND_TVAR;
            rp[out] = returnPeriods[j];
            value[out] = tvar;
            out++;
            i += 1.0;
            j++;
        }
        return out;
    }

    /**
     * Adds one event's losses for nodes [first, first+nSummaries) (cols per node; column 0 the mean) to every period
     * it occurs in: aggregate (sum) and occurrence (max) per (summary, period, column), laid out
     * [(summary*P + period-1)*cols + c].
     */
    @Kernel
    public static void accumulateEvent(double[] nodeLoss, int first, int nSummaries, int cols,
                                       int[] occPeriod, int oo, int nOcc, int periods,
                                       double[] aggregate, double[] occurrence) {
        for (int q = 0; q < nOcc; q++) {
            int p = occPeriod[oo + q] - 1;
            for (int sm = 0; sm < nSummaries; sm++) {
                int src = (first + sm) * cols;
                int dst = (sm * periods + p) * cols;
                for (int c = 0; c < cols; c++) {
                    double x = nodeLoss[src + c];
                    aggregate[dst + c] += x;
                    if (x > occurrence[dst + c]) {
                        occurrence[dst + c] = x;
                    }
                }
            }
        }
    }

    /**
     * Gathers one summary's period losses into dst for a curve: {@code mode} 0 = full uncertainty (every
     * (period, sample), P*S values), 1 = per-sample mean (the sum over samples per period; divide by S in the
     * curve), 2 = analytical mean (column 0). Returns the count.
     */
    @Kernel
    public static int gather(double[] periodLoss, int summary, int periods, int cols, int mode, double[] dst) {
        int samples = cols - 1;
        int base = summary * periods * cols;
        if (mode == 0) {
            for (int p = 0; p < periods; p++) {
                for (int s = 1; s <= samples; s++) {
                    dst[p * samples + s - 1] = periodLoss[base + p * cols + s];
                }
            }
            return periods * samples;
        }
        for (int p = 0; p < periods; p++) {
            if (mode == 1) {
                double sum = 0.0;
                for (int s = 1; s <= samples; s++) {
                    sum += periodLoss[base + p * cols + s];
                }
                dst[p] = sum;
            } else {
                dst[p] = periodLoss[base + p * cols];
            }
        }
        return periods;
    }
}
