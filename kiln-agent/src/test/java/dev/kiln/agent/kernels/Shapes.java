package dev.kiln.agent.kernels;

import dev.kiln.Kernel;

/** Kernel shapes the rewriter must get right: a static interface method, a void kernel, wide and narrow types. */
public interface Shapes {
    @Kernel
    static long mix(long a, int b, double c, float d, short e, byte f, char g, boolean h) {
        return a * 31 + b + (long) c + (long) (d * 2) + e + f + g + (h ? 1 : 0);
    }

    @Kernel
    static void scale(float alpha, float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) y[i] = alpha * x[i] + y[i];
    }

    @Kernel
    private static int twice(int x) {
        return 2 * x;
    }

    @Kernel
    static int callsPrivate(int x) {
        return twice(x) + 1;
    }
}
