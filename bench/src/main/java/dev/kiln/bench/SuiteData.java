package dev.kiln.bench;

import java.util.SplittableRandom;

/** Inputs of the suite at one size, from a fixed seed (the C and Numba harnesses build the same shapes). */
public final class SuiteData {
    public static final int POLY_DEGREE = 8;
    public static final int INTERP_TABLE = 256;
    public static final int HIST_BINS = 256;

    public final int size;
    public final double[] a, b, out, xs, ys, q, coeffs, ma, mb, mc;
    public final float[] fx, fy;
    public final int[] counts, qi;
    public final int n;

    public SuiteData(int size) {
        this.size = size;
        SplittableRandom r = new SplittableRandom(42);
        a = new double[size];
        b = new double[size];
        out = new double[size];
        q = new double[size];
        fx = new float[size];
        fy = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = r.nextDouble(-4.0, 4.0);
            b[i] = r.nextDouble(-1.0, 1.0);
            q[i] = r.nextDouble(-0.1, 1.1);
            fx[i] = (float) r.nextDouble(-1.0, 1.0);
            fy[i] = (float) r.nextDouble(-1.0, 1.0);
        }
        xs = new double[INTERP_TABLE];
        ys = new double[INTERP_TABLE];
        double x = 0.0;
        for (int i = 0; i < INTERP_TABLE; i++) {
            xs[i] = x;
            ys[i] = Math.sin(3.0 * x);
            x += 1.0 / (INTERP_TABLE - 1) * r.nextDouble(0.5, 1.5);
        }
        coeffs = new double[POLY_DEGREE + 1];
        for (int i = 0; i < coeffs.length; i++) coeffs[i] = r.nextDouble(-1.0, 1.0) / (i + 1);
        counts = new int[HIST_BINS];
        qi = new int[size];
        n = matmulN(size);
        ma = new double[n * n];
        mb = new double[n * n];
        mc = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            ma[i] = r.nextDouble(-1.0, 1.0);
            mb[i] = r.nextDouble(-1.0, 1.0);
        }
    }

    /** Matrix side of the "small matmul" at a suite size: 64 for 4096 elements, 128 above. */
    public static int matmulN(int size) {
        return size <= 4096 ? 64 : 128;
    }
}
