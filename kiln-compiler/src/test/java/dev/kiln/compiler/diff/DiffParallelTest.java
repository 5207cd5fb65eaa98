package dev.kiln.compiler.diff;

import dev.kiln.runtime.parallel.ParallelLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DiffParallelTest {
    static final Diff D = Diff.forClass(DiffParallelTest.class);
    static final Class<?> K = ParallelKernels.class;

    @Test
    void smoke() throws Throwable {
        ParallelLoop.useThreads(2);
        double[] x = new double[10_000];
        for (int i = 0; i < x.length; i++) x[i] = i * 0.01 - 30;
        D.check(K, "map", x, new double[x.length], 1.5);
        D.check(K, "sumLong", -5000, 70_000);
    }
}
