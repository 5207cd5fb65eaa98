package dev.kiln.compiler.diff;

/** Calls: recursion, mutual recursion, helpers in three other classes, every parameter type through a call. */
final class CallKernels {
    private CallKernels() {
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    static long fibLong(int n) {
        return n < 2 ? n : fibLong(n - 1) + fibLong(n - 2);
    }

    static boolean isEven(int n) {
        return n == 0 || isOdd(n - 1);
    }

    static boolean isOdd(int n) {
        return n != 0 && isEven(n - 1);
    }

    /** Mutual recursion entered through isEven, for n >= 0. */
    static boolean parity(int n) {
        return isEven(n);
    }

    static int depth(int n) {
        return n <= 0 ? 0 : 1 + depth(n - 1);
    }

    static long ackermann(long m, long n) {
        if (m == 0) return n + 1;
        if (n == 0) return ackermann(m - 1, 1);
        return ackermann(m - 1, ackermann(m, n - 1));
    }

    /** Calls into Helpers, HelpersB and HelpersC (two levels deep). */
    static long threeClasses(int x, long y) {
        return Helpers.twice(x) + HelpersB.scaled(y, x) + (long) HelpersC.halve(x);
    }

    static double allTypes(int a, long b, float c, double d, byte e, short f, char g, boolean h) {
        return Helpers.mixed(a, b, c, d, e, f, g, h) + Helpers.mixed(-a, b >> 1, c * 2, d, (byte) (e + 1),
                (short) (f - 1), (char) (g + 1), !h);
    }

    /** A static helper inherited from a superclass, called through the subclass name. */
    static int inherited(int x) {
        return SubHelper.baseTwice(x) + SubHelper.own(x);
    }

    /** A callee that throws: the exception crosses the call. */
    static int faultInCallee(int[] a, int i) {
        return 1 + Helpers.first(a) + a[i];
    }

    /** Recursion that faults deep down. */
    static int divDown(int n, int d) {
        return n == 0 ? 10 / d : divDown(n - 1, d) + 1;
    }

    /** void callee with side effects, called in a loop. */
    static int voidCalls(int[] a) {
        for (int i = 0; i < 3; i++) Helpers.fill(a, i);
        return a.length;
    }
}

class BaseHelper {
    static int baseTwice(int x) {
        return 2 * x + 1;
    }
}

class SubHelper extends BaseHelper {
    static int own(int x) {
        return x - 3;
    }
}
