package dev.kiln.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static dev.kiln.it.MavenPluginTest.java;
import static dev.kiln.it.MavenPluginTest.proc;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The distribution as a user unpacks it: {@code java --enable-native-access=ALL-UNNAMED
 * -javaagent:lib/kiln-agent.jar -cp app.jar Main}, with nothing of Kiln on the class path, compiles the kernel on the
 * first run and is served from the cache, strict, on the second; {@code bin/kiln} works from the unpacked folder.
 */
class DistributionTest {
    private static final String VERSION = MavenPluginTest.VERSION;

    @TempDir
    Path tmp;

    @Test
    void theAgentAloneBringsKilnAndBinKilnRunsFromTheTarball() throws Exception {
        Path tarball = Path.of(System.getProperty("kiln.dist", "../kiln-dist/target/kiln-" + VERSION + ".tar.gz"));
        assertTrue(Files.isRegularFile(tarball), "the distribution is built at package: " + tarball.toAbsolutePath());
        MavenPluginTest.Proc untar = proc(tmp, List.of("tar", "-xzf", tarball.toAbsolutePath().toString()));
        assertEquals(0, untar.exit(), untar.out());
        Path home = tmp.resolve("kiln-" + VERSION);
        Path agent = home.resolve("lib/kiln-agent.jar");

        // Every jar the agent's Class-Path names is in lib/ beside it.
        String classPath;
        try (JarFile jar = new JarFile(agent.toFile())) {
            classPath = jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        }
        assertNotNull(classPath);
        List<String> named = List.of(classPath.trim().split(" +"));
        assertTrue(named.contains("kiln-runtime-" + VERSION + ".jar") && named.contains("kiln-compiler-" + VERSION + ".jar")
                && named.stream().anyMatch(n -> n.startsWith("llvm-") && n.endsWith("-linux-x86_64.jar")), classPath);
        for (String n : named) assertTrue(Files.isRegularFile(home.resolve("lib").resolve(n)), n + " missing from lib/");

        Path app = appJar(home.resolve("lib/kiln-runtime-" + VERSION + ".jar"));
        Path cache = tmp.resolve("cache");
        List<String> command = List.of(java(), "--enable-native-access=ALL-UNNAMED", "-javaagent:" + agent,
                "-Dkiln.cache.path=" + cache, "-Dkiln.stats.file=" + tmp.resolve("first.json"), "-cp", app.toString(), "Main");
        MavenPluginTest.Proc first = proc(tmp, command);
        assertEquals(0, first.exit(), first.out());
        assertEquals(expected(), first.out(), "no warnings, HotSpot's results");
        Jvm.Stats s = Jvm.Stats.read(tmp.resolve("first.json"));
        assertEquals(1, s.compiles(), s.toString());

        MavenPluginTest.Proc second = proc(tmp, List.of(java(), "--enable-native-access=ALL-UNNAMED", "-javaagent:" + agent,
                "-Dkiln.strict=true", "-Dkiln.cache.path=" + cache, "-Dkiln.stats.file=" + tmp.resolve("second.json"),
                "-cp", app.toString(), "Main"));
        assertEquals(0, second.exit(), second.out());
        assertEquals(expected(), second.out());
        s = Jvm.Stats.read(tmp.resolve("second.json"));
        assertEquals(1, s.hits(), s.toString());
        assertEquals(0, s.compiles(), s.toString());

        // bin/kiln from the unpacked distribution (finds the JDK through JAVA_HOME, no Maven): verify passes on it.
        MavenPluginTest.Proc verify = proc(tmp, List.of(home.resolve("bin/kiln").toString(), "verify",
                "--classpath", app.toString(), "--cache", cache.toString()));
        assertEquals(0, verify.exit(), verify.out());
        assertTrue(verify.out().contains("Main#layer"), verify.out());
    }

    /** What Main prints: computed here by the same loop on HotSpot, as the kernel's reference. */
    private static String expected() {
        double[] x = data();
        double total = 0;
        for (double v : x) total += Math.min(Math.max(v - 12.5, 0.0), 100);
        return "layer " + total + "\n";
    }

    private static double[] data() {
        double[] d = new double[1001];
        for (int i = 0; i < d.length; i++) d[i] = (i * 7.31) % 230 - 20;
        d[8] = Double.POSITIVE_INFINITY;
        d[9] = -0.0;
        return d;
    }

    private static final String MAIN = """
            import dev.kiln.Kernel;
            public final class Main {
                @Kernel public static double layer(double[] x, double a, double limit) {
                    double t = 0;
                    for (double v : x) t += Math.min(Math.max(v - a, 0.0), limit);
                    return t;
                }
                public static void main(String[] args) {
                    double[] d = new double[1001];
                    for (int i = 0; i < d.length; i++) d[i] = (i * 7.31) % 230 - 20;
                    d[8] = Double.POSITIVE_INFINITY; d[9] = -0.0;
                    System.out.println("layer " + layer(d, 12.5, 100));
                }
            }
            """;

    /** Main compiled against kiln-runtime (for {@code @Kernel}) into app.jar, which holds Main only. */
    private Path appJar(Path runtime) throws Exception {
        Path src = Files.writeString(Files.createDirectories(tmp.resolve("src")).resolve("Main.java"), MAIN);
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, OutputStream.nullOutputStream(), err, "--release", "25",
                "-cp", runtime.toString(), "-d", classes.toString(), src.toString());
        assertEquals(0, rc, err.toString());
        Path jar = tmp.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest())) {
            out.putNextEntry(new JarEntry("Main.class"));
            out.write(Files.readAllBytes(classes.resolve("Main.class")));
            out.closeEntry();
        }
        return jar;
    }
}
