package dev.kiln.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Seeing kernels from outside, in real JVMs: the perf map beside HotSpot's own {@code -XX:+DumpPerfMapAtExit},
 * {@code perf report} naming a kernel (where perf can record), the JFR events of a recording started on the command
 * line, and {@code kiln.log=info} with the agent.
 */
class ObservabilityTest {
    @TempDir
    static Path shared;
    static Path agentJar;
    @TempDir
    Path tmp;

    @BeforeAll
    static void findAgent() throws IOException {
        agentJar = AgentTest.agentJar(shared);
    }

    @Test
    void kilnsLinesSurviveTheJvmsOwnPerfMapDumpAtExit() throws Exception {
        Process p = Jvm.child().cache(tmp.resolve("cache")).prop("kiln.perfMap", true)
                .jvmArgs("-XX:+UnlockDiagnosticVMOptions", "-XX:+DumpPerfMapAtExit")
                .args(Jvm.MANY + "k00", Jvm.MANY + "k03").start();
        Path map = Path.of("/tmp/perf-" + p.pid() + ".map");
        try {
            Jvm.Result.await(p, 180).ok();
            // HotSpot rewrites the file as the JVM exits; Kiln's lines are appended once it has gone.
            List<String> lines = List.of();
            for (int i = 0; i < 600 && lines.stream().noneMatch(l -> l.contains(" kiln:")); i++) {
                Thread.sleep(50);
                lines = Files.exists(map) ? Files.readAllLines(map) : List.of();
            }
            int firstKiln = indexOf(lines, " kiln:");
            assertTrue(firstKiln > 0, "Kiln's lines after the JVM's: " + lines.size() + " lines");
            assertTrue(lines.subList(0, firstKiln).stream().allMatch(l -> l.startsWith("0x")),
                    "the JVM's own map (its lines start 0x) comes first");
            for (String k : List.of("k00", "k03")) {
                String name = " kiln:dev.kiln.it.kernels.Many." + k + "([DD)D";
                assertEquals(1, lines.stream().filter(l -> l.endsWith(name)).count(), name + " once in\n"
                        + String.join("\n", lines.subList(firstKiln, lines.size())));
            }
            for (String l : lines.subList(firstKiln, lines.size())) {
                assertTrue(l.matches("[0-9a-f]+ [0-9a-f]+ kiln:.*"), l);
            }
        } finally {
            Files.deleteIfExists(map);
            deleteProfilerFiles("kiln:dev.kiln.it.kernels.Many.k0");
        }
    }

    @Test
    void aRecordingStartedOnTheCommandLineHasTheCompileAndLoadEvents() throws Exception {
        Path jfr = tmp.resolve("kiln.jfr");
        Jvm.child().cache(tmp.resolve("cache")).jvmArgs("-XX:StartFlightRecording=filename=" + jfr)
                .args(Jvm.MANY + "k01").run(180).ok();
        Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(), "print",
                "--events", "dev.kiln.*", jfr.toString()).redirectErrorStream(true).start();
        String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, dump.waitFor(), out);
        assertTrue(out.contains("dev.kiln.KernelMiss {") && out.contains("reason = \"no-entry\""), out);
        assertTrue(out.contains("dev.kiln.KernelCompile {") && out.contains("optimise = "), out);
        assertTrue(out.contains("dev.kiln.KernelLoad {") && out.contains("source = \"compiled\""), out);
        assertTrue(out.contains("kernel = \"dev.kiln.it.kernels.Many.k01([DD)D\""), out);
    }

    @Test
    void infoNamesWhatEachKernelDidAndWhyOneRunsAsJava() throws Exception {
        Path cache = tmp.resolve("cache");
        Jvm.Result r = Jvm.child().main(AgentChild.class).agent(agentJar).cache(cache).prop("kiln.log", "info")
                .args("layer", "refused").run(240).ok();
        List<String> kiln = r.err().lines().filter(l -> l.startsWith("kiln: ")).toList();
        assertEquals(2, kiln.size(), r.toString());
        assertTrue(kiln.stream().anyMatch(l -> l.matches("kiln: info: Annotated\\.layer\\(\\[DD\\)D compiled for .* \\(no-entry\\); entry in .*")), r.toString());
        assertTrue(kiln.stream().anyMatch(l -> l.startsWith("kiln: warning: Annotated.refused([DD)D runs as Java: unsupported ")), r.toString());

        r = Jvm.child().main(AgentChild.class).agent(agentJar).cache(cache).prop("kiln.log", "info").args("layer").run(120).ok();
        assertTrue(r.err().lines().anyMatch(l -> l.matches("kiln: info: Annotated\\.layer\\(\\[DD\\)D served from cache " + java.util.regex.Pattern.quote(cache.toString()) + " .*")), r.toString());

        r = Jvm.child().main(AgentChild.class).agent(agentJar).cache(cache).prop("kiln.log", "info")
                .prop("kiln.disable", true).args("layer").run(120).ok();
        assertEquals(List.of("kiln: info: Annotated.layer([DD)D runs as Java: kiln.disable is set"),
                r.err().lines().filter(l -> l.startsWith("kiln: ")).toList(), r.toString());

        r = Jvm.child().main(AgentChild.class).agent(agentJar).cache(cache).prop("kiln.log", "debug").args("layer").run(120);
        assertTrue(r.toString().contains("kiln.log=debug: expected warn or info"), r.toString());
    }

    @Test
    void perfReportNamesTheKernel() throws Exception {
        assumeTrue(perfWorks(), "needs a perf that can record this process");
        Path data = tmp.resolve("perf.data");
        // The child's kernel libraries (and the copies kept for perf) go to this test's own folder: another process
        // profiling the same kernel at the same time (a second build on the machine) has files of the same content.
        Path libs = Files.createDirectories(tmp.resolve("libs"));
        Jvm.child().main(ProfiledChild.class).cache(tmp.resolve("cache")).prop("kiln.perfMap", true)
                .prop("java.io.tmpdir", libs.toString())
                .wrappedBy("perf", "record", "-F", "999", "-o", data.toString(), "--")
                .args(Jvm.MANY + "k02").run(180).ok();
        try {
            Process report = new ProcessBuilder("perf", "report", "-i", data.toString(), "--stdio", "--no-children",
                    "--sort", "sym").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(report.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, report.waitFor(), out);
            // The kernel is where the child spends its second, so it is among the top ten, by its Java name.
            List<String> top = out.lines().filter(l -> l.matches("\\s+[0-9.]+%.*")).limit(10).toList();
            assertTrue(top.stream().anyMatch(l -> l.endsWith("[.] kiln:dev.kiln.it.kernels.Many.k02([DD)D")), out);
        } finally {
            deleteProfilerFiles("kiln:dev.kiln.it.kernels.Many.k02"); // the perf map, in /tmp whatever tmpdir is
        }
    }

    private static boolean perfWorks() {
        try {
            Process p = new ProcessBuilder("perf", "record", "-o", "/dev/null", "-q", "--", "true")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(part)) return i;
        return -1;
    }

    /** The library copies kept for profilers, and the perf maps, that name these kernels. */
    private static void deleteProfilerFiles(String name) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/tmp"))) {
            for (Path p : s.filter(f -> f.getFileName().toString().matches("kiln_[0-9a-f]{32}-[0-9a-f]+\\.so|perf-[0-9]+\\.map")).toList()) {
                try {
                    if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(name)) Files.deleteIfExists(p);
                } catch (IOException e) {
                    // another process's, gone meanwhile
                }
            }
        }
    }
}
