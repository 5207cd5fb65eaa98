package dev.kiln.compiler.diff;

/**
 * Kernels that read and write no array element (KernelAbi.zeroArrays): their allocations are not zeroed natively and
 * the Java side makes the arrays they return zeroed instead of copying them. Hipparchus' block layout, tables of new
 * rows, rows replaced in a caller's table, 1-D results allocated natively; and kernels that touch an element once.
 */
final class ZeroArrayKernels {
    private ZeroArrayKernels() {
    }

    static final int BLOCK_SIZE = 52;

    /** Hipparchus' BlockRealMatrix.createBlocksLayout. */
    static double[][] createBlocksLayout(int rows, int columns) {
        final int blockRows = (rows + BLOCK_SIZE - 1) / BLOCK_SIZE;
        final int blockColumns = (columns + BLOCK_SIZE - 1) / BLOCK_SIZE;
        final double[][] blocks = new double[blockRows * blockColumns][];
        int blockIndex = 0;
        for (int iBlock = 0; iBlock < blockRows; ++iBlock) {
            final int pStart = iBlock * BLOCK_SIZE;
            final int pEnd = Math.min(pStart + BLOCK_SIZE, rows);
            final int iHeight = pEnd - pStart;
            for (int jBlock = 0; jBlock < blockColumns; ++jBlock) {
                final int qStart = jBlock * BLOCK_SIZE;
                final int qEnd = Math.min(qStart + BLOCK_SIZE, columns);
                final int jWidth = qEnd - qStart;
                blocks[blockIndex] = new double[iHeight * jWidth];
                ++blockIndex;
            }
        }
        return blocks;
    }

    /** A rectangular table in one allocation, some rows shared and some left null. */
    static long[][] sharedRows(int n, int m) {
        long[][] t = new long[n][m];
        if (n > 2) {
            t[1] = t[0];
            t[2] = null;
        }
        return t;
    }

    /** Rows of a caller's table replaced by new ones of the same length: copied back as zeroed arrays. */
    static void clearRows(int[][] t) {
        for (int i = 0; i < t.length; i += 2) t[i] = new int[t[i].length];
    }

    /** A 1-D result: allocated by the Java side up to its limit, natively past it. */
    static short[] zeros(int n) {
        return new short[n];
    }

    /** One element written: every allocation is zeroed and copied as usual. */
    static double[][] oneWritten(int n, double v) {
        double[][] t = new double[n][n];
        if (n > 0) t[n - 1][n - 1] = v;
        return t;
    }

    /** One element read (of a parameter): the same. */
    static float[][] sizedByFirst(float[] a) {
        return new float[(int) a[0]][3];
    }
}
