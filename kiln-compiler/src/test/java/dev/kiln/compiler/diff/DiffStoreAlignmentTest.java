package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * Store loops split by {@code StoreAlignmentPeel} into an aligning pre-loop and the main loop, at the edges of that
 * split: lengths on either side of the size from which the pre-loop runs ({@code MIN_PEEL_BYTES}) and small ones,
 * starts at every phase of a 64-byte line, the index leaving the array in the first, a middle or the last iteration
 * (so the fault lands in the pre-loop or the main loop), zero divisors, the same array twice or two arrays, steps
 * 1, -1 and 2, and every primitive element type. Results, exceptions and array contents must match HotSpot's.
 */
class DiffStoreAlignmentTest {
    static final Diff D = Diff.forClass(DiffStoreAlignmentTest.class);
    static final Class<?> K = AlignKernels.class;

    static final int PEEL_BYTES = 1024;
    static final int[] SMALL = {0, 1, 2, 7, 8, 9, 63, 64, 65};

    /** Small lengths and lengths around the peel threshold of {@code bytes}-wide elements. */
    static List<Integer> lengths(int bytes) {
        int t = PEEL_BYTES / bytes;
        List<Integer> out = new ArrayList<>();
        for (int n : SMALL) out.add(n);
        for (int n : new int[] {t - 1, t, t + 1, t + 7, t + 8, t + 9, t + 63, t + 64, t + 65, 3 * t + 5}) out.add(n);
        return out;
    }

    static double[] doubles(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = Math.sin(i * 1.3) * (i % 7 == 2 ? -1e300 : 10) + (i % 11 == 5 ? -0.0 : 0);
        if (n > 3) a[n / 3] = Double.NaN;
        return a;
    }

