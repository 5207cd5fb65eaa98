package dev.kiln.bench;

import java.util.Arrays;

/** Order statistics of nanosecond samples (nearest-rank). */
final class Stats {
    private Stats() {
    }

    static long percentile(long[] samples, double p) {
        if (samples.length == 0) return -1;
        long[] s = samples.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    static long median(long[] samples) {
        if (samples.length == 0) return -1;
        long[] s = samples.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format("%.3f", nanos / 1e6);
    }
}
