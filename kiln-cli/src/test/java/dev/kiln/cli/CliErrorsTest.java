package dev.kiln.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Help, usage errors and input errors: exit code and exactly one line on stderr, starting with "kiln: ". */
class CliErrorsTest {
    @TempDir
    static Path tmp;
    static Path app;

    @BeforeAll
    static void app() {
        app = TestApps.compile(tmp.resolve("app"), TestApps.lossApp(TestApps.CLIP));
    }

    static void oneLineError(Cli.Result r, int exit, String contains) {
        assertEquals(exit, r.exit(), r::toString);
        String[] lines = r.errLines();
        assertEquals(1, lines.length, () -> "expected one stderr line:\n" + r);
        assertTrue(lines[0].startsWith("kiln: "), r::toString);
        assertTrue(lines[0].contains(contains), () -> "expected '" + contains + "' in:\n" + r);
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bake", "verify", "explain", "ls", "stats", "gc", "fsck", "keygen"})
    void everySubcommandHasHelpWithExitCodes(String sub) {
        Cli.Result r = Cli.run(sub, "--help");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("Usage: kiln " + sub), r::toString);
        assertTrue(r.out().contains("Exit codes:"), r::toString);
        assertTrue(r.out().contains("3   Input error"), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void topLevelHelpListsSubcommandsAndExitCodes() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.exit());
        for (String s : new String[]{"bake", "verify", "explain", "ls", "stats", "gc", "fsck", "Exit codes:"}) {
            assertTrue(r.out().contains(s), s);
        }
        assertTrue(Cli.run("help", "bake").out().startsWith("Usage: kiln bake"));
        assertTrue(Cli.run("--version").out().startsWith("kiln 0.1.0"));
    }

    @Test
    void noSubcommandIsAUsageError() {
        oneLineError(Cli.run(), Exit.USAGE, "missing subcommand");
    }

    @Test
    void unknownSubcommandAndOption() {
        oneLineError(Cli.run("bak"), Exit.USAGE, "bake");
        oneLineError(Cli.run("bake", "--classpath", app.toString(), "--frobnicate"), Exit.USAGE, "--frobnicate");
        oneLineError(Cli.run("verify"), Exit.USAGE, "--classpath");
        oneLineError(Cli.run("explain", "--classpath", app.toString()), Exit.USAGE, "KERNEL");
        oneLineError(Cli.run("bake", "--classpath", app.toString(), "--jobs", "many"), Exit.USAGE, "--jobs");
        oneLineError(Cli.run("bake", "--classpath", app.toString(), "--cache", "redis://cache:6379/0"), Exit.USAGE,
                "remote tiers");
        oneLineError(Cli.run("ls", "--cache", "s3://bucket/x"), Exit.USAGE, "remote tiers");
    }

    @Test
    void badClasspath() {
        String missing = tmp.resolve("nope.jar").toString();
        oneLineError(Cli.run("bake", "--classpath", missing), Exit.INPUT, "bad classpath: " + missing + " does not exist");
        oneLineError(Cli.run("verify", "--classpath", app + ":" + missing), Exit.INPUT, "does not exist");
        oneLineError(Cli.run("explain", "--classpath", missing, "app.Losses#layer"), Exit.INPUT, "bad classpath");
        oneLineError(Cli.run("bake", "--classpath", ""), Exit.INPUT, "bad classpath");
    }

    @Test
    void classpathEntryThatIsNotAJar() throws Exception {
        Path txt = Files.writeString(tmp.resolve("notes.txt"), "hello");
        oneLineError(Cli.run("bake", "--classpath", txt.toString()), Exit.INPUT, "is neither a directory nor a jar");
    }

    @Test
    void noKernelsFound() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        oneLineError(Cli.run("bake", "--classpath", empty.toString(), "--target", "x86-64-v3"), Exit.INPUT,
                "no @dev.kiln.Kernel methods found");
    }

    @Test
    void unknownKernel() {
        String cp = app.toString();
        oneLineError(Cli.run("bake", "--classpath", cp, "--target", "x86-64-v3", "app.Nope#layer"), Exit.USAGE,
                "unknown kernel 'app.Nope#layer': class app.Nope is not on the classpath");
        oneLineError(Cli.run("bake", "--classpath", cp, "--target", "x86-64-v3", "app.Losses#nope"), Exit.USAGE,
                "unknown kernel 'app.Losses#nope': app.Losses has no method nope");
        oneLineError(Cli.run("explain", "--classpath", cp, "app.Losses#layer(I)I"), Exit.USAGE, "has no method layer(I)I");
        oneLineError(Cli.run("explain", "--classpath", cp, "app.Losses.layer"), Exit.USAGE, "expected Class#method");
        oneLineError(Cli.run("verify", "--classpath", cp, "--target", "x86-64-v3", "#layer"), Exit.USAGE, "bad kernel name");
    }

    @Test
    void unknownTarget() {
        String cp = app.toString();
        oneLineError(Cli.run("bake", "--classpath", cp, "--target", "x86-64-v3,x86-64-v9"), Exit.USAGE,
                "unknown target 'x86-64-v9'");
        oneLineError(Cli.run("verify", "--classpath", cp, "--target", "arm64"), Exit.USAGE, "unknown target 'arm64'");
        oneLineError(Cli.run("verify", "--classpath", cp, "--target", "x86-64-v3", "--host"), Exit.USAGE,
                "mutually exclusive");
        oneLineError(Cli.run("bake", "--classpath", cp, "--target", "x86-64-v3", "--jobs", "0"), Exit.USAGE,
                "--jobs must be at least 1");
    }

    @Test
    void aBadEnvironmentSettingIsOneLineAndAUsageError() throws Exception {
        Procs.Out r = Procs.kiln(tmp, java.util.Map.of("KILN_OPT", "5"), "verify", "--classpath", app.toString(),
                "--cache", tmp.toString());
        assertEquals(Exit.USAGE, r.exit(), r::toString);
        assertEquals("kiln: KILN_OPT=5: expected 0, 1, 2 or 3 (or O0 to O3)", r.err().strip(), r::toString);
        r = Procs.kiln(tmp, java.util.Map.of("KILN_TARGET", "x86_64-v3"), "ls", "--cache", tmp.toString());
        assertEquals(Exit.USAGE, r.exit(), r::toString);
        assertTrue(r.err().strip().startsWith("kiln: KILN_TARGET=x86_64-v3: expected host or one of x86-64,"), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
    }

    @Test
    void gcNeedsSomethingToDoAndAValidSize() {
        oneLineError(Cli.run("gc", "--cache", tmp.resolve("c").toString()), Exit.USAGE, "nothing to do");
        oneLineError(Cli.run("gc", "--cache", tmp.resolve("c").toString(), "--max-size", "lots"), Exit.USAGE,
                "bad size 'lots'");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result r = Cli.run("bake", "--verbose", "--classpath", tmp.resolve("nope.jar").toString());
        assertEquals(Exit.INPUT, r.exit());
        assertTrue(r.err().startsWith("kiln: bad classpath"), r::toString);
        assertTrue(r.err().contains("\tat dev.kiln.cli."), r::toString);
    }
}
