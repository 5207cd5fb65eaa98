package dev.kiln.bench;

import dev.kiln.Kernel;

/** A kernel object for {@link ObjectCallSiteBench}: one field read per call, so the call's own cost dominates. */
public class Offset {
    final int k;
    final int[] small;

    public Offset(int k, int[] small) {
        this.k = k;
        this.small = small;
    }

    @Kernel
    public int add(int x) {
        return x + k;
    }

    @Kernel
    public int sumSmall() {
        int s = k;
        for (int v : small) s += v;
        return s;
    }
}
