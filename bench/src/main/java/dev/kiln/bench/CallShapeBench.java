package dev.kiln.bench;

import dev.kiln.Kiln;
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

import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

/**
 * The fixed cost of a Kiln call by parameter shape (no array, one, two, four, mixed element types, an array
 * returned, a butterfly): each {@link CallShapes} kernel through Kiln against the same Java method called without
 * inlining. A shape's Kiln overhead is {@code shape_kiln - shape_java}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class CallShapeBench {
    private static final Kiln KILN = Compiled.kiln(false);
    private static final MethodHandle NONE = handle("none");
    private static final MethodHandle ONE = handle("one");
    private static final MethodHandle TWO = handle("two");
    private static final MethodHandle FOUR = handle("four");
    private static final MethodHandle MIXED = handle("mixed");
    private static final MethodHandle MADE = handle("made");
    private static final MethodHandle BUTTERFLY = handle("butterfly");

    private static MethodHandle handle(String name) {
        return KILN.compile(CallShapes.class, name);
    }

    @State(Scope.Thread)
    public static class Args {
        public int x = 17;
        public int y = 25;
        public int i = 3;
        public double s = 1.5;
        public double[] a = new double[16];
        public double[] b = new double[16];
        public double[] c = new double[16];
        public double[] d = new double[16];
        public float[] f = new float[16];
        public int[] q = new int[16];

        /** The kernels must agree with Java before their times mean anything. */
        @Setup(Level.Trial)
        public void check() throws Throwable {
            for (int k = 0; k < 16; k++) {
                a[k] = k * 0.5 - 3;
                b[k] = 1.0 / (k + 1);
                c[k] = -k;
                f[k] = k * 0.25f;
                q[k] = k * 7 - 40;
            }
            same((int) NONE.invokeExact(x, y), CallShapes.none(x, y), "none");
            same((double) ONE.invokeExact(a, i), CallShapes.one(a, i), "one");
            same((double) MIXED.invokeExact(a, f, q, i, s), CallShapes.mixed(a, f, q, i, s), "mixed");
            same(java.util.Arrays.toString((double[]) MADE.invokeExact(a, 4)), java.util.Arrays.toString(CallShapes.made(a, 4)), "made");
            double[] d1 = d.clone(), d2 = d.clone(), a1 = a.clone(), a2 = a.clone();
            FOUR.invokeExact(a, b, c, d1, i);
            CallShapes.four(a, b, c, d2, i);
            BUTTERFLY.invokeExact(a1, 4, b, 2);
            CallShapes.butterfly(a2, 4, b, 2);
            same(java.util.Arrays.toString(d1) + java.util.Arrays.toString(a1),
                    java.util.Arrays.toString(d2) + java.util.Arrays.toString(a2), "four, butterfly");
        }

        private static void same(Object kiln, Object java, String what) {
            if (!kiln.equals(java)) throw new IllegalStateException(what + ": Kiln " + kiln + ", Java " + java);
        }
    }

    @Benchmark public int none_java(Args a) { return noneJ(a.x, a.y); }
    @Benchmark public int none_kiln(Args a) throws Throwable { return (int) NONE.invokeExact(a.x, a.y); }
    @Benchmark public double one_java(Args a) { return oneJ(a.a, a.i); }
    @Benchmark public double one_kiln(Args a) throws Throwable { return (double) ONE.invokeExact(a.a, a.i); }
    @Benchmark public void two_java(Args a) { twoJ(a.a, a.b, a.i); }
    @Benchmark public void two_kiln(Args a) throws Throwable { TWO.invokeExact(a.a, a.b, a.i); }
    @Benchmark public void four_java(Args a) { fourJ(a.a, a.b, a.c, a.d, a.i); }
    @Benchmark public void four_kiln(Args a) throws Throwable { FOUR.invokeExact(a.a, a.b, a.c, a.d, a.i); }
    @Benchmark public double mixed_java(Args a) { return mixedJ(a.a, a.f, a.q, a.i, a.s); }
    @Benchmark public double mixed_kiln(Args a) throws Throwable { return (double) MIXED.invokeExact(a.a, a.f, a.q, a.i, a.s); }
    @Benchmark public double[] made_java(Args a) { return madeJ(a.a, 4); }
    @Benchmark public double[] made_kiln(Args a) throws Throwable { return (double[]) MADE.invokeExact(a.a, 4); }
    @Benchmark public void butterfly_java(Args a) { butterflyJ(a.a, 4, a.b, 2); }
    @Benchmark public void butterfly_kiln(Args a) throws Throwable { BUTTERFLY.invokeExact(a.a, 4, a.b, 2); }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE) private static int noneJ(int x, int y) { return CallShapes.none(x, y); }
    @CompilerControl(CompilerControl.Mode.DONT_INLINE) private static double oneJ(double[] a, int i) { return CallShapes.one(a, i); }
    @CompilerControl(CompilerControl.Mode.DONT_INLINE) private static void twoJ(double[] a, double[] b, int i) { CallShapes.two(a, b, i); }
    @CompilerControl(CompilerControl.Mode.DONT_INLINE) private static void fourJ(double[] a, double[] b, double[] c, double[] d, int i) { CallShapes.four(a, b, c, d, i); }
    @CompilerControl(CompilerControl.Mode.DONT_INLINE) private static double mixedJ(double[] a, float[] b, int[] c, int i, double s) { return CallShapes.mixed(a, b, c, i, s); }
    @CompilerControl(CompilerControl.Mode.DONT_INLINE) private static double[] madeJ(double[] a, int n) { return CallShapes.made(a, n); }
    @CompilerControl(CompilerControl.Mode.DONT_INLINE) private static void butterflyJ(double[] a, int o, double[] w, int nw) { CallShapes.butterfly(a, o, w, nw); }
}
