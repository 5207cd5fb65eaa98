package dev.kiln.bench;

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

import java.util.concurrent.TimeUnit;

/**
 * The agent's call site against today's bindings, in one JVM started with {@code -javaagent:kiln-agent.jar}: a plain
 * call of a {@code @Kernel} method ({@code *_callSite}, rewritten to an invokedynamic linked to the native handle),
 * the interface binding ({@code *_kilnFn}) and the handle in a {@code static final} field ({@code *_kiln}), each
 * reaching the same native code. Run with
 * {@code -jvmArgsAppend -javaagent:kiln-agent/target/kiln-agent-<version>.jar}; without the agent the setup fails
 * (a plain call would measure HotSpot instead).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class CallSiteBench {
    @State(Scope.Thread)
    public static class Args {
        @Param({"4096"})
        public int size;
        public int x = 17;
        public int y = 25;
        public int[] small = {1, 2, 3, 4, 5, 6, 7, 8};
        public double[] a;

        @Setup(Level.Trial)
        public void setup() {
            try {
                Kernels.class.getDeclaredMethod("add$java", int.class, int.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("CallSiteBench needs -javaagent:kiln-agent.jar (Kernels is not rewritten)");
            }
            a = new double[size];
            for (int i = 0; i < size; i++) a[i] = (i * 0.37) % 5 - 2;
        }
    }

    @Benchmark
    public int add_callSite(Args a) {
        return Kernels.add(a.x, a.y);
    }

    @Benchmark
    public int add_kilnFn(Args a) {
        return KilnHandles.ADD_FN.apply(a.x, a.y);
    }

    @Benchmark
    public int add_kiln(Args a) throws Throwable {
        return (int) KilnHandles.ADD.invokeExact(a.x, a.y);
    }

    @Benchmark
    public int sumSmall_callSite(Args a) {
        return Kernels.sumSmall(a.small);
    }

    @Benchmark
    public int sumSmall_kilnFn(Args a) {
        return KilnHandles.SUM_SMALL_FN.apply(a.small);
    }

    @Benchmark
    public int sumSmall_kiln(Args a) throws Throwable {
        return (int) KilnHandles.SUM_SMALL.invokeExact(a.small);
    }

    @Benchmark
    public double sum_callSite(Args a) {
        return Kernels.sum(a.a);
    }

    @Benchmark
    public double sum_kilnFn(Args a) {
        return KilnHandles.SUM_FN.apply(a.a);
    }

    @Benchmark
    public double sum_kiln(Args a) throws Throwable {
        return (double) KilnHandles.SUM.invokeExact(a.a);
    }
}
