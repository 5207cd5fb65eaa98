package dev.kiln.bench;

import dev.kiln.CompileOptions;
import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.KernelLowering;
import dev.kiln.model.KernelGraph;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;

/**
 * How much of a jar Kiln's front end accepts: every public static method whose parameters and result are primitives
 * or primitive arrays (the methods a numeric user could call as a kernel), lowered to LLVM IR; a refusal is counted
 * by its construct. {@code CorpusCoverage JAR [--list]}. This counts what compiles; {@code CorpusCoverage JAR --check}
 * counts what matches: each method is compiled and run against HotSpot on generated inputs ({@link CorpusRunner}, no
 * timing; the jar must be on the class path), one row per method.
 */
public final class CorpusCoverage {
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        boolean list = args.length > 1 && args[1].equals("--list");
        if (args.length > 1 && args[1].equals("--check")) {
            check(jar);
            return;
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, CorpusCoverage.class.getClassLoader());
        int candidates = 0, compiled = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        for (String cls : classes(jar)) {
            Class<?> c;
            try {
                c = Class.forName(cls, false, loader);
            } catch (Throwable e) {
                continue;
            }
            if (!Modifier.isPublic(c.getModifiers())) continue;
            for (Method m : c.getDeclaredMethods()) {
                if (!candidate(m)) continue;
                candidates++;
                String id = cls + "." + m.getName() + java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
                try {
                    KernelGraph g = KernelGraph.of(loader, cls.replace('.', '/'), m.getName(),
                            java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString());
                    KernelLowering.lower(g, CompileOptions.DEFAULT, "kiln_probe");
                    compiled++;
                    if (list) System.out.println("OK      " + id);
                } catch (UnsupportedConstructException e) {
                    String why = e.construct().replaceAll("\\s*\\(.*", "").replaceAll(" of [^ ]+$", "");
                    reasons.merge(why.length() > 70 ? why.substring(0, 70) : why, 1, Integer::sum);
                    if (list) System.out.println("REFUSED " + id + ": " + e.construct());
                } catch (Throwable e) {
                    reasons.merge("error: " + e.getClass().getSimpleName(), 1, Integer::sum);
                    if (list) System.out.println("ERROR   " + id + ": " + e);
                }
            }
        }
        System.out.printf("%s: %d of %d candidate methods compile (%.0f%%)%n", jar.getFileName(), compiled, candidates,
                100.0 * compiled / Math.max(1, candidates));
        List<Map.Entry<String, Integer>> top = new ArrayList<>(reasons.entrySet());
        top.sort((a, b) -> b.getValue() - a.getValue());
        for (var e : top.subList(0, Math.min(15, top.size()))) System.out.printf("  %4d  %s%n", e.getValue(), e.getKey());
    }

    /** Public static, not synthetic, parameters and result primitives or primitive arrays. */
    static boolean candidate(Method m) {
        if (!Modifier.isStatic(m.getModifiers()) || !Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) return false;
        if (!numeric(m.getReturnType(), true)) return false;
        for (Class<?> p : m.getParameterTypes()) if (!numeric(p, false)) return false;
        return true;
    }

    static boolean numeric(Class<?> t, boolean result) {
        if (t == void.class) return result;
        while (t.isArray()) t = t.getComponentType();
        return t.isPrimitive() && t != void.class;
    }

    private static void check(Path jar) throws IOException {
        Path dir = java.nio.file.Files.createTempDirectory("kiln-corpus-check");
        Path tsv = dir.resolve("check.tsv");
        new CorpusRunner(jar.getFileName().toString(), tsv, dir.resolve("state"),
                new CorpusRunner.Settings(false, false, 0, 0)).run(List.of(jar));
        Map<String, Integer> by = new TreeMap<>();
        List<String> rows = java.nio.file.Files.readAllLines(tsv);
        for (String r : rows.subList(1, rows.size())) {
            String[] f = r.split("\t", -1);
            by.merge(f[2], 1, Integer::sum);
            if (!f[2].equals("matched") && !f[2].equals("refused")) System.out.println(f[2] + "  " + f[1] + "  " + f[10]);
        }
        int n = rows.size() - 1, refused = by.getOrDefault("refused", 0), matched = by.getOrDefault("matched", 0);
        System.out.printf("%s: %d candidates, %d compile, %d match HotSpot on every generated input (%s)%n",
                jar.getFileName(), n, n - refused - by.getOrDefault("compile-error", 0), matched, by);
    }

    static List<String> classes(Path jar) throws IOException {
        List<String> out = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            f.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && !n.contains("$") && !n.startsWith("META-INF"))
                    .forEach(n -> out.add(n.substring(0, n.length() - 6).replace('/', '.')));
        }
        return out;
    }
}
