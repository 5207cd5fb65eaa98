package dev.kiln.bench;

import dev.kiln.Kiln;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

/**
 * The cost of a rewritten {@code @Kernel} instance method's call site, which selects the kernel by the receiver's
 * class at every call ({@code *_callSite}), against the same kernel object bound once with {@code
 * Kiln.compile(receiver, name)} in a {@code static final} handle ({@code *_bound}). Run with {@code -jvmArgsAppend
 * -javaagent:kiln-agent/target/kiln-agent-<version>.jar}; without the agent the setup fails.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ObjectCallSiteBench {
    static final Offset OFFSET = new Offset(7, new int[] {1, 2, 3, 4, 5, 6, 7, 8});
    static final Kiln KILN = Kiln.create();
    static final MethodHandle ADD = KILN.compile(OFFSET, "add");
    static final MethodHandle SUM_SMALL = KILN.compile(OFFSET, "sumSmall");

    @State(Scope.Thread)
    public static class Args {
        public int x = 17;
        public Offset offset = OFFSET;

        @Setup(Level.Trial)
        public void setup() {
            try {
                Offset.class.getDeclaredMethod("add$java", int.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("ObjectCallSiteBench needs -javaagent:kiln-agent.jar (Offset is not rewritten)");
            }
        }
    }

    @Benchmark
    public int add_callSite(Args a) {
        return a.offset.add(a.x);
    }

    @Benchmark
    public int add_bound(Args a) throws Throwable {
        return (int) ADD.invokeExact(a.x);
    }

    @Benchmark
    public int sumSmall_callSite(Args a) {
        return a.offset.sumSmall();
    }

    @Benchmark
    public int sumSmall_bound(Args a) throws Throwable {
        return (int) SUM_SMALL.invokeExact();
    }
}
