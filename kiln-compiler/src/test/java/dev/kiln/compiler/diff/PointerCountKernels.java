package dev.kiln.compiler.diff;

/**
 * Kernels around the pointer counts of the native entry (KernelAbi.pointerSlots: one pointer per array parameter,
 * one more for an array result): no arrays, seven arrays and a result the Java side may allocate, eight and nine
 * arrays (the adapter's limit, and the count the entries used to be padded to), mixed element types.
 */
final class PointerCountKernels {
    private PointerCountKernels() {
    }

    static long scalars(long a, int b, double c, float d, short e, boolean f) {
        return a * 31 + b + (long) (c * d) + e + (f ? 1 : 0);
    }

    static double[] sum7(double[] a0, int[] a1, double[] a2, long[] a3, double[] a4, float[] a5, double[] a6) {
        double[] r = new double[a0.length];
        for (int i = 0; i < r.length; i++) r[i] = a0[i] + a1[i] + a2[i] + a3[i] + a4[i] + a5[i] + a6[i];
        return r;
    }

    static double[] sum8(double[] a0, int[] a1, double[] a2, long[] a3, double[] a4, float[] a5, double[] a6,
                         double[] a7) {
        double[] r = new double[a0.length];
        for (int i = 0; i < r.length; i++) r[i] = a0[i] + a1[i] + a2[i] + a3[i] + a4[i] + a5[i] + a6[i] + a7[i];
        return r;
    }

    /** The k-th array (by reference; null for another k), after adding all lengths to one element of the last. */
    static double[] pick9(double[] a0, double[] a1, double[] a2, double[] a3, double[] a4, double[] a5, double[] a6,
                          double[] a7, double[] a8, int k) {
        int total = a0.length + a1.length + a2.length + a3.length + a4.length + a5.length + a6.length + a7.length
                + a8.length;
        a8[total % a8.length] += total;
        if (k == 0) return a0;
        if (k == 4) return a4;
        if (k == 7) return a7;
        if (k == 8) return a8;
        return null;
    }

    static int lengths9(int[] a0, long[] a1, int[] a2, byte[] a3, int[] a4, char[] a5, int[] a6, short[] a7,
                        int[] a8) {
        return a0.length + 2 * a1.length + 3 * a2.length + 4 * a3.length + 5 * a4.length + 6 * a5.length
                + 7 * a6.length + 8 * a7.length + 9 * a8.length;
    }
}
