package dev.kiln.compiler.diff;

/** Callees of {@link TrickyKernels}: overloads, odd names, many arguments, faults. */
final class Tricky2 {
    private Tricky2() {
    }

    static long bump(long[] a, int i) {
        return ++a[i];
    }

    static int over(int x) { return x + 1; }
    static long over(long x) { return x * 3; }
    static double over(double x) { return x / 2; }
    static int over(int x, int y) { return x - y + 7; }

    static int addOne(int x) { return x + 1; }

    static int $dollar$(int x) { return x ^ 0x55; }
    static int ünïcödé(int x) { return x * 7; }
    static int i32(int x) { return x - 11; }
    static int define(int x) { return x << 2; }

    static final class Nested {
        private Nested() {
        }

        static int ret(int x) { return x % 13; }
    }

    interface Shapes {
        static int sq(int x) { return x * x; }
    }

    static double manyCallee(double d0, double d1, double d2, double d3, double d4, double d5, double d6, double d7,
                             double d8, double d9, int i0, int i1, int i2, int i3, int i4, int i5, int i6, int i7,
                             long l0, float f0) {
        return d0 - d1 * 2 + d9 * 3 + i0 - i7 * 5 + i3 + l0 % 1000 + f0 + d5 * d6;
    }

    static int div(int a, int b) {
        return a / b;
    }
}
