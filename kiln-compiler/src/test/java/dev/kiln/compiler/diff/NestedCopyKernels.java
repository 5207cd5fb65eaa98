package dev.kiln.compiler.diff;

/**
 * Kernels that read rows and write only their 1-D parameters (the copying path's rows read only, copied once per place
 * and never back), for {@link DiffNestedCopyTest}: a 1-D parameter that is also a row must share its copy.
 */
final class NestedCopyKernels {
    private NestedCopyKernels() {
    }

    /** Sums every row of {@code t}, writing running sums into {@code q}; throws past {@code q}'s end or on a null row. */
    static float sum3Into(float[][][] t, float[] p, float[] q) {
        float s = p == null ? 0 : p.length;
        int k = 0;
        for (int i = 0; i < t.length; i++) {
            float[][] u = t[i];
            if (u == null) continue;
            for (int j = 0; j < u.length; j++) {
                float[] r = u[j];
                for (int m = 0; m < r.length; m++) s += r[m];
                q[k++] = s;
            }
        }
        return s;
    }

    /** Reads rows of two tables that may share rows, writes into {@code x} (which may be a row of both). */
    static double dotInto(double[][] a, double[][] b, double[] x) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double[] r = a[i], w = b[i % b.length];
            for (int j = 0; j < r.length && j < w.length; j++) s += r[j] * w[j];
            x[i % x.length] += s;
        }
        return s;
    }
}
