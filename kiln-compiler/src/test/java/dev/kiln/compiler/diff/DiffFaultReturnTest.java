package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Helpers that can fault and return from several places ({@link FaultReturnKernels}), inlined into loops, against
 * HotSpot: null arrays, a fault in the first, a middle and the last iteration (and the outputs written before it),
 * a thrown exception's message and trace, division by zero, a stack overflow, and edge values (NaN, signed zeros,
 * infinities, MIN/MAX).
 */
class DiffFaultReturnTest {
    static final Diff D = Diff.forClass(DiffFaultReturnTest.class);
    static final Class<?> K = FaultReturnKernels.class;

    @Test
    void groundUpSamplingMatchesJava() {
        int n = 6;
        double[] cdf = {0.3, 0.45, 0.6, 0.8, 0.95, 1.0};
        float[] from = {0f, 0f, 0.2f, 0.4f, 0.6f, 1f};
        float[] to = {0f, 0.2f, 0.4f, 0.4f, 0.8f, 1f};
        float[] mean = {0f, 0.1f, 0.3f, 0.4f, 0.7f, 1f};
        int rows = 4, samples = 5;
        double[] u = new double[rows * samples];
        double[] edge = {0.0, -0.0, 0.3, 0.31, 1.0, 2.0, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 0.999999, 0.45, 0.6, 0.5, 0.7, 0.9, 0.1, 0.2, 0.8, 0.96};
        System.arraycopy(edge, 0, u, 0, u.length);
        double[] scale = {1.0, 1000.0, -0.0, Double.MAX_VALUE};
        float[] shortTo = Arrays.copyOf(to, 3); // a bin past it throws at whichever sample first reaches it
        double[] shortCdf = Arrays.copyOf(cdf, 4); // n past the table: the search reads out of bounds
        List<Object[]> in = new ArrayList<>();
        for (int r : new int[] {0, 1, rows}) {
            in.add(new Object[] {cdf, n, from, to, mean, scale, u.clone(), r, samples, new double[rows * samples]});
            in.add(new Object[] {null, n, from, to, mean, scale, u.clone(), r, samples, new double[rows * samples]});
            in.add(new Object[] {cdf, n, null, to, mean, scale, u.clone(), r, samples, new double[rows * samples]});
            in.add(new Object[] {cdf, n, from, null, mean, scale, u.clone(), r, samples, new double[rows * samples]});
            in.add(new Object[] {cdf, n, from, to, null, scale, u.clone(), r, samples, new double[rows * samples]});
            in.add(new Object[] {cdf, n, from, shortTo, mean, scale, u.clone(), r, samples, new double[rows * samples]});
            in.add(new Object[] {shortCdf, n, from, to, mean, scale, u.clone(), r, samples, new double[rows * samples]});
            in.add(new Object[] {cdf, 0, from, to, mean, scale, u.clone(), r, samples, new double[rows * samples]});
            in.add(new Object[] {cdf, 1, from, to, mean, scale, u.clone(), r, samples, new double[rows * samples]});
            in.add(new Object[] {cdf, n, from, to, mean, scale, u.clone(), r, samples, null});
            for (int len : new int[] {0, 1, 7, rows * samples - 1}) { // out too short: first, middle, last store
                in.add(new Object[] {cdf, n, from, to, mean, scale, u.clone(), r, samples, new double[len]});
            }
        }
        // A NaN in the table, a mean array that is too short for the last bin only.
        double[] nanCdf = cdf.clone();
        nanCdf[2] = Double.NaN;
        in.add(new Object[] {nanCdf, n, from, to, mean, scale, u.clone(), rows, samples, new double[rows * samples]});
        in.add(new Object[] {cdf, n, from, to, Arrays.copyOf(mean, 5), scale, u.clone(), rows, samples,
                new double[rows * samples]});
        D.checkAll(K, "sampleRows", in);
    }

