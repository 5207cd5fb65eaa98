package dev.kiln.bench;

import dev.kiln.Kiln;
import dev.kiln.model.KernelGraph;
import dev.kiln.KilnConfig;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Warm load per kernel from a baked cache in a JVM that has no compiler and never loads LLVM (class path:
 * kiln-runtime and the kernels only; strict mode, so a miss is an error, not a compile). Reports per kernel the
 * first load in this JVM, then {@code --repeat} more loads each through a new {@link Kiln}; and the cost of
 * building the kernel graph (class-file reading, the input of the cache key).
 *
 * <pre>java -cp kiln-runtime.jar:bench/classes dev.kiln.bench.WarmLoad --cache DIR [--repeat 20] [--out f.tsv]</pre>
 */
public final class WarmLoad {
    public static void main(String[] args) throws IOException {
        Path cache = null;
        Path out = null;
        int repeat = 20;
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cache" -> cache = Path.of(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--class" -> classes.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (cache == null) throw new IllegalArgumentException("--cache DIR is required");
        if (classes.isEmpty()) classes.add(Kernels.class.getName());
        requireNoCompiler();
        KilnConfig config = KilnConfig.fromEnvironment().withCachePath(List.of(cache)).withStrict(true);
        List<Method> kernels = KernelList.of(classes, WarmLoad.class.getClassLoader());
        long[] first = new long[kernels.size()];
        long[] again = new long[kernels.size() * repeat];
        long[] graph = new long[kernels.size() * repeat];
        Kiln kiln = Kiln.create(config);
        for (int k = 0; k < kernels.size(); k++) {
            Method m = kernels.get(k);
            long t = System.nanoTime();
            kiln.compile(m.getDeclaringClass(), m.getName(), CacheBake.type(m));
            first[k] = System.nanoTime() - t;
        }
        for (int r = 0; r < repeat; r++) {
            Kiln fresh = Kiln.create(config);
            for (int k = 0; k < kernels.size(); k++) {
                Method m = kernels.get(k);
                long t = System.nanoTime();
                fresh.compile(m.getDeclaringClass(), m.getName(), CacheBake.type(m));
                again[r * kernels.size() + k] = System.nanoTime() - t;
                t = System.nanoTime();
                KernelGraph.of(m.getDeclaringClass(), m.getName(), CacheBake.type(m));
                graph[r * kernels.size() + k] = System.nanoTime() - t;
            }
        }
        if (kiln.stats().compiles() != 0) throw new IllegalStateException("compiled in a warm-load run");
        requireNoCompiler();
        StringBuilder tsv = new StringBuilder("measure\tmedian_ns\tp95_ns\tsamples\n");
        row(tsv, "firstLoad", first);
        row(tsv, "repeatLoad", again);
        row(tsv, "kernelGraph", graph);
        System.out.printf("warm load, %d kernels, LLVM never loaded: first in JVM median %s ms p95 %s ms; "
                        + "again (new Kiln) median %s ms p95 %s ms; kernel graph median %s ms%n", kernels.size(),
                Stats.ms(Stats.median(first)), Stats.ms(Stats.percentile(first, 95)),
                Stats.ms(Stats.median(again)), Stats.ms(Stats.percentile(again, 95)), Stats.ms(Stats.median(graph)));
        if (out != null) Files.writeString(out, tsv);
    }

    private static void row(StringBuilder tsv, String name, long[] v) {
        tsv.append(name).append('\t').append(Stats.median(v)).append('\t').append(Stats.percentile(v, 95))
                .append('\t').append(v.length).append('\n');
    }

    /** The point of the measurement: no compiler and no LLVM in this JVM. */
    static void requireNoCompiler() {
        for (String c : List.of("dev.kiln.compiler.KilnCompiler", "org.bytedeco.llvm.global.LLVM")) {
            try {
                Class.forName(c, false, WarmLoad.class.getClassLoader());
                throw new IllegalStateException(c + " is on the class path: run with kiln-runtime only");
            } catch (ClassNotFoundException expected) {
                // good
            }
        }
    }
}
