package dev.kiln.compiler.diff;

/** Vectorised (int) and (long) of doubles: one conversion stored, one summed, as in bin/bench's quantise. */
final class VectorConversionKernels {
    private VectorConversionKernels() {
    }

    static long quantise(double[] a, double scale, int[] q) {
        long total = 0;
        for (int i = 0; i < a.length; i++) {
            double v = a[i] * scale;
            q[i] = (int) v;
            total += (long) (v * 1048576.0);
        }
        return total;
    }

    static void toLongs(double[] a, long[] out) {
        for (int i = 0; i < a.length; i++) out[i] = (long) a[i];
    }

    static int intSum(double[] a) {
        int s = 0;
        for (int i = 0; i < a.length; i++) s += (int) a[i];
        return s;
    }
}
