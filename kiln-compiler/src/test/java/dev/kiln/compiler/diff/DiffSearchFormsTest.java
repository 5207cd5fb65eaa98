package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lower-bound ({@code lo = mid + 1}, {@code hi = mid} under {@code lo < hi}) and inclusive ({@code low <= high},
 * {@code high = mid - 1}) searches that {@code SearchIndexVersioning} proves, against HotSpot: bounds inside, at and
 * past the table, negative, reversed, and summing past {@code Integer.MAX_VALUE}; tables of length 0, 1, 2 and more
 * with NaN, signed zeros and duplicates; null tables; a store at {@code mid} into a table too short for it, which
 * throws at the first, a middle or the last step.
 */
class DiffSearchFormsTest {
    static final Diff D = Diff.forClass(DiffSearchFormsTest.class);
    static final Class<?> K = SearchKernels.class;
    static final double[] KEYS = {Double.NaN, -0.0, 0.0, -1.0, -0.75, 0.25, 3.0, 7.5, 1e9, Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY};

    /** Bounds for a table of length n: inside, empty, reversed, at and past the end, negative, wrapping sums. */
    static int[][] bounds(int n) {
        return new int[][] {{0, n}, {0, n - 1}, {1, n}, {0, n + 1}, {n, n}, {n - 1, n}, {n, n + 1}, {0, 2 * n + 3},
                {n / 2, n + 5}, {-1, n}, {-1, 0}, {-5, -1}, {3, 1}, {0, -1}, {0, Integer.MAX_VALUE},
                {Integer.MAX_VALUE - 3, Integer.MAX_VALUE}, {Integer.MAX_VALUE, Integer.MAX_VALUE},
                {Integer.MIN_VALUE, n}, {n / 2, Integer.MIN_VALUE}, {Integer.MIN_VALUE, Integer.MAX_VALUE}};
    }

    static List<Object> tables() {
        List<Object> out = new ArrayList<>();
        for (double[] t : DiffSearchTest.tables()) out.add(t);
        out.add(null);
        return out;
    }

    @Test
    void jdkBinarySearchMatchesJava() {
        List<Object[]> inputs = new ArrayList<>();
        for (Object t : tables()) {
            int n = t == null ? 3 : ((double[]) t).length;
            for (int[] b : bounds(n)) for (double k : KEYS) inputs.add(new Object[] {t, b[0], b[1], k});
        }
        D.checkAll(K, "binarySearch", inputs);
    }

    @Test
    void lowerBoundsBetweenBoundsMatchJava() {
        List<Object[]> inputs = new ArrayList<>();
        for (Object t : tables()) {
            int n = t == null ? 3 : ((double[]) t).length;
            for (int[] b : bounds(n)) {
                for (double k : KEYS) {
                    inputs.add(new Object[] {t, b[0], b[1], k});
                }
            }
        }
        D.checkAll(K, "lowerBoundBetween", inputs);
        List<Object[]> ends = new ArrayList<>();
        for (Object t : tables()) {
            int n = t == null ? 3 : ((double[]) t).length;
            for (int hi : new int[] {0, 1, n - 1, n, n + 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                for (double k : KEYS) ends.add(new Object[] {t, hi, k});
            }
        }
        D.checkAll(K, "overshoot", ends);
        D.checkAll(K, "wrongEnd", ends);
    }

    @Test
    void lowerBoundsAtAnOffsetMatchJava() {
        List<Object[]> inputs = new ArrayList<>();
        for (Object t : tables()) {
            int n = t == null ? 3 : ((double[]) t).length;
            // offset and count inside, at and past the end, negative, and summing past MAX_VALUE
            int[][] at = {{0, n}, {1, n - 1}, {n / 2, n - n / 2}, {n / 2, n}, {n, 0}, {n, 1}, {n + 1, 0}, {-1, n},
                    {-1, 1}, {0, n + 1}, {2, -3}, {Integer.MAX_VALUE, 2}, {Integer.MAX_VALUE - 1, Integer.MAX_VALUE},
                    {Integer.MIN_VALUE, n}, {1, Integer.MAX_VALUE}};
            for (int[] b : at) for (double k : KEYS) inputs.add(new Object[] {t, b[0], b[1], k});
        }
        D.checkAll(K, "lowerBoundAt", inputs);
    }

    @Test
    void inclusiveSearchesWithOtherMidpointsMatchJava() {
        List<Object[]> half = new ArrayList<>(), offset = new ArrayList<>();
        for (int n : new int[] {0, 1, 2, 3, 5, 8, 17}) {
            int[] a = new int[n];
            long[] l = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = i * 2 - 3;
                l[i] = i == 0 ? Long.MIN_VALUE : i == n - 1 ? Long.MAX_VALUE : i * 2L - 3;
            }
            for (int[] b : bounds(n)) {
                for (int k : new int[] {Integer.MIN_VALUE, -3, -2, 0, 5, 2 * n, Integer.MAX_VALUE}) {
                    half.add(new Object[] {a, new int[n], b[0], b[1], k});
                    half.add(new Object[] {a, a, b[0], b[1], k}); // the counts land in the table itself
                    offset.add(new Object[] {l, b[0], b[1], (long) k});
                }
                half.add(new Object[] {a, new int[Math.max(0, n - 1)], b[0], b[1], 0}); // steps short: the store throws
                half.add(new Object[] {a, null, b[0], b[1], 0});
                half.add(new Object[] {null, new int[n], b[0], b[1], 0});
                offset.add(new Object[] {null, b[0], b[1], 0L});
            }
        }
        D.checkAll(K, "searchHalf", half);
        D.checkAll(K, "searchOffset", offset);
    }

    @Test
    void aStoreAtMidThrowsAtTheSameStep() {
        List<Object[]> inputs = new ArrayList<>();
        for (int n : new int[] {0, 1, 2, 3, 7, 8, 16, 33}) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = i - 2.5f;
            for (float v : new float[] {Float.NaN, -0.0f, 0.0f, -3f, 0.5f, 1e9f}) {
                // trace long enough, empty (first step throws), half (a middle one), one short (the last one or none)
                for (int m : new int[] {n, 0, n / 2, Math.max(0, n - 1)}) {
                    inputs.add(new Object[] {a, new int[m], v});
                }
                inputs.add(new Object[] {a, null, v});
            }
        }
        inputs.add(new Object[] {null, new int[4], 1f});
        D.checkAll(K, "tracedLowerBound", inputs);
    }
}
