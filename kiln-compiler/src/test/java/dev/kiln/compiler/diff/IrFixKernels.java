package dev.kiln.compiler.diff;

/**
 * Issue 19, bug 5: kernels that allocate and recurse (the entry wrapper's two loops: stack limit, freeing), and loads
 * and stores through an array of arrays known to be null (a fault on the path that reaches them, not a refusal).
 */
final class IrFixKernels {
    private IrFixKernels() {
    }

    /** Allocates on every level of a recursion: the kernel both checks the stack limit and frees on return. */
    static int recAlloc(int d) {
        if (d <= 0) return 0;
        double[] t = new double[1];
        t[0] = d;
        return (int) t[0] + recAlloc(d - 1);
    }

    /** Mutual recursion through a helper that allocates; the kernel itself allocates nothing. */
    static long recAllocMutual(int d) {
        return d <= 0 ? 1 : evenOdd(d, new long[] {d});
    }

    private static long evenOdd(int d, long[] acc) {
        long[] next = new long[acc.length + 1];
        System.arraycopy(acc, 0, next, 0, acc.length);
        next[acc.length] = d;
        return d <= 0 ? next.length : recAllocMutual(d - 1) + next[0];
    }

    /** A recursive kernel with an array-of-arrays parameter (entry patches rows and checks the stack limit). */
    static int recRows(int[][] rows, int d) {
        if (d <= 0 || rows == null) return 0;
        int[] t = new int[2];
        t[0] = rows.length;
        return t[0] + recRows(rows, d - 1);
    }

    /** Recursion that allocates and returns the allocated array (it escapes: not freed by the entry). */
    static double[] recReturnsArray(int d) {
        if (d <= 0) return new double[] {-0.0};
        double[] inner = recReturnsArray(d - 1);
        double[] out = new double[inner.length + 1];
        System.arraycopy(inner, 0, out, 1, inner.length);
        out[0] = d * 0.5;
        return out;
    }

    // ---- arrays of arrays known to be null

    /** The short-circuit skips the load: HotSpot never runs it. */
    static int nullRowsGuarded(int x) {
        short[][] r = null;
        if (r != null && r[0] != null) return r[0][0];
        return x + 1;
    }

    /** The guard depends on an argument: the load runs (and throws) only for some inputs. */
    static int nullRowsMaybe(int x) {
        short[][] r = null;
        if (x > 0 && r[x - 1] != null) return 1;
        return x;
    }

    static int nullRowsStore(int x) {
        int[][] r = null;
        if (x == 3) r[0] = new int[x];
        return x;
    }

    /** Rows of a row known to be null: the second load is reached only through the first, which throws. */
    static long nullRowsDeep(int x) {
        long[][][] r = null;
        if (x < 0) return r[0][1][2];
        return x;
    }

    /** A null constant cast to an array of arrays and indexed: HotSpot names the constant. */
    static int nullConstantCast(int x) {
        if (x == 7) return ((int[][]) null)[0].length;
        return x;
    }

    /** A null row merged with a real one: the load is fine on one path, throws on the other. */
    static int nullOrRows(int x) {
        double[][] r = x > 0 ? new double[x][x] : null;
        if (x == 0) return 0;
        return r[0].length;
    }

    // ---- branches with identical arms: equal-looking instructions are still two values

    /** Both arms compute the same expression; the merge must keep a parameter (each arm's value is its own). */
    static int identicalArms(int x, double a) {
        int r = x > 0 ? Double.compare(a / a, Math.max(a, 1.0)) : Double.compare(a / a, Math.max(a, 1.0));
        return r + x;
    }

    static long identicalArmsLoads(long[] v, int i) {
        long s;
        if (i > 1) {
            s = v[i & 1] * 3;
        } else {
            s = v[i & 1] * 3;
        }
        return s;
    }
}
