package dev.kiln.compiler.diff;

/**
 * Kernel objects that write the elements of their own array fields in loops: a permutation stepper whose while loop
 * carries a local from one pass to the next, nested loops, fields that may hold the same array, a field passed as an
 * argument, and writes that stop part-way with an exception. Also expressions repeated in both arms of a branch over
 * a field or a computed constant. Compared with HotSpot by {@code DiffObjectWriteTest}.
 */
final class ObjectWriteKernels {
    private ObjectWriteKernels() {
    }

    static final int COMPUTED = Integer.parseInt("-23460");

    /** Both arms of the branch compute the same expression over a computed static final. */
    static long sameArmsComputed(boolean b) {
        return b ? (long) COMPUTED : (long) COMPUTED;
    }

    /** The same with a parameter in place of the constant. */
    static long sameArmsParam(boolean b, int x) {
        return b ? (long) x : (long) x;
    }

    static final double QUIET_NAN_1 = Double.longBitsToDouble(0x7ff8_0000_0000_0001L);
    static final double QUIET_NAN_2 = Double.longBitsToDouble(0x7ff8_0000_0000_0002L);
    static final float NEGATIVE_ZERO = -Float.parseFloat("0");

    /** Two NaN constants that differ only in payload merge: each arm keeps its own bits. */
    static long nanPayloadArms(boolean b) {
        double x = b ? QUIET_NAN_1 : QUIET_NAN_2;
        return Double.doubleToRawLongBits(x);
    }

    /** -0.0f and 0.0f merge: each arm keeps its sign. */
    static int zeroSignArms(boolean b) {
        float x = b ? NEGATIVE_ZERO : 0.0f;
        return Float.floatToRawIntBits(x);
    }

    /** Two equal-looking conversions of a computed constant merge in a loop. */
    static double sameArmsInLoop(int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (i & 1) == 0 ? (double) COMPUTED : (double) COMPUTED;
        return s;
    }

    /**
     * Counts through rotations of a prefix of {@code p}: level k's counter passes k, resets, and the prefix one longer
     * turns by one place. {@code held} carries the element about to move from one pass of the while loop to the next.
     */
    static final class Rotor {
        final int[] p;
        final int[] count;

        Rotor(int[] p, int[] count) {
            this.p = p;
            this.count = count;
        }

        /** One step; returns the level reached. */
        int step() {
            int held = p[0];
            int k = 0;
            while (++count[k] > k) {
                count[k++] = 0;
                int taken = p[0] = p[1];
                for (int j = 1; j <= k; ++j) p[j] = p[j + 1];
                p[k + 1] = held;
                held = taken;
            }
            return k;
        }

        /** The same step, returning the carried element instead of the level. */
        int stepHeld() {
            int held = p[0];
            int k = 0;
            while (++count[k] > k) {
                count[k++] = 0;
                int taken = p[0] = p[1];
                for (int j = 1; j <= k; ++j) p[j] = p[j + 1];
                p[k + 1] = held;
                held = taken;
            }
            return held;
        }

        /** A rotation that reads the carried element back from the array after writing it. */
        int stepReload() {
            int held = p[0];
            int k = 0;
            while (++count[k] > k) {
                count[k++] = 0;
                for (int j = 0; j <= k; ++j) p[j] = p[j + 1];
                p[k + 1] = held;
                held = p[0];
            }
            return held;
        }

        /** {@code times} steps; the sum of the levels reached. */
        int steps(int times) {
            int total = 0;
            for (int t = 0; t < times; t++) total += step();
            return total;
        }

        /** The same body as a static method over parameters. */
        static int stepOf(int[] p, int[] count) {
            int held = p[0];
            int k = 0;
            while (++count[k] > k) {
                count[k++] = 0;
                int taken = p[0] = p[1];
                for (int j = 1; j <= k; ++j) p[j] = p[j + 1];
                p[k + 1] = held;
                held = taken;
            }
            return k;
        }

