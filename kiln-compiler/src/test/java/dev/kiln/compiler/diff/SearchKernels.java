package dev.kiln.compiler.diff;

/**
 * Binary searches, whose step {@code SearchBranches} marks unpredictable: interpolation in a table, lower bounds in
 * {@code double} and {@code int} tables (the {@code lo = mid + 1} form), and a search whose bound {@code n} can exceed
 * the table, so that a middle index reads past it at the first, a middle or the last step. Two searches' results
 * decide later branches, so their step stays a branch: a caller's ({@link #sampleBins}) and the search's own
 * function's ({@link #find}).
 */
public final class SearchKernels {
    private SearchKernels() {
    }

    /** Piecewise-linear interpolation by binary search, end values outside the table; returns the sum. */
    public static double interp(double[] xs, double[] ys, double[] q, double[] out) {
        int n = xs.length;
        double total = 0.0;
        for (int i = 0; i < q.length; i++) {
            double v = q[i];
            double r;
            if (v <= xs[0]) {
                r = ys[0];
            } else if (v >= xs[n - 1]) {
                r = ys[n - 1];
            } else {
                int lo = 0;
                int hi = n - 1;
                while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    if (xs[mid] <= v) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                double t = (v - xs[lo]) / (xs[hi] - xs[lo]);
                r = ys[lo] + t * (ys[hi] - ys[lo]);
            }
            out[i] = r;
            total += r;
        }
        return total;
    }

    /** The first index in [0, n) whose element is not below {@code v} (n if none); {@code n} may exceed a.length. */
    public static int lowerBound(double[] a, int n, double v) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** {@link #lowerBound} of every query into {@code out}, and the sum of the positions. */
    public static long lowerBounds(int[] table, int[] q, int[] out) {
        long sum = 0;
        for (int i = 0; i < q.length; i++) {
            int lo = 0, hi = table.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (table[mid] < q[i]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[i] = lo;
            sum += lo;
        }
        return sum;
    }

    /**
     * Inverse-CDF sampling as the loss worker does it: the bin of each u by {@link #lowerBound} in the CDF
     * cdf[0..n), then branches on the bin and on values loaded at it; returns the sum.
     */
    public static double sampleBins(double[] cdf, int n, float[] from, float[] to, double[] u, double[] out) {
        double total = 0.0;
        for (int i = 0; i < u.length; i++) {
            int bin = lowerBound(cdf, n, u[i]);
            double pf = bin == 0 ? 0.0 : cdf[bin - 1];
            double w = to[bin] - from[bin];
            double x = w == 0.0 ? to[bin] : from[bin] + (u[i] - pf) / (cdf[bin] - pf) * w;
            out[i] = x;
            total += x;
        }
        return total;
    }

    /** The index of {@code v} in {@code a} (increasing), else -(insertion point) - 1, as Arrays.binarySearch. */
    public static int find(double[] a, double v) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < a.length && a[lo] == v ? lo : -(lo + 1);
    }

    /**
     * A search between bounds the caller gives, which may lie outside the table, be negative, or sum past
     * {@code Integer.MAX_VALUE}: {@code SearchIndexVersioning}'s guard then fails and the checked loop throws.
     */
    public static int searchBetween(double[] a, int lo, int hi, double v) {
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * A search over two tables that also writes: each step reads {@code keys[mid]} and {@code weights[mid]} and marks
     * {@code seen[mid]}; returns the weighted sum of the steps. The tables may differ in length or be one array.
     */
    public static double markedSearch(double[] keys, double[] weights, int[] seen, double v) {
        int lo = 0, hi = keys.length - 1;
        double w = 0.0;
        int step = 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            w += weights[mid] * step;
            seen[mid] = step++;
            if (keys[mid] <= v) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return w + lo;
    }

    /** A scan: the branch on the element decides the next index but only one way leaves the loop; not a search. */
    public static int firstAtLeast(double[] a, double v) {
        int i = 0;
        while (i < a.length && a[i] < v) i++;
        return i;
    }

    /** An arg-max: the branch on the element changes the best index, not the index read next; not a search. */
    public static int argMax(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) best = i;
        }
        return best;
    }
}
