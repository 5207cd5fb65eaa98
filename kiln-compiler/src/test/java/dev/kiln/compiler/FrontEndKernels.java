package dev.kiln.compiler;

/** Kernels the front-end tests compile; each is also run by HotSpot for comparison. */
public final class FrontEndKernels {
    static final int SCALE = 3;
    static final double HALF = 0.5;

    private FrontEndKernels() {
    }

    public static double sum(double[] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i];
        return s;
    }

    public static void saxpy(float a, float[] x, float[] y) {
        for (int i = 0; i < y.length; i++) y[i] = a * x[i] + y[i];
    }

    public static int classify(int[] xs) {
        int score = 0;
        for (int x : xs) {
            switch (x & 7) {
                case 0 -> score += 1;
                case 1, 2 -> score += 10;
                case 5 -> score -= 3;
                default -> score ^= x;
            }
            switch (x) {
                case -1000 -> score += 7;
                case 1 << 20 -> score *= 3;
                default -> { }
            }
        }
        return score;
    }

    public static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    public static boolean isEven(int n) {
        return n == 0 || isOdd(n - 1);
    }

    static boolean isOdd(int n) {
        return n != 0 && isEven(n - 1);
    }

    public static int callsHelper(int[] a, int k) {
        return FrontEndHelpers.clampSum(a, -k, k) * SCALE;
    }

    public static int divide(int a, int b) {
        return a / b + a % b;
    }

    public static long ldivide(long a, long b) {
        return a / b - a % b;
    }

    public static int at(int[] a, int i) {
        return a[i];
    }

    public static void put(double[] xs, int i, double v) {
        xs[i] = v;
    }

    public static int length(long[] a) {
        return a.length;
    }

    public static byte narrow(byte b, short s, char c, boolean z) {
        int r = b + s + c + (z ? 1 : 0);
        return (byte) r;
    }

    public static char chars(char[] cs, int i) {
        cs[i] = (char) (cs[i] + 1);
        return cs[i];
    }

    public static int conversions(double d, float f, long l) {
        int a = (int) d;
        long b = (long) f;
        int c = (int) l;
        short s = (short) a;
        char ch = (char) b;
        float ff = (float) d;
        double dd = f;
        return a + (int) b + c + s + ch + (int) (ff * 2) + (int) dd + (int) (l >>> 3) + (c << 33) + (int) (l >> 70);
    }

    public static int compares(double a, double b, float c, float d, long x, long y) {
        int r = 0;
        if (a < b) r |= 1;
        if (a > b) r |= 2;
        if (a <= b) r |= 4;
        if (a >= b) r |= 8;
        if (a == b) r |= 16;
        if (a != b) r |= 32;
        if (c < d) r |= 64;
        if (c >= d) r |= 128;
        if (x < y) r |= 256;
        if (x == y) r |= 512;
        return r;
    }

    public static double fpmix(double a, double b, float c) {
        return a % b + (double) (c % 2.5f) - a * HALF;
    }

    public static int nested(int n) {
        int total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                if ((i ^ j) % 3 == 0) continue;
                total += i * j;
                if (total > 1_000_000) break;
            }
        }
        return total;
    }

    public static int pick(int[] a, int[] b, boolean first, int i) {
        return (first ? a : b)[i];
    }

    public static int whileTrue(int n) {
        int i = 0;
        while (true) {
            if (i * i > n) return i;
            i++;
        }
    }

    public static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }

    public static int reassigned(int[] a, int[] b) {
        if (b.length > 3) a = b;
        return a[0];
    }

    public static long mix(long seed, int[] out) {
        long x = seed;
        for (int i = 0; i < out.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            out[i] = (int) (x % 1000);
        }
        return x / 7 + x % -3;
    }

    public static int bytesAndShorts(byte[] bs, short[] ss) {
        int s = 0;
        for (int i = 0; i < bs.length && i < ss.length; i++) {
            bs[i] += 100;
            ss[i] *= 3;
            s += bs[i] + ss[i];
        }
        return s;
    }

    public static float floatNan(float a, float b) {
        float r = a / b;
        return r != r ? -1f : r;
    }

    public static double polyCall(double x) {
        return FrontEndHelpers.poly(x, 3) + FrontEndHelpers.poly(-x, 2);
    }

    public static double norm(double[] v, int lo, int hi) {
        double s = 0;
        for (int i = Math.max(0, lo); i < Math.min(v.length, hi); i++) s += Math.abs(v[i]) * Math.abs(v[i]);
        return Math.sqrt(s);
    }

    public static int exactSum(int[] a) {
        int s = 0;
        for (int x : a) s = Math.addExact(s, x);
        return s;
    }

    public static long exactProduct(long a, long b) {
        return Math.multiplyExact(a, b) + Math.floorMod(a, 7L);
    }

    @SuppressWarnings("fallthrough")
    public static int switchMerge(int k, int x) {
        int r = x;
        switch (k) {
            case 0:
                r = 5;
            case 1:
            case 2:
            case 1000:
                r += 1;
                break;
            case 4:
                r = -x;
                break;
            default:
                r *= 7;
        }
        boolean flag = k > 2;
        if (flag) { }
        return r + (flag ? 1 : 0);
    }

    public static void clip(double[] x, double lo, double hi, double[] out) {
        for (int i = 0; i < x.length; i++) out[i] = Math.min(Math.max(x[i], lo), hi);
    }

    public static double clipSum(double[] x, double lo, double hi) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += Math.min(Math.max(x[i], lo), hi);
        return s;
    }

    public static int truncSum(double[] x) {
        int s = 0;
        for (int i = 0; i < x.length; i++) s += (int) x[i];
        return s;
    }

    /** A histogram: the converted value is an index, so the loop stays scalar. */
    public static void binCount(double[] x, double scale, int[] counts) {
        for (int i = 0; i < x.length; i++) counts[(int) (x[i] * scale)]++;
    }

    /** A loop over a small checked helper, as the loss worker samples a CDF per sample. */
    public static double lookupSum(double[] table, int[] idx) {
        double s = 0.0;
        for (int i = 0; i < idx.length; i++) s += lookup(table, idx[i]);
        return s;
    }

    static double lookup(double[] t, int i) {
        if (i < 0) return 0.0;
        return t[i] * 2.0 + t[t.length - 1];
    }

    /** softplus: a loop over Math.log of Math.exp, as in a loss function. */
    public static void softplus(double[] x, double[] out) {
        for (int i = 0; i < x.length; i++) out[i] = Math.log(1 + Math.exp(x[i]));
    }

    public static void expAll(double[] x, double[] out) {
        for (int i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
    }

    public static void logAll(double[] x, double[] out) {
        for (int i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
    }

    /** A product carried from one iteration to the next: no vectoriser widens it, so exp stays a scalar call. */
    public static double expProduct(double[] x) {
        double p = 1;
        for (int i = 0; i < x.length; i++) p *= Math.exp(x[i]);
        return p;
    }
}
