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
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@link LoopKernels} on HotSpot and Kiln: dscal and idamax over {@code n} elements from offset 1 (LINPACK calls them
 * on column tails), one SOR sweep over a 100 x 100 grid.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class LoopBench {
    static final Kiln KILN = Compiled.kiln(false);
    static final MethodHandle DSCAL = KILN.compile(LoopKernels.class, "dscal");
    static final MethodHandle IDAMAX = KILN.compile(LoopKernels.class, "idamax");
    static final MethodHandle SOR = KILN.compile(LoopKernels.class, "sor");

    @State(Scope.Thread)
    public static class Data {
        @Param({"100", "4096"})
        public int n;
        double[] x;
        double[][] grid;

        @Setup(Level.Trial)
        public void setup() {
            Random r = new Random(20);
            x = new double[n + 1];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
            grid = new double[100][100];
            for (int i = 0; i < 100; i++) for (int j = 0; j < 100; j++) grid[i][j] = r.nextDouble();
        }
    }

    // dscal's factor alternates sign so the values neither overflow nor underflow over millions of calls.
    @Benchmark public void dscal_hotspot(Data d) { LoopKernels.dscal(d.n, -1.0, d.x, 1); }
    @Benchmark public void dscal_kiln(Data d) throws Throwable { DSCAL.invokeExact(d.n, -1.0, d.x, 1); }
    @Benchmark public int idamax_hotspot(Data d) { return LoopKernels.idamax(d.n, d.x, 1, 1); }
    @Benchmark public int idamax_kiln(Data d) throws Throwable { return (int) IDAMAX.invokeExact(d.n, d.x, 1, 1); }
    @Benchmark public double sor_hotspot(Data d) { return LoopKernels.sor(1.25, d.grid, 1); }
    @Benchmark public double sor_kiln(Data d) throws Throwable { return (double) SOR.invokeExact(1.25, d.grid, 1); }
}
