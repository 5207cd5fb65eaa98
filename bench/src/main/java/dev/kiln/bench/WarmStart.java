package dev.kiln.bench;

import dev.kiln.Kiln;
import dev.kiln.KilnConfig;

import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;

/**
 * Process start to first results: loads suite kernels from a baked cache (strict: no compiling) and runs each once
 * on small inputs, then prints one checksum line. Timed from outside ({@code bin/bench}); the Numba counterpart is
 * {@code bench/numba/warm_start.py}.
 *
 * <p>{@code --times FILE} appends, per kernel after the first, the time from {@code compile(...)} to its first result
 * (nanoseconds, one {@code name<TAB>ns} line each), so many runs give the distribution of a cached kernel's cost in a
 * fresh JVM once the process's one-time set-up (FFM, SHA-256, ...) is paid by the first. With {@code --cpu} a third
 * column gives the main thread's CPU time for the same span (steadier than wall on a loaded machine; the thread MXBean
 * it needs costs the process a few milliseconds, so leave it off when timing the whole process).
 *
 * <pre>java -cp kiln-runtime.jar:bench/classes dev.kiln.bench.WarmStart --cache DIR [--kernels 10] [--times FILE [--cpu]]</pre>
 */
public final class WarmStart {
    public static void main(String[] args) throws Throwable {
        Path cache = null;
        Path times = null;
        int count = 11;
        boolean cpu = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cache" -> cache = Path.of(args[++i]);
                case "--kernels" -> count = Integer.parseInt(args[++i]);
                case "--times" -> times = Path.of(args[++i]);
                case "--cpu" -> cpu = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (cache == null) throw new IllegalArgumentException("--cache DIR is required");
        Kiln kiln = Kiln.create(KilnConfig.fromEnvironment().withCachePath(List.of(cache)).withStrict(true));
        SuiteData d = new SuiteData(1024);
        List<String> names = List.of("sum", "dot", "saxpy", "clip", "polyHorner", "interp", "histogram", "matmul",
                "expLog", "add", "sumSmall").subList(0, Math.min(count, 11));
        double check = 0;
        long[] firstResult = new long[names.size()];
        long[] firstCpu = new long[names.size()];
        java.lang.management.ThreadMXBean threads = cpu ? java.lang.management.ManagementFactory.getThreadMXBean() : null;
        int k = 0;
        for (String name : names) {
            long t0 = System.nanoTime();
            long c0 = threads == null ? 0 : threads.getCurrentThreadCpuTime();
            MethodHandle mh = kiln.compile(Kernels.class, name);
            check += switch (name) {
                case "sum" -> (double) mh.invokeExact(d.a);
                case "dot" -> (double) mh.invokeExact(d.a, d.b);
                case "saxpy" -> {
                    mh.invokeExact(1e-6f, d.fx, d.fy);
                    yield d.fy[0];
                }
                case "clip" -> (int) mh.invokeExact(d.a, -1.0, 1.0, d.out);
                case "polyHorner" -> (double) mh.invokeExact(d.b, d.coeffs, d.out);
                case "interp" -> (double) mh.invokeExact(d.xs, d.ys, d.q, d.out);
                case "histogram" -> (int) mh.invokeExact(d.a, -3.0, 3.0, d.counts);
                case "matmul" -> {
                    mh.invokeExact(d.ma, d.mb, d.mc, 16);
                    yield d.mc[0];
                }
                case "expLog" -> (double) mh.invokeExact(d.b, d.out);
                case "add" -> (int) mh.invokeExact(2, 3);
                case "sumSmall" -> (int) mh.invokeExact(new int[]{1, 2, 3});
                default -> throw new IllegalStateException(name);
            };
            firstResult[k] = System.nanoTime() - t0;
            if (threads != null) firstCpu[k] = threads.getCurrentThreadCpuTime() - c0;
            k++;
        }
        if (kiln.stats().compiles() != 0) throw new IllegalStateException("compiled in a warm-start run");
        System.out.printf("%d kernels, checksum %.6f%n", names.size(), check);
        if (times != null) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < names.size(); i++) {
                sb.append(names.get(i)).append('\t').append(firstResult[i]);
                if (threads != null) sb.append('\t').append(firstCpu[i]);
                sb.append('\n');
            }
            java.nio.file.Files.writeString(times, sb, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }
}
