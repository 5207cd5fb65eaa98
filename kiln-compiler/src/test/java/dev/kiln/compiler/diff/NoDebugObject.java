package dev.kiln.compiler.diff;

/**
 * A kernel object that {@code DiffObjectTest} runs from a class file without local variable names (as javac writes
 * it without {@code -g}): HotSpot then names a null array by slot, {@code this} included, in an instance method.
 */
final class NoDebugObject {
    final double[] xs;
    final long bias;

    NoDebugObject(double[] xs, long bias) {
        this.xs = xs;
        this.bias = bias;
    }

    double element(double[] a, int i) {
        return a[i] + xs[i];
    }

    double afterWide(long n, double[] b) {
        return b[(int) n] + bias;
    }

    double viaLocal(int i) {
        double[] t = xs;
        return t[i];
    }

    int length() {
        return xs.length;
    }
}
