package dev.kiln.compiler.diff;

/** Store loops of the shapes {@code StoreAlignmentPeel} splits, and neighbours it must leave as they are. */
public final class AlignKernels {
    private AlignKernels() {
    }

    /** {@code x[i] *= a} over [from, to): the bound is a parameter. */
    public static void scaleRange(double[] x, double a, int from, int to) {
        for (int i = from; i < to; i++) x[i] *= a;
    }

    /** LINPACK dscal at an offset: the store is {@code x[i + off]}. */
    public static void dscal(int n, double a, double[] x, int off) {
        for (int i = 0; i < n; i++) x[i + off] *= a;
    }

    /** Commons Math scaleInPlace: the bound is the array's length. */
    public static void scaleInPlace(double a, double[] x) {
        for (int i = 0; i < x.length; i++) x[i] *= a;
    }

    /** {@code y[i] += a * x[i + xo]} over y's length: two arrays, disjoint or the same one. */
    public static void saxpy(float a, float[] x, int xo, float[] y) {
        for (int i = 0; i < y.length; i++) y[i] = a * x[i + xo] + y[i];
    }

    /**
     * The suite's saxpy: bounded by x's length, y indexed alike (so y shorter than x faults in the iteration that
     * reaches its end). The aligned loop is entered with max(i, 0), which lets LLVM drop x's bounds check.
     */
    public static void saxpyByX(float a, float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) y[i] = a * x[i] + y[i];
    }

    /** A constant start other than 0: 3 skips the first elements, -2 faults in the first iteration. */
    public static void scaleFrom3(double[] x, double a, int n) {
        for (int i = 3; i < n; i++) x[i] = x[i] * a + 1.0;
    }

    public static void scaleFromMinus2(double[] x, double a, int n) {
        for (int i = -2; i < n; i++) x[i] = x[i] * a + 1.0;
    }

    /** Integer quotients: a zero divisor throws in whichever iteration holds it, after every earlier store. */
    public static int divide(int[] y, int[] x, int[] d, int n) {
        for (int i = 0; i < n; i++) y[i] = x[i] / d[i];
        return n;
    }

    public static void addLong(long[] y, long c, int n) {
        for (int i = 0; i < n; i++) y[i] = y[i] * 3 + c;
    }

    public static void bytes(byte[] b, int n) {
        for (int i = 0; i < n; i++) b[i] = (byte) (b[i] * 3 + 1);
    }

    public static void shorts(short[] s, int n) {
        for (int i = 0; i < n; i++) s[i] = (short) (s[i] - 7);
    }

    public static void chars(char[] c, int n) {
        for (int i = 0; i < n; i++) c[i] = (char) (c[i] + 40000);
    }

    /** Step -1 from {@code hi} down to 0. */
    public static void down(double[] x, int hi, double a) {
        for (int i = hi; i >= 0; i--) x[i] = x[i] * a + 1.0;
    }

    /** Step 2: not split (the vector stores of a strided loop are not contiguous). */
    public static void everyOther(float[] x, int n) {
        for (int i = 0; i < n; i += 2) x[i] = x[i] * 0.5f - 1f;
    }

    /** Reads the element just written: a loop-carried dependence, left alone. */
    public static void prefix(double[] x, int n) {
        for (int i = 1; i < n; i++) x[i] = x[i] + x[i - 1];
    }

    /** Stores an invariant value: a fill, which LLVM makes a memset; left alone. */
    public static void fill(int[] a, int v, int n) {
        for (int i = 0; i < n; i++) a[i] = v;
    }

    /** A store and a sum returned after the loop (not split: the loaded doubles are wider than the stored ints). */
    public static long quantise(double[] a, double scale, int[] q) {
        long total = 0;
        for (int i = 0; i < a.length; i++) {
            double v = a[i] * scale;
            q[i] = (int) v;
            total += (long) (v * 1048576.0);
        }
        return total;
    }

    /** A store and a count returned after the loop, changed on some iterations only. */
    public static int clip(double[] a, double lo, double hi, double[] out) {
        int changed = 0;
        for (int i = 0; i < a.length; i++) {
            double v = a[i];
            double c = Math.min(Math.max(v, lo), hi);
            out[i] = c;
            if (c != v) changed++;
        }
        return changed;
    }

    /** The induction variable itself is the result. */
    public static int scaleUntil(double[] x, double a, int n) {
        int i;
        for (i = 0; i < n; i++) x[i] *= a;
        return i * 3 + n;
    }

    /** A store and a sum returned after the loop, all ints. */
    public static long offsetSum(int[] a, int c, int[] q) {
        long total = 0;
        for (int i = 0; i < a.length; i++) {
            int v = a[i] + c;
            q[i] = v;
            total += v;
        }
        return total;
    }

    /**
     * Math.sin is a libm call per element: the loop stays scalar, so it is not split (only its IR is tested here: its
     * results may differ from HotSpot's within Math's 1-ulp bound, which DiffTranscendentalTest covers).
     */
    public static void sines(double[] x, double[] out) {
        for (int i = 0; i < x.length; i++) out[i] = Math.sin(x[i]);
    }

    /** Math.exp is Kiln's own and vectorises: split like any other loop (IR tested only, as for sines). */
    public static void exps(double[] x, double[] out) {
        for (int i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
    }
}
