package dev.kiln.bench;

import dev.kiln.Kiln;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

/**
 * Arrays: what a returned array, a scratch array, a boolean[] and a double[][] cost per call, and row-wise 2-D
 * kernels (SOR stencil, matrix-vector product, LU row updates) against HotSpot. {@code n} is the length of the 1-D
 * arrays and the side of the square matrices.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ArrayBench {
    static final Kiln KILN = Compiled.kiln(false);
    static final MethodHandle SCALED = handle("scaled");
    static final MethodHandle PREFIX = handle("prefixMaxSum");
    static final MethodHandle COUNT = handle("countSet");
    static final MethodHandle SOR = handle("sor");
    static final MethodHandle MATVEC = handle("matVec");
    static final MethodHandle LU = handle("luRows");
    static final MethodHandle RMSE3 = handle("rmse3");
    static final MethodHandle MATMUL = handle("matMul");

    static MethodHandle handle(String name) {
        return KILN.compile(ArrayKernels.class, name);
    }

    @State(Scope.Thread)
    public static class Data {
        @Param({"16", "100", "1000"})
        public int n;
        double[] x;
        double[] y;
        boolean[] flags;
        double[][] grid;
        double[][] lu;

        @Setup(Level.Trial)
        public void setup() {
            x = new double[n];
            y = new double[n];
            flags = new boolean[n];
            grid = new double[n][n];
            for (int i = 0; i < n; i++) {
                x[i] = Math.sin(i);
                flags[i] = (i % 3) == 0;
                for (int j = 0; j < n; j++) grid[i][j] = Math.cos(i * 31 + j);
            }
            lu = new double[n][n];
        }

        /** A fresh diagonally dominant matrix for each LU call (the elimination overwrites it). */
        @Setup(Level.Invocation)
        public void resetLu() {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) lu[i][j] = i == j ? n + 1.0 : 1.0 / (1 + i + j);
            }
        }
    }

    @Benchmark public double[] scaled_hotspot(Data d) { return ArrayKernels.scaled(d.x, 1.5); }
    @Benchmark public double[] scaled_kiln(Data d) throws Throwable { return (double[]) SCALED.invokeExact(d.x, 1.5); }
    @Benchmark public double prefix_hotspot(Data d) { return ArrayKernels.prefixMaxSum(d.x); }
    @Benchmark public double prefix_kiln(Data d) throws Throwable { return (double) PREFIX.invokeExact(d.x); }
    @Benchmark public int countSet_hotspot(Data d) { return ArrayKernels.countSet(d.flags); }
    @Benchmark public int countSet_kiln(Data d) throws Throwable { return (int) COUNT.invokeExact(d.flags); }
    @Benchmark public void sor_hotspot(Data d) { ArrayKernels.sor(d.grid, 1.25, 10); }
    @Benchmark public void sor_kiln(Data d) throws Throwable { SOR.invokeExact(d.grid, 1.25, 10); }
    @Benchmark public void matVec_hotspot(Data d) { ArrayKernels.matVec(d.grid, d.x, d.y); }
    @Benchmark public void matVec_kiln(Data d) throws Throwable { MATVEC.invokeExact(d.grid, d.x, d.y); }
    @Benchmark public void lu_hotspot(Data d) { ArrayKernels.luRows(d.lu); }
    @Benchmark public void lu_kiln(Data d) throws Throwable { LU.invokeExact(d.lu); }
}
