package dev.kiln.compiler.diff;

/** Loads, stores and lengths of every primitive array type; bounds, null and evaluation-order cases; aliasing. */
final class ArrayKernels {
    private ArrayKernels() {
    }

    // ---- per element type: load (with sign or zero extension), store (with truncation), length
    static int getB(byte[] a, int i) { return a[i]; }
    static int getS(short[] a, int i) { return a[i]; }
    static int getC(char[] a, int i) { return a[i]; }
    static int getI(int[] a, int i) { return a[i]; }
    static long getJ(long[] a, int i) { return a[i]; }
    static float getF(float[] a, int i) { return a[i]; }
    static double getD(double[] a, int i) { return a[i]; }
    static byte getBRaw(byte[] a, int i) { return a[i]; }
    static char getCRaw(char[] a, int i) { return a[i]; }
    static short getSRaw(short[] a, int i) { return a[i]; }

    static void setB(byte[] a, int i, int v) { a[i] = (byte) v; }
    static void setS(short[] a, int i, int v) { a[i] = (short) v; }
    static void setC(char[] a, int i, int v) { a[i] = (char) v; }
    static void setI(int[] a, int i, int v) { a[i] = v; }
    static void setJ(long[] a, int i, long v) { a[i] = v; }
    static void setF(float[] a, int i, float v) { a[i] = v; }
    static void setD(double[] a, int i, double v) { a[i] = v; }

    static int lenB(byte[] a) { return a.length; }
    static int lenS(short[] a) { return a.length; }
    static int lenC(char[] a) { return a.length; }
    static int lenI(int[] a) { return a.length; }
    static int lenJ(long[] a) { return a.length; }
    static int lenF(float[] a) { return a.length; }
    static int lenD(double[] a) { return a.length; }

    /** baload, iadd, i2b, bastore; same for char and short. */
    static void incB(byte[] a, int i) { a[i] += 100; }
    static void incC(char[] a, int i) { a[i] += 40000; }
    static void incS(short[] a, int i) { a[i] -= 30000; }

    /** Sign and zero extension inside arithmetic. */
    static int sumB(byte[] a) {
        int s = 0;
        for (byte b : a) s += b;
        return s;
    }

    static int sumBUnsigned(byte[] a) {
        int s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] & 0xff;
        return s;
    }

    static long sumC(char[] a) {
        long s = 0;
        for (char c : a) s = s * 31 + c;
        return s;
    }

    static int sumS(short[] a) {
        int s = 0;
        for (short x : a) s = s * 7 + x;
        return s;
    }

    static long sumI(int[] a) {
        long s = 0;
        for (int x : a) s += x;
        return s;
    }

    static long sumJ(long[] a) {
        long s = 0;
        for (long x : a) s ^= x + (s << 1);
        return s;
    }

    /** Strictly sequential float sum: no reassociation (vectorisation) allowed. */
    static float sumF(float[] a) {
        float s = 0;
        for (float x : a) s += x;
        return s;
    }

    static double sumD(double[] a) {
        double s = 0;
        for (double x : a) s += x;
        return s;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static void reverse(int[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static void prefixSums(long[] a) {
        for (int i = 1; i < a.length; i++) a[i] += a[i - 1];
    }

    static void scale(float[] a, float f) {
        for (int i = 0; i < a.length; i++) a[i] *= f;
    }

    /** Writes a[0..n) of a possibly shorter array: the writes before the failing index must stay. */
    static void fillUpTo(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) a[i] = v + i;
    }

    static int argMax(double[] a) {
        int best = -1;
        for (int i = 0; i < a.length; i++) if (best < 0 || a[i] > a[best]) best = i;
        return best;
    }

    /** dst[i] = src[i] + src[i + 1]: different result when src and dst are the same array. */
    static void smooth(int[] src, int[] dst) {
        for (int i = 0; i + 1 < src.length; i++) dst[i] = src[i] + src[i + 1];
    }

    static void shiftRight(double[] src, double[] dst) {
        for (int i = src.length - 2; i >= 0; i--) dst[i + 1] = src[i] * 0.5;
    }

    static long aliasSum(long[] a, long[] b) {
        a[0] = 5;
        b[0] = 7;
        return a[0] + b[0];
    }

    /** Array passed to a callee, which writes it. */
    static long viaCallee(int[] a, int v) {
        Helpers.fill(a, v);
        return Helpers.sum(a) + Helpers.first(a);
    }

    static byte maxB(byte[] a) {
        byte m = Byte.MIN_VALUE;
        for (byte b : a) if (b > m) m = b;
        return m;
    }

    static char maxC(char[] a) {
        char m = 0;
        for (char c : a) if (c > m) m = c;
        return m;
    }

    // ---- null and evaluation order
    /** Never touches {@code a} when {@code use} is false: no exception for null then. */
    static int maybe(int[] a, boolean use) { return use ? a[0] : 7; }

    static int lengthOrMinus(double[] d, int k) { return k > 0 ? d.length : -1; }

    /** The NPE names the local, not the parameter. */
    static int viaLocal(int[] a, int[] c, boolean pick) {
        int[] chosen = pick ? a : c;
        return chosen[0];
    }

    /** The array comes from a merge of two values: HotSpot cannot name it. */
    static int viaMerge(int[] a, int[] c, boolean pick) {
        return (pick ? a : c)[0];
    }

    /** aload a, iload i, iload j, idiv, iaload: the division faults before the null check. */
    static int divIndex(int[] a, int i, int j) { return a[i / j]; }

    /** b[j] is loaded (and checked) before a is checked for the store. */
    static void copyOne(int[] a, int i, int[] b, int j) { a[i] = b[j]; }

    static void storeDivided(long[] a, int i, long x, long y) { a[i] = x / y; }

    /** The second parameter slot of a long: names must come from the local variable table, not slot numbers. */
    static double slotAfterLong(long pad, double[] values, int i) { return values[i] + pad; }

    static int nullInCallee(int[] a) { return Helpers.first(a); }
}
