package dev.kiln.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A small real Maven project built with kiln-maven-plugin (Maven run as a process): its classes rewritten at build
 * time, its kernels baked by {@code package}, then run from the jar with kiln-runtime alone, strict, on the baked
 * cache: served without compiling and equal to HotSpot. Kiln's artifacts go into a private local repository made
 * for the test; everything else is copied on demand from the shared one (a file:// mirror), which is never written.
 */
class MavenPluginTest {
    static final String VERSION = "0.1.0-SNAPSHOT";
    private static final List<String> MODULES = List.of("kiln-runtime", "kiln-compiler", "kiln-cli", "kiln-agent",
            "kiln-maven-plugin");

    @TempDir
    Path tmp;

    private Path repo;
    private Path settings;

    private void privateRepository() throws IOException {
        Maven m = privateRepository(tmp);
        repo = m.repo();
        settings = m.settings();
    }

    /** A private local repository and the settings that read the shared one for everything else. */
    record Maven(Path repo, Path settings) {
        Proc mvn(Path dir, String... goals) throws Exception {
            return MavenPluginTest.mvn(dir, settings, repo, goals);
        }
    }

    /**
     * Kiln's artifacts in a private local repository under {@code tmp}, laid out as {@code mvn install} would, and
     * settings mirroring the shared one for the rest.
     */
    static Maven privateRepository(Path tmp) throws IOException {
        Path shared = Path.of(System.getProperty("user.home"), ".m2", "repository");
        assumeTrue(Files.isDirectory(shared), "needs the Maven repository the build used");
        Path repo = tmp.resolve("repo");
        Path root = null;
        for (String module : MODULES) {
            Path jar = reactorJar(module);
            assumeTrue(jar != null, module + " is not a jar on the class path (run mvn verify)");
            root = jar.getParent().getParent().getParent();
            install(repo, module, jar, root.resolve(module).resolve("pom.xml"));
        }
        install(repo, "kiln-parent", null, root.resolve("pom.xml"));
        Path settings = Files.writeString(tmp.resolve("settings.xml"), """
                <settings><mirrors><mirror><id>shared</id><mirrorOf>*</mirrorOf><url>%s</url></mirror></mirrors></settings>
                """.formatted(shared.toUri()));
        return new Maven(repo, settings);
    }

    @Test
    void bakedAtPackageRewrittenAtBuildTimeAndServedStrictFromTheJar() throws Exception {
        privateRepository();
        Path app = tmp.resolve("app");
        Files.createDirectories(app.resolve("src/main/java/app"));
        Files.writeString(app.resolve("pom.xml"), POM.replace("@VERSION@", VERSION));
        Files.writeString(app.resolve("src/main/java/app/Main.java"), MAIN);

        Proc build = mvn(app, settings, repo, "package");
        assertEquals(0, build.exit, build.out);
        assertTrue(build.out.contains("kiln: rewrote 2 @Kernel methods in 1 class"), build.out);
        assertTrue(build.out.matches("(?s).*compiled\\s+2\\n.*failed\\s+0\\n.*"), build.out);
        Path jar = app.resolve("target/app-1.0.jar");
        Path cache = app.resolve("target/kiln-cache");
        assertTrue(Files.isRegularFile(jar) && Files.isDirectory(cache), build.out);

        // Run: kiln-runtime and the jar only, strict, the baked cache: no compile, HotSpot's results.
        Path stats = tmp.resolve("stats.json");
        Path runtime = repo.resolve("dev/kiln/kiln-runtime/" + VERSION + "/kiln-runtime-" + VERSION + ".jar");
        Proc run = proc(tmp, List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Dkiln.strict=true",
                "-Dkiln.cache.path=" + cache, "-Dkiln.stats.file=" + stats,
                "-cp", jar + File.pathSeparator + runtime, "app.Main"));
        assertEquals(0, run.exit, run.out);
        assertTrue(run.out.contains("layer OK") && run.out.contains("scaled OK"), run.out);
        Jvm.Stats s = Jvm.Stats.read(stats);
        assertEquals(2, s.hits(), s.toString());
        assertEquals(0, s.compiles(), s.toString());

        // The entries embedded in the jar serve it alone: java -jar, a fresh empty cache, strict, the jar copied elsewhere.
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path moved = Files.copy(jar, elsewhere.resolve("app.jar"));
        Files.copy(runtime, elsewhere.resolve("kiln-runtime.jar"));
        Path fresh = tmp.resolve("fresh-cache");
        Path embeddedStats = tmp.resolve("embedded.json");
        run = proc(tmp, List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Dkiln.strict=true",
                "-Dkiln.cache.path=" + fresh, "-Dkiln.stats.file=" + embeddedStats, "-jar", moved.toString()));
        assertEquals(0, run.exit, run.out);
        assertTrue(build.out.contains("kiln: embedded 2 cache entries in "), build.out);
        s = Jvm.Stats.read(embeddedStats);
        assertEquals(2, s.hits(), s.toString());
        assertEquals(0, s.compiles(), s.toString());

        // A fat jar (maven-shade-plugin after kiln's bake): application, kiln-runtime and the embedded entries in one.
        Path fat = copyProject(app, tmp.resolve("fat"));
        Files.writeString(fat.resolve("pom.xml"), Files.readString(fat.resolve("pom.xml")).replace("</plugins>", """
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-shade-plugin</artifactId><version>3.6.0</version>
                    <executions><execution><phase>package</phase><goals><goal>shade</goal></goals></execution></executions>
                  </plugin>
                </plugins>"""));
        Proc shaded = mvn(fat, settings, repo, "package");
        assertEquals(0, shaded.exit, shaded.out);
        Path fatJar = Files.copy(fat.resolve("target/app-1.0.jar"), Files.createDirectories(tmp.resolve("fat-run")).resolve("app.jar"));
        Path fatStats = tmp.resolve("fat.json");
        run = proc(tmp, List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Dkiln.strict=true",
                "-Dkiln.cache.path=" + tmp.resolve("fat-cache"), "-Dkiln.stats.file=" + fatStats, "-jar", fatJar.toString()));
        assertEquals(0, run.exit, run.out + "\n" + shaded.out);
        assertEquals(2, Jvm.Stats.read(fatStats).hits(), run.out);

        // verify: the baked target passes; a CPU the v2 entries cannot run on fails the build, naming the kernels.
        Proc ok = mvn(app, settings, repo, "dev.kiln:kiln-maven-plugin:" + VERSION + ":verify");
        assertEquals(0, ok.exit, ok.out);
        Proc missing = mvn(app, settings, repo, "dev.kiln:kiln-maven-plugin:" + VERSION + ":verify", "-Dkiln.targets=x86-64");
        assertNotEquals(0, missing.exit, missing.out);
        assertTrue(missing.out.contains("kiln verify failed"), missing.out);
        assertTrue(missing.out.contains("app.Main#layer") && missing.out.contains("target-not-runnable"), missing.out);

        // Signing: bake signs with a key; verify trusting that key passes, trusting another key fails.
        for (String name : List.of("ci", "other")) {
            assertEquals(0, dev.kiln.cli.KilnCli.run(new String[] {"keygen", tmp.resolve(name).toString()},
                    new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true)));
        }
        Proc signed = mvn(app, settings, repo, "package", "-Dkiln.signKey=" + tmp.resolve("ci.key"), "-Dkiln.embed=false");
        assertEquals(0, signed.exit, signed.out);
        Proc trusted = mvn(app, settings, repo, "dev.kiln:kiln-maven-plugin:" + VERSION + ":verify",
                "-Dkiln.trust=" + tmp.resolve("ci.pub"));
        assertEquals(0, trusted.exit, trusted.out);
        Proc untrusted = mvn(app, settings, repo, "dev.kiln:kiln-maven-plugin:" + VERSION + ":verify",
                "-Dkiln.trust=" + tmp.resolve("other.pub"));
        assertNotEquals(0, untrusted.exit, untrusted.out);
        assertTrue(untrusted.out.contains("kiln verify failed") && untrusted.out.contains("untrusted"), untrusted.out);

        // The same project packaged without rewriting, run with the agent instead: the same entries serve it.
        Path plainApp = copyProject(app, tmp.resolve("plain"));
        Proc plain = mvn(plainApp, settings, repo, "package", "-Dkiln.skip=true");
        assertEquals(0, plain.exit, plain.out);
        Path agentStats = tmp.resolve("agent.json");
        run = proc(tmp, List.of(java(), "--enable-native-access=ALL-UNNAMED", "-javaagent:" + AgentTest.agentJar(tmp),
                "-Dkiln.strict=true", "-Dkiln.cache.path=" + cache, "-Dkiln.stats.file=" + agentStats,
                "-cp", plainApp.resolve("target/app-1.0.jar") + File.pathSeparator + runtime, "app.Main"));
        assertEquals(0, run.exit, run.out);
        assertEquals(2, Jvm.Stats.read(agentStats).hits(), run.out);

        // A kernel edited after baking (rebuilt, baked elsewhere): strict names it; otherwise it runs as Java.
        Path edited = copyProject(app, tmp.resolve("edited"));
        Path src = edited.resolve("src/main/java/app/Main.java");
        Files.writeString(src, Files.readString(src).replace("Math.max(v - a, 0), 100)", "Math.max(v - a, 0), 90)"));
        Proc rebuilt = mvn(edited, settings, repo, "package", "-Dkiln.cacheDirectory=" + tmp.resolve("other-cache"),
                "-Dkiln.embed=false");
        assertEquals(0, rebuilt.exit, rebuilt.out);
        List<String> editedRun = List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Dkiln.cache.path=" + cache,
                "-cp", edited.resolve("target/app-1.0.jar") + File.pathSeparator + runtime, "app.Main");
        Proc strict = proc(tmp, with(editedRun, "-Dkiln.strict=true"));
        assertNotEquals(0, strict.exit, strict.out);
        assertTrue(strict.out.contains("kernel app.Main.layer([DD)D is not in the cache and strict mode forbids compiling:"
                + " inputs-changed"), strict.out);
        Proc fallback = proc(tmp, editedRun);
        assertEquals(0, fallback.exit, fallback.out);
        assertTrue(fallback.out.contains("layer OK") && fallback.out.contains("scaled OK"), fallback.out);
        assertEquals(1, fallback.out.lines().filter(l -> l.startsWith("kiln: warning: Main.layer([DD)D runs as Java: "))
                .count(), fallback.out);
        assertFalse(fallback.out.contains("Main.scaled"), "scaled is unchanged and still served: " + fallback.out);
    }

    @Test
    void instanceKernelsRewrittenBakedPerReceiverClassAndServedStrictFromTheJar() throws Exception {
        privateRepository();
        Path app = tmp.resolve("objects");
        Files.createDirectories(app.resolve("src/main/java/app"));
        Files.writeString(app.resolve("pom.xml"), POM.replace("@VERSION@", VERSION));
        Files.writeString(app.resolve("src/main/java/app/Main.java"), OBJECTS_MAIN);
        Files.writeString(app.resolve("src/main/java/app/Curve.java"), CURVE);
        Files.writeString(app.resolve("src/main/java/app/Smooth.java"), SMOOTH);

        Proc build = mvn(app, settings, repo, "package");
        assertEquals(0, build.exit, build.out);
        assertTrue(build.out.contains("kiln: rewrote 1 @Kernel method in 1 class"), build.out);
        assertFalse(build.out.contains("not rewritten"), build.out);
        // One kernel per receiver class that runs Curve.at: Curve and Smooth.
        assertTrue(build.out.contains("2 kernels × 1 target = 2"), build.out);
        assertTrue(build.out.matches("(?s).*compiled\\s+2\\n.*failed\\s+0\\n.*"), build.out);
        assertTrue(build.out.contains("kiln: embedded 2 cache entries in "), build.out);

        Path runtime = repo.resolve("dev/kiln/kiln-runtime/" + VERSION + "/kiln-runtime-" + VERSION + ".jar");
        Path stats = tmp.resolve("objects.json");
        Proc run = proc(tmp, List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Dkiln.strict=true",
                "-Dkiln.cache.path=" + app.resolve("target/kiln-cache"), "-Dkiln.stats.file=" + stats,
                "-cp", app.resolve("target/app-1.0.jar") + File.pathSeparator + runtime, "app.Main"));
        assertEquals(0, run.exit, run.out);
        assertTrue(run.out.contains("curve OK") && run.out.contains("smooth OK"), run.out);
        Jvm.Stats s = Jvm.Stats.read(stats);
        assertEquals(2, s.hits(), s.toString());
        assertEquals(0, s.compiles(), s.toString());

        // From the entries embedded in the jar alone: java -jar elsewhere, an empty cache, strict.
        Path elsewhere = Files.createDirectories(tmp.resolve("objects-run"));
        Path moved = Files.copy(app.resolve("target/app-1.0.jar"), elsewhere.resolve("app.jar"));
        Files.copy(runtime, elsewhere.resolve("kiln-runtime.jar"));
        Path embedded = tmp.resolve("objects-embedded.json");
        run = proc(tmp, List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Dkiln.strict=true",
                "-Dkiln.cache.path=" + tmp.resolve("objects-fresh"), "-Dkiln.stats.file=" + embedded,
                "-jar", moved.toString()));
        assertEquals(0, run.exit, run.out);
        s = Jvm.Stats.read(embedded);
        assertEquals(2, s.hits(), s.toString());
        assertEquals(0, s.compiles(), s.toString());
    }

    /** A kernel object: interpolation over its own arrays; {@code shape} is what a subclass changes. */
    static final String CURVE = """
            package app;
            import dev.kiln.Kernel;
            public class Curve {
                final double[] xs, ys;
                public Curve(double[] xs, double[] ys) { this.xs = xs; this.ys = ys; }
                @Kernel public double at(double x) {
                    if (!(x > xs[0])) return ys[0];
                    for (int i = 1; i < xs.length; i++) {
                        if (x <= xs[i]) { double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]); return ys[i - 1] + shape(t) * (ys[i] - ys[i - 1]); }
                    }
                    return ys[ys.length - 1];
                }
                double shape(double t) { return t; }
            }
            """;

    static final String SMOOTH = """
            package app;
            public class Smooth extends Curve {
                public Smooth(double[] xs, double[] ys) { super(xs, ys); }
                @Override double shape(double t) { return t * t * (3 - 2 * t); }
            }
            """;

    /** Calls the kernel on both receivers; the reference is a plain copy of the same code. */
    static final String OBJECTS_MAIN = """
            package app;
            public final class Main {
                static double ref(double[] xs, double[] ys, double x, boolean smooth) {
                    if (!(x > xs[0])) return ys[0];
                    for (int i = 1; i < xs.length; i++) {
                        if (x <= xs[i]) { double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]); double s = smooth ? t * t * (3 - 2 * t) : t; return ys[i - 1] + s * (ys[i] - ys[i - 1]); }
                    }
                    return ys[ys.length - 1];
                }
                public static void main(String[] args) {
                    double[] xs = {0, 1, 2.5, 4}, ys = {1, -1, 3, 0.5};
                    boolean ok = true;
                    for (boolean smooth : new boolean[] {false, true}) {
                        Curve c = smooth ? new Smooth(xs, ys) : new Curve(xs, ys);
                        boolean same = true;
                        for (double x = -1; x <= 5; x += 0.125) same &= Double.compare(c.at(x), ref(xs, ys, x, smooth)) == 0;
                        same &= Double.compare(c.at(Double.NaN), ref(xs, ys, Double.NaN, smooth)) == 0;
                        System.out.println((smooth ? "smooth " : "curve ") + (same ? "OK" : "WRONG"));
                        ok &= same;
                    }
                    if (!ok) System.exit(4);
                }
            }
            """;

    private static List<String> with(List<String> cmd, String option) {
        List<String> c = new ArrayList<>(cmd);
        c.add(1, option);
        return c;
    }

    private static Path copyProject(Path from, Path to) throws IOException {
        Files.createDirectories(to.resolve("src/main/java/app"));
        Files.copy(from.resolve("pom.xml"), to.resolve("pom.xml"));
        Files.copy(from.resolve("src/main/java/app/Main.java"), to.resolve("src/main/java/app/Main.java"));
        return to;
    }

    static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>it.app</groupId>
              <artifactId>app</artifactId>
              <version>1.0</version>
              <properties>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                <kiln.targets>x86-64-v2</kiln.targets>
                <kiln.embed>true</kiln.embed>
              </properties>
              <dependencies>
                <dependency><groupId>dev.kiln</groupId><artifactId>kiln-runtime</artifactId><version>@VERSION@</version></dependency>
              </dependencies>
              <build>
                <plugins>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version>
                    <configuration><release>25</release></configuration>
                  </plugin>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version>
                    <configuration><archive><manifest><mainClass>app.Main</mainClass></manifest>
                      <manifestEntries><Class-Path>kiln-runtime.jar</Class-Path></manifestEntries></archive></configuration>
                  </plugin>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version>
                  </plugin>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version>
                  </plugin>
                  <plugin>
                    <groupId>dev.kiln</groupId><artifactId>kiln-maven-plugin</artifactId><version>@VERSION@</version>
                    <configuration><targets>${kiln.targets}</targets><jobs>1</jobs><embed>${kiln.embed}</embed></configuration>
                    <executions><execution><goals><goal>rewrite</goal><goal>bake</goal></goals></execution></executions>
                  </plugin>
                </plugins>
              </build>
            </project>
            """;

    /** Kernels called directly; a plain copy of each is the HotSpot reference. */
    static final String MAIN = """
            package app;
            import dev.kiln.Kernel;
            public final class Main {
                @Kernel public static double layer(double[] x, double a) { double t = 0; for (double v : x) t += Math.min(Math.max(v - a, 0), 100); return t; }
                static double layerRef(double[] x, double a) { double t = 0; for (double v : x) t += Math.min(Math.max(v - a, 0), 100); return t; }
                @Kernel public static long scaled(int[] x, int k) { long s = 0; for (int v : x) s += (long) v * k ^ (s >>> 3); return s; }
                static long scaledRef(int[] x, int k) { long s = 0; for (int v : x) s += (long) v * k ^ (s >>> 3); return s; }
                public static void main(String[] args) {
                    double[] d = new double[1000]; int[] n = new int[1000];
                    for (int i = 0; i < d.length; i++) { d[i] = (i * 7.31) % 230 - 20; n[i] = i * 7919 - 400000; }
                    double l = layer(d, 12.5), lr = layerRef(d, 12.5);
                    long s = scaled(n, 37), sr = scaledRef(n, 37);
                    System.out.println(Double.compare(l, lr) == 0 ? "layer OK " + l : "layer WRONG " + l + " " + lr);
                    System.out.println(s == sr ? "scaled OK " + s : "scaled WRONG " + s + " " + sr);
                    if (Double.compare(l, lr) != 0 || s != sr) System.exit(4);
                }
            }
            """;

    private static Path reactorJar(String module) {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (p.getFileName().toString().equals(module + "-" + VERSION + ".jar") && Files.isRegularFile(p)) return p;
        }
        return null;
    }

    /** Lays an artifact out as {@code mvn install} would, without touching any other repository. */
    private static void install(Path repo, String artifact, Path jar, Path pom) throws IOException {
        Path dir = repo.resolve("dev/kiln/" + artifact + "/" + VERSION);
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"));
        if (jar != null) Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"));
    }

    static Proc mvn(Path dir, Path settings, Path repo, String... goals) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repo));
        cmd.addAll(List.of(goals));
        return proc(dir, cmd);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    record Proc(int exit, String out) {
    }

    static Proc proc(Path dir, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("KILN_") || k.startsWith("MAVEN_"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        var out = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                out.complete(new String(p.getInputStream().readAllBytes()));
            } catch (IOException e) {
                out.complete("");
            }
        });
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("did not finish in 600 s: " + cmd);
        }
        return new Proc(p.exitValue(), out.join());
    }
}