        /** The static form reached through the fields: the fields are its parameters. */
        int stepThroughStatic() {
            return stepOf(p, count);
        }
    }

    /** Repeated expressions over fields in both arms of a branch. */
    static final class Arms {
        final int f;
        final double[] xs;

        Arms(int f, double[] xs) {
            this.f = f;
            this.xs = xs;
        }

        int negBoth(boolean b) {
            return b ? -f : -f;
        }

        long widenBoth(boolean b) {
            return b ? (long) f : (long) f;
        }

        /** The same element load in both arms (and its null or index exception). */
        double loadBoth(boolean b) {
            return b ? xs[0] * 2 : xs[0] * 2;
        }

        /** A switch whose cases compute one expression; the merge must not take one case's value for all. */
        int sameCases(int sel) {
            int r;
            switch (sel) {
                case 0 -> r = f * 3;
                case 1 -> r = f * 3;
                case 2 -> r = f * 3;
                default -> r = -1;
            }
            return r;
        }
    }

    /** Square cells, row-major; edits in place with nested loops. */
    static final class Square {
        final long[] cells;
        final int n;

        Square(long[] cells, int n) {
            this.cells = cells;
            this.n = n;
        }

        /** Transposes in place, swapping through a local. */
        void transpose() {
            for (int r = 0; r < n; r++) {
                for (int c = r + 1; c < n; c++) {
                    long t = cells[r * n + c];
                    cells[r * n + c] = cells[c * n + r];
                    cells[c * n + r] = t;
                }
            }
        }

        /** Running sums along each row, then down each column; throws part-way once a sum passes {@code limit}. */
        long accumulate(long limit) {
            long last = 0;
            for (int r = 0; r < n; r++) {
                long run = 0;
                int c = 0;
                while (c < n) {
                    run += cells[r * n + c];
                    cells[r * n + c++] = run;
                    if (run > limit) throw new IllegalStateException("row " + r + " passed " + limit);
                }
                last = run;
            }
            for (int c = 0; c < n; c++) {
                for (int r = 1; r < n; r++) cells[r * n + c] += cells[(r - 1) * n + c];
            }
            return last;
        }
    }

    /** Two array fields that may be one array; the kernel also passes them to helpers as arguments. */
    static final class Pair {
        final float[] a;
        final float[] b;

        Pair(float[] a, float[] b) {
            this.a = a;
            this.b = b;
        }

        /** a[i] from b's neighbours, carried in locals: reads what earlier passes wrote when a and b are one array. */
        void smooth() {
            float prev = b[0];
            for (int i = 1; i + 1 < a.length; i++) {
                float here = b[i];
                a[i] = (prev + here + b[i + 1]) / 3f;
                prev = here;
            }
        }

        /** Moves weight from a to b element by element; stops with an exception at the first NaN. */
        float transfer(float share) {
            float moved = 0;
            int i = 0;
            while (i < a.length) {
                float x = a[i] * share;
                if (x != x) throw new ArithmeticException("NaN at " + i);
                a[i] -= x;
                b[i] += x;
                moved += x;
                i++;
            }
            return moved;
        }

        /** The fields passed as parameters to a helper, in both orders. */
        float blendBoth(float t) {
            return blend(a, b, t) + blend(b, a, 1 - t);
        }

        /** A field passed as both parameters of the helper. */
        float blendSelf(float t) {
            return blend(a, a, t);
        }

        static float blend(float[] dst, float[] src, float t) {
            float last = 0;
            for (int i = 0; i < dst.length; i++) {
                last = dst[i] = dst[i] * (1 - t) + src[src.length - 1 - i] * t;
            }
            return last;
        }

        /** An argument array that may be one of the fields. */
        int scatter(float[] into, int stride) {
            int w = 0;
            for (int i = 0; i < a.length; i += stride) {
                into[w++] = a[i];
                a[i] = b[i % b.length];
            }
            return w;
        }
    }
}
