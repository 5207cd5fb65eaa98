package dev.kiln.compiler.diff;

/** Corpus (issue 9): statistics kernels with range checks in guard-clause helpers and asserts. */
final class StatsCorpus {
    private StatsCorpus() {
    }

    /** The p-th percentile (0 < p <= 100) of sorted values, by linear interpolation between order statistics. */
    static double percentile(double[] sorted, double p) {
        if (p <= 0 || p > 100) throw new OutOfRangeError("out of bounds quantile value: " + p + ", must be in (0, 100]");
        int n = sorted.length;
        if (n == 0) throw new IllegalArgumentException("no data");
        if (n == 1) return sorted[0];
        double pos = p * (n + 1) / 100;
        if (pos < 1) return sorted[0];
        if (pos >= n) return sorted[n - 1];
        int lower = (int) Math.floor(pos);
        double d = pos - lower;
        return sorted[lower - 1] + d * (sorted[lower] - sorted[lower - 1]);
    }

    /** Sample variance of values[begin .. begin + length) by Welford's update. */
    static double variance(double[] values, int begin, int length) {
        checkRange(values, begin, length);
        if (length < 2) return 0;
        double mean = 0;
        double m2 = 0;
        for (int i = 0; i < length; i++) {
            double x = values[begin + i];
            double delta = x - mean;
            mean += delta / (i + 1);
            m2 += delta * (x - mean);
        }
        return m2 / (length - 1);
    }

    static void checkRange(double[] values, int begin, int length) {
        if (begin < 0) throw new IllegalArgumentException("start position cannot be negative (" + begin + ")");
        if (length < 0) throw new IllegalArgumentException("length cannot be negative (" + length + ")");
        if (begin + length > values.length) {
            throw new IllegalArgumentException("subarray ends after array end: " + (begin + length) + " > " + values.length);
        }
    }

    /** Counts data into equal-width bins over [lo, hi); values outside are ignored. Returns how many were counted. */
    static int histogram(double[] data, int[] counts, double lo, double hi) {
        if (!(hi > lo)) throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
        int bins = counts.length;
        if (bins == 0) throw new IllegalArgumentException("no bins");
        double width = (hi - lo) / bins;
        int counted = 0;
        for (double x : data) {
            if (x < lo || x >= hi) continue;
            int b = (int) ((x - lo) / width);
            if (b == bins) b--; // rounding at the top edge
            assert b >= 0 && b < bins : "bin " + b + " for " + x;
            counts[b]++;
            counted++;
        }
        return counted;
    }

    /** Compensated sum. */
    static double kahanSum(double[] a) {
        assert a != null : "no array";
        double sum = 0;
        double c = 0;
        for (double x : a) {
            double y = x - c;
            double t = sum + y;
            c = (t - sum) - y;
            sum = t;
        }
        return sum;
    }

    /** n choose k, exactly, for results that fit a long. */
    static long binomial(int n, int k) {
        if (n < 0) throw new IllegalArgumentException("n must be non-negative: " + n);
        if (k < 0 || k > n) throw new IllegalArgumentException("k (" + k + ") must be in [0, n] for n = " + n);
        if (n > 66) throw new ArithmeticException("binomial overflow for n = " + n);
        if (k > n - k) k = n - k;
        long r = 1;
        for (int i = 1; i <= k; i++) {
            long g = gcd(r, i);
            r = (r / g) * ((n - k + i) / (i / g));
        }
        return r;
    }

    static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}

/** A range error as statistics libraries define them: a subclass that only passes its message up. */
class OutOfRangeError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    OutOfRangeError(String message) {
        super(message);
    }
}
