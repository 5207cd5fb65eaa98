package dev.kiln.it;

import dev.kiln.Target;
import dev.kiln.agent.KernelRewriter;
import dev.kiln.runtime.cpu.HostCpu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code -javaagent:kiln-agent.jar}: child JVMs call {@code @Kernel} methods directly (no Kiln API) and must get
 * HotSpot's result whether the kernel runs natively or falls back to its Java body; fallbacks warn once per kernel.
 */
class AgentTest {
    @TempDir
    static Path shared;
    static Path agentJar;
    @TempDir
    Path tmp;

    @BeforeAll
    static void findAgent() throws IOException {
        agentJar = agentJar(shared);
    }

    @Test
    void kernelsRunNativelyAndShareEntriesWithTheKilnApi() throws Exception {
        Path cache = tmp.resolve("cache");
        Path stats = tmp.resolve("first.json");
        Jvm.Result r = agentChild(cache).stats(stats).args("--threads", "3", "layer", "fastSum", "twoLayers").run(240).ok();
        assertHotSpotResults(r, "layer", "fastSum", "twoLayers");
        assertEquals("", warnings(r), r.toString());
        Jvm.Stats s = Jvm.Stats.read(stats);
        assertEquals(3, s.compiles(), "each kernel compiled once by its call site, whatever the threads: " + s);

        // A second agent process on the same cache, strict: every kernel served, nothing compiled.
        stats = tmp.resolve("second.json");
        r = agentChild(cache).stats(stats).prop("kiln.strict", true).args("layer", "fastSum", "twoLayers").run(120).ok();
        assertHotSpotResults(r, "layer", "fastSum", "twoLayers");
        s = Jvm.Stats.read(stats);
        assertEquals(0, s.compiles(), s.toString());
        assertEquals(3, s.hits(), s.toString());

        // The Kiln API without the agent computes the same key from the same class file: a strict hit.
        stats = tmp.resolve("api.json");
        Jvm.child().cache(cache).stats(stats).prop("kiln.strict", true).args("dev.kiln.it.kernels.Annotated#layer")
                .run(120).ok();
        assertEquals(1, Jvm.Stats.read(stats).hits());

        // fastMath from the annotation is part of the key: the API with the default options misses it...
        r = Jvm.child().cache(cache).prop("kiln.strict", true).args("dev.kiln.it.kernels.Annotated#fastSum").run(120);
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().contains("options-changed"), r.out());
        // ...and hits it with fast math on.
        Jvm.child().cache(cache).prop("kiln.strict", true).prop("kiln.fastMath", true)
                .args("dev.kiln.it.kernels.Annotated#fastSum").run(120).ok();
    }

    @Test
    void aParallelKernelRunsItsLoopsNativelyFromManyThreads() throws Exception {
        Path cache = tmp.resolve("cache");
        Path stats = tmp.resolve("parallel.json");
        Jvm.Result r = agentChild(cache).stats(stats).prop("kiln.threads", 2).args("--threads", "3", "parallelLayer")
                .run(240).ok();
        assertHotSpotResults(r, "parallelLayer");
        assertEquals("", warnings(r), r.toString());
        assertEquals(2, Jvm.Stats.read(stats).compiles(), "one chunk per loop: " + Jvm.Stats.read(stats));

        // strict, on 7 threads: both chunks served from the cache, the same result
        stats = tmp.resolve("parallel-strict.json");
        r = agentChild(cache).stats(stats).prop("kiln.strict", true).prop("kiln.threads", 7).args("parallelLayer")
                .run(120).ok();
        assertHotSpotResults(r, "parallelLayer");
        assertEquals(0, Jvm.Stats.read(stats).compiles());
        assertEquals(2, Jvm.Stats.read(stats).hits());
    }

    @Test
    void aRefusedKernelRunsAsJavaWithOneWarningAndStrictModeFailsItsFirstCall() throws Exception {
        Path cache = tmp.resolve("cache");
        Jvm.Result r = agentChild(cache).args("--threads", "4", "refused", "layer").run(240).ok();
        assertHotSpotResults(r, "refused", "layer");
        String w = warnings(r);
        assertEquals(1, w.lines().count(), "one warning for the refused kernel, none for layer: " + r);
        assertTrue(w.startsWith("kiln: warning: Annotated.refused([DD)D runs as Java: unsupported ")
                && w.contains("String.length()") && w.contains("Annotated.java:"), w); // Double.toString is followed now

        r = agentChild(cache).prop("kiln.strict", true).args("layer", "refused").run(120);
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().startsWith("KILN-ERROR CacheMissException: kernel dev.kiln.it.kernels.Annotated.refused([DD)D"
                + " cannot be compiled, and strict mode forbids running it as Java: refused: unsupported "), r.out());
        assertTrue(r.out().contains("String.length()") && r.out().contains("Annotated.java:"), r.out());
    }

    @Test
    void runtimeOnlyOnAnEmptyCacheRunsEveryKernelAsJava() throws Exception {
        Path cache = tmp.resolve("cache");
        Path stats = tmp.resolve("stats.json");
        Jvm.Result r = agentChild(cache).runtimeOnly().stats(stats).args("--threads", "2", "layer", "fastSum", "twoLayers")
                .run(120).ok();
        assertHotSpotResults(r, "layer", "fastSum", "twoLayers");
        List<String> w = warnings(r).lines().toList();
        assertEquals(3, w.size(), r.toString());
        for (String k : List.of("layer([DD)D", "fastSum([DD)D", "twoLayers([DD)D")) {
            assertTrue(w.stream().anyMatch(l -> l.startsWith("kiln: warning: Annotated." + k + " runs as Java: kernel ")
                    && l.endsWith("no Kiln compiler is on the class path (add kiln-compiler)")), k + " in " + w);
        }
        assertEquals(0, Jvm.Stats.read(stats).compiles());
    }

    @Test
    void aPretendedCpuWithoutARunnableEntryRunsAsJava() throws Exception {
        assumeTrue(HostCpu.detect().containsAll(Target.level("x86-64-v3").requiredFeatures()), "needs an x86-64-v3 host");
        Path cache = tmp.resolve("cache");
        agentChild(cache).prop("kiln.target", "x86-64-v3").args("layer").run(240).ok();

        Jvm.Result r = agentChild(cache).runtimeOnly().prop("kiln.host.cpu", "x86-64").args("layer").run(120).ok();
        assertHotSpotResults(r, "layer");
        assertTrue(warnings(r).startsWith("kiln: warning: Annotated.layer([DD)D runs as Java: kernel "
                + "dev.kiln.it.kernels.Annotated.layer([DD)D is not in the cache (target-not-runnable: no entry for x86-64 (KILN_HOST_CPU);"
                + " entries exist for x86-64-v3"), r.toString());
        assertEquals(1, warnings(r).lines().count(), r.toString());

        // The real host runs the v3 entry: served, no warning.
        r = agentChild(cache).runtimeOnly().prop("kiln.strict", true).args("layer").run(120).ok();
        assertEquals("", warnings(r), r.toString());
    }

    @Test
    void classesRewrittenAtBuildTimeRunWithoutTheAgentAndShareItsEntries() throws Exception {
        Path cache = tmp.resolve("cache");
        agentChild(cache).args("layer", "fastSum", "twoLayers").run(240).ok();

        String name = "dev/kiln/it/kernels/Annotated.class";
        byte[] original;
        try (var in = AgentTest.class.getClassLoader().getResourceAsStream(name)) {
            original = in.readAllBytes();
        }
        KernelRewriter.Result rw = KernelRewriter.rewrite(original, true);
        assertEquals(4, rw.rewritten().size(), rw.toString());
        Path classes = tmp.resolve("rewritten");
        Files.createDirectories(classes.resolve(name).getParent());
        Files.write(classes.resolve(name), rw.bytes());

        // No agent, the rewritten class first on the class path, strict: served from the agent's entries.
        Path stats = tmp.resolve("stats.json");
        Jvm.Result r = Jvm.child().main(AgentChild.class).classPathFirst(classes).cache(cache).stats(stats)
                .prop("kiln.strict", true).args("layer", "fastSum", "twoLayers", "refused").run(120);
        assertEquals(3, r.exit(), "refused is not baked, and strict mode says so at its call: " + r);
        assertTrue(r.out().contains("Annotated.refused([DD)D cannot be compiled"), r.toString());
        r = Jvm.child().main(AgentChild.class).classPathFirst(classes).cache(cache).stats(stats)
                .prop("kiln.strict", true).args("layer", "fastSum", "twoLayers").run(120).ok();
        assertHotSpotResults(r, "layer", "fastSum", "twoLayers");
        Jvm.Stats s = Jvm.Stats.read(stats);
        assertEquals(3, s.hits(), s.toString());
        assertEquals(0, s.compiles(), s.toString());

        // Not strict, the refused kernel falls back to its Java body, kept in the class as refused$java.
        r = Jvm.child().main(AgentChild.class).classPathFirst(classes).cache(cache).args("refused").run(120).ok();
        assertHotSpotResults(r, "refused");
        assertEquals(1, warnings(r).lines().count(), r.toString());
    }

    @Test
    void aBadSettingIsOneLineErrorAtEveryKernelCallNeverAFallback() throws Exception {
        Path cache = tmp.resolve("cache");
        agentChild(cache).args("layer").run(240).ok(); // an entry: the error is not a miss
        Jvm.Result r = agentChild(cache).prop("kiln.opt", 5).args("layer").run(120);
        assertEquals(3, r.exit(), "thrown as itself, not as a BootstrapMethodError: " + r);
        assertEquals("KILN-ERROR KilnSettingsException: kiln.opt=5: expected 0, 1, 2 or 3 (or O0 to O3)",
                r.out().lines().filter(l -> l.startsWith("KILN-ERROR")).findFirst().orElse(""), r.toString());
        assertEquals("", warnings(r), r.toString());
        r = agentChild(cache).prop("kiln.host.cpu", "skylake").args("layer", "fastSum").run(120);
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().contains("KILN-ERROR KilnSettingsException: kiln.host.cpu=skylake: expected one of x86-64,"),
                r.toString());
        assertEquals("", warnings(r), "no per-kernel fallback warnings: " + r);
    }

    @Test
    void theDisableSwitchRunsPlainJava() throws Exception {
        Path cache = tmp.resolve("cache");
        Path stats = tmp.resolve("stats.json");
        Jvm.Result r = agentChild(cache).stats(stats).prop("kiln.disable", true).prop("kiln.strict", true)
                .args("layer", "refused").run(120).ok();
        assertHotSpotResults(r, "layer", "refused");
        assertEquals("", warnings(r), r.toString());
        assertFalse(Files.exists(cache), "the disabled process never touched the cache");
    }

    private Jvm agentChild(Path cache) {
        return Jvm.child().main(AgentChild.class).agent(agentJar).cache(cache);
    }

    /** The child's results equal this JVM's, where no agent runs and the methods are plain HotSpot. */
    private static void assertHotSpotResults(Jvm.Result r, String... kernels) {
        for (String k : kernels) {
            double java = AgentChild.call(k, AgentChild.input(), AgentChild.A);
            assertEquals(1, r.count("RESULT " + k + " "), r.toString());
            assertTrue(r.out().contains("RESULT " + k + " " + Long.toHexString(Double.doubleToRawLongBits(java)) + "\n"),
                    k + " should be " + java + " (" + Long.toHexString(Double.doubleToRawLongBits(java)) + "): " + r);
        }
    }

    private static String warnings(Jvm.Result r) {
        return String.join("\n", r.err().lines().filter(l -> l.startsWith("kiln:")).toList());
    }

    /**
     * The agent jar the reactor built; when the class path has kiln-agent's classes folder instead (a build that
     * stopped before packaging), a jar with the same manifest is made from it.
     */
    static Path agentJar(Path dir) throws IOException {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (!p.toString().contains("kiln-agent")) continue;
            if (Files.isRegularFile(p)) return p;
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            mf.getMainAttributes().putValue("Premain-Class", "dev.kiln.agent.KilnAgent");
            Path jar = dir.resolve("kiln-agent.jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf);
                 Stream<Path> files = Files.walk(p)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(p.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            return jar;
        }
        throw new IllegalStateException("kiln-agent is not on the test class path");
    }
}
