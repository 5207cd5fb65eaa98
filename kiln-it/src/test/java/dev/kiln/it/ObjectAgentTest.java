package dev.kiln.it;

import dev.kiln.cli.KilnCli;
import dev.kiln.it.kernels.Tariff;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code @Kernel} instance methods in real JVMs: with {@code -javaagent:kiln-agent.jar} a plain call on a receiver
 * runs natively (the stats file shows the compile, then the hit) for the declaring class and for a subclass that
 * inherits the kernel; an override calling {@code super} and a null receiver behave as Java; {@code kiln bake
 * 'Class#method'} of an instance kernel serves a later strict run without compiling. Every result equals this JVM's,
 * where no agent runs.
 */
class ObjectAgentTest {
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
    void instanceKernelsRunNativelyPerReceiverClassAndAsJavaWhereJavaWould() throws Exception {
        Path cache = tmp.resolve("cache");
        Path stats = tmp.resolve("first.json");
        Jvm.Result r = agentChild(cache).stats(stats).args("tariff", "peak", "capped", "null").run(240).ok();
        assertJavaResults(r, "tariff", "peak", "capped", "null");
        assertEquals("", warnings(r), r.toString());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("RESULT tariff ")).distinct().count(),
                "the changed fee is read at the next call: " + r);
        Jvm.Stats s = Jvm.Stats.read(stats);
        // Tariff and PeakTariff each compile a kernel; CappedTariff's super call runs Java; null never reaches Kiln.
        assertEquals(2, s.compiles(), s.toString());

        // Again, strict: both kernel objects served from the cache, nothing compiled, the same results.
        stats = tmp.resolve("strict.json");
        r = agentChild(cache).stats(stats).prop("kiln.strict", true).args("tariff", "peak", "capped", "null").run(120).ok();
        assertJavaResults(r, "tariff", "peak", "capped", "null");
        s = Jvm.Stats.read(stats);
        assertEquals(0, s.compiles(), s.toString());
        assertEquals(2, s.hits(), s.toString());

        // Disabled: plain Java without opening any cache, even in strict mode on one that lacks the kernels.
        r = agentChild(tmp.resolve("none")).prop("kiln.disable", true).prop("kiln.strict", true)
                .args("tariff", "peak").run(120).ok();
        assertJavaResults(r, "tariff", "peak");
        assertFalse(java.nio.file.Files.exists(tmp.resolve("none")), r.toString());
    }

    @Test
    void kilnBakeOfAnInstanceKernelServesAStrictAgentRun() throws Exception {
        Path cache = tmp.resolve("baked");
        String classes = Path.of(Tariff.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = KilnCli.run(new String[] {"bake", "--classpath", classes, "--cache", cache.toString(), "--jobs", "1",
                "dev.kiln.it.kernels.Tariff#charge", "dev.kiln.it.kernels.PeakTariff#charge"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, exit, out + "\n" + err);
        assertTrue(out.toString().matches("(?s).*compiled\\s+2\\n.*failed\\s+0\\n.*"), out.toString());

        out = new StringWriter();
        exit = KilnCli.run(new String[] {"verify", "--classpath", classes, "--cache", cache.toString(),
                "dev.kiln.it.kernels.Tariff#charge", "dev.kiln.it.kernels.PeakTariff#charge"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, exit, out + "\n" + err);
        assertTrue(out.toString().contains("OK: all 2 would be served from the cache"), out.toString());

        Path stats = tmp.resolve("stats.json");
        Jvm.Result r = agentChild(cache).stats(stats).prop("kiln.strict", true).args("tariff", "peak", "capped")
                .run(120).ok();
        assertJavaResults(r, "tariff", "peak", "capped");
        Jvm.Stats s = Jvm.Stats.read(stats);
        assertEquals(0, s.compiles(), s.toString());
        assertEquals(2, s.hits(), s.toString());

        // Strict with only Tariff baked: a PeakTariff receiver is a miss named with its kernel, not Java.
        Path partial = tmp.resolve("partial");
        assertEquals(0, KilnCli.run(new String[] {"bake", "--classpath", classes, "--cache", partial.toString(),
                "dev.kiln.it.kernels.Tariff#charge"}, new PrintWriter(new StringWriter()), new PrintWriter(err, true)));
        r = agentChild(partial).prop("kiln.strict", true).args("tariff", "peak").run(120);
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().contains("KILN-ERROR CacheMissException: kernel dev.kiln.it.kernels.Tariff.charge([D)D"
                + " for receivers of class dev.kiln.it.kernels.PeakTariff is not in the cache"), r.toString());
    }

    private Jvm agentChild(Path cache) {
        return Jvm.child().main(ObjectAgentChild.class).agent(agentJar).cache(cache);
    }

    /** The child's lines for each receiver equal this JVM's, where the classes are plain HotSpot. */
    private static void assertJavaResults(Jvm.Result r, String... kinds) {
        for (String k : kinds) {
            String java = ObjectAgentChild.run(k);
            assertFalse(java.isEmpty(), k);
            assertTrue(r.out().contains(java), k + " should print\n" + java + "in\n" + r);
        }
    }

    private static String warnings(Jvm.Result r) {
        return String.join("\n", r.err().lines().filter(l -> l.startsWith("kiln:")).toList());
    }
}
