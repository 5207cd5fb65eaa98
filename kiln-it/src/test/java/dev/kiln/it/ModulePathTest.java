package dev.kiln.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Kiln's jars on the module path, as named modules, with an application module of kernels: the API, the agent's
 * rewritten call sites (their bootstrap in {@code dev.kiln.runtime.link}), tables and kernel objects (read through the
 * package the application opens to {@code dev.kiln.runtime}), the compiler found through {@code provides}, native
 * access granted to named modules only, and internal packages closed to the application.
 */
class ModulePathTest {
    private static final String MODULE_INFO = """
            module demo.app {
                requires dev.kiln.runtime;
                opens demo to dev.kiln.runtime;   // static tables, kernel objects' fields
            }
            """;
    private static final String KERNELS = """
            package demo;
            import dev.kiln.Kernel;
            public final class Kernels {
                private static final double[] W = {0.5, -0.25, 2.0};
                private Kernels() {}
                @Kernel
                public static double layer(double[] loss, double a, double l) {
                    double t = 0;
                    for (double x : loss) t += Math.min(Math.max(x - a, 0.0), l);
                    return t;
                }
                @Kernel
                public static double weighted(double[] x) {
                    double t = 0;
                    for (int i = 0; i < x.length; i++) t += x[i] * W[i % W.length];
                    return t;
                }
                @Kernel
                public static int pick(int[] a, int i) {
                    return a[i] / (i - 1);
                }
            }
            """;
    private static final String SCALE = """
            package demo;
            import dev.kiln.Kernel;
            public class Scale {
                private final double f;
                public Scale(double f) { this.f = f; }
                @Kernel
                public double at(double x) { return f * x + 1.0; }
            }
            """;
    /** Through the API; prints each result next to HotSpot's (bits), and what the module system says of Kiln. */
    private static final String API_MAIN = """
            package demo;
            import dev.kiln.Kiln;
            import java.lang.invoke.MethodHandle;
            public final class ApiMain {
                public static void main(String[] args) throws Throwable {
                    Kiln k = Kiln.create();
                    double[] loss = {5, 50, 500, -0.0, Double.NaN, 1e308};
                    MethodHandle layer = k.compile(Kernels.class, "layer");
                    System.out.println("layer " + bits((double) layer.invokeExact(loss, 10.0, 100.0)) + " "
                            + bits(Kernels.layer(loss, 10.0, 100.0)));
                    double[] x = {1, 2, 3, 4, Double.MIN_VALUE, -7};
                    MethodHandle weighted = k.compile(Kernels.class, "weighted");
                    System.out.println("weighted " + bits((double) weighted.invokeExact(x)) + " " + bits(Kernels.weighted(x)));
                    MethodHandle pick = k.compile(Kernels.class, "pick");
                    for (int i : new int[] {0, 1, 2, 5, -1}) {
                        System.out.println("pick " + i + " " + outcome(() -> (int) pick.invokeExact(new int[] {7, 8, 9}, i))
                                + " | " + outcome(() -> Kernels.pick(new int[] {7, 8, 9}, i)));
                    }
                    Scale s = new Scale(3.0);
                    MethodHandle at = k.compile(s, "at");
                    System.out.println("at " + bits((double) at.invokeExact(2.5)) + " " + bits(s.at(2.5)));
                    Module kiln = Kiln.class.getModule();
                    Module app = ApiMain.class.getModule();
                    System.out.println("named " + kiln.getName() + " " + app.getName());
                    for (String p : new String[] {"dev.kiln", "dev.kiln.spi", "dev.kiln.runtime.link", "dev.kiln.model",
                            "dev.kiln.runtime", "dev.kiln.runtime.cache", "dev.kiln.runtime.abi"}) {
                        System.out.println("exported " + p + " " + kiln.isExported(p, app));
                    }
                    try {
                        Class.forName("dev.kiln.runtime.cache.KilnCache").getMethod("open", Class.forName("dev.kiln.KilnConfig"))
                                .invoke(null, dev.kiln.KilnConfig.defaults());
                        System.out.println("reflection reached KilnCache.open");
                    } catch (IllegalAccessException e) {
                        System.out.println("reflection refused " + e.getClass().getSimpleName());
                    }
                }
                interface Call { int run() throws Throwable; }
                static String outcome(Call c) {
                    try { return "= " + c.run(); } catch (Throwable t) { return t.getClass().getName() + ": " + t.getMessage(); }
                }
                static String bits(double d) { return Long.toHexString(Double.doubleToRawLongBits(d)); }
            }
            """;
    /** Calls the kernels directly: under the agent, each is an invokedynamic bootstrapped by KernelLinker. */
    private static final String DIRECT_MAIN = """
            package demo;
            public final class DirectMain {
                public static void main(String[] args) {
                    double[] loss = {5, 50, 500, -0.0, Double.NaN, 1e308};
                    System.out.println("layer " + Long.toHexString(Double.doubleToRawLongBits(Kernels.layer(loss, 10.0, 100.0))));
                    System.out.println("at " + Long.toHexString(Double.doubleToRawLongBits(new Scale(3.0).at(2.5))));
                }
            }
            """;
    private static final String NATIVE_ACCESS = "--enable-native-access=dev.kiln.runtime,org.bytedeco.javacpp,org.bytedeco.llvm";

