package dev.kiln.compiler.diff;

import dev.kiln.Kernel;

/**
 * Loops whose short branches LLVM turns into selects that stay {@code cmov} on x86 (PassPipeline): a histogram
 * whose bin index is clamped at both ends, one over int keys (so keys and counts can be the same array), and
 * binary searches whose halving step is a select.
 */
public final class ClampSelectKernels {
    private ClampSelectKernels() {
    }

    /** The suite's histogram: bins from {@code (int) ((a[i] - lo) * scale)}, clamped, counting the clamped ones. */
    @Kernel
    public static int clampedHistogram(double[] a, double lo, double hi, int[] counts) {
        int bins = counts.length;
        double scale = bins / (hi - lo);
        int outside = 0;
        for (int i = 0; i < a.length; i++) {
            int b = (int) ((a[i] - lo) * scale);
            if (b < 0) {
                b = 0;
                outside++;
            } else if (b >= bins) {
                b = bins - 1;
                outside++;
            }
            counts[b]++;
        }
        return outside;
    }

    /** Keys clamped from above only, to {@code top}: a negative key or a {@code top} past the counts throws. */
    @Kernel
    public static int clampedKeys(int[] keys, int top, int[] counts) {
        int clamped = 0;
        for (int i = 0; i < keys.length; i++) {
            int b = keys[i];
            if (b > top) {
                b = top;
                clamped++;
            }
            counts[b] += 2;
        }
        return clamped;
    }

    /** The first i with a[i] >= x (a sorted), or a.length. */
    @Kernel
    public static int lowerBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Each query's interval in the sorted table xs (the suite's interp search), summed; a NaN query reads xs[-1]. */
    @Kernel
    public static long intervals(double[] xs, double[] q) {
        long total = 0;
        int n = xs.length;
        for (int i = 0; i < q.length; i++) {
            double v = q[i];
            int lo = 0;
            int hi = n - 1;
            if (!(v >= xs[0])) {
                lo = -1;
            } else {
                while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    if (xs[mid] <= v) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
            }
            total += (long) lo * 31 + (long) (xs[lo] * 8);
        }
        return total;
    }
}
