package dev.kiln.compiler.diff;

/**
 * Kernels in the style of Java 5-era numeric libraries. The tests never use this class as javac wrote it: they load
 * it through {@link Java5ClassLoader}, as a version-49 class file without stack map frames. No string concatenation
 * or lambdas (invokedynamic does not exist in version 49) and no nested classes.
 */
public final class Java5Kernels {
    private static final long MASK_NON_SIGN = 0x7fffffffffffffffL;
    private static final double TWO_52 = 4503599627370496.0;

    /** Chebyshev coefficients on [-1, 1], a constant table as old libraries keep them. */
    private static final double[] CHEB = {1.2660658777520082, 1.1303182079849703, 0.27149533953407656,
            0.044336849848663804, 0.0054742404420936785, 5.429263119139438E-4, 4.497732295429515E-5};

    private Java5Kernels() {
    }

    /** Clenshaw's recurrence over the table (a constant table in an old class file). */
    static double chebyshev(double x) {
        double b1 = 0, b2 = 0;
        for (int k = CHEB.length - 1; k >= 1; k--) {
            double t = 2 * x * b1 - b2 + CHEB[k];
            b2 = b1;
            b1 = t;
        }
        return x * b1 - b2 + 0.5 * CHEB[0];
    }

    /** floor through the bits, the way fast-math libraries do it (branches on exponent ranges). */
    static double floor(double x) {
        if (x != x) return x; // NaN
        if (x >= TWO_52 || x <= -TWO_52) return x;
        long y = (long) x;
        if (x < 0 && y != x) y--;
        if (y == 0) return x * y; // keeps the sign of -0.0 and of (-1, 0) -> -1 handled above
        return y;
    }

    /** Abramowitz-Stegun 7.1.26 erf approximation; the sign is merged on the stack by a conditional. */
    static double erfApprox(double x) {
        double ax = x < 0 ? -x : x;
        double t = 1.0 / (1.0 + 0.3275911 * ax);
        double poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
        double r = 1.0 - poly * Math.exp(-ax * ax);
        return x < 0 ? -r : r;
    }

    static double horner(double[] c, double x) {
        double r = 0.0;
        for (int i = c.length - 1; i >= 0; i--) r = r * x + c[i];
        return r;
    }

    /** Absolute values chosen by a conditional expression in the middle of an expression (a stack value at a merge). */
    static double absDot(double[] a, double[] b) {
        double s = 0;
        int n = a.length < b.length ? a.length : b.length;
        for (int i = 0; i < n; i++) s += (a[i] > 0 ? a[i] : -a[i]) * b[i];
        return s;
    }

    /** An array local chosen on two paths, one of which may be null. */
    static int pick(int[] a, int[] b, boolean first) {
        int[] src = first ? a : b;
        int[] other = null;
        if (src == a) other = b;
        return src[0] + (other == null ? 0 : other.length);
    }

    static int classify(int k) {
        int r;
        switch (k) {
            case 0: r = 10; break;
            case 1: r = 11;
            case 2: r = 12; break;
            case 5: r = -5; break;
            case 1000: r = 7; break;
            default: r = k * 3;
        }
        return r;
    }

    /** Binary gcd on longs (no overflow check). */
    static long gcd(long a, long b) {
        if (a == 0) return b;
        if (b == 0) return a;
        a = a < 0 ? -a : a;
        b = b < 0 ? -b : b;
        int shift = Long.numberOfTrailingZeros(a | b);
        a >>>= Long.numberOfTrailingZeros(a);
        while (b != 0) {
            b >>>= Long.numberOfTrailingZeros(b);
            if (a > b) { long t = a; a = b; b = t; }
            b -= a;
        }
        return a << shift;
    }

    /** y = A x for a row-major n x m matrix in a flat array. */
    static void matVec(double[] a, int n, int m, double[] x, double[] y) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            int row = i * m;
            for (int j = 0; j < m; j++) s += a[row + j] * x[j];
            y[i] = s;
        }
    }

    /** Slots reused for different types in sibling scopes: the merge after them has to forget both. */
    static double reuse(int k, double d) {
        double out;
        if (k > 0) {
            long big = (long) k * k;
            out = big + d;
        } else {
            float f = (float) d;
            int twice = k * 2;
            out = f * twice;
        }
        for (int i = 0; i < 3; i++) {
            double t = out * 0.5;
            out = t + i;
        }
        return out;
    }

    /** A call whose arguments are partly on the stack across a conditional. */
    static long mixArgs(long a, int b, boolean neg) {
        return combine(a, neg ? -b : b, b > 0 ? 1.5 : -2.5);
    }

    static long combine(long a, int b, double w) {
        return a * 31 + b + (long) (w * 4);
    }

    /** Running minimum and maximum written back through arrays, with a while loop and early return. */
    static int minMax(double[] v, double[] out) {
        if (v.length == 0) return 0;
        double lo = v[0], hi = v[0];
        int i = 1;
        while (i < v.length) {
            double x = v[i++];
            if (x < lo) lo = x;
            else if (x > hi) hi = x;
        }
        out[0] = lo;
        out[1] = hi;
        return i;
    }

    /** Integer square root by Newton's method on longs: a do-while with a break. */
    static long isqrt(long n) {
        if (n < 2) return n < 0 ? -1 : n;
        long x = n / 2 + 1;
        long y;
        do {
            y = (x + n / x) / 2;
            if (y >= x) break;
            x = y;
        } while (true);
        return x;
    }

    /** Cumulative sum in place with a char/short/byte mix in the loop (narrowing stores). */
    static int prefixSums(short[] s, byte[] b, char[] c) {
        int acc = 0;
        for (int i = 0; i < s.length; i++) {
            acc += s[i] + (i < b.length ? b[i] : 0) + (i < c.length ? c[i] : 0);
            s[i] = (short) acc;
        }
        return acc;
    }

    /** Refused (allocation): the refusal must be as precise as for the modern class file. */
    static double allocates(int n, double x) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x * i;
        Object[] tmp = new Object[n]; // refused: arrays of objects
        return s + tmp.length;
    }

    /** Sign-and-magnitude bits of a double, as a Java 5 library would inspect them. */
    static long magnitudeBits(double x) {
        long bits = Double.doubleToRawLongBits(x);
        return (bits & MASK_NON_SIGN) == 0 ? 0 : bits & MASK_NON_SIGN;
    }
}
