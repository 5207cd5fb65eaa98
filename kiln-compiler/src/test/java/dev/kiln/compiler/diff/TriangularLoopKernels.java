package dev.kiln.compiler.diff;

/**
 * Loops that start at a value computed outside them, every index stepping with the counter: the row tails
 * {@code j = k + 1 .. n} of an elimination, which {@code RangeCheckVersioning} copies without checks (irce leaves
 * their checks in place), and a sub-range dot product, whose floating-point sum keeps it out of the copy.
 */
final class TriangularLoopKernels {
    private TriangularLoopKernels() {
    }

    /** Row updates of an elimination: {@code row[j] -= f * pivot[j]} for j from k + r + 1 below n, r = 0 .. reps - 1. */
    static void rowTails(double[] row, double[] pivot, int k, int n, double f, int reps) {
        for (int r = 0; r < reps; r++) {
            for (int j = k + r + 1; j < n; j++) row[j] -= f * pivot[j];
        }
    }

    /** LU elimination without pivoting, in place, rows of any length. */
    static void luRows(double[][] a) {
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double[] pivot = a[k];
            for (int i = k + 1; i < n; i++) {
                double[] row = a[i];
                double f = row[k] / pivot[k];
                row[k] = f;
                for (int j = k + 1; j < n; j++) row[j] -= f * pivot[j];
            }
        }
    }

    /** Scales each row in place: a row loop from 0 that the store-alignment pre-loop leaves starting at a computed value. */
    static void scaleRows(double[][] m, double f) {
        for (int i = 0; i < m.length; i++) {
            double[] row = m[i];
            for (int j = 0; j < row.length; j++) row[j] *= f;
        }
    }

    /** An int count carried through the inner loop and values used after it. */
    static int tailCounts(int[] a, int[] b, int from, int to) {
        int c = 0;
        int last = -1;
        for (int r = 0; r < 3; r++) {
            for (int j = from + r; j < to; j++) {
                b[j] = a[j] * 3 + c;
                if (a[j] < 0) c++;
                last = j;
            }
        }
        return c * 1000 + last;
    }

    /** Sub-range dot products: the strict-order sum is left to LLVM. */
    static double tailDots(double[] x, double[] y, int from, int n) {
        double t = 0;
        for (int r = 0; r < 3; r++) {
            double s = 0;
            for (int j = from + r; j < n; j++) s += x[j] * y[j];
            t = t * 0.5 + s;
        }
        return t;
    }
}
