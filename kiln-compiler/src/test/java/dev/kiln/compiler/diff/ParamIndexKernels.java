package dev.kiln.compiler.diff;

/**
 * Methods whose array parameters are indexed at parameter-relative offsets ({@code a[off + 3]}), the shapes
 * {@code ParamIndexVersioning} gives a check-free copy: straight-line butterflies that write before a later access
 * can fail, constant indices, negative offsets, several index patterns on one array, accesses only on one branch or
 * inside a loop, and a callee of the same shape.
 */
final class ParamIndexKernels {
    private ParamIndexKernels() {
    }

    /** A radix-2 butterfly over a[off .. off + 7] with the twiddles w[sw], w[sw + 1]: stores between the loads. */
    static void butterfly8(double[] a, int off, double[] w, int sw) {
        double wr = w[sw];
        double x0r = a[off] + a[off + 4];
        double x0i = a[off + 1] + a[off + 5];
        a[off + 4] = a[off] - a[off + 4];
        a[off] = x0r;
        double wi = w[sw + 1];
        double x1r = a[off + 2] - a[off + 6];
        double x1i = a[off + 3] - a[off + 7];
        a[off + 1] = x0i;
        a[off + 2] = a[off + 2] + a[off + 6];
        a[off + 6] = wr * x1r - wi * x1i;
        a[off + 7] = wr * x1i + wi * x1r;
        a[off + 3] = a[off + 3] + a[off + 5] * wi;
        a[off + 5] = x0i - a[off + 5];
    }

    /** Constant indices only: x[0] .. x[5], written back in place. */
    static double constants(double[] x) {
        double s = x[0] * 2 + x[1];
        x[0] = s;
        x[3] = x[2] - x[5];
        x[1] = x[4] * x[3];
        x[2] = -x[2];
        return s + x[5];
    }

    /** Offsets below and above a parameter, on int[], near int's limits in the tests. */
    static long around(int[] a, int p) {
        long s = a[p - 3] + a[p + 4];
        a[p] = (int) s;
        s += a[p - 2] * 3L - a[p + 3];
        a[p + 1] = a[p - 1] ^ a[p + 2];
        a[p - 3] = 7;
        return s + a[p + 4];
    }

    /** Two index patterns on one float[]: a[p + c] and a[2 * q - p + c]. */
    static float twoPatterns(float[] a, int p, int q) {
        int r = 2 * q - p;
        float s = a[p] + a[r];
        a[p + 1] = a[r + 1] * s;
        a[r + 2] = a[p + 2] - a[r];
        a[p + 3] = a[r + 3] + a[p];
        return s + a[r + 2] + a[p + 1];
    }

    /** The accesses run only when flag is set: out-of-range offsets are no error otherwise. */
    static double onlyWhen(double[] a, int off, boolean flag, double v) {
        double s = v;
        if (flag) {
            s += a[off] * a[off + 1];
            a[off + 2] = s;
            a[off + 3] = a[off + 1] - a[off + 4];
            s += a[off + 5];
        }
        return s;
    }

    /** Loop-invariant parameter-relative accesses inside a loop, beside loop-indexed ones. */
    static double inLoop(double[] a, int off, int n, double[] y) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            y[i] = a[off] * y[i] + a[off + 1];
            a[off + 2] = a[off + 2] + y[i];
            s += a[off + 3] - a[off + 4] + a[off + 5];
        }
        return s;
    }

    /** A kernel calling a callee of the same shape twice, at offsets the kernel computes. */
    static void twice(double[] a, int off, double[] w) {
        butterfly8(a, off, w, 0);
        butterfly8(a, off + 8, w, 2);
    }

    /** Fewer accesses than the pass needs: left as it is. */
    static double few(double[] a, int off) {
        return a[off] + a[off + 1];
    }
}
