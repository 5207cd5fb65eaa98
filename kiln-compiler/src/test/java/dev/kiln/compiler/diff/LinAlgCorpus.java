package dev.kiln.compiler.diff;

/** Corpus (issue 9): dense linear algebra on flat arrays, with dimension checks. */
final class LinAlgCorpus {
    private LinAlgCorpus() {
    }

    /** y = A x for a row-major rows x cols matrix. */
    static void matVec(double[] a, int rows, int cols, double[] x, double[] y) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("negative dimension: " + rows + "x" + cols);
        if (a.length != rows * cols) throw new DimensionMismatchError("matrix has " + a.length + " entries, not " + rows * cols);
        if (x.length != cols) throw new DimensionMismatchError("dimension mismatch: " + x.length + " != " + cols);
        if (y.length != rows) throw new DimensionMismatchError("dimension mismatch: " + y.length + " != " + rows);
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) s += a[i * cols + j] * x[j];
            y[i] = s;
        }
    }

    static double dot(double[] a, double[] b) {
        checkSameLength(a.length, b.length);
        double s = 0;
        for (int i = 0; i < a.length; i++) s = Math.fma(a[i], b[i], s);
        return s;
    }

    static void checkSameLength(int n, int m) {
        if (n != m) throw new DimensionMismatchError("dimension mismatch: " + n + " != " + m);
    }

    /**
     * Solves L U x = b in place for a packed LU factorisation (unit lower triangle, row-major n x n): forward then
     * back substitution. A zero pivot is reported after the forward pass has already updated b.
     */
    static void luSolve(double[] lu, int n, double[] b) {
        if (lu.length != n * n || b.length != n) throw new DimensionMismatchError("lu is " + lu.length + ", b is " + b.length + ", n = " + n);
        for (int i = 1; i < n; i++) {
            double s = b[i];
            for (int j = 0; j < i; j++) s -= lu[i * n + j] * b[j];
            b[i] = s;
        }
        for (int i = n - 1; i >= 0; i--) {
            double pivot = lu[i * n + i];
            if (pivot == 0) throw new ArithmeticException("matrix is singular: zero pivot at row " + i);
            double s = b[i];
            for (int j = i + 1; j < n; j++) s -= lu[i * n + j] * b[j];
            b[i] = s / pivot;
        }
    }

    /** Scales v to unit Euclidean length in place. */
    static double normalize(double[] v) {
        double ss = 0;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) throw new IllegalArgumentException("NaN at index " + i);
            ss += v[i] * v[i];
        }
        if (ss == 0) throw new ArithmeticException("cannot normalize a zero vector");
        double norm = Math.sqrt(ss);
        for (int i = 0; i < v.length; i++) v[i] /= norm;
        return norm;
    }
}

class DimensionMismatchError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    DimensionMismatchError(String message) {
        super(message);
    }
}
