package dev.kiln.compiler.diff;

import java.util.Arrays;

/**
 * Kernels returning a new 1-D array whose length the Java side can compute before the call (see ResultSite): the
 * shapes of library methods that scale, add, copy, slice, number and normalise arrays, plus allocations the result
 * array must not be taken by (a second pass through the allocation, an earlier one of the same length, another type).
 */
final class ResultArrayKernels {
    private ResultArrayKernels() {
    }

    static double[] scale(double v, double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] * v;
        return r;
    }

    /** A check that throws before the allocation, then a clone the loop adds into. */
    static double[] addClone(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths differ");
        double[] r = a.clone();
        for (int i = 0; i < a.length; i++) r[i] += b[i];
        return r;
    }

    /** A write to the source before the clone: the clone must see it. */
    static double[] bumpThenClone(double[] a) {
        if (a.length > 0) a[0] += 1;
        double[] r = a.clone();
        if (r.length > 1) r[1] = -r[1];
        return r;
    }

    /** A write to the source after the clone: the clone must not see it. */
    static long[] cloneThenOverwrite(long[] a) {
        long[] r = a.clone();
        for (int i = 0; i < a.length; i++) a[i] = i;
        return r;
    }

    /** The clone is a callee's. */
    static int[] cloneInCallee(int[] a) {
        return cloned(a);
    }

    static int[] cloned(int[] x) {
        return x.clone();
    }

    /**
     * The callee whose clone is returned first clones another array, of the same length: only the clone of {@code a}
     * may take the Java side's copy of {@code a}.
     */
    static int[] cloneOtherFirst(int[] a, int[] b) {
        int[] t = cloned(b);
        for (int i = 0; i < t.length; i++) if (t[i] != b[i]) throw new IllegalStateException("not a clone of b");
        return cloned(a);
    }

    static double[] divide(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths differ");
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] / b[i];
        return r;
    }

    static double[] copyOfLength(double[] s, int len) {
        double[] o = new double[len];
        System.arraycopy(s, 0, o, 0, Math.min(len, s.length));
        return o;
    }

    /** The allocation is in a callee, sized by the caller's array. */
    static int[] copyOfInts(int[] s) {
        return copyOfIntsLength(s, s.length);
    }

    static int[] copyOfIntsLength(int[] s, int len) {
        int[] o = new int[len];
        System.arraycopy(s, 0, o, 0, Math.min(len, s.length));
        return o;
    }

    /** The copy's source is the second array parameter. */
    static int[] prefixOfSecond(int scale, int[] s, int len) {
        int[] o = new int[len];
        System.arraycopy(s, 0, o, 0, Math.min(len, s.length));
        for (int i = 0; i < o.length; i++) o[i] *= scale;
        return o;
    }

    /** Copies one element less than the Java side's prefix: the rest must read as zero. */
    static int[] copyShorterThanPrefix(int[] s, int len) {
        int[] o = new int[len];
        System.arraycopy(s, 0, o, 0, Math.max(0, Math.min(len, s.length) - 1));
        return o;
    }

    /** Copies all of {@code s}, which throws when the result is shorter (after the allocation took the array). */
    static int[] copyLongerThanResult(int[] s, int len) {
        int[] o = new int[len];
        System.arraycopy(s, 0, o, 0, s.length);
        return o;
    }

    /** The callee that allocates runs first on another source, and its copy takes the Java side's array. */
    static int[] copyFromOtherFirst(int[] a, int len, int[] b) {
        int[] first = prefixFrom(b, len);
        if (first.length > 0 && b.length > 0 && first[0] != b[0]) throw new IllegalStateException("copied from a");
        return prefixFrom(a, len);
    }

    static int[] prefixFrom(int[] s, int len) {
        int[] o = new int[len];
        System.arraycopy(s, 0, o, 0, Math.min(len, s.length));
        return o;
    }

    /** A copy from {@code from + 1} one element short of what the Java side copied: the rest must read as zero. */
    static int[] rangeShorter(int[] s, int from, int len) {
        int[] o = new int[len];
        System.arraycopy(s, from + 1, o, 0, Math.max(0, Math.min(len, s.length - from - 1) - 1));
        return o;
    }

    /** The callee runs first on another source, and its copy takes the Java side's array. */
    static int[] rangeFromOtherFirst(int[] a, int from, int len, int[] b) {
        int[] first = rangeFrom(b, from, len);
        if (first.length > 0 && first[0] != b[from]) throw new IllegalStateException("copied from a");
        return rangeFrom(a, from, len);
    }

    /** The callee runs first on the same source from the next index, and its copy takes the Java side's array. */
    static int[] rangeOtherIndexFirst(int[] a, int from, int len) {
        int[] first = rangeFrom(a, from + 1, len);
        if (first.length > 0 && first[0] != a[from + 1]) throw new IllegalStateException("copied from the wrong index");
        return rangeFrom(a, from, len);
    }

    static int[] rangeFrom(int[] s, int from, int len) {
        int[] o = new int[len];
        System.arraycopy(s, from, o, 0, Math.min(len, s.length - from));
        return o;
    }

    /** Between the allocation and the copy, a division that can throw. */
    static int[] copyWithCheckBetween(int[] s, int len, int d) {
        int[] o = new int[len];
        int n = Math.min(len, s.length) / d * d;
        System.arraycopy(s, 0, o, 0, n);
        return o;
    }

    static int[] writeSourceThenCopy(int[] s, int len) {
        if (s.length > 0) s[0] = -s[0] + 1;
        int[] o = new int[len];
        System.arraycopy(s, 0, o, 0, Math.min(len, s.length));
        return o;
    }

    static int[] readThenCopy(int[] s, int len) {
        int[] o = new int[len];
        int first = o.length > 0 ? o[0] : -1;
        System.arraycopy(s, 0, o, 0, Math.min(len, s.length));
        if (o.length > 1) o[1] += first;
        return o;
    }

    static int[] copyToOffset(int[] s, int len) {
        int[] o = new int[len];
        System.arraycopy(s, 0, o, len > 0 ? 1 : 0, Math.max(0, Math.min(len - 1, s.length)));
        return o;
    }

    /** Allocates (or throws NegativeArraySizeException) before reading {@code s}: a null source throws after it. */
    static double[] copyRange(double[] s, int from, int to) {
        int len = to - from;
        double[] o = new double[len];
        System.arraycopy(s, from, o, 0, Math.min(len, s.length - from));
        return o;
    }

    static double[] jdkCopyOfRange(double[] s, int from, int to) {
        return Arrays.copyOfRange(s, from, to);
    }

    static long[] jdkCopyOf(long[] s, int n) {
        return Arrays.copyOf(s, n);
    }

    static int[] sequence(int size, int start, int stride) {
        int[] a = new int[size];
        for (int i = 0; i < size; i++) a[i] = start + i * stride;
        return a;
    }

    static int[] natural(int n) {
        return sequence(n, 0, 1);
    }

    /** Throws before the allocation (bad sum), reads every element, then throws after it (zero sum). */
    static double[] normalize(double[] values, double total) {
        if (Double.isInfinite(total)) throw new IllegalArgumentException("infinite total");
        if (Double.isNaN(total)) throw new IllegalArgumentException("NaN total");
        double sum = 0;
        int len = values.length;
        double[] out = new double[len];
        for (int i = 0; i < len; i++) {
            if (Double.isInfinite(values[i])) throw new IllegalArgumentException("infinite element");
            if (!Double.isNaN(values[i])) sum += values[i];
        }
        if (sum == 0) throw new ArithmeticException("zero sum");
        for (int i = 0; i < len; i++) out[i] = Double.isNaN(values[i]) ? Double.NaN : values[i] * total / sum;
        return out;
    }

    /** Refuses a length before allocating it: a length too big for the heap must still throw this, not OutOfMemoryError. */
    static int[] refuseThenAllocate(int n, int max) {
        if (n > max) throw new IllegalArgumentException("too long");
        int[] r = new int[n];
        if (n > 0) r[n - 1] = n;
        return r;
    }

    /** Sum of two lengths. */
    static char[] concat(char[] a, char[] b) {
        char[] r = new char[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** A parameter plus a constant: wraps to a negative length at the top of the int range. */
    static byte[] padded(int n, byte fill) {
        byte[] r = new byte[n + 3];
        Arrays.fill(r, fill);
        return r;
    }

    /** A parameter minus a constant and a length. */
    static float[] shrunk(float[] a, int n) {
        float[] r = new float[n - 2 - a.length];
        for (int i = 0; i < r.length && i < a.length; i++) r[i] = a[i];
        return r;
    }

    /** Writes part of the new array, then throws out of bounds past its end. */
    static short[] storeThenThrow(short[] a, int at) {
        short[] r = new short[a.length + 1];
        for (int i = 0; i < a.length; i++) r[i] = a[i];
        r[at] = 7;
        return r;
    }

    /** The returned allocation runs once per iteration: only one of them may take the Java side's array. */
    static int[] lastOfLoop(int n, int times) {
        for (int k = 0; ; k++) {
            int[] r = new int[n];
            if (n > 0) r[k % n] = k + 1; // a reused array would keep the earlier passes' stores
            if (k >= times) return r;
        }
    }

    /** A scratch array of the result's length comes first. */
    static double[] scratchThenResult(double[] a) {
        double[] t = new double[a.length];
        for (int i = 0; i < a.length; i++) t[i] = a[i] * 2;
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = t[a.length - 1 - i] + 1;
        return r;
    }

    /** Returns its argument on one path, a new array on the other. */
    static double[] maybeCopy(double[] a, boolean copy) {
        if (!copy) return a;
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = -a[i];
        return r;
    }

    /** The input itself when it already sums to one, else a new array: the result is a merge of the two. */
    static double[] normalizedOrSame(double[] w) {
        double sum = 0;
        for (double x : w) sum += x;
        double[] r = sum == 1 ? w : new double[w.length];
        for (int i = 0; i < w.length; i++) r[i] = w[i] / sum;
        return r;
    }

    /** A result the Java side cannot allocate in place (boolean[]), beside the same shape over int[]. */
    static boolean[] positives(int[] a) {
        boolean[] r = new boolean[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] > 0;
        return r;
    }
}