    @Test
    void quotientsMatchJava() {
        int[] a = {7, -7, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 5, 9};
        int[] d = {2, 2, 0, -1, 3, -1, 1, 4};
        List<Object[]> in = new ArrayList<>();
        in.add(new Object[] {a, d, new int[a.length]});
        in.add(new Object[] {a, d, new int[0]});
        int[] zeroFirst = d.clone(); zeroFirst[0] = 0;
        int[] zeroMid = d.clone(); zeroMid[3] = 0;
        int[] zeroLast = d.clone(); zeroLast[7] = 0;
        for (int[] z : new int[][] {zeroFirst, zeroMid, zeroLast}) in.add(new Object[] {a, z, new int[a.length]});
        in.add(new Object[] {a, Arrays.copyOf(d, 5), new int[a.length]}); // d too short in the middle
        in.add(new Object[] {null, d, new int[a.length]});
        in.add(new Object[] {a, null, new int[a.length]});
        in.add(new Object[] {new int[] {Integer.MIN_VALUE}, null, new int[1]}); // the early return never reads d
        in.add(new Object[] {a, d, null});
        in.add(new Object[] {a, a, a}); // aliased: out overwrites both as it goes
        D.checkAll(K, "quotients", in);
    }

    @Test
    void thrownExceptionsMatchJava() {
        long[] ok = {1, 0, Long.MAX_VALUE, Long.MIN_VALUE + 1 > 0 ? 1 : 2, 5};
        List<Object[]> in = new ArrayList<>();
        in.add(new Object[] {ok, new long[ok.length]});
        for (int at : new int[] {0, 2, 4}) {
            long[] bad = ok.clone();
            bad[at] = at == 2 ? Long.MIN_VALUE : -1;
            in.add(new Object[] {bad, new long[bad.length]});
        }
        in.add(new Object[] {ok, new long[3]});
        in.add(new Object[] {null, new long[1]});
        in.add(new Object[] {new long[0], null});
        in.add(new Object[] {ok, ok});
        D.checkAll(K, "checkedSum", in);
    }

    @Test
    void arrayResultsMatchJava() {
        float[] a = {1f, Float.NaN, -0f, 3f, Float.MAX_VALUE, 6f, 7f};
        float[] b = {0.5f, 2f, Float.NEGATIVE_INFINITY, 4f, 5f, 6f, 7f, 8f};
        List<Object[]> in = new ArrayList<>();
        for (int n : new int[] {0, 1, 2, 3, 7, 8, 9}) {
            in.add(new Object[] {a, b, n});
            in.add(new Object[] {b, a, n});
            in.add(new Object[] {a, a, n});
            in.add(new Object[] {new float[0], b, n}); // reads past the first array at the first element
            in.add(new Object[] {a, new float[1], n}); // and past the second at the second
        }
        // (A null array returned by a call is left out: Kiln's NPE message does not name a call's return value.)
        in.add(new Object[] {null, b, 0});
        D.checkAll(K, "chooseSum", in);
    }

    @Test
    void recursiveResultsMatchJava() {
        List<Object[]> in = new ArrayList<>();
        in.add(new Object[] {new int[] {1, 1, 0, 2, 1, 0}, new int[6]});
        in.add(new Object[] {new int[] {1, -1, 0}, new int[3]}); // a cycle: stack overflow at the first element
        in.add(new Object[] {new int[] {0, 2, 5, 1, -2}, new int[5]}); // a cycle from a middle element
        in.add(new Object[] {new int[] {0, 0, -1, 0}, new int[4]}); // index -1 at the third element
        in.add(new Object[] {new int[] {3, 0, 0, 0}, new int[2]});
        in.add(new Object[] {null, new int[1]});
        in.add(new Object[] {new int[0], new int[0]});
        in.add(new Object[] {new int[] {1, 1, 1, 0}, null});
        D.checkAll(K, "depths", in);
    }

    @Test
    void booleanResultsMatchJava() {
        double[] lo = {0.0, -0.0, Double.NEGATIVE_INFINITY, 1.0, Double.NaN};
        double[] hi = {1.0, 0.0, Double.POSITIVE_INFINITY, 0.5, 2.0};
        double[] x = {0.5, 0.0, Double.NaN, 0.75, 1.0};
        List<Object[]> in = new ArrayList<>();
        in.add(new Object[] {lo, hi, x});
        in.add(new Object[] {lo, Arrays.copyOf(hi, 4), x}); // the last element reads past hi
        in.add(new Object[] {Arrays.copyOf(lo, 1), hi, x}); // the second element reads past lo
        in.add(new Object[] {null, hi, x});
        in.add(new Object[] {lo, null, new double[] {Double.NaN, -1.0}}); // hi never read
        in.add(new Object[] {lo, null, x});
        in.add(new Object[] {lo, hi, null});
        in.add(new Object[] {x, x, x});
        D.checkAll(K, "countInside", in);
    }
}
