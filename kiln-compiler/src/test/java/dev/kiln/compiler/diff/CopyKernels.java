package dev.kiln.compiler.diff;

import java.util.Arrays;

/** clone, Arrays.copyOf / copyOfRange / fill and System.arraycopy over primitive arrays. */
final class CopyKernels {
    private CopyKernels() {
    }

    static double[] cloneD(double[] a) { return a.clone(); }
    static boolean[] cloneZ(boolean[] a) { return a.clone(); }
    static char[] cloneC(char[] a) { return a.clone(); }

    /** The clone is a new array: writing it leaves the parameter alone. */
    static int cloneIsCopy(int[] a) {
        int[] c = a.clone();
        c[0] = 99;
        return (c == a ? 1 : 0) + a[0];
    }

    static double[] copyOfD(double[] a, int n) { return Arrays.copyOf(a, n); }
    static byte[] copyOfB(byte[] a, int n) { return Arrays.copyOf(a, n); }
    static boolean[] copyOfZ(boolean[] a, int n) { return Arrays.copyOf(a, n); }
    static long[] copyOfRangeJ(long[] a, int from, int to) { return Arrays.copyOfRange(a, from, to); }
    static short[] copyOfRangeS(short[] a, int from, int to) { return Arrays.copyOfRange(a, from, to); }

    static void fillI(int[] a, int v) { Arrays.fill(a, v); }
    static void fillD(double[] a, double v) { Arrays.fill(a, v); }
    static void fillZ(boolean[] a, boolean v) { Arrays.fill(a, v); }
    static void fillRangeF(float[] a, int from, int to, float v) { Arrays.fill(a, from, to, v); }
    static void fillRangeC(char[] a, int from, int to, char v) { Arrays.fill(a, from, to, v); }
    static void fillRangeB(byte[] a, int from, int to, byte v) { Arrays.fill(a, from, to, v); }

    static void copyI(int[] s, int sp, int[] d, int dp, int n) { System.arraycopy(s, sp, d, dp, n); }
    static void copyZ(boolean[] s, int sp, boolean[] d, int dp, int n) { System.arraycopy(s, sp, d, dp, n); }
    static void copyMismatch(int[] s, double[] d, int n) { System.arraycopy(s, 0, d, 0, n); }

    /** Overlapping copy within one array, both directions. */
    static int[] shift(int[] a, int by) {
        System.arraycopy(a, 0, a, by, a.length - by);
        System.arraycopy(a, by, a, 0, 1);
        return a;
    }

    /** A scratch row built with fill and copies, then reduced. */
    static double scratchWork(double[] x, int n) {
        double[] t = new double[n];
        Arrays.fill(t, 1.5);
        System.arraycopy(x, 0, t, 1, Math.min(x.length, n - 1));
        double[] u = Arrays.copyOfRange(t, 1, n);
        double s = 0;
        for (double v : u) s += v;
        return s + t.clone()[0];
    }

    /** A write before a failing copy stays visible. */
    static void writeThenCopy(int[] s, int[] d, int n) {
        d[0] = -7;
        System.arraycopy(s, 0, d, 1, n);
    }
}
