package dev.kiln.compiler.diff;

/**
 * The kernels {@link DirtyThread} runs before a checked call, chosen to leave behind every kind of per-thread state a
 * call can touch: row tables and patch lists (2-D parameters in place), copied rows (more rows than pointer
 * arguments, boolean rows), boolean[] scratch, the small-array arena and calloc'ed blocks, returned arrays and arrays
 * of arrays, the stack limit (recursion), and faults part-way through each.
 */
final class DirtyKernels {
    private DirtyKernels() {
    }

    /** 2-D parameter in place, its row replaced by the 1-D parameter: row tables, patches, recorded pointers. */
    static double inPlace(double[][] m, double[] x) {
        double s = 0;
        for (double[] row : m) for (int j = 0; j < row.length && j < x.length; j++) s += row[j] * x[j];
        m[0] = x;
        return s;
    }

    /** Boolean rows: the copying path, rows copied in and out. */
    static int copied(boolean[][] g, double[][] m) {
        int n = 0;
        for (boolean[] r : g) for (boolean b : r) if (b) n++;
        for (double[] r : m) r[0] += n;
        return n;
    }

    /** boolean[] scratch, returned. */
    static boolean[] flip(boolean[] z, short[] s) {
        for (int i = 0; i < z.length; i++) z[i] = !z[i];
        return z.length > 1 ? z : new boolean[] {true, false, true};
    }

    /** An allocated array of arrays returned, one row the parameter. */
    static long[][] grid(long[] a, int n) {
        long[][] g = new long[n][n];
        g[0] = a;
        for (int i = 1; i < n; i++) for (int j = 0; j < n; j++) g[i][j] = i * 31L + j;
        return g;
    }

    /** Writes, allocates, then throws part-way (bounds) with a 2-D parameter. */
    static void throwPartWay(double[][] m, int stop) {
        double[] scratch = new double[4000];
        for (int i = 0; i <= stop; i++) {
            scratch[i] = i;
            m[i][0] = scratch[i];
        }
    }

    /** Recursion: the thread's stack limit in the frame. */
    static int depth(int n) {
        return n <= 0 ? 0 : 1 + depth(n - 1);
    }
}
