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
    private static int sumSmallNoInline(int[] a) {
        return Kernels.sumSmall(a);
    }
}
