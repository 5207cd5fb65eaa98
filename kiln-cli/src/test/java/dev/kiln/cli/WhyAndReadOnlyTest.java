package dev.kiln.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.kiln.cli.CliErrorsTest.oneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kernel the compiler refuses is reported with the refusal (strict runtime, verify, explain), one that was only not
 * baked with "bake it"; a runtime-only host says it cannot tell. A read-only cache: fsck --check audits it, and a
 * host that only reads it prints nothing about where compiled kernels would go.
 */
class WhyAndReadOnlyTest {
    @TempDir
    static Path tmp;
    static Path app;
    private Path frozen;

    /** Main KERNEL... (text, count or layer): each through Kiln.create().compile, called once; a KilnException is one KILN-ERROR line. */
    static final String MAIN = """
            package app;
            import dev.kiln.Kiln;
            import dev.kiln.KilnException;
            public final class Main {
                public static void main(String[] args) throws Throwable {
                    Kiln kiln = Kiln.create();
                    int failed = 0;
                    for (String k : args) {
                        try {
                            switch (k) {
                                case "text" -> System.out.println("text " + (int) kiln.compile(Bad.class, k).invokeExact(12345));
                                case "count" -> System.out.println("count "
                                        + (long) kiln.compile(Losses.class, k).invokeExact(new int[]{1, 9, 7}, 5));
                                default -> System.out.println("layer "
                                        + (double) kiln.compile(Losses.class, k).invokeExact(new double[]{1, 9, 7}, 2.0, 5.0));
                            }
                        } catch (KilnException e) {
                            System.out.println("KILN-ERROR " + e.getMessage());
                            failed++;
                        }
                    }
                    System.exit(failed == 0 ? 0 : 3);
                }
            }
            """;

    @BeforeAll
    static void apps() {
        Map<String, String> src = new HashMap<>(TestApps.lossApp(TestApps.CLIP));
        src.put("app.Main", MAIN);
        src.put("app.Bad", """
                package app;
                import dev.kiln.Kernel;
                public final class Bad {
                    @Kernel
                    public static int text(int n) {
                        return String.valueOf(n).length();
                    }
                }
                """);
        app = TestApps.compile(tmp.resolve("app"), src);
    }

    @AfterEach
    void thaw() throws Exception {
        if (frozen != null) ReadOnly.thaw(frozen);
    }

    private static String kilnError(Procs.Out r, String kernel) {
        return r.out().lines().filter(l -> l.startsWith("KILN-ERROR ") && l.contains(kernel)).findFirst()
                .orElseThrow(() -> new AssertionError("no error for " + kernel + ": " + r));
    }

