package dev.kiln.compiler.diff;

/** Callees in a third class. */
final class HelpersB {
    private HelpersB() {
    }

    static int addOne(int x) {
        return x + 1;
    }

    static long scaled(long x, int k) {
        return HelpersC.mulAdd(x, k, 3) - 1;
    }
}
