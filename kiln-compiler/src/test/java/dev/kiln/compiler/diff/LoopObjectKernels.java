package dev.kiln.compiler.diff;

/**
 * Mutable objects allocated before a loop whose fields change inside it (their fields become loop-carried values),
 * some through {@code synchronized} methods (a monitor on an object no other thread can see). Written for
 * DiffLoopObjectTest: every kernel returns a primitive computed through the objects.
 */
final class LoopObjectKernels {
    private LoopObjectKernels() {
    }

    /** A lagged generator: an int[] state, two cursors, a scale; its methods are synchronized. */
    static final class Lagged {
        private final int[] state;
        private int i;
        private int j;
        private double scale;
        private boolean odd;
        private byte steps;

        Lagged(int seed) {
            state = new int[7];
            init(seed);
        }

        private void init(int seed) {
            int s = seed;
            for (int k = 0; k < state.length; k++) { // a loop inside the constructor's callee, on the object
                s = s * 1103515245 + 12345;
                state[k] = s >>> 1;
            }
            i = 4;
            j = 6;
            scale = 1.0 / Integer.MAX_VALUE;
        }

        synchronized int nextInt() {
            int v = state[i] - state[j];
            if (v < 0) v += Integer.MAX_VALUE;
            state[j] = v;
            i = i == 0 ? 6 : i - 1;
            j = j == 0 ? 6 : j - 1;
            odd = (v & 1) != 0;
            steps++; // wraps at 127 like Java's byte
            return v;
        }

        synchronized double nextDouble() {
            return nextInt() * scale;
        }

        synchronized int at(int k) {
            return state[k]; // throws ArrayIndexOutOfBoundsException with Java's message
        }
    }

    /** SciMark's shape: count points inside the quarter circle. */
    static double quarterCircle(int seed, int n) {
        Lagged r = new Lagged(seed);
        int under = 0;
        for (int k = 0; k < n; k++) {
            double x = r.nextDouble();
            double y = r.nextDouble();
            if (x * x + y * y <= 1.0) under++;
        }
        return (double) under / n * 4.0;
    }

    /** The object's fields read after the loop, with a byte field that wraps and a boolean field. */
    static long afterLoop(int seed, int n) {
        Lagged r = new Lagged(seed);
        long sum = 0;
        int k = n;
        while (k-- > 0) sum += r.nextInt();
        return sum * 31 + r.steps * 7 + (r.odd ? 1 : 0) + r.i * 1000 + r.j;
    }

    /** Nested loops, the object mutated in the inner one and its field written in the outer one. */
    static double nested(int seed, int rows, double factor) {
        Lagged r = new Lagged(seed);
        double acc = 0;
        for (int a = 0; a < rows; a++) {
            for (int b = 0; b <= a; b++) acc += r.nextDouble() * factor;
            r.scale *= 0.5;
        }
        return acc + r.scale;
    }

    /** A throw from a synchronized method inside the loop (index from the caller): Java's exception and message. */
    static int throwsInLoop(int seed, int n, int index) {
        Lagged r = new Lagged(seed);
        int x = 0;
        for (int k = 0; k < n; k++) x ^= r.nextInt() + r.at(index + k);
        return x;
    }

    /** A counter whose fields double and long change every iteration; exits the loop early through a break. */
    static final class Stats {
        double sum;
        double min = Double.POSITIVE_INFINITY;
        long count;

        synchronized void add(double v) {
            sum += v;
            if (v < min) min = v;
            count++;
        }
    }

    static double stats(double start, double step, int n) {
        Stats s = new Stats();
        double v = start;
        for (int k = 0; k < n; k++) {
            if (Double.isNaN(s.sum) && k > 2) break;
            s.add(v);
            v += step;
        }
        return s.sum + s.min * 3 + s.count;
    }
}