    @Test
    void strictModeGivesTheRefusalOrSaysBakeIt() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("empty-cache"));
        Map<String, String> strict = Map.of("KILN_CACHE_PATH", cache.toString(), "KILN_STRICT", "1");
        // With the compiler on the class path (as in CI): it can tell.
        Procs.Out r = Procs.app(tmp, strict, Procs.join(app) + java.io.File.pathSeparator + Procs.kilnClassPath(),
                "app.Main", "text", "count");
        assertEquals(3, r.exit(), r::toString);
        String text = kilnError(r, "Bad.text");
        assertTrue(text.startsWith("KILN-ERROR kernel app.Bad.text(I)I cannot be compiled, and strict mode forbids "
                + "running it as Java: refused: unsupported "), r::toString);
        assertTrue(text.contains("app.Bad.text(Bad.java:6, bci "), text);
        String count = kilnError(r, "Losses.count");
        assertTrue(count.startsWith("KILN-ERROR kernel app.Losses.count([II)J is not in the cache and strict mode "
                + "forbids compiling: no-entry: no entry for Losses.count([II)J in [" + cache + "]"), count);
        assertTrue(count.endsWith("; no entry yet; bake it"), count);

        // A mistyped cache folder is named as missing, not only as holding no entry.
        Path typo = tmp.resolve("kiln-cahce");
        r = Procs.app(tmp, Map.of("KILN_CACHE_PATH", typo.toString(), "KILN_STRICT", "1"),
                Procs.join(app) + java.io.File.pathSeparator + Procs.kilnClassPath(), "app.Main", "count");
        assertEquals(3, r.exit(), r::toString);
        assertTrue(kilnError(r, "Losses.count").contains("no-entry: no entry for Losses.count([II)J in [" + typo
                + "]; cache folder " + typo + " does not exist; no entry yet; bake it"), r::toString);

        // Runtime only: it cannot tell, and says so instead of "bake it".
        Path runtime = TestApps.runtimeLocation();
        r = Procs.app(tmp, strict, Procs.join(app, runtime), "app.Main", "text");
        assertEquals(3, r.exit(), r::toString);
        text = kilnError(r, "Bad.text");
        assertTrue(text.startsWith("KILN-ERROR kernel app.Bad.text(I)I is not in the cache and strict mode forbids "
                + "compiling: no-entry: "), text);
        assertTrue(text.endsWith("; whether it can compile is unknown without kiln-compiler (kiln explain tells)"), text);
    }

    @Test
    void verifyAndExplainGiveTheRefusal() {
        Path cache = tmp.resolve("baked");
        Cli.Result bake = Cli.run("bake", "--classpath", app.toString(), "--cache", cache.toString(),
                "--target", "x86-64-v3", "app.Losses#layer");
        assertEquals(0, bake.exit(), bake::toString);

        Cli.Result v = Cli.run("verify", "--classpath", app.toString(), "--cache", cache.toString(),
                "--target", "x86-64-v3");
        oneLineError(v, Exit.CHECK_FAILED, "verify failed: 2 of 3 would not be served from the cache; first: ");
        assertTrue(v.out().matches("(?s).*REFUSED\\s+app\\.Bad#text\\s+x86-64-v3\\s+refused: unsupported [^\\n]*"
                + "app\\.Bad\\.text\\(Bad\\.java:6, bci \\d+\\).*"), v::toString);
        assertTrue(v.out().matches("(?s).*MISS\\s+app\\.Losses#count\\s+x86-64-v3\\s+no-entry: [^\\n]*; no entry yet; "
                + "bake it\\n.*"), v::toString);
        Cli.Result json = Cli.run("verify", "--classpath", app.toString(), "--cache", cache.toString(), "--json",
                "app.Bad#text");
        assertTrue(json.out().contains("\"status\" : \"refused\""), json::toString);

        Cli.Result refused = Cli.run("explain", "--classpath", app.toString(), "--cache", cache.toString(), "app.Bad#text");
        assertEquals(0, refused.exit(), refused::toString);
        assertTrue(refused.out().contains("REFUSED: the compiler refuses it, so no entry can ever serve it: "
                + "unsupported "), refused::toString);
        assertTrue(refused.out().contains("(Bad.java:6, bci "), refused::toString);
        assertFalse(refused.out().contains("would compile"), refused::toString);
        Cli.Result notBaked = Cli.run("explain", "--classpath", app.toString(), "--cache", cache.toString(), "app.Losses#count");
        assertTrue(notBaked.out().matches("(?s).*MISS: would compile for \\S+: no-entry \\(no entry for Losses\\.count"
                + "\\(\\[II\\)J in \\[[^]]*]; no entry yet; bake it\\)\\n.*"), notBaked::toString);
    }

    @Test
    void fsckCheckAuditsAReadOnlyCacheWithoutWriting() throws Exception {
        Path cache = tmp.resolve("audited");
        Cli.Result bake = Cli.run("bake", "--classpath", app.toString(), "--cache", cache.toString(),
                "--target", "x86-64-v3", "app.Losses#layer", "app.Losses#count");
        assertEquals(0, bake.exit(), bake::toString);
        Path lib;
        try (Stream<Path> s = Files.walk(cache)) {
            lib = s.filter(p -> p.getFileName().toString().equals("kernel.so")).sorted().findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(lib);
        b[b.length / 2] ^= 0x5a;
        Files.write(lib, b);

        // Writable, --check: reported, left in place.
        Cli.Result check = Cli.run("fsck", "--check", "--cache", cache.toString());
        oneLineError(check, Exit.CHECK_FAILED, "fsck found 1 bad entry (left in place (--check))");
        assertTrue(check.out().contains("BAD  " + lib.getParent() + ": "), check::toString);
        assertTrue(check.out().contains("Checked 2 entries in " + cache + ": 1 bad, left in place (--check)"), check::toString);
        assertTrue(Files.exists(lib), "--check moves nothing");

        frozen = cache;
        Assumptions.assumeTrue(ReadOnly.freeze(cache), "cannot make a directory read-only here");
        List<String> before;
        try (Stream<Path> s = Files.walk(cache)) {
            before = s.map(Path::toString).sorted().toList();
        }
        Cli.Result ro = Cli.run("fsck", "--check", "--cache", cache.toString());
        oneLineError(ro, Exit.CHECK_FAILED, "fsck found 1 bad entry (left in place (--check))");
        assertTrue(ro.out().contains("Checked 2 entries"), ro::toString);
        try (Stream<Path> s = Files.walk(cache)) {
            assertEquals(before, s.map(Path::toString).sorted().toList());
        }
        // Without --check, a read-only cache is refused, pointing at --check.
        oneLineError(Cli.run("fsck", "--cache", cache.toString()), Exit.INPUT,
                "is not writable (" + cache + " is read-only); kiln fsck --check audits it without writing");
    }

    @Test
    void aHostThatOnlyReadsPrintsNothingAboutWhereKernelsWouldGo() throws Exception {
        Path cache = tmp.resolve("image-cache");
        Cli.Result bake = Cli.run("bake", "--classpath", app.toString(), "--cache", cache.toString(),
                "--target", "host", "app.Losses#count");
        assertEquals(0, bake.exit(), bake::toString);
        frozen = cache;
        Assumptions.assumeTrue(ReadOnly.freeze(cache), "cannot make a directory read-only here");
        Map<String, String> env = Map.of("KILN_CACHE_PATH", cache.toString());

        // Runtime only: count hits; text misses and cannot compile here. Nothing about tiers or temporary caches.
        Procs.Out r = Procs.app(tmp, env, Procs.join(app, TestApps.runtimeLocation()), "app.Main", "count", "text");
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.out().contains("count 2\n"), r::toString);
        assertTrue(kilnError(r, "Bad.text").endsWith("no Kiln compiler is on the class path (add kiln-compiler)"), r::toString);
        assertEquals("", r.err().lines().filter(l -> l.startsWith("kiln:")).reduce("", String::concat), r::toString);

        // A host that does compile a miss is told where the kernel went, once each.
        Procs.Out c = Procs.app(tmp, env, Procs.join(app) + java.io.File.pathSeparator + Procs.kilnClassPath(),
                "app.Main", "count", "layer");
        assertEquals(0, c.exit(), c::toString);
        assertEquals(1, c.err().lines().filter(l -> l.startsWith("kiln: warning: cache tier " + cache)
                && l.contains("is not writable")).count(), c::toString);
        assertEquals(1, c.err().lines().filter(l -> l.startsWith("kiln: warning: no writable cache tier in [" + cache
                + "]; compiled kernels go to ")).count(), c::toString);
    }
}