    static float[] floats(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) Math.cos(i * 0.7) * (i % 5 == 1 ? 3e38f : 2f);
        return a;
    }

    @Test
    void boundedRangesFaultInTheFirstAMiddleOrTheLastIteration() {
        List<Object[]> in = new ArrayList<>();
        for (int n : lengths(8)) {
            // Starts 0..8 cover every phase of a line; ends inside, at and past the end, and before the start.
            for (int from : new int[] {0, 1, 3, 5, 8, -1}) {
                for (int to : new int[] {n, n + 1, n / 2, from + 128, from - 1, Integer.MAX_VALUE}) {
                    in.add(new Object[] {doubles(n), 1.5, from, to});
                }
            }
        }
        in.add(new Object[] {null, 2.0, 0, 0});
        in.add(new Object[] {null, 2.0, 0, 300});
        D.checkAll(K, "scaleRange", in);
    }

    @Test
    void dscalAtOffsets() {
        List<Object> arrays = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : lengths(8)) arrays.add(doubles(n));
        List<Integer> counts = List.of(0, 1, 9, 127, 128, 129, 200, 1000, -1, Integer.MAX_VALUE);
        List<Integer> offsets = List.of(0, 1, 2, 5, 7, 8, 70, -1, -200, Integer.MAX_VALUE, Integer.MIN_VALUE);
        D.checkAll(K, "dscal", product(counts, List.of(-0.5, Double.NaN), arrays, offsets));
    }

    @Test
    void scaleInPlaceOverTheWholeArray() {
        List<Object> arrays = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : lengths(8)) arrays.add(doubles(n));
        D.checkAll(K, "scaleInPlace", product(List.of(3.0, -0.0, Double.POSITIVE_INFINITY), arrays));
    }

    @Test
    void saxpyOverTwoArraysOrOne() {
        List<Integer> offsets = List.of(0, 1, 3, 4, 15, 16, -1, 40);
        for (int n : lengths(4)) {
            float[] x = floats(n + 20), y = floats(n);
            for (int xo : offsets) {
                D.check(K, "saxpy", 0.25f, x, xo, y);          // disjoint: x longer than y, faults once xo passes 20
                float[] same = floats(n);
                D.check(K, "saxpy", -2f, same, xo, same);      // the same array, read ahead of or behind the store
            }
        }
        D.check(K, "saxpy", 1f, null, 0, floats(300));
        D.check(K, "saxpy", 1f, floats(300), 0, null);
    }

    @Test
    void saxpyBoundedByXFaultsWhereYEnds() {
        for (int n : lengths(4)) {
            // y as long as x, or ending in the first, a middle or the last iteration (pre-loop or aligned loop)
            for (int m : new int[] {n, n + 3, 0, 1, n / 2, Math.max(0, n - 1)}) {
                D.check(K, "saxpyByX", 0.5f, floats(n), floats(m));
            }
            float[] same = floats(n);
            D.check(K, "saxpyByX", -1.5f, same, same);
            D.check(K, "saxpyByX", Float.NaN, floats(n), floats(n));
        }
        D.check(K, "saxpyByX", 1f, null, floats(300));
        D.check(K, "saxpyByX", 1f, floats(300), null);
    }

    @Test
    void constantStartsOtherThanZero() {
        for (int n : lengths(8)) {
            for (int to : new int[] {n, n + 1, n / 2, 0, 3, 4}) {
                D.check(K, "scaleFrom3", doubles(n), 2.5, to);
                D.check(K, "scaleFromMinus2", doubles(n), 2.5, to);
            }
        }
    }

    @Test
    void divisionFaultsAtTheSameIteration() {
        for (int n : lengths(4)) {
            for (int zeroAt : new int[] {-1, 0, 1, n / 2, n - 1}) {
                int[] x = new int[n], d = new int[n];
                for (int i = 0; i < n; i++) {
                    x[i] = i * 1_000_003 - 7;
                    d[i] = i == zeroAt ? 0 : i % 3 + (i % 4 == 0 ? -1 : 1);
                }
                if (n > 0) x[n - 1] = Integer.MIN_VALUE;
                for (int count : new int[] {n, n + 1}) D.check(K, "divide", new int[n], x, d, count);
                D.check(K, "divide", x, x, d, n);               // the result overwrites the dividends
            }
        }
    }

    @Test
    void everyElementWidth() {
        for (int n : lengths(8)) {
            long[] l = new long[n];
            for (int i = 0; i < n; i++) l[i] = i * 0x9E3779B97F4A7C15L;
            for (int c : new int[] {n, n + 1, n / 2}) D.check(K, "addLong", l, Long.MIN_VALUE, c);
        }
        for (int n : lengths(1)) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) b[i] = (byte) (i * 37);
            for (int c : new int[] {n, n + 1, n / 2}) D.check(K, "bytes", b, c);
        }
        for (int n : lengths(2)) {
            short[] s = new short[n];
            char[] ch = new char[n];
            for (int i = 0; i < n; i++) {
                s[i] = (short) (i * 4099);
                ch[i] = (char) (i * 7919);
            }
            for (int c : new int[] {n, n + 1, n / 2}) {
                D.check(K, "shorts", s, c);
                D.check(K, "chars", ch, c);
            }
        }
    }

    @Test
    void downwardEveryOtherAndDependentLoops() {
        for (int n : lengths(8)) {
            for (int hi : new int[] {n - 1, n, n / 2, -1, 0}) D.check(K, "down", doubles(n), hi, 0.75);
            for (int c : new int[] {n, n + 1, n + 2}) {
                D.check(K, "everyOther", floats(n), c);
                D.check(K, "prefix", doubles(n), c);
                D.check(K, "fill", new int[n], -3, c);
            }
        }
        D.check(K, "down", null, 5, 1.0);
    }

    @Test
    void valuesUsedAfterTheLoop() {
        for (int n : lengths(4)) {
            double[] a = doubles(n);
            // The output as long as the input, shorter by one (faults in the last iteration), half as long, or null.
            for (int m : new int[] {n, n - 1, n / 2, 0}) {
                if (m < 0) continue;
                D.check(K, "quantise", a, 1e3, new int[m]);
                D.check(K, "clip", a, -0.5, 0.5, new double[m]);
            }
            D.check(K, "quantise", a, 1e3, null);
            D.check(K, "clip", a, -0.5, 0.5, null);
            D.check(K, "clip", a, -0.5, 0.5, a);
            for (int c : new int[] {n, n + 1, n / 2, -1}) D.check(K, "scaleUntil", doubles(n), -2.0, c);
            int[] ints = new int[n];
            for (int i = 0; i < n; i++) ints[i] = i * 0x9E3779B9;
            for (int m : new int[] {n, n - 1, n / 2}) if (m >= 0) D.check(K, "offsetSum", ints, Integer.MAX_VALUE, new int[m]);
            D.check(K, "offsetSum", ints, 5, ints);
            D.check(K, "offsetSum", ints, 5, null);
        }
        D.check(K, "quantise", null, 1.0, new int[300]);
    }
}
