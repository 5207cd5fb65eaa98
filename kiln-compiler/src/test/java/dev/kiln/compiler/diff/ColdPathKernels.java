package dev.kiln.compiler.diff;

import java.text.MessageFormat;

/**
 * Throw paths Kiln's own throw lowering does not rebuild, in the shapes of published numeric libraries: localized
 * exceptions given an enum pattern and an {@code Object[]} of boxed arguments, an exception whose two-int constructor
 * formats its own message and keeps fields, a static factory building the exception, a message chosen by a
 * conditional. These paths run as Java; the rest of each kernel is compiled.
 */
final class ColdPathKernels {
    private ColdPathKernels() {
    }

    /** Like a localized-format enum: the pattern is only read to throw. */
    enum Pattern {
        OUT_OF_RANGE("{0} out of range [{1}, {2}]"),
        DIMENSIONS("dimensions {0} != {1} ({2})"),
        ZERO_DIVISOR("division by zero"),
        NOT_FINITE("element {0} is {1} (scaled from {2} by {3})");

        final String text;

        Pattern(String text) {
            this.text = text;
        }
    }

    /** Formats its pattern with its arguments, as localized exceptions do. */
    static class FormattedException extends IllegalArgumentException {
        final Object[] arguments;

        FormattedException(Pattern p, Object... arguments) {
            super(MessageFormat.format(p.text, arguments));
            this.arguments = arguments;
        }
    }

    /** A two-int constructor that does more than pass a message up. */
    static class DimensionException extends RuntimeException {
        final int got;
        final int expected;

        DimensionException(int got, int expected) {
            super("got " + got + ", expected " + expected + (got > expected ? " (too long)" : " (too short)"));
            this.got = got;
            this.expected = expected;
        }
    }

    /** A checked exception with no-argument constructor that computes its own message. */
    static class NotConvergedException extends Exception {
        NotConvergedException() {
            super("not converged after " + Integer.toHexString(0xbeef) + " tries");
        }
    }

    // ---------------------------------------------------------------- kernels

    /** Boxed doubles in an Object[]: the shape of Commons Math's range checks. */
    static double normalised(double x, double lo, double hi) {
        if (!(x >= lo && x <= hi)) {
            throw new FormattedException(Pattern.OUT_OF_RANGE, Double.valueOf(x), Double.valueOf(lo), Double.valueOf(hi));
        }
        return (x - lo) / (hi - lo);
    }

    /** An empty Object[] and an enum constant; the int path compiles around it. */
    static int floorMod(int a, int b) {
        if (b == 0) throw new FormattedException(Pattern.ZERO_DIVISOR);
        int m = a % b;
        if ((a ^ b) < 0 && m != 0) m += b;
        return m;
    }

    /** Long arguments boxed by autoboxing, with a conditional inside the message. */
    static long floorModLong(long a, long b, boolean strict) {
        if (b == 0 || strict && b < 0) {
            throw new FormattedException(Pattern.DIMENSIONS, a, b, strict ? "strict" : b == 0 ? "zero" : "lenient");
        }
        long m = a % b;
        if ((a ^ b) < 0 && m != 0) m += b;
        return m;
    }

    /** The two-int constructor, given array lengths. */
    static double distance(double[] p, double[] q) {
        if (p.length != q.length) throw new DimensionException(p.length, q.length);
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - q[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** Writes elements, then throws from inside the loop: the writes before the throw stay. */
    static void scaleFinite(double[] a, double f, float tag) {
        for (int i = 0; i < a.length; i++) {
            double old = a[i];
            double v = old * f;
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new FormattedException(Pattern.NOT_FINITE, i, v, old == 0 ? Float.valueOf(tag) : "x", f);
            }
            a[i] = v;
        }
    }

    /** The path in a callee: its frame and the kernel's call site are in the trace. */
    static double sumChecked(double[] a, int n) {
        checkLength(a, n);
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i];
        return s;
    }

    static void checkLength(double[] a, int n) {
        if (n > a.length || n < 0) throw Errors.dimension(n, a.length);
    }

    /** A static factory builds the exception; the trace starts in it. */
    static final class Errors {
        private Errors() {
        }

        static DimensionException dimension(int got, int expected) {
            return new DimensionException(got, expected);
        }
    }

    /** A checked exception whose constructor computes its message; a counter written before it. */
    static int iterate(double x, int max, int[] count) throws NotConvergedException {
        for (int k = 0; k < max; k++) {
            count[0]++;
            x = Math.cos(x);
            if (Math.abs(x - Math.cos(x)) < 1e-12) return k;
        }
        throw new NotConvergedException();
    }

    /** A message string local, an int widened to long, a char and a short boxed. */
    static int decode(int code, char c, short s) {
        if (code < 0) {
            String where = "code " + code;
            throw new FormattedException(Pattern.DIMENSIONS, where, (long) code, Character.valueOf(c) + "/" + s);
        }
        return code * c + s;
    }

    /** Counts its instances: a constructor with a side effect Java must run exactly once per throw. */
    static final class CountingError extends RuntimeException {
        static int made;

        CountingError(String message) {
            super(message);
            made++;
        }
    }

    static int counted(int x) {
        int y = x * 2;
        if (y > 100) throw new CountingError("big " + y);
        return y;
    }

    /** An exception with a cause, both built on the path: both traces start at the kernel's frame. */
    static int withCause(int x, double d) {
        int y = x + 1;
        if (y < 0 || d != d) throw new IllegalStateException("bad " + y, new ArithmeticException("inner " + d));
        return y;
    }

    /** {@code throw null}: HotSpot's NullPointerException, its message computed from the path's own bytecode. */
    static int throwsNull(int x) {
        int y = x + 1;
        if (y < 0) throw null;
        return y;
    }

    /** Element reads on the path, at the loop's index and at a constant index: native code reads them first. */
    static void checkPositive(double[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] > 0)) throw new FormattedException(Pattern.NOT_FINITE, i, a[i], a[0], a.length);
        }
    }

    /** Elements at an index the kernel never checked: out of range or null, Java's exception, at the read. */
    static int pickFlagged(boolean[] flags, long[] values, int i, boolean check) {
        if (check) throw new FormattedException(Pattern.DIMENSIONS, values[i], flags[i], flags.length);
        return i;
    }

    /** Values of every width in slots the path's own parameters overlap: the copy moves them into place. */
    static double mixedSlots(int a, long b, double c, float d, int[] e) {
        double r = a + b + c + d;
        if (r > 1e6 || e.length > 3 || r != r) throw new FormattedException(Pattern.OUT_OF_RANGE, d, e.length, c - b);
        return r;
    }

    // ---------------------------------------------------------------- still refused

    /** The path passes the array itself on: the Java side never sees the kernel's arrays. */
    static double arrayItself(double[] a) {
        if (a.length == 0) throw new FormattedException(Pattern.ZERO_DIVISOR, (Object) a);
        return a[0];
    }

    /** An element read on one branch of the path only: native code cannot read it first, so the path is refused. */
    static int conditionalRead(double[] a, int i, boolean f) {
        if (i < 0) throw new FormattedException(Pattern.OUT_OF_RANGE, f ? a[0] : 0.0, i, 0);
        return i;
    }

    /** The path calls a private method, which another class cannot. */
    static int privateHelper(int x) {
        if (x < 0) throw new FormattedException(Pattern.ZERO_DIVISOR, secret(x));
        return x;
    }

    private static Object secret(int x) {
        return Integer.valueOf(x);
    }
}
