package dev.kiln.compiler.diff;

/** Callees in a second class. */
final class Helpers {
    private Helpers() {
    }

    static void fill(int[] target, int v) {
        for (int i = 0; i < target.length; i++) target[i] = v * i;
    }

    static long sum(int[] xs) {
        long s = 0;
        for (int x : xs) s += x;
        return s;
    }

    static int first(int[] xs) {
        return xs[0];
    }

    static int twice(int x) {
        return HelpersB.addOne(x) * 2;
    }

    static double mixed(int a, long b, float c, double d, byte e, short f, char g, boolean h) {
        return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + (h ? 8 : 0);
    }
}
