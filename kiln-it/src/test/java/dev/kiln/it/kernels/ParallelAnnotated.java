package dev.kiln.it.kernels;

import dev.kiln.Kernel;

import java.util.stream.IntStream;

/** A {@code @Kernel} with parallel loops, called directly, for the agent's process tests. */
public final class ParallelAnnotated {
    private ParallelAnnotated() {
    }

    /**
     * Two parallel loops around Java code: a native parallel loop on Kiln, a parallel stream on HotSpot. The sum is
     * of integers, so exact in any order and the same under Kiln's block rule and Java's compensated sum.
     */
    @Kernel
    public static double parallelLayer(double[] loss, double attachment) {
        double[] ceded = new double[loss.length];
        IntStream.range(0, loss.length).parallel().forEach(i -> ceded[i] = Help.clip(loss[i] - attachment, 0.0, 100.0));
        return IntStream.range(0, loss.length).parallel().mapToDouble(i -> Math.floor(ceded[i])).sum();
    }
}
