package dev.kiln.compiler.diff;

/**
 * Small arrays a kernel allocates and never lets out of the call (Kiln keeps them in the stack frame), next to
 * ones that do get out (returned, stored as a row, allocated in a loop, too big), which stay on the heap.
 */
final class StackArrayKernels {
    private StackArrayKernels() {
    }

    /** FastMath.log's shape: a callee writes a high and a low part into an array its caller allocated. */
    private static double split(double x, double[] hiLo) {
        double hi = (double) (float) x;
        if (hiLo != null) {
            hiLo[0] = hi;
            hiLo[1] = x - hi;
        }
        return hi;
    }

    static double hiLoSum(double x) {
        double[] hiLo = new double[2];
        double r = split(x, hiLo);
        return r + hiLo[1] * 2 + hiLo[0];
    }

    /** Indexed by the caller's argument: out of bounds throws after the first store. */
    static double storeThenIndex(double x, int i) {
        double[] t = new double[3];
        t[0] = x;
        t[i] = -x;
        return t[0] + t[1] + t[2] + t.length;
    }

    /** The zero-length array: its length, and its first element out of bounds. */
    static int emptyArray(int i) {
        int[] e = new int[0];
        return e.length + e[i];
    }

    /** Merged with a parameter and compared by identity. */
    static long pickAndCompare(long[] p, boolean own) {
        long[] mine = new long[4];
        long[] a = own ? mine : p;
        a[0] = 7;
        return (a == mine ? 100 : 0) + (a == p ? 10 : 0) + mine[0] + (p == null ? -1 : p.length);
    }

    /** Copied into and from, filled, cloned: the clone is a new array that does escape. */
    static int[] copyFillClone(int[] src, int v) {
        int[] t = new int[8];
        java.util.Arrays.fill(t, 2, 6, v);
        System.arraycopy(src, 0, t, 0, Math.min(src.length, 3));
        int[] back = new int[5];
        System.arraycopy(t, 1, back, 0, 5);
        src[0] += back[4];
        return t.clone();
    }

    private static int depthSum(int n) {
        int[] mine = new int[2];
        mine[0] = n;
        if (n > 0) mine[1] = depthSum(n - 1);
        return mine[0] + 3 * mine[1];
    }

    /** Recursion: every invocation has its own array. */
    static int recursive(int n) {
        return depthSum(n);
    }

    /** Returned: escapes, so it must outlive the call. */
    static float[] returned(float x) {
        float[] r = new float[3];
        r[1] = x;
        return r;
    }

    private static void keep(double[][] rows, double[] row) {
        rows[0] = row;
    }

    /** Stored as a row of the caller's array of arrays by a callee: escapes. */
    static double storedAsRow(double[][] rows, double x) {
        double[] row = new double[2];
        row[1] = x;
        keep(rows, row);
        return rows[0][1];
    }

    /** One allocation per iteration, each kept in the next iteration: every iteration needs a fresh array. */
    static double perIteration(int n) {
        double[] prev = new double[1];
        double s = 0;
        for (int i = 0; i < n; i++) {
            double[] cur = new double[2];
            cur[0] = prev[prev.length - 1] + i;
            cur[1] = cur[0] * 0.5;
            s += prev[0] + (prev == cur ? 1000 : 0);
            prev = cur;
        }
        return s + prev[0];
    }

    /** Beyond the stack-array limit (StackArrays.MAX_BYTES): the arena, as before. */
    static double large(double x) {
        double[] big = new double[40];
        big[39] = x;
        big[0] = -x;
        return big[39] + big[0] * 2 + big.length;
    }
}
