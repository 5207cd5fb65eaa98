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

    /** The loss worker's lower bound in a[off..off+n): offset and length from the caller, either may be wrong. */
    public static int lowerBoundAt(double[] a, int off, int n, double x) {
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
     * {@code java.util.Arrays.binarySearch(double[], int, int, double)}'s loop over [from, to), which may lie outside
     * the table: the inclusive high ({@code high = mid - 1} may reach -1), compare by {@code Double.compare} bits.
     */
    public static int binarySearch(double[] a, int from, int to, double key) {
        int low = from;
        int high = to - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            double midVal = a[mid];
            if (midVal < key) {
                low = mid + 1;
            } else if (midVal > key) {
                high = mid - 1;
            } else {
                long midBits = Double.doubleToLongBits(midVal);
                long keyBits = Double.doubleToLongBits(key);
                if (midBits == keyBits) return mid;
                else if (midBits < keyBits) low = mid + 1;
                else high = mid - 1;
            }
        }
        return -(low + 1);
    }

    /** The inclusive form over int keys with {@code mid = (low + high) / 2}, counting into {@code steps} at mid. */
    public static int searchHalf(int[] a, int[] steps, int low, int high, int key) {
        while (low <= high) {
            int mid = (low + high) / 2;
            steps[mid]++;
            int m = a[mid];
            if (m < key) {
                low = mid + 1;
            } else if (m > key) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** The inclusive form with {@code mid = low + (high - low) / 2}, which cannot wrap when low <= high. */
    public static int searchOffset(long[] a, int low, int high, long key) {
        while (low <= high) {
            int mid = low + (high - low) / 2;
            long m = a[mid];
            if (m < key) {
                low = mid + 1;
            } else if (m > key) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** {@link #lowerBound} between given bounds, which may lie outside the table or wrap when summed. */
    public static int lowerBoundBetween(double[] a, int lo, int hi, double v) {
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

    /** A lower bound that also writes the step number at mid in {@code trace}, which may be short or null. */
    public static int tracedLowerBound(float[] a, int[] trace, float v) {
        int lo = 0, hi = a.length, step = 0;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            trace[mid] = ++step;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo * 100 + step;
    }

    /**
     * {@code lo = mid + 2} may pass {@code hi}, which only ends the loop; proven under {@code n < a.length}, where
     * {@code mid + 2} cannot wrap.
     */
    public static int overshoot(double[] a, int n, double v) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 2;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Not a search: the upper end moves to {@code mid + 2}, past hi when hi = mid + 1, so a[mid] can read a[n]. */
    public static int wrongEnd(double[] a, int n, double v) {
        int lo = 0, hi = n;
        int k = 0;
        while (lo < hi && k++ < 64) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid + 2;
            }
        }
        return lo;
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
