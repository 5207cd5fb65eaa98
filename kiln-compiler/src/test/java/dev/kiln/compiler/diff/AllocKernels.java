package dev.kiln.compiler.diff;

/** Kernels over boolean[] and over arrays they allocate, pass around, compare and return. */
final class AllocKernels {
    private AllocKernels() {
    }

    // ---- boolean[]

    static boolean getZ(boolean[] a, int i) {
        return a[i];
    }

    static void setZ(boolean[] a, int i, boolean v) {
        a[i] = v;
    }

    static int lenZ(boolean[] a) {
        return a.length;
    }

    /** Writes land in the caller's array, also when a later store throws. */
    static void flipThenStore(boolean[] a, int i) {
        for (int k = 0; k < a.length; k++) a[k] = !a[k];
        a[i] = true;
    }

    /** One array passed twice: a write through one parameter is seen through the other. */
    static int aliasZ(boolean[] a, boolean[] b) {
        a[0] = true;
        b[b.length - 1] = false;
        return (a[a.length - 1] ? 1 : 0) + (b[0] ? 2 : 0);
    }

    static int mixed(boolean[] keep, double[] x, int[] out) {
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (keep[i]) out[n++] = (int) x[i];
        }
        return n;
    }

    static int countPrimes(int n) {
        boolean[] composite = new boolean[n + 1];
        int count = 0;
        for (int i = 2; i <= n; i++) {
            if (!composite[i]) {
                count++;
                for (long j = (long) i * i; j <= n; j += i) composite[(int) j] = true;
            }
        }
        return count;
    }

    static boolean[] sieve(int n) {
        boolean[] prime = new boolean[n];
        for (int i = 2; i < n; i++) prime[i] = true;
        for (int i = 2; (long) i * i < n; i++) {
            if (prime[i]) for (int j = i * i; j < n; j += i) prime[j] = false;
        }
        return prime;
    }

    // ---- one boolean[] with other arrays and an array result (the generated adapter's copy of the boolean[])

    static int countSet(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) if (f) n++;
        return n;
    }

    /** A new result the Java side allocates ahead, filled through a mask; throws part-way when the mask is short. */
    static double[] masked(boolean[] keep, double[] x, double f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = keep[i] ? x[i] * f : x[i];
        return y;
    }

    /** Writes the mask, then allocates the result ahead-sized by it, then throws at {@code i} after writing. */
    static int[] markThenFill(boolean[] seen, int[] v, int i) {
        for (int k = 0; k < seen.length; k++) seen[k] = !seen[k];
        int[] out = new int[seen.length];
        for (int k = 0; k < out.length; k++) out[k] = seen[k] ? v[k] : -1;
        out[i] = 7;
        seen[0] = true;
        return out;
    }

    /** Returns the boolean[] parameter itself (or null) after writing it. */
    static boolean[] flipAndReturn(boolean[] a, int[] pick) {
        for (int k = 0; k < a.length; k++) a[k] = !a[k];
        return pick.length > 0 ? a : null;
    }

    // ---- allocation of every type, returned

    static boolean[] newZ(int n) { return new boolean[n]; }
    static byte[] newB(int n) { return new byte[n]; }
    static short[] newS(int n) { return new short[n]; }
    static char[] newC(int n) { return new char[n]; }
    static int[] newI(int n) { return new int[n]; }
    static long[] newJ(int n) { return new long[n]; }
    static float[] newF(int n) { return new float[n]; }
    static double[] newD(int n) { return new double[n]; }

    static double[] movingAverage(double[] x, int w) {
        double[] out = new double[x.length - w + 1];
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i];
            if (i >= w) s -= x[i - w];
            if (i >= w - 1) out[i - w + 1] = s / w;
        }
        return out;
    }

    static long[] histogram(int[] v, int bins) {
        long[] h = new long[bins];
        for (int x : v) h[Math.floorMod(x, bins)]++;
        return h;
    }

    /** Narrowing stores into allocated arrays, read back widened. */
    static char[] narrow(int[] v) {
        char[] c = new char[v.length];
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            c[i] = (char) v[i];
            b[i] = (byte) v[i];
            c[i] += b[i];
        }
        return c;
    }

    // ---- scratch arrays that never escape

    static double prefixMax(double[] x) {
        double[] best = new double[x.length];
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, x[i]);
            best[i] = m;
        }
        double s = 0;
        for (double b : best) s += b;
        return s;
    }

    /** A fresh array each iteration (all freed at return). */
    static long loopAlloc(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            int[] t = new int[16];
            t[i & 15] = i;
            s += t[i & 15] + t.length;
        }
        return s;
    }

    /** n arrays of m doubles kept alive together: each zeroed and distinct, whether in the frame's arena or not. */
    static double manyLive(int n, int m) {
        double[][] keep = new double[n][];
        double s = 0;
        for (int i = 0; i < n; i++) {
            double[] a = new double[m];
            for (int j = 0; j < m; j++) {
                s += a[j];
                a[j] = i + j;
            }
            keep[i] = a;
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) s += keep[i][j] * (i + 1);
        return s;
    }

    /** Two arrays of m and p elements; returns one: each at the arena's boundary or past it. */
    static long[] twoThenPick(int m, int p, boolean first) {
        long[] a = new long[m];
        long[] b = new long[p];
        for (int i = 0; i < m; i++) a[i] = i * 3L;
        for (int i = 0; i < p; i++) b[i] = -i;
        return first ? a : b;
    }

    /** Writes the allocated array, then fails part-way: the exception, and nothing leaks. */
    static double[] allocThenThrow(int n, int i) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) a[k] = k * 0.5;
        a[i] = -1;
        return a;
    }

    // ---- references: compare, flow through locals and calls

    static int compareRefs(int n) {
        int[] a = new int[n];
        int[] b = a;
        int[] c = new int[n];
        int[] d = null;
        return (a == b ? 1 : 0) + (a == c ? 2 : 0) + (d == null ? 4 : 0) + (a != null ? 8 : 0);
    }

    static double[] pick(double[] a, double[] b, boolean first) {
        return first ? a : b;
    }

    static int[] nullOrNew(int n) {
        return n < 0 ? null : new int[n];
    }

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = v + i;
        return a;
    }

    /** Arrays returned by callees, passed to callees, and returned again. */
    static double[] viaCallees(int n, double v) {
        double[] a = filled(n, v);
        double[] b = filled(n, -v);
        addInto(a, b);
        return a.length > 2 ? a : b;
    }

    static void addInto(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i] * 2;
    }

    static double sumOfFilled(int n) {
        double[] a = filled(n, 1.5);
        double s = 0;
        for (double x : a) s += x;
        return s;
    }

    /** A loop-carried array reference: the phi holds a pointer and a length. */
    static int[] grow(int rounds) {
        int[] a = new int[1];
        for (int r = 0; r < rounds; r++) {
            int[] b = new int[a.length * 2];
            for (int i = 0; i < a.length; i++) b[i] = a[i] + 1;
            a = b;
        }
        return a;
    }

    static int lengthOfNull(int n) {
        int[] a = n > 0 ? new int[n] : null;
        return a.length;
    }
}
