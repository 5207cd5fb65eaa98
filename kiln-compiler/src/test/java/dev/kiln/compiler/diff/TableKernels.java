package dev.kiln.compiler.diff;

/**
 * Table-driven numeric code: static final primitive arrays (coefficients, lookup tables computed in a static
 * initializer) read, and sometimes written, by kernels and their callees.
 */
final class TableKernels {
    private TableKernels() {
    }

    /** Rational approximation coefficients (numerator and denominator), highest degree last. */
    static final double[] P = {0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429};
    static final double[] Q = {1.0, 0.3275911};

    /** Lanczos approximation coefficients (g = 7, n = 9). */
    static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
            771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
            9.9843695780195716e-6, 1.5056327351493116e-7};

    static final int[] CRC_TABLE = new int[256];
    static final byte[] BITS_IN_NIBBLE = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
    static final char[] HEX = "0123456789abcdef".toCharArray();
    static final short[] STEPS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000};
    static final float[] GRID = {0f, 0.5f, 1.5f, 3f, 5f, 7.5f, 10.5f, 14f};
    static final long[] POW10 = new long[19];
    static final long[] COUNTS = new long[4];
    static final int[] MISSING = null;

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
            CRC_TABLE[n] = c;
        }
        long p = 1;
        for (int i = 0; i < POW10.length; i++, p *= 10) POW10[i] = p;
    }

    /** Horner over a coefficient table. */
    static double erfLike(double x) {
        double ax = Math.abs(x);
        double t = 1.0 / (Q[0] + Q[1] * ax);
        double poly = 0;
        for (int i = P.length - 1; i >= 0; i--) poly = (poly + P[i]) * t;
        double r = 1.0 - poly * Math.exp(-ax * ax);
        return x < 0 ? -r : r;
    }

    /** log Gamma by Lanczos, the table read in a callee (tables pass down the call chain). */
    static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        return lanczos(x - 1);
    }

    private static double lanczos(double z) {
        double a = LANCZOS[0];
        double t = z + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** CRC-32 of a byte range with a table built by the static initializer. */
    static int crc32(byte[] data, int len) {
        int c = ~0;
        for (int i = 0; i < len; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
        return ~c;
    }

    /** Population count through a nibble table. */
    static int popcount(long v) {
        int n = 0;
        for (int i = 0; i < 16; i++, v >>>= 4) n += BITS_IN_NIBBLE[(int) (v & 0xf)];
        return n;
    }

    /** Writes the hex digits of {@code v} into {@code out} (low digit last) and returns how many it wrote. */
    static int toHex(int v, char[] out) {
        int n = Math.min(out.length, 8);
        for (int i = n - 1; i >= 0; i--, v >>>= 4) out[i] = HEX[v & 0xf];
        return n;
    }

    /** The first "nice" axis step at least {@code span / ticks}, the way plotting code picks tick spacing. */
    static int niceStep(double span, int ticks) {
        double raw = span / ticks;
        for (short s : STEPS) if (s >= raw) return s;
        return STEPS[STEPS.length - 1];
    }

    /** Piecewise-linear interpolation on a float grid (index = grid position). */
    static double interpolate(double x) {
        if (!(x > 0)) return GRID[0];
        int i = (int) x;
        if (i >= GRID.length - 1) return GRID[GRID.length - 1];
        double f = x - i;
        return GRID[i] + f * (GRID[i + 1] - GRID[i]);
    }

    /** Scales a fixed-point value by a power of ten from a table: an index out of range throws as in Java. */
    static long scaleFixed(long mantissa, int exp10) {
        return mantissa * POW10[exp10];
    }

    /** Counts values into buckets held in a static table (a write: Java sees it after the call). */
    static void countInto(double[] xs) {
        for (double x : xs) COUNTS[x < 0 ? 0 : x < 1 ? 1 : x < 10 ? 2 : 3]++;
    }

    static int readsMissing(int i) {
        return MISSING[i];
    }

    /** Sums a table read in two callees at two depths. */
    static double sumBoth(int k) {
        return first(k) + TableHelpers.scaled(k);
    }

    private static double first(int k) {
        return P[k % P.length];
    }
}
