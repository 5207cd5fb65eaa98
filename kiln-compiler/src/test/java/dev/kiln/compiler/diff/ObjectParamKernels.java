package dev.kiln.compiler.diff;

/**
 * Argument checks written over {@code Object} (as Commons Math's {@code MathUtils.checkNotNull(Object)}), given
 * arrays by kernels, and uses of an {@code Object} parameter that stay refused.
 */
final class ObjectParamKernels {
    private ObjectParamKernels() {
    }

    /** Its own exception class: built by Java on the cold path, whatever its constructor does. */
    static final class NullArgument extends IllegalArgumentException {
        NullArgument() {
            super("null is not allowed");
        }
    }

    static void checkNotNull(Object o) {
        if (o == null) throw new NullArgument();
    }

    static void checkNotNull(Object o, int position) {
        if (o == null) throw new IllegalArgumentException("argument " + position + " is null");
    }

    /** Two Object parameters, passed on to another Object parameter. */
    static void checkBoth(Object a, Object b) {
        checkNotNull(a);
        checkNotNull(b, 2);
    }

    static boolean same(Object a, Object b) {
        return a == b;
    }

    static double sum(double[] xs) {
        checkNotNull(xs);
        double s = 0;
        for (double x : xs) s += x;
        return s;
    }

    /** The same check given a double[], an int[][] and a long[]: one lowering per type. */
    static long mixed(double[] a, int[][] b, long[] c) {
        checkNotNull(a);
        checkNotNull(b, 1);
        checkBoth(c, a);
        long n = a.length + c.length;
        for (int[] row : b) n += row == null ? -1 : row.length;
        return n;
    }

    static int aliasing(double[] a, double[] b, int[] c) {
        return (same(a, b) ? 1 : 0) + (same(a, c) ? 2 : 0) + (same(b, b) ? 4 : 0);
    }

    // --- refused

    static void describe(Object o) {
        if (o == null || o.hashCode() == 0) throw new IllegalArgumentException();
    }

    static void reassigns(Object o) {
        if (o == null) o = new double[0];
        if (o == null) throw new IllegalArgumentException();
    }

    static void namesIt(Object o, int n) {
        if (n < 0) throw new IllegalArgumentException("bad " + o);
    }

    static double callsDescribe(double[] xs) {
        describe(xs);
        return xs[0];
    }

    static double callsReassigns(double[] xs) {
        reassigns(xs);
        return xs[0];
    }

    static double callsNamesIt(double[] xs, int n) {
        namesIt(xs, n);
        return xs[0];
    }

    static double passesNull(double[] xs) {
        checkNotNull(null);
        return xs[0];
    }
}
