package dev.kiln.compiler.diff;

/** A second class with its own table, read from a callee of a TableKernels kernel. */
final class TableHelpers {
    private TableHelpers() {
    }

    static final double[] WEIGHTS = {0.5, 0.25, 0.125, 2.0};

    static double scaled(int k) {
        return WEIGHTS[Math.floorMod(k, WEIGHTS.length)] * TableKernels.Q[1];
    }
}
