package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * Binary searches ({@code SearchBranches} makes their step conditional moves) against HotSpot: tables of length 0,
 * 1, 2 and around vector widths, with NaN, signed zeros and infinities in the table and among the queries, duplicate
 * entries, null arrays, the same array as table and queries, and a bound past the table so that the index read out
 * of bounds is reached at the first, a middle or the last step of the search.
 */
class DiffSearchTest {
    static final Diff D = Diff.forClass(DiffSearchTest.class);
    static final Class<?> K = SearchKernels.class;
    static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33};
    static final double[] SPECIAL = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, -Double.MAX_VALUE};

    /** Increasing tables, and some with a special value at the first, a middle or the last place, or duplicates. */
    static List<double[]> tables() {
        List<double[]> out = new ArrayList<>();
        for (int n : LENGTHS) {
            double[] t = new double[n];
            for (int i = 0; i < n; i++) t[i] = i * 0.5 - 1.0;
            out.add(t);
            for (int at : new int[] {0, n / 2, n - 1}) {
                if (n == 0) break;
                for (double s : SPECIAL) {
                    double[] b = t.clone();
                    b[at] = s;
                    out.add(b);
                }
            }
            double[] dup = new double[n];
            for (int i = 0; i < n; i++) dup[i] = i / 3;
            out.add(dup);
        }
        return out;
    }

    static List<Object> queries() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null, new double[0]));
        List<Double> qs = new ArrayList<>();
        for (double s : SPECIAL) qs.add(s);
        for (double v = -1.75; v <= 16.5; v += 0.25) qs.add(v);
        out.add(qs.stream().mapToDouble(Double::doubleValue).toArray());
        out.add(new double[] {0.3});
        return out;
    }

    @Test
    void interpolationMatchesJava() {
        List<Object[]> inputs = new ArrayList<>();
        for (double[] xs : tables()) {
            double[] ys = new double[xs.length];
            for (int i = 0; i < ys.length; i++) ys[i] = Math.sin(i) * (i % 2 == 0 ? 1 : -1);
            for (Object q : queries()) {
                int m = q == null ? 0 : ((double[]) q).length;
                inputs.add(new Object[] {xs, ys, q, new double[m]});
                inputs.add(new Object[] {xs, ys, q, new double[Math.max(0, m - 1)]}); // out too short: the last store throws
                inputs.add(new Object[] {xs, Arrays.copyOf(ys, Math.max(0, ys.length - 1)), q, new double[m]}); // ys short
            }
            inputs.add(new Object[] {xs, xs, xs, xs}); // the same array everywhere: out overwrites the table as it goes
            inputs.add(new Object[] {null, xs, xs.clone(), new double[xs.length]});
        }
        D.checkAll(K, "interp", inputs);
    }

    @Test
    void lowerBoundMatchesJavaAndThrowsAtTheSameStep() {
        List<Object> tables = new ArrayList<>(tables());
        tables.add(null);
        List<Object> bounds = List.of(0, 1, 2, 3, 8, 9, 17, 33, 34, 64, 1000, -1, Integer.MAX_VALUE);
        List<Object> values = new ArrayList<>();
        for (double s : SPECIAL) values.add(s);
        for (double v : new double[] {-2.0, -1.0, -0.75, 0.5, 3.0, 7.75, 15.0, 1e9}) values.add(v);
        D.checkAll(K, "lowerBound", product(tables, bounds, values));
    }

    @Test
    void intLowerBoundsMatchJava() {
        List<Object[]> inputs = new ArrayList<>();
        int[] q = {Integer.MIN_VALUE, -5, -1, 0, 1, 2, 3, 7, 8, 40, Integer.MAX_VALUE};
        for (int n : LENGTHS) {
            int[] t = new int[n];
            for (int i = 0; i < n; i++) t[i] = i * 3 - 4;
            inputs.add(new Object[] {t, q, new int[q.length]});
            inputs.add(new Object[] {t, q, new int[q.length / 2]}); // out too short: throws in the middle
            inputs.add(new Object[] {t, t, t}); // the same array as table, queries and out
            int[] extremes = t.clone();
            if (n > 0) {
                extremes[0] = Integer.MIN_VALUE;
                extremes[n - 1] = Integer.MAX_VALUE;
            }
            inputs.add(new Object[] {extremes, q, new int[q.length]});
        }
        inputs.add(new Object[] {null, q, new int[q.length]});
        inputs.add(new Object[] {new int[] {1, 2}, null, new int[1]});
        inputs.add(new Object[] {new int[] {1, 2}, q, null});
        D.checkAll(K, "lowerBounds", inputs);
    }

    @Test
    void searchesWhoseResultDecidesABranchMatchJava() {
        List<Object> tables = new ArrayList<>(tables());
        tables.add(null);
        List<Object> values = new ArrayList<>();
        for (double s : SPECIAL) values.add(s);
        for (double v : new double[] {-2.0, -1.0, -0.75, 0.5, 3.0, 7.75, 15.0, 1e9}) values.add(v);
        D.checkAll(K, "find", product(tables, values));

        List<Object[]> inputs = new ArrayList<>();
        for (double[] cdf : tables()) {
            int m = cdf.length;
            float[] from = new float[m];
            float[] to = new float[m];
            for (int i = 0; i < m; i++) {
                from[i] = i / 4f;
                to[i] = i % 3 == 0 ? from[i] : (i + 1) / 4f; // every third bin has width 0
            }
            for (Object q : queries()) {
                int k = q == null ? 0 : ((double[]) q).length;
                for (int n : new int[] {m, Math.max(0, m - 1), m + 1}) { // n past the CDF: the search reads past it
                    inputs.add(new Object[] {cdf, n, from, to, q, new double[k]});
                }
                inputs.add(new Object[] {cdf, m, from, to, q, new double[Math.max(0, k - 1)]}); // out short: last store
                inputs.add(new Object[] {cdf, m, from, Arrays.copyOf(to, m / 2), q, new double[k]}); // to short
                inputs.add(new Object[] {cdf, m, null, to, q, new double[k]});
            }
            inputs.add(new Object[] {cdf, m, from, to, cdf, cdf}); // queries, CDF and out one array
        }
        D.checkAll(K, "sampleBins", inputs);
    }

    @Test
    void searchBetweenGivenBoundsMatchesJavaAndThrowsAtTheSameStep() {
        List<Object> tables = new ArrayList<>(tables());
        tables.add(null);
        // in range, empty and reversed ranges, one end out of the table (read at the first, a middle or the last
        // step), negative ends, and ends whose int sum wraps
        int[][] bounds = {{0, 0}, {0, 1}, {0, 2}, {0, 8}, {1, 7}, {0, 16}, {0, 17}, {0, 32}, {0, 33}, {5, 2},
                {-1, 4}, {-9, 3}, {-3, -1}, {0, 34}, {16, 40}, {31, 33}, {0, Integer.MAX_VALUE},
                {Integer.MAX_VALUE - 4, Integer.MAX_VALUE}, {Integer.MIN_VALUE, 3}, {2, Integer.MIN_VALUE}};
        List<Object[]> inputs = new ArrayList<>();
        for (Object t : tables) {
            for (int[] b : bounds) {
                for (double v : new double[] {-2.0, 0.25, 3.0, 1e9, Double.NaN, -0.0}) inputs.add(new Object[] {t, b[0], b[1], v});
            }
        }
        D.checkAll(K, "searchBetween", inputs);
    }

    @Test
    void markedSearchMatchesJavaWithShortAndSharedTables() {
        List<Object[]> inputs = new ArrayList<>();
        for (double[] keys : tables()) {
            int n = keys.length;
            double[] w = new double[n];
            for (int i = 0; i < n; i++) w[i] = 1.0 / (i + 1);
            for (double v : new double[] {-2.0, 0.25, 3.0, 1e9, Double.NaN}) {
                inputs.add(new Object[] {keys, w, new int[n], v});
                inputs.add(new Object[] {keys, keys, new int[n], v}); // one array read twice
                inputs.add(new Object[] {keys, Arrays.copyOf(w, Math.max(0, n - 1)), new int[n], v}); // weights short
                inputs.add(new Object[] {keys, w, new int[n / 2], v}); // seen short: throws at a middle step
                inputs.add(new Object[] {keys, null, new int[n], v});
                inputs.add(new Object[] {keys, w, null, v});
            }
        }
        inputs.add(new Object[] {null, new double[4], new int[4], 1.0});
        D.checkAll(K, "markedSearch", inputs);
    }

    @Test
    void scansAndArgMaxMatchJava() {
        List<Object> tables = new ArrayList<>(tables());
        tables.add(null);
        D.checkAll(K, "firstAtLeast", product(tables, List.of(-1.0, 0.0, -0.0, 2.5, Double.NaN, Double.POSITIVE_INFINITY)));
        for (Object t : tables) D.check(K, "argMax", t);
    }
}
