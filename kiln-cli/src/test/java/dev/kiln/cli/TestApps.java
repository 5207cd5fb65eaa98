package dev.kiln.cli;

import dev.kiln.Kernel;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Small applications for the tests, compiled from source with the system Java compiler. */
final class TestApps {
    private TestApps() {
    }

    /** Where kiln-runtime's classes are (a jar or target/classes). */
    static Path runtimeLocation() {
        try {
            return Path.of(Kernel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles {@code sources} (binary class name → source) into {@code out} against kiln-runtime. */
    static Path compile(Path out, Map<String, String> sources) {
        try {
            Path src = Files.createTempDirectory(out.getParent(), "src");
            List<String> args = new ArrayList<>(List.of("--release", "25", "-g", "-d", out.toString(),
                    "-cp", runtimeLocation().toString(), "-proc:none"));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
                args.add(f.toString());
            }
            Files.createDirectories(out);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream diag = new ByteArrayOutputStream();
            int rc = javac.run(null, diag, diag, args.toArray(String[]::new));
            if (rc != 0) throw new IllegalStateException("javac failed:\n" + diag);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Packs a class directory into a jar; a jar already (as under {@code mvn verify}) is copied as it is. */
    static Path jar(Path classes, Path jar) {
        if (Files.isRegularFile(classes)) {
            try {
                return Files.copy(classes, jar);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os);
             Stream<Path> s = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                jos.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(p));
                jos.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loss-style application: two kernels sharing a callee in another class, plus a plain static method. */
    static Map<String, String> lossApp(String clipBody) {
        return Map.of(
                "app.Main", MAIN,
                "app.Losses", """
                        package app;
                        import dev.kiln.Kernel;
                        public final class Losses {
                            @Kernel
                            public static double layer(double[] loss, double attachment, double limit) {
                                double sum = 0;
                                for (int i = 0; i < loss.length; i++) sum += Clip.clip(loss[i] - attachment, 0, limit);
                                return sum;
                            }
                            @Kernel
                            public static long count(int[] xs, int threshold) {
                                long n = 0;
                                for (int x : xs) if (x > threshold) n++;
                                return n;
                            }
                            public static int notAKernel(int x) { return x + 1; }
                            public int instanceMethod() { return 1; }
                        }
                        """,
                "app.Clip", """
                        package app;
                        public final class Clip {
                            public static double clip(double x, double lo, double hi) {
                                %s
                            }
                        }
                        """.formatted(clipBody));
    }

    static final String CLIP = "return x < lo ? lo : (x > hi ? hi : x);";
    /** Same results, different byte code: still a different kernel for the cache. */
    static final String CLIP_CHANGED = "return x <= lo ? lo : (x >= hi ? hi : x);";

    /** A main that runs both kernels through Kiln and checks them against plain Java; exit 1 on a difference. */
    static final String MAIN = """
            package app;
            import dev.kiln.Kiln;
            import java.lang.invoke.MethodHandle;
            public final class Main {
                public static void main(String[] args) throws Throwable {
                    Kiln kiln = Kiln.create();
                    MethodHandle layer = kiln.compile(Losses.class, "layer");
                    MethodHandle count = kiln.compile(Losses.class, "count");
                    double[] loss = new double[10_000];
                    int[] xs = new int[10_000];
                    for (int i = 0; i < loss.length; i++) {
                        loss[i] = (i * 37 % 101) * 1.5;
                        xs[i] = i * 7919 % 1000;
                    }
                    double got = (double) layer.invokeExact(loss, 10.0, 50.0);
                    double want = Losses.layer(loss, 10.0, 50.0);
                    long gotN = (long) count.invokeExact(xs, 500);
                    long wantN = Losses.count(xs, 500);
                    System.out.println("layer " + got + " (java " + want + ")");
                    System.out.println("count " + gotN + " (java " + wantN + ")");
                    boolean ok = Double.doubleToRawLongBits(got) == Double.doubleToRawLongBits(want) && gotN == wantN;
                    System.out.println(ok ? "RESULTS OK" : "RESULTS DIFFER");
                    System.exit(ok ? 0 : 1);
                }
            }
            """;
}
