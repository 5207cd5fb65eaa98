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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.concurrent.TimeUnit;

/**
 * Steady state of every suite kernel: {@code *_hotspot} calls the Java method (C2 after warm-up), {@code *_kiln}
 * invokes the Kiln handle held in a {@code static final} field, {@code *_kilnFn} calls the interface-bound form and
 * {@code *_kilnFast} the handle compiled with fastMath. Every kernel has the same four methods; keep them in step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class SuiteBench {
    @State(Scope.Thread)
    public static class Data {
        @Param({"4096", "1048576"})
        public int size;
        public SuiteData d;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) {
            d = new SuiteData(size);
            Modes.requireFor(params.getBenchmark());
        }
    }
    @Benchmark
    public double sum_hotspot(Data s) {
        SuiteData d = s.d;
        return Kernels.sum(d.a);
    }

    @Benchmark
    public double sum_kiln(Data s) throws Throwable {
        SuiteData d = s.d;
        return (double) KilnHandles.SUM.invokeExact(d.a);
    }

    @Benchmark
    public double sum_kilnFn(Data s) {
        SuiteData d = s.d;
        return KilnHandles.SUM_FN.apply(d.a);
    }

    @Benchmark
    public double sum_kilnFast(Data s) throws Throwable {
        SuiteData d = s.d;
        return (double) KilnFastHandles.SUM.invokeExact(d.a);
    }

    @Benchmark
    public double dot_hotspot(Data s) {
        SuiteData d = s.d;
        return Kernels.dot(d.a, d.b);
    }

    @Benchmark
    public double dot_kiln(Data s) throws Throwable {
        SuiteData d = s.d;
        return (double) KilnHandles.DOT.invokeExact(d.a, d.b);
    }

    @Benchmark
    public double dot_kilnFn(Data s) {
        SuiteData d = s.d;
        return KilnHandles.DOT_FN.apply(d.a, d.b);
    }

    @Benchmark
    public double dot_kilnFast(Data s) throws Throwable {
        SuiteData d = s.d;
        return (double) KilnFastHandles.DOT.invokeExact(d.a, d.b);
    }

    @Benchmark
    public void saxpy_hotspot(Data s) {
        SuiteData d = s.d;
        Kernels.saxpy(1e-6f, d.fx, d.fy);
    }

    @Benchmark
    public void saxpy_kiln(Data s) throws Throwable {
        SuiteData d = s.d;
        KilnHandles.SAXPY.invokeExact(1e-6f, d.fx, d.fy);
    }

    @Benchmark
    public void saxpy_kilnFn(Data s) {
        SuiteData d = s.d;
        KilnHandles.SAXPY_FN.apply(1e-6f, d.fx, d.fy);
    }

    @Benchmark
    public void saxpy_kilnFast(Data s) throws Throwable {
        SuiteData d = s.d;
        KilnFastHandles.SAXPY.invokeExact(1e-6f, d.fx, d.fy);
    }

    @Benchmark
    public int clip_hotspot(Data s) {
        SuiteData d = s.d;
        return Kernels.clip(d.a, -1.0, 1.0, d.out);
    }

    @Benchmark
    public int clip_kiln(Data s) throws Throwable {
        SuiteData d = s.d;
        return (int) KilnHandles.CLIP.invokeExact(d.a, -1.0, 1.0, d.out);
    }

    @Benchmark
    public int clip_kilnFn(Data s) {
        SuiteData d = s.d;
        return KilnHandles.CLIP_FN.apply(d.a, -1.0, 1.0, d.out);
    }

    @Benchmark
    public int clip_kilnFast(Data s) throws Throwable {
        SuiteData d = s.d;
        return (int) KilnFastHandles.CLIP.invokeExact(d.a, -1.0, 1.0, d.out);
    }

    @Benchmark
    public double clipSum_hotspot(Data s) {
        SuiteData d = s.d;
        return Kernels.clipSum(d.a, -1.0, 1.0);
    }

    @Benchmark
    public double clipSum_kiln(Data s) throws Throwable {
        SuiteData d = s.d;
        return (double) KilnHandles.CLIP_SUM.invokeExact(d.a, -1.0, 1.0);
    }

    @Benchmark
    public double clipSum_kilnFn(Data s) {
        SuiteData d = s.d;
        return KilnHandles.CLIP_SUM_FN.apply(d.a, -1.0, 1.0);
    }

    @Benchmark
    public double clipSum_kilnFast(Data s) throws Throwable {
        SuiteData d = s.d;
        return (double) KilnFastHandles.CLIP_SUM.invokeExact(d.a, -1.0, 1.0);
    }

    @Benchmark
    public long quantise_hotspot(Data s) {
        SuiteData d = s.d;
        return Kernels.quantise(d.a, 1000.0, d.qi);
    }

    @Benchmark
    public long quantise_kiln(Data s) throws Throwable {
        SuiteData d = s.d;
        return (long) KilnHandles.QUANTISE.invokeExact(d.a, 1000.0, d.qi);
    }

    @Benchmark
    public long quantise_kilnFn(Data s) {
        SuiteData d = s.d;
        return KilnHandles.QUANTISE_FN.apply(d.a, 1000.0, d.qi);
    }

    @Benchmark
    public long quantise_kilnFast(Data s) throws Throwable {
        SuiteData d = s.d;
        return (long) KilnFastHandles.QUANTISE.invokeExact(d.a, 1000.0, d.qi);
    }

    @Benchmark
    public double poly_hotspot(Data s) {
        SuiteData d = s.d;
        return Kernels.polyHorner(d.b, d.coeffs, d.out);
    }

    @Benchmark
    public double poly_kiln(Data s) throws Throwable {
        SuiteData d = s.d;
        return (double) KilnHandles.POLY.invokeExact(d.b, d.coeffs, d.out);
    }

    @Benchmark
    public double poly_kilnFn(Data s) {
        SuiteData d = s.d;
        return KilnHandles.POLY_FN.apply(d.b, d.coeffs, d.out);
    }

    @Benchmark
    public double poly_kilnFast(Data s) throws Throwable {
        SuiteData d = s.d;
        return (double) KilnFastHandles.POLY.invokeExact(d.b, d.coeffs, d.out);
    }

    @Benchmark
    public double interp_hotspot(Data s) {
        SuiteData d = s.d;
        return Kernels.interp(d.xs, d.ys, d.q, d.out);
    }

    @Benchmark
    public double interp_kiln(Data s) throws Throwable {
        SuiteData d = s.d;
        return (double) KilnHandles.INTERP.invokeExact(d.xs, d.ys, d.q, d.out);
    }

    @Benchmark
    public double interp_kilnFn(Data s) {
        SuiteData d = s.d;
        return KilnHandles.INTERP_FN.apply(d.xs, d.ys, d.q, d.out);
    }

    @Benchmark
    public double interp_kilnFast(Data s) throws Throwable {
        SuiteData d = s.d;
        return (double) KilnFastHandles.INTERP.invokeExact(d.xs, d.ys, d.q, d.out);
    }

    @Benchmark
    public int histogram_hotspot(Data s) {
        SuiteData d = s.d;
        return Kernels.histogram(d.a, -3.0, 3.0, d.counts);
    }

    @Benchmark
    public int histogram_kiln(Data s) throws Throwable {
        SuiteData d = s.d;
        return (int) KilnHandles.HISTOGRAM.invokeExact(d.a, -3.0, 3.0, d.counts);
    }

    @Benchmark
    public int histogram_kilnFn(Data s) {
        SuiteData d = s.d;
        return KilnHandles.HISTOGRAM_FN.apply(d.a, -3.0, 3.0, d.counts);
    }

    @Benchmark
    public int histogram_kilnFast(Data s) throws Throwable {
        SuiteData d = s.d;
        return (int) KilnFastHandles.HISTOGRAM.invokeExact(d.a, -3.0, 3.0, d.counts);
    }

    @Benchmark
    public void matmul_hotspot(Data s) {
        SuiteData d = s.d;
        Kernels.matmul(d.ma, d.mb, d.mc, d.n);
    }

    @Benchmark
    public void matmul_kiln(Data s) throws Throwable {
        SuiteData d = s.d;
        KilnHandles.MATMUL.invokeExact(d.ma, d.mb, d.mc, d.n);
    }

    @Benchmark
    public void matmul_kilnFn(Data s) {
        SuiteData d = s.d;
        KilnHandles.MATMUL_FN.apply(d.ma, d.mb, d.mc, d.n);
    }

    @Benchmark
    public void matmul_kilnFast(Data s) throws Throwable {
        SuiteData d = s.d;
        KilnFastHandles.MATMUL.invokeExact(d.ma, d.mb, d.mc, d.n);
    }

    @Benchmark
    public double expLog_hotspot(Data s) {
        SuiteData d = s.d;
        return Kernels.expLog(d.b, d.out);
    }

    @Benchmark
    public double expLog_kiln(Data s) throws Throwable {
        SuiteData d = s.d;
        return (double) KilnHandles.EXPLOG.invokeExact(d.b, d.out);
    }

    @Benchmark
    public double expLog_kilnFn(Data s) {
        SuiteData d = s.d;
        return KilnHandles.EXPLOG_FN.apply(d.b, d.out);
    }

    @Benchmark
    public double expLog_kilnFast(Data s) throws Throwable {
        SuiteData d = s.d;
        return (double) KilnFastHandles.EXPLOG.invokeExact(d.b, d.out);
    }
}
