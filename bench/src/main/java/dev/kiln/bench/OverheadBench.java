package dev.kiln.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.concurrent.TimeUnit;

/**
 * Per-call overhead: a trivial kernel through Kiln against the same Java method called directly (inlined by C2)
 * and called without inlining (the cost of a real Java call). The Kiln overhead is {@code *_kiln - *_java}.
 * {@code *_kilnBusy} is the Kiln handle in a process that first ran other kernels the way a real one does: over
 * other array types, some of them throwing often; a per-call cost that shared JIT profiles would add shows there.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class OverheadBench {
    @State(Scope.Thread)
    public static class Args {
        public int x = 17;
        public int y = 25;
        public int[] small = {1, 2, 3, 4, 5, 6, 7, 8};

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) {
            Modes.requireFor(params.getBenchmark());
        }
    }

    /** Runs other kernels first: over float[], int[] and double[] arrays, and a kernel that throws every time. */
    @State(Scope.Thread)
    public static class Busy {
        @Setup(Level.Trial)
        public void setup() throws Throwable {
            float[] f = new float[64];
            double[] d = new double[64];
            int[] q = new int[64];
            for (int i = 0; i < 20_000; i++) {
                KilnHandles.SAXPY.invokeExact(1.5f, f, f);
                long r = (long) KilnHandles.QUANTISE.invokeExact(d, 2.0, q);
                int h = (int) KilnHandles.HISTOGRAM.invokeExact(d, 0.0, 1.0, q);
                try {
                    double s = (double) KilnHandles.SUM.invokeExact((double[]) null);
                } catch (NullPointerException expected) {
                    // the point: a kernel whose calls throw
                }
            }
        }
    }

    @Benchmark
    public int add_java(Args a) {
        return Kernels.add(a.x, a.y);
    }

    @Benchmark
    public int add_javaNoInline(Args a) {
        return addNoInline(a.x, a.y);
    }

    @Benchmark
    public int add_kiln(Args a) throws Throwable {
        return (int) KilnHandles.ADD.invokeExact(a.x, a.y);
    }

    @Benchmark
    public int add_kilnFn(Args a) {
        return KilnHandles.ADD_FN.apply(a.x, a.y);
    }

    @Benchmark
    public int sumSmall_java(Args a) {
        return Kernels.sumSmall(a.small);
    }

    @Benchmark
    public int sumSmall_javaNoInline(Args a) {
        return sumSmallNoInline(a.small);
    }

    @Benchmark
    public int sumSmall_kiln(Args a) throws Throwable {
        return (int) KilnHandles.SUM_SMALL.invokeExact(a.small);
    }

    @Benchmark
    public int sumSmall_kilnFn(Args a) {
        return KilnHandles.SUM_SMALL_FN.apply(a.small);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static int addNoInline(int x, int y) {
        return Kernels.add(x, y);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    @Benchmark
    public int add_kilnBusy(Args a, Busy b) throws Throwable {
        return (int) KilnHandles.ADD.invokeExact(a.x, a.y);
    }

    @Benchmark
    public int sumSmall_kilnBusy(Args a, Busy b) throws Throwable {
        return (int) KilnHandles.SUM_SMALL.invokeExact(a.small);
    }

    private static int sumSmallNoInline(int[] a) {
        return Kernels.sumSmall(a);
    }
}
