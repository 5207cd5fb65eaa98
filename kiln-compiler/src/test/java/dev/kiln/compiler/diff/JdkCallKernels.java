package dev.kiln.compiler.diff;

import java.util.Arrays;

/**
 * Kernels calling static JDK methods that are not in Kiln's intrinsic table; Kiln compiles the JDK's own bytecode
 * for them, as it does for user callees.
 */
final class JdkCallKernels {
    private JdkCallKernels() {
    }

    /** Index of the first bucket whose upper edge is at least {@code x}, the way histogram code uses binarySearch. */
    static int bucketOf(double[] edges, double x) {
        int i = Arrays.binarySearch(edges, x);
        return i >= 0 ? i : -i - 1;
    }

    static int searchInts(int[] a, int key) {
        return Arrays.binarySearch(a, key);
    }

    static int searchLongs(long[] a, long key) {
        return Arrays.binarySearch(a, key);
    }

    static int searchChars(char[] a, char key) {
        return Arrays.binarySearch(a, key);
    }

    static int searchFloats(float[] a, float key) {
        return Arrays.binarySearch(a, key);
    }

    /** A hash of a record of primitives, written the way IDEs generate hashCode. */
    static int hashOf(long id, double weight, int count, float ratio, boolean flag) {
        int h = Long.hashCode(id);
        h = 31 * h + Double.hashCode(weight);
        h = 31 * h + Integer.hashCode(count);
        h = 31 * h + Float.hashCode(ratio);
        h = 31 * h + Boolean.hashCode(flag);
        return h;
    }

    /** Relative tolerance test in ulps, as numerical code checks convergence. */
    static boolean closeInUlps(double a, double b, int ulps) {
        double tol = ulps * Math.max(Math.ulp(a), Math.ulp(b));
        return Math.abs(a - b) <= tol;
    }

    static double stepUpAndDown(double x, double toward) {
        return Math.nextUp(x) - Math.nextDown(x) + Math.nextAfter(x, toward);
    }

    static double scaleByExponent(double x, int n) {
        return Math.scalb(x, n) + Math.getExponent(x);
    }

    static long unsignedWidening(byte b, short s, int i) {
        return Byte.toUnsignedInt(b) + Short.toUnsignedInt(s) + Integer.toUnsignedLong(i);
    }

    /** Fills a work array and sums it: the fill is visible to the caller afterwards. */
    static long fillAndSum(int[] work, int v) {
        Arrays.fill(work, v);
        long s = 0;
        for (int x : work) s += x;
        return s;
    }

    static double degreesRoundTrip(double deg) {
        return Math.toDegrees(Math.toRadians(deg) * 0.5);
    }

    /** Number of blocks of size {@code b} covering {@code n} items (ceilDiv), plus the remainder (ceilMod). */
    static long blocks(int n, int b) {
        return (long) Math.ceilDiv(n, b) * 1000 + Math.ceilMod(n, b);
    }

    /** High word of a 128-bit unsigned product, as multiply-with-carry generators use it. */
    static long mulHighUnsigned(long a, long b) {
        return Math.unsignedMultiplyHigh(a, b) ^ Math.multiplyFull((int) a, (int) b);
    }

    /** A sub-range search: the JDK's rangeCheck throws IllegalArgumentException / ArrayIndexOutOfBoundsException. */
    static int searchRange(int[] a, int from, int to, int key) {
        return Arrays.binarySearch(a, from, to, key);
    }

    /** Fills part of a scratch array (rangeCheck as above), then sums it. */
    static long fillRange(int[] work, int from, int to, int v) {
        Arrays.fill(work, from, to, v);
        long s = 0;
        for (int x : work) s += x;
        return s;
    }

    /** Math.ulp, whose JDK code asserts on its way (Math.powerOfTwoD). */
    static double ulpOf(double x) {
        return Math.ulp(x) + Math.ulp((float) x);
    }
}
