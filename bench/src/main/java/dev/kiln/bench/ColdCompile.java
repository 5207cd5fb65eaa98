package dev.kiln.bench;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.KilnCompiler;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.KernelGraph;
import dev.kiln.runtime.bind.NativeBinder;
import dev.kiln.spi.CompiledKernel;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cold compile time per kernel, by phase, in one JVM after LLVM is loaded (not JMH: every compile is a first compile
 * of that symbol). Each kernel is compiled {@code --runs} times, round-robin over the kernels so that machine noise
 * spreads evenly; the library is then written and bound with {@link NativeBinder#bind}. LLVM's one-time load and
 * the very first compile of the process (cold JIT of the compiler itself) are reported on their own.
 *
 * <pre>java -cp … dev.kiln.bench.ColdCompile [--runs 20] [--fast-math] [--target x86-64-v3] [--out file.tsv]
 *      [--class dev.kiln.bench.Kernels]…</pre>
 * The TSV has one row per kernel and phase: kernel, phase, median_ns, p95_ns, samples.
 */
public final class ColdCompile {
    static final List<String> PHASES = List.of("graph", "frontEnd", "llvmParse", "optimise", "codegen", "link", "load", "total");

    public static void main(String[] args) throws IOException {
        int runs = 20;
        boolean fast = false;
        String target = "x86-64-v3";
        Path out = null;
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--fast-math" -> fast = true;
                case "--target" -> target = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--class" -> classes.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (classes.isEmpty()) classes.add(Kernels.class.getName());
        PrintStream o = System.out;

        long t0 = System.nanoTime();
        long llvmInit = LlvmDriver.ensureLoaded();
        long llvmWall = System.nanoTime() - t0;
        o.printf("LLVM %s load: %s ms wall (%s ms in target initialisation)%n", LlvmDriver.version(),
                Stats.ms(llvmWall), Stats.ms(llvmInit));

        List<Method> kernels = KernelList.of(classes, ColdCompile.class.getClassLoader());
        CompileOptions options = CompileOptions.DEFAULT.withFastMath(fast);
        Target tgt = Target.parse(target);
        KilnCompiler compiler = new KilnCompiler();
        Path dir = Files.createTempDirectory("kiln-cold-");
        Map<String, Map<String, long[]>> samples = new LinkedHashMap<>();
        for (Method m : kernels) {
            Map<String, long[]> byPhase = new LinkedHashMap<>();
            for (String p : PHASES) byPhase.put(p, new long[runs]);
            samples.put(KernelList.label(m), byPhase);
        }
        Map<String, String> failed = new LinkedHashMap<>();
        long firstCompile = -1;
        for (int r = 0; r < runs; r++) {
            for (int k = 0; k < kernels.size(); k++) {
                Method m = kernels.get(k);
                String label = KernelList.label(m);
                if (failed.containsKey(label)) continue;
                Map<String, long[]> s = samples.get(label);
                String symbol = "kiln_cold_" + k + "_" + r;
                try {
                    long a = System.nanoTime();
                    KernelGraph graph = KernelGraph.of(m.getDeclaringClass(), m.getName(),
                            MethodType.methodType(m.getReturnType(), m.getParameterTypes()));
                    long b = System.nanoTime();
                    CompiledKernel ck = compiler.compile(graph, options, tgt, symbol);
                    long c = System.nanoTime();
                    Path lib = dir.resolve(symbol + ".so");
                    Files.write(lib, ck.library());
                    NativeBinder.bind(lib, ck.abi()).handle();
                    long d = System.nanoTime();
                    if (firstCompile < 0) firstCompile = d - a;
                    s.get("graph")[r] = b - a;
                    for (String p : List.of("frontEnd", "llvmParse", "optimise", "codegen", "link")) {
                        s.get(p)[r] = ck.phaseNanos().getOrDefault(p, -1L);
                    }
                    s.get("load")[r] = d - c;
                    s.get("total")[r] = d - a;
                } catch (RuntimeException e) {
                    failed.put(label, e.toString());
                }
            }
        }
        o.printf("first compile in this JVM (cold JIT of the compiler): %s ms%n", Stats.ms(firstCompile));
        o.printf("%d runs per kernel, options %s, target %s; milliseconds, median / p95%n", runs, options, tgt);
        StringBuilder head = new StringBuilder(String.format("%-28s", "kernel"));
        for (String p : PHASES) head.append(String.format(" %17s", p));
        o.println(head);
        StringBuilder tsv = new StringBuilder("kernel\tphase\tmedian_ns\tp95_ns\tsamples\n");
        tsv.append("_llvm\tload\t").append(llvmWall).append('\t').append(llvmWall).append("\t1\n");
        tsv.append("_first\ttotal\t").append(firstCompile).append('\t').append(firstCompile).append("\t1\n");
        List<Long> allTotals = new ArrayList<>();
        for (var e : samples.entrySet()) {
            if (failed.containsKey(e.getKey())) {
                o.printf("%-28s FAILED: %s%n", e.getKey(), failed.get(e.getKey()));
                tsv.append(e.getKey()).append("\tfailed\t-1\t-1\t0\n");
                continue;
            }
            StringBuilder line = new StringBuilder(String.format("%-28s", e.getKey()));
            for (String p : PHASES) {
                long[] v = e.getValue().get(p);
                long med = Stats.median(v), p95 = Stats.percentile(v, 95);
                line.append(String.format(" %8s/%8s", Stats.ms(med), Stats.ms(p95)));
                tsv.append(e.getKey()).append('\t').append(p).append('\t').append(med).append('\t').append(p95)
                        .append('\t').append(v.length).append('\n');
            }
            for (long t : e.getValue().get("total")) allTotals.add(t);
            o.println(line);
        }
        long[] all = allTotals.stream().mapToLong(Long::longValue).toArray();
        o.printf("all kernels: total median %s ms, p95 %s ms (%d compiles, %d kernels failed)%n",
                Stats.ms(Stats.median(all)), Stats.ms(Stats.percentile(all, 95)), all.length, failed.size());
        tsv.append("_all\ttotal\t").append(Stats.median(all)).append('\t').append(Stats.percentile(all, 95))
                .append('\t').append(all.length).append('\n');
        if (out != null) Files.writeString(out, tsv);
        if (!failed.isEmpty() && failed.size() == kernels.size()) System.exit(3);
    }
}
