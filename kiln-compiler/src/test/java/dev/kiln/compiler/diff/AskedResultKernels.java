package dev.kiln.compiler.diff;

/**
 * Kernels with arrays of arrays returning a new 1-D array whose length only the kernel can compute (a loop adds it
 * up): the Java side asks for it (ResultLength.ASKED), allocates, and calls again. The shapes of Commons Math's
 * {@code concatenate} and of flattening, plus throws before and after the allocation, a second pass through it, a
 * row returned instead, and kernels that may not ask (they write an array before the allocation).
 */
final class AskedResultKernels {
    private AskedResultKernels() {
    }

    /** Commons Math's MathArrays.concatenate (not varargs here: the test harness would spread the table). */
    static double[] concatenate(double[][] x) {
        int combinedLength = 0;
        for (double[] a : x) combinedLength += a.length;
        int offset = 0;
        final double[] combined = new double[combinedLength];
        for (int i = 0; i < x.length; i++) {
            int curLength = x[i].length;
            System.arraycopy(x[i], 0, combined, offset, curLength);
            offset += curLength;
        }
        return combined;
    }

    /** Flattened with a gap of {@code gap} elements after each row: a negative gap can make the length negative. */
    static int[] flattenWithGaps(int[][] x, int gap) {
        int n = 0;
        for (int[] row : x) n += row.length + gap;
        int[] out = new int[n];
        int at = 0;
        for (int[] row : x) {
            for (int v : row) out[at++] = v * 3 - 1;
            at += gap;
        }
        return out;
    }

    /** The allocation in a callee: the site the entry asks at is not in the kernel's own method. */
    static long[] rowSums(long[][] m) {
        return sums(m, width(m));
    }

    private static int width(long[][] m) {
        int w = 0;
        for (long[] row : m) w = Math.max(w, row.length);
        return w;
    }

    private static long[] sums(long[][] m, int w) {
        long[] s = new long[w];
        for (long[] row : m) for (int j = 0; j < row.length; j++) s[j] += row[j];
        return s;
    }

    /** A throw before the allocation (a check on the length) and one after it, once elements are written. */
    static double[] checkedScale(double[][] x, double f) {
        int n = 0;
        for (double[] row : x) n += row.length;
        if (n > 50) throw new IllegalArgumentException("too long: " + n);
        double[] out = new double[n];
        int at = 0;
        for (double[] row : x) {
            for (double v : row) {
                if (Double.isNaN(v)) throw new ArithmeticException("NaN at " + at);
                out[at++] = v * f;
            }
        }
        return out;
    }

    /** One row returned as it is, else a new array: the result is the caller's row itself or the allocation. */
    static float[] onlyOrJoined(float[][] x) {
        if (x.length == 1) return x[0];
        int n = 0;
        for (float[] row : x) n += row.length;
        float[] out = new float[n];
        int at = 0;
        for (float[] row : x) {
            System.arraycopy(row, 0, out, at, row.length);
            at += row.length;
        }
        return out;
    }

    /** The allocation run once per row: only the first pass may take the Java side's array. */
    static short[] lastRowDoubled(short[][] x) {
        short[] out = new short[0];
        for (short[] row : x) {
            out = new short[row.length * 2];
            for (int i = 0; i < row.length; i++) out[2 * i] = out[2 * i + 1] = row[i];
        }
        return out;
    }

    /** A length past what the Java side allocates ahead, or past the VM's limit: allocated (and thrown) natively. */
    static byte[] repeated(byte[][] x, int times) {
        int n = 0;
        for (byte[] row : x) n += row.length;
        byte[] out = new byte[n * times];
        if (out.length > 0 && n > 0) out[out.length - 1] = x[x.length - 1][x[x.length - 1].length - 1];
        return out;
    }

    /** A row written before the allocation: the call could not stop there unseen, so the kernel does not ask. */
    static double[] markThenConcat(double[][] x) {
        int n = 0;
        for (double[] row : x) n += row.length;
        if (x.length > 0 && x[0].length > 0) x[0][0] = -x[0][0];
        double[] out = new double[n];
        int at = 0;
        for (double[] row : x) {
            System.arraycopy(row, 0, out, at, row.length);
            at += row.length;
        }
        return out;
    }

    /** A length over the parameters (a table's length): passed before the call, no stop; a row written first. */
    static double[] rowMaxima(double[][] m, int extra) {
        if (m.length > 0 && m[0].length > 0) m[0][0] += 1;
        double[] out = new double[m.length + extra];
        for (int i = 0; i < m.length; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (double v : m[i]) best = Math.max(best, v);
            out[i] = best;
        }
        return out;
    }

    /** A matrix-vector product: the length is the table's, the row check throws after the allocation. */
    static double[] operate(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != v.length) throw new IllegalArgumentException("row " + i + " has " + m[i].length);
            double s = 0;
            for (int j = 0; j < v.length; j++) s += m[i][j] * v[j];
            out[i] = s;
        }
        return out;
    }

    /** Rows of a 3-D array flattened: tables of tables. */
    static char[] flatten3(char[][][] x) {
        int n = 0;
        for (char[][] t : x) for (char[] row : t) n += row.length;
        char[] out = new char[n];
        int at = 0;
        for (char[][] t : x) {
            for (char[] row : t) {
                System.arraycopy(row, 0, out, at, row.length);
                at += row.length;
            }
        }
        return out;
    }
}
