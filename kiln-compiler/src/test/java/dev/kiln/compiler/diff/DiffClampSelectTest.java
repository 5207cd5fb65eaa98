package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The loops of {@link ClampSelectKernels} against HotSpot, now that their selects stay {@code cmov}: clamped bins
 * with NaN, the infinities, huge values and the range's own ends in the first, a middle and the last iteration, no
 * bins at all (the first iteration throws), a negative key or a clamp past the counts in the first, a middle and the
 * last iteration (the throw, its index and the counts written before it compared), keys and counts the same array,
 * and binary searches over empty, length-1 and unroll-sized tables with signed zeros, NaN and infinities.
 */
class DiffClampSelectTest {
    static final Diff D = Diff.forClass(DiffClampSelectTest.class);
    static final Class<?> K = ClampSelectKernels.class;
    static final int[] LENGTHS = {0, 1, 2, 3, 7, 8, 9, 16, 17, 33, 1000};
    static final double[] EDGES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e300,
            -3.0, 3.0, -0.0, 0.0, 2.9999999999999996, -3.0000000000000004, 0x1p31, -0x1p31};

    static double[] uniform(int n, double lo, double hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextDouble(lo, hi);
        return a;
    }

    @Test
    void clampedHistogramAtItsEdges() {
        for (int n : LENGTHS) {
            double[] a = uniform(n, -4, 4, n);
            for (int bins : new int[] {0, 1, 2, 16, 256}) {
                D.check(K, "clampedHistogram", a.clone(), -3.0, 3.0, new int[bins]);
                D.check(K, "clampedHistogram", a.clone(), 3.0, -3.0, new int[bins]); // negative scale
                if (n == 0) continue;
                for (double v : EDGES) {
                    for (int at : new int[] {0, n / 2, n - 1}) {
                        double[] x = a.clone();
                        x[at] = v;
                        D.check(K, "clampedHistogram", x, -3.0, 3.0, new int[bins]);
                    }
                }
            }
        }
        D.check(K, "clampedHistogram", null, -3.0, 3.0, new int[4]);
        D.check(K, "clampedHistogram", new double[] {1.0}, -3.0, 3.0, null);
        D.check(K, "clampedHistogram", new double[] {1.0, 2.0}, 0.0, 0.0, new int[4]); // infinite scale
    }

    @Test
    void clampedKeysThrowAtTheSameIteration() {
        for (int n : LENGTHS) {
            int[] keys = new int[n];
            SplittableRandom r = new SplittableRandom(n);
            for (int i = 0; i < n; i++) keys[i] = r.nextInt(0, 24);
            for (int top : new int[] {0, 7, 15, 16, Integer.MAX_VALUE}) {
                D.check(K, "clampedKeys", keys.clone(), top, new int[16]);
                if (n == 0) continue;
                for (int bad : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 16, 15}) {
                    for (int at : new int[] {0, n / 2, n - 1}) {
                        int[] k = keys.clone();
                        k[at] = bad;
                        D.check(K, "clampedKeys", k, top, new int[16]);
                    }
                }
            }
            // the same array as keys and counts: each increment may change a later key
            for (int top : new int[] {0, n / 2, n - 1, n}) {
                int[] same = new int[n];
                for (int i = 0; i < n; i++) same[i] = (i * 5) % (n + 2);
                D.check(K, "clampedKeys", same, top, same);
            }
        }
        D.check(K, "clampedKeys", null, 3, new int[4]);
        D.check(K, "clampedKeys", new int[] {1}, 3, null);
    }

    static List<double[]> sortedTables() {
        List<double[]> out = new ArrayList<>();
        for (int n : LENGTHS) {
            double[] t = uniform(n, -2, 2, 100 + n);
            Arrays.sort(t);
            out.add(t);
            double[] dup = new double[n];
            for (int i = 0; i < n; i++) dup[i] = i / 3;
            out.add(dup);
        }
        out.add(new double[] {Double.NEGATIVE_INFINITY, -0.0, 0.0, 0.0, 1.0, Double.POSITIVE_INFINITY});
        out.add(new double[] {-0.0, -0.0, 0.0});
        return out;
    }

    @Test
    void lowerBoundOverEveryKindOfTable() {
        double[] probes = {Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0, 0.0, -2.5, 2.5,
                0.5, 1.0, 3.0, Double.MIN_VALUE};
        for (double[] t : sortedTables()) {
            for (double x : probes) D.check(K, "lowerBound", t, x);
            for (double x : t) D.check(K, "lowerBound", t, x);
        }
        D.check(K, "lowerBound", null, 1.0);
    }

    @Test
    void intervalsThrowOnANaNQueryWhereverItIs() {
        for (double[] t : sortedTables()) {
            for (int n : LENGTHS) {
                double[] q = uniform(n, -2.5, 2.5, 7 * n + 1);
                D.check(K, "intervals", t, q.clone());
                if (n == 0) continue;
                for (double v : new double[] {Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0}) {
                    for (int at : new int[] {0, n / 2, n - 1}) {
                        double[] x = q.clone();
                        x[at] = v;
                        D.check(K, "intervals", t, x);
                    }
                }
            }
        }
        D.check(K, "intervals", null, new double[] {1.0});
        D.check(K, "intervals", new double[] {1.0}, null);
    }
}
