package dev.kiln.compiler.diff;

/**
 * Indices clamped into an array before an access, the shape {@code ClampedIndexChecks} takes the checks from (when
 * the clamp is to the accessed array's own length), and near misses it must leave checked.
 */
final class ClampedIndexKernels {
    private ClampedIndexKernels() {
    }

    /** The suite's histogram: the bin of each value, clamped to the bins, counting the clamped ones. */
    static int histogram(double[] a, double lo, double hi, int[] counts) {
        int bins = counts.length;
        double scale = bins / (hi - lo);
        int outside = 0;
        for (int i = 0; i < a.length; i++) {
            int b = (int) ((a[i] - lo) * scale);
            if (b < 0) {
                b = 0;
                outside++;
            } else if (b >= bins) {
                b = bins - 1;
                outside++;
            }
            counts[b]++;
        }
        return outside;
    }

    /** Integer keys clamped with the length read at each test, the clamp's order reversed, long counts. */
    static long clampedKeys(int[] keys, long[] counts) {
        long s = 0;
        for (int i = 0; i < keys.length; i++) {
            int k = keys[i];
            if (k >= counts.length) k = counts.length - 1;
            else if (k < 0) k = 0;
            counts[k] += 3;
            s += i;
        }
        return s;
    }

    /** The value loaded is used after the store: left checked. */
    static long clampedOld(int[] keys, int[] counts) {
        long s = 0;
        for (int key : keys) {
            int k = key;
            if (k < 0) k = 0;
            else if (k >= counts.length) k = counts.length - 1;
            int old = counts[k];
            counts[k] = old * 2 + 1;
            s += old;
        }
        return s;
    }

    /** Clamped to another array's length: not proven, throws where Java does. */
    static int clampedToOther(int[] keys, int[] counts, int[] other) {
        int s = 0;
        for (int key : keys) {
            int k = key;
            if (k < 0) k = 0;
            else if (k >= other.length) k = other.length - 1;
            counts[k]++;
            s += k;
        }
        return s;
    }

    /** Clamped to a parameter: not proven. */
    static int clampedToN(int[] keys, int[] counts, int n) {
        int s = 0;
        for (int key : keys) {
            int k = key < 0 ? 0 : key >= n ? n - 1 : key;
            counts[k]++;
            s += k;
        }
        return s;
    }
}
