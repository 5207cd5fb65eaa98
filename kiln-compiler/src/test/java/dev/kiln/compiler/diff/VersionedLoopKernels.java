package dev.kiln.compiler.diff;

/**
 * Loops whose array indices step unlike their counter, the shapes {@code RangeCheckVersioning} gives a check-free
 * copy: a butterfly with a twiddle index {@code k += 4} in a loop over {@code j += 2}, scaled and mirrored indices,
 * counting down, inclusive bounds, a bound read from an array's length, values used after the loop, early exits and
 * throws inside it, narrow element types.
 */
final class VersionedLoopKernels {
    private VersionedLoopKernels() {
    }

    /** An FFT-style butterfly: pairs of a[] and the twiddle pairs w[k], w[k + 1] with k stepping twice as fast as j. */
    static void butterfly(int n, double[] a, int offa, double[] w, int startw) {
        int k = 0;
        for (int j = 2; j < n; j += 2) {
            k += 4;
            double wr = w[startw + k], wi = w[startw + k + 1];
            int j1 = offa + j, j2 = offa + n - j;
            double xr = a[j1] - a[j2], xi = a[j1 + 1] + a[j2 + 1];
            a[j1] = xr * wr - xi * wi;
            a[j1 + 1] = xr * wi + xi * wr;
            a[j2] = xr;
            a[j2 + 1] = -xi;
        }
    }

    /** Counting down with a scaled index and an inclusive lower bound. */
    static long countDown(float[] x, int from, int to, long[] out) {
        long s = 0;
        for (int i = from; i >= to; i--) {
            out[2 * i] = (long) x[i];
            s += out[2 * i] + i;
        }
        return s;
    }

    /** An inclusive upper bound, step 3, index 3i + 1 in one array and i in another, and the counter used after. */
    static int stepThree(int lo, int hi, int[] a, short[] b) {
        int i = lo;
        for (; i <= hi; i += 3) {
            a[i] += b[1] * 2; // b[1], b[2]: indices that never move
            b[2] = (short) (a[i] + 1);
        }
        return i + a.length;
    }

    /** A bound that is an array's length read in the loop, and an index scaled by 2 into a second array. */
    static void widen(byte[] src, char[] dst) {
        for (int i = 0; i < src.length - 1; i++) {
            dst[2 * i] = (char) src[i + 1];
            dst[2 * i + 1] = (char) (src[i] * 3);
        }
    }

    /** An early exit and values carried out of the loop. */
    static double untilNegative(double[] a, int n) {
        double s = 0;
        int j = 0;
        int i = 0;
        for (; i < n; i++) {
            if (a[2 * i] < 0) break;
            s += a[2 * i + 1];
            j += 5;
        }
        return s + j * 1000 + i;
    }

    /** A throw inside the loop, after writes of earlier iterations. */
    static void checkedCopy(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            if (x[2 * i] < 0) throw new IllegalArgumentException("negative");
            y[i] = x[2 * i] + x[2 * i + 1];
        }
    }

    /** A counter that wraps past Integer.MAX_VALUE in Java: the copy must never run it. */
    static int wrapping(int start, int end, int[] a) {
        int s = 0;
        int k = 0;
        for (int i = start; i < end; i += 3) {
            s += a[i - start + k];
            k -= 2;
        }
        return s;
    }

    /** Linpack's strided daxpy: two indices stepping by parameters, negative strides starting at the far end. */
    static void daxpyInc(int n, double a, double[] x, int incx, double[] y, int incy) {
        int ix = incx < 0 ? (1 - n) * incx : 0;
        int iy = incy < 0 ? (1 - n) * incy : 0;
        for (int i = 0; i < n; i++) {
            y[iy] += a * x[ix];
            ix += incx;
            iy += incy;
        }
    }

    /** A counter stepping by a parameter, up or down, and an index at twice the counter. */
    static long strided(int[] a, long[] b, int from, int to, int step) {
        long s = 0;
        if (step > 0) {
            for (int j = from; j < to; j += step) s += a[j] + (b[2 * j + 1] = j);
        } else if (step < 0) {
            for (int j = from; j >= to; j += step) s += a[j] * 3 + (b[2 * j] = -j);
        }
        return s;
    }

    /** An index that does not move (a loop-invariant element), and one moving backwards with a forward counter. */
    static double invariantAndBackwards(double[] a, int c, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[c] * a[n - 1 - i] + a[2 * i];
        return s;
    }
}
