package dev.kiln.compiler.diff;

/**
 * Sums with the sign bit as 0 or 1 ({@code a + (x >>> 31)}), which {@code SignBitAdds} rewrites as
 * {@code a - (x >> 31)}: a branch-free absolute value as libraries write it, rounding halves toward zero, shift
 * counts Java masks ({@code >>> 63} on an int, {@code >>> -1} on a long).
 */
final class SignBitKernels {
    private SignBitKernels() {
    }

    static int absInt(int x) {
        final int i = x >>> 31;
        return (x ^ (~i + 1)) + i;
    }

    static long absLong(long x) {
        final long l = x >>> 63;
        return (x ^ (~l + 1)) + l;
    }

    /** The L1 distance of two int arrays, through the branch-free absolute value (overflowing as Java does). */
    static int distanceInt(int[] p, int[] q) {
        if (p.length != q.length) throw new IllegalArgumentException(p.length + " != " + q.length);
        int s = 0;
        for (int i = 0; i < p.length; i++) s += absInt(p[i] - q[i]);
        return s;
    }

    static long distanceLong(long[] p, long[] q) {
        long s = 0;
        for (int i = 0; i < p.length; i++) s += absLong(p[i] - q[i]);
        return s;
    }

    /** Halves rounded toward zero, the sign bit on the left of the add, with masked shift counts. */
    static void halves(int[] a, long[] b) {
        for (int i = 0; i < a.length; i++) a[i] = ((a[i] >>> 63) + a[i]) >> 1;
        for (int i = 0; i < b.length; i++) b[i] = (b[i] + (b[i] >>> -1)) >> 1;
    }

    /** Not the sign bit: {@code >>> 30} stays an add. */
    static int notSignBit(int x, int y) {
        return y + (x >>> 30);
    }
}
