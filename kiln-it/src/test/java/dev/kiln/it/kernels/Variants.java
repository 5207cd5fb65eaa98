package dev.kiln.it.kernels;

/**
 * Overloads of one name (type variants of one function, as Numba specialises one function per argument types): each
 * descriptor is its own kernel and entry.
 */
public final class Variants {
    private Variants() {
    }

    public static double dot(double[] x, double a) { double s = 0; for (double v : x) s += v * a; return s; }
    public static float dot(float[] x, float a) { float s = 0; for (float v : x) s += v * a; return s; }
    public static long dot(long[] x, long a) { long s = 0; for (long v : x) s += v * a; return s; }
    public static int dot(int[] x, int a) { int s = 0; for (int v : x) s += v * a; return s; }
    public static double peak(double[] x, double a) { double m = Double.NEGATIVE_INFINITY; for (double v : x) m = Math.max(m, v - a); return m; }
    public static float peak(float[] x, float a) { float m = Float.NEGATIVE_INFINITY; for (float v : x) m = Math.max(m, v - a); return m; }
    public static long peak(long[] x, long a) { long m = Long.MIN_VALUE; for (long v : x) m = Math.max(m, v - a); return m; }
    public static int peak(int[] x, int a) { int m = Integer.MIN_VALUE; for (int v : x) m = Math.max(m, v - a); return m; }
    public static double tail(double[] x, double a) { double s = 0; for (double v : x) s += v > a ? v - a : 0; return s; }
    public static float tail(float[] x, float a) { float s = 0; for (float v : x) s += v > a ? v - a : 0; return s; }
    public static long tail(long[] x, long a) { long s = 0; for (long v : x) s += v > a ? v - a : 0; return s; }
    public static int tail(int[] x, int a) { int s = 0; for (int v : x) s += v > a ? v - a : 0; return s; }
}