    @TempDir
    static Path shared;
    static Path app;
    static List<String> kilnModules;

    @BeforeAll
    static void compileApplication() throws IOException {
        kilnModules = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("kiln-runtime") || e.contains("kiln-compiler") || e.contains("/org/bytedeco/"))
                .filter(e -> !e.contains("test-classes"))
                .toList();
        assertEquals(6, kilnModules.size(), "runtime, compiler, llvm and javacpp (each with its linux-x86_64 jar): " + kilnModules);
        app = shared.resolve("app");
        List<String> errors = javac(Map.of("module-info.java", MODULE_INFO, "demo/Kernels.java", KERNELS,
                "demo/Scale.java", SCALE, "demo/ApiMain.java", API_MAIN, "demo/DirectMain.java", DIRECT_MAIN), app);
        assertEquals(List.of(), errors);
    }

    @Test
    void kernelsCompileAndRunWithKilnAsNamedModules() throws Exception {
        Path cache = shared.resolve("cache-api");
        Jvm.Result r = run(cache, List.of(NATIVE_ACCESS), modulePath(true), "demo.ApiMain").ok();
        for (String kernel : List.of("layer", "weighted", "at")) {
            List<String> line = r.out().lines().filter(l -> l.startsWith(kernel + " ")).toList();
            assertEquals(1, line.size(), r.toString());
            String[] f = line.getFirst().split(" ");
            assertEquals(f[2], f[1], kernel + ": native bits equal HotSpot's: " + r);
        }
        List<String> picks = r.out().lines().filter(l -> l.startsWith("pick ")).toList();
        assertEquals(5, picks.size(), r.toString());
        for (String p : picks) {
            String[] halves = p.substring(p.indexOf(' ', 5) + 1).split(" \\| ");
            assertEquals(halves[1], halves[0], "same result or exception and message as HotSpot: " + p);
        }
        assertTrue(r.out().contains("pick 1 java.lang.ArithmeticException: / by zero"), r.out());
        assertTrue(r.out().contains("pick 5 java.lang.ArrayIndexOutOfBoundsException: Index 5 out of bounds for length 3"), r.out());
        // Four kernels compiled by dev.kiln.compiler, which only the runtime's `uses` brought into the module graph.
        assertEquals(4, r.err().lines().filter(l -> l.startsWith("kiln: info:") && l.contains(" compiled for ")).count(), r.err());

        assertTrue(r.out().contains("named dev.kiln.runtime demo.app\n"), r.out());
        for (String p : List.of("dev.kiln", "dev.kiln.spi", "dev.kiln.runtime.link")) {
            assertTrue(r.out().contains("exported " + p + " true\n"), p + ": " + r.out());
        }
        for (String p : List.of("dev.kiln.model", "dev.kiln.runtime", "dev.kiln.runtime.cache", "dev.kiln.runtime.abi")) {
            assertTrue(r.out().contains("exported " + p + " false\n"), p + ": " + r.out());
        }
        assertTrue(r.out().contains("reflection refused IllegalAccessException\n"), r.out());
        assertNoNativeAccessWarning(r);

        // The runtime alone (no compiler, no LLVM) serves the entries, strict, with native access for itself only.
        r = run(cache, List.of("--enable-native-access=dev.kiln.runtime", "-Dkiln.strict=true"), modulePath(false),
                "demo.ApiMain").ok();
        assertEquals(4, r.err().lines().filter(l -> l.contains(" served from cache ")).count(), r.toString());
        assertNoNativeAccessWarning(r);
    }

    @Test
    void theAgentsCallSitesLinkFromANamedModule() throws Exception {
        Path cache = shared.resolve("cache-agent");
        Path agent = AgentTest.agentJar(shared);
        Jvm.Result r = run(cache, List.of(NATIVE_ACCESS, "-javaagent:" + agent), modulePath(true), "demo.DirectMain").ok();
        double[] loss = {5, 50, 500, -0.0, Double.NaN, 1e308};
        double t = 0;
        for (double x : loss) t += Math.min(Math.max(x - 10.0, 0.0), 100.0);
        assertTrue(r.out().contains("layer " + Long.toHexString(Double.doubleToRawLongBits(t)) + "\n"), r.toString());
        assertTrue(r.out().contains("at " + Long.toHexString(Double.doubleToRawLongBits(3.0 * 2.5 + 1.0)) + "\n"), r.toString());
        // Natively: both compiled (a rewritten method that fell back to Java would say so with a warning).
        assertEquals(2, r.err().lines().filter(l -> l.startsWith("kiln: info:") && l.contains(" compiled for ")).count(), r.err());
        assertEquals(0, r.err().lines().filter(l -> l.startsWith("kiln: warn")).count(), r.err());
        assertNoNativeAccessWarning(r);
    }

    @Test
    void internalPackagesDoNotCompileInAnotherModule() throws IOException {
        String user = """
                package other;
                public final class Peek {
                    public static Object cache() { return dev.kiln.runtime.cache.KilnCache.open(dev.kiln.KilnConfig.defaults()); }
                    public static Object api() { return dev.kiln.Kiln.create(); }
                }
                """;
        List<String> errors = javac(Map.of("module-info.java", "module other { requires dev.kiln.runtime; }",
                "other/Peek.java", user), shared.resolve("other"));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.getFirst().contains("dev.kiln.runtime.cache")
                && errors.getFirst().contains("does not export it to module other"), errors.getFirst());
    }

    private static void assertNoNativeAccessWarning(Jvm.Result r) {
        assertFalse(r.err().contains("WARNING: A restricted method"), r.err());
        assertFalse(r.err().contains("WARNING: A native method"), r.err());
    }

    private static String modulePath(boolean withCompiler) {
        List<String> mp = new ArrayList<>();
        for (String e : kilnModules) {
            if (withCompiler || e.contains("kiln-runtime")) mp.add(e);
        }
        mp.add(app.toString());
        return String.join(File.pathSeparator, mp);
    }

    private static Jvm.Result run(Path cache, List<String> jvmArgs, String modulePath, String main)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-Dkiln.cache.path=" + cache, "-Dkiln.log=info", "-p", modulePath, "-m", "demo.app/" + main));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("KILN_") || k.equals("JDK_JAVA_OPTIONS"));
        return Jvm.Result.await(pb.start(), 240);
    }

    /** Compiles a module's sources against Kiln's modules; returns the error messages. */
    private static List<String> javac(Map<String, String> sources, Path out) throws IOException {
        Path src = out.resolveSibling(out.getFileName() + "-src");
        List<Path> files = new ArrayList<>();
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, null)) {
            String mp = kilnModules.stream().filter(e -> e.contains("kiln-runtime")).collect(Collectors.joining(File.pathSeparator));
            // An empty class path: javac run in this JVM would otherwise see Kiln's classes on this test's class path.
            Path none = Files.createDirectories(out.resolveSibling("empty-class-path"));
            javac.getTask(null, fm, diags, List.of("-p", mp, "-cp", none.toString(), "-d", out.toString()), null,
                            fm.getJavaFileObjectsFromPaths(files))
                    .call();
        }
        return diags.getDiagnostics().stream().filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(null)).toList();
    }
}
