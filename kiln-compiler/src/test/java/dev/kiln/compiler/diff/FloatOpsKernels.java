package dev.kiln.compiler.diff;

/** Math.min/max of floats and float-to-integer conversions, alone and in loops long enough to be vectorised. */
final class FloatOpsKernels {
    private FloatOpsKernels() {
    }

    static double minD(double a, double b) { return Math.min(a, b); }
    static double maxD(double a, double b) { return Math.max(a, b); }
    static float minF(float a, float b) { return Math.min(a, b); }
    static float maxF(float a, float b) { return Math.max(a, b); }
    static double doubleMin(double a, double b) { return Double.min(a, b); }
    static float floatMax(float a, float b) { return Float.max(a, b); }
    static double strictMaxD(double a, double b) { return StrictMath.max(a, b); }
    static double clipD(double x, double lo, double hi) { return Math.min(Math.max(x, lo), hi); }
    static float clipF(float x, float lo, float hi) { return Math.min(Math.max(x, lo), hi); }

    /** The clip-and-sum of issue 14: a strict sum keeps the loop scalar. */
    static double clipSum(double[] x, double lo, double hi) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += Math.min(Math.max(x[i], lo), hi);
        return s;
    }

    static float clipSumF(float[] x, float lo, float hi) {
        float s = 0;
        for (int i = 0; i < x.length; i++) s += Math.min(Math.max(x[i], lo), hi);
        return s;
    }

    /** Vectorised: loop-invariant bounds. */
    static void clipStore(double[] x, double lo, double hi, double[] out) {
        for (int i = 0; i < x.length; i++) out[i] = Math.min(Math.max(x[i], lo), hi);
    }

    static void clipStoreF(float[] x, float lo, float hi, float[] out) {
        for (int i = 0; i < x.length; i++) out[i] = Math.min(Math.max(x[i], lo), hi);
    }

    /** Vectorised with both operands varying: every edge pair goes through the vector code. */
    static void minMaxArrays(double[] a, double[] b, double[] min, double[] max) {
        for (int i = 0; i < a.length; i++) {
            min[i] = Math.min(a[i], b[i]);
            max[i] = Math.max(a[i], b[i]);
        }
    }

    static void minMaxArraysF(float[] a, float[] b, float[] min, float[] max) {
        for (int i = 0; i < a.length; i++) {
            min[i] = Math.min(a[i], b[i]);
            max[i] = Math.max(a[i], b[i]);
        }
    }

    /** Running min and max (reductions through the operation itself). */
    static double minMaxReduce(double[] x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            lo = Math.min(lo, x[i]);
            hi = Math.max(hi, x[i]);
        }
        return hi - lo + (lo == 0 ? 1 / lo : 0) + (hi == 0 ? 1 / hi : 0); // the zeros' signs show in 1/x
    }

    static int d2i(double a) { return (int) a; }
    static long d2l(double a) { return (long) a; }
    static int f2i(float a) { return (int) a; }
    static long f2l(float a) { return (long) a; }

    static void convertArrays(double[] x, int[] i, long[] l) {
        for (int k = 0; k < x.length; k++) {
            i[k] = (int) x[k];
            l[k] = (long) x[k];
        }
    }

    static void convertArraysF(float[] x, int[] i, long[] l) {
        for (int k = 0; k < x.length; k++) {
            i[k] = (int) x[k];
            l[k] = (long) x[k];
        }
    }

    static long convertSum(double[] x) {
        long s = 0;
        for (int k = 0; k < x.length; k++) s += (int) x[k] + (long) (x[k] * 3.0);
        return s;
    }

    /** Histogram: the converted value indexes the counts, so the loop stays scalar; a bad bin throws mid-loop. */
    static int binCounts(double[] x, double scale, int[] counts) {
        int total = 0;
        for (int k = 0; k < x.length; k++) {
            int b = (int) (x[k] * scale);
            counts[b]++;
            total += b;
        }
        return total;
    }

    /** The same with float input and a long conversion feeding the index through a narrowing. */
    static long binCountsF(float[] x, float scale, int[] counts) {
        long total = 0;
        for (int k = 0; k < x.length; k++) {
            long b = (long) (x[k] * scale);
            counts[(int) b]++;
            total += b;
        }
        return total;
    }

    /** A recurrence through the conversion (no vectoriser can widen it): the scalar conversion in a loop. */
    static long convertChain(double[] x) {
        int a = 0;
        long l = 0;
        for (int k = 0; k < x.length; k++) {
            a = (int) (a * 0.5 + x[k]);
            l = (long) (l * 0.25 + x[k] * 1e9) ^ a;
        }
        return a + l;
    }
}
