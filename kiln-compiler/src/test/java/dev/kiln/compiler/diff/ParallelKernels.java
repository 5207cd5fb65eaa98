package dev.kiln.compiler.diff;

import java.util.stream.IntStream;

/** Kernels with Java's parallel-stream loops: native parallel loops on Kiln, parallel streams on HotSpot. */
final class ParallelKernels {
    private ParallelKernels() {
    }

    static double bump(double x, double scale) {
        return scale * StrictMath.exp(-x * x) * StrictMath.sin(3 * x) + StrictMath.log1p(Math.abs(x));
    }

    static void map(double[] x, double[] out, double scale) {
        IntStream.range(0, x.length).parallel().forEach(i -> out[i] = bump(x[i], scale));
    }

    /** out[i - base] for i in [a, b): bounds near Integer.MIN_VALUE/MAX_VALUE, empty and reversed ranges. */
    static void ranged(int a, int b, int base, long[] out) {
        IntStream.range(a, b).parallel().forEach(i -> out[i - base] = (long) i * 3 + 1);
    }

    /** Every capture kind: int, long, float, double, boolean, byte, char, short, and arrays. */
    static void captures(int[] out, long l, float f, double d, boolean z, byte by, char c, short s, int k) {
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = (int) (i * l + (long) (f * i) + (long) d
                + (z ? 1 : 2) + by + c + s + k));
    }

    static double sumSquares(double[] x) {
        return IntStream.range(0, x.length).parallel().mapToDouble(i -> x[i] * x[i]).sum();
    }

    static double sumBump(int a, int b, double scale) {
        return IntStream.range(a, b).parallel().mapToDouble(i -> bump(i * 1e-3, scale)).sum();
    }

    static long sumLong(int a, int b) {
        return IntStream.range(a, b).parallel().mapToLong(i -> (long) i * i ^ (i >>> 3)).sum();
    }

    static int sumInt(int[] x, int m) {
        return IntStream.range(0, x.length).parallel().map(i -> x[i] * m + i).sum();
    }

    static int sumIntRange(int a, int b) {
        return IntStream.range(a, b).parallel().map(i -> i ^ (i << 7)).sum();
    }

    /** Compiled only by a strict Kiln (DiffParallelTest): never in the cache. */
    static long countOdd(int n) {
        return IntStream.range(0, n).parallel().mapToLong(i -> i & 1).sum();
    }

    /** A kernel doing more than its loops: Java around two native loops sharing an array it allocates. */
    static double twoLoops(double[] x, double[] y) {
        double[] tmp = new double[x.length];
        IntStream.range(0, x.length).parallel().forEach(i -> tmp[i] = x[i] * y[i]);
        double s = IntStream.range(0, x.length).parallel().mapToDouble(i -> tmp[i] - 1).sum();
        return s + tmp.length;
    }

    /** Iteration {@code bad} throws; every other writes i + 1. */
    static void throwAt(int[] out, int bad) {
        IntStream.range(0, out.length).parallel().forEach(i -> {
            if (i == bad) throw new IllegalStateException("iteration " + i);
            out[i] = i + 1;
        });
    }

    /** Every iteration i with i % step == step - 1 throws. */
    static void throwEvery(int[] out, int step) {
        IntStream.range(0, out.length).parallel().forEach(i -> {
            if (i % step == step - 1) throw new IllegalArgumentException("iteration " + i);
            out[i] = i + 1;
        });
    }

    /** Out of bounds when n > x.length. */
    static double sumFirst(double[] x, int n) {
        return IntStream.range(0, n).parallel().mapToDouble(i -> x[i]).sum();
    }

    /** A lambda body Kiln refuses (an object). */
    static void refusedBody(int[] out) {
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = Integer.toString(i).length());
    }

    /** Not the supported form: filter between parallel() and the terminal operation. */
    static void notTheForm(int[] out) {
        IntStream.range(0, out.length).parallel().filter(i -> i % 2 == 0).forEach(i -> out[i] = 1);
    }
}
