package dev.kiln.cli;

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

/** bake failures, ls, explain, gc, fsck and the cache errors, against real caches. */
class CacheCommandsTest {
    @TempDir
    static Path tmp;
    static Path app;
    static Path withBad;

    @BeforeAll
    static void apps() {
        app = TestApps.compile(tmp.resolve("app"), TestApps.lossApp(TestApps.CLIP));
        Map<String, String> bad = new HashMap<>(TestApps.lossApp(TestApps.CLIP));
        bad.put("app.Bad", """
                package app;
                import dev.kiln.Kernel;
                public final class Bad {
                    @Kernel public static int text(int n) { return String.valueOf(n).length(); }
                }
                """);
        withBad = TestApps.compile(tmp.resolve("with-bad"), bad);
    }

    private static Cli.Result withHostCpu(String target, java.util.function.Supplier<Cli.Result> run) {
        String before = System.getProperty("kiln.host.cpu");
        System.setProperty("kiln.host.cpu", target);
        try {
            return run.get();
        } finally {
            if (before == null) System.clearProperty("kiln.host.cpu");
            else System.setProperty("kiln.host.cpu", before);
        }
    }

    private static Path bake(String name, String... kernels) {
        Path cache = tmp.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("bake", "--classpath", app.toString(), "--cache",
                cache.toString(), "--target", "x86-64-v3"));
        args.addAll(List.of(kernels));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        return cache;
    }

    @Test
    void aKernelThatCannotCompileFailsTheBakeUnlessKeepGoing() {
        Path cache = tmp.resolve("bad-cache");
        Cli.Result r = Cli.run("bake", "--classpath", withBad.toString(), "--cache", cache.toString(),
                "--target", "x86-64-v3", "--jobs", "1");
        oneLineError(r, Exit.CHECK_FAILED, "compilation");
        assertTrue(r.err().contains("app.Bad#text for x86-64-v3: unsupported"), r::toString);
        assertTrue(r.out().matches("(?s).*failed\\s+1\\n.*"), r::toString);
        assertTrue(r.out().contains("failed: app.Bad#text for x86-64-v3: unsupported"), r::toString);

        Cli.Result k = Cli.run("bake", "--classpath", withBad.toString(), "--cache", cache.toString(),
                "--target", "x86-64-v3", "--keep-going");
        assertEquals(0, k.exit(), k::toString);
        assertTrue(k.out().matches("(?s).*failed\\s+1\\n.*"), k::toString);
        assertTrue(k.out().matches("(?s).*not attempted.*") == false, k::toString);
        // The good kernels are in the cache; verify still fails because of the bad one and says why.
        Cli.Result v = Cli.run("verify", "--classpath", withBad.toString(), "--cache", cache.toString(), "--target", "x86-64-v3");
        oneLineError(v, Exit.CHECK_FAILED, "app.Bad#text for x86-64-v3: refused (unsupported ");
        assertTrue(v.out().matches("(?s).*hit\\s+app\\.Losses#layer\\s+x86-64-v3.*"), v::toString);
    }

    @Test
    void lsListsEntries() {
        Path cache = bake("ls-cache");
        Cli.Result r = Cli.run("ls", "--cache", cache.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("KERNEL"), r::toString);
        assertTrue(r.out().matches("(?s).*app\\.Losses\\.count\\(\\[II\\)J\\s+x86-64-v3\\s+\\d.*"), r::toString);
        assertTrue(r.out().contains("2 entries"), r::toString);
        Cli.Result j = Cli.run("ls", "--cache", cache.toString(), "--json");
        assertTrue(j.out().contains("\"target\" : \"x86-64-v3\""), j::toString);
    }

    @Test
    void bakeWithARemoteTierFillsItToo() throws Exception {
        Path shared = tmp.resolve("shared-remote");
        System.setProperty("kiln.remote.cache", shared.toUri().toString());
        try {
            Path cache = tmp.resolve("remote-bake");
            Cli.Result r = Cli.run("bake", "--classpath", app.toString(), "--cache", cache.toString(), "--target",
                    "x86-64-v3");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().matches("(?s).*\\n  published       2 new to file://.*shared-remote/? \\(0 errors\\)\\n.*"),
                    r::toString);
            List<String> objects;
            try (var s = java.nio.file.Files.walk(shared)) {
                objects = s.filter(java.nio.file.Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
            }
            List<String> keys = dev.kiln.runtime.cache.KilnCache.open(dev.kiln.KilnConfig.defaults()
                    .withCachePath(List.of(cache))).list().stream().map(e -> e.key() + ".x86-64-v3").sorted().toList();
            assertEquals(keys, objects, "one object per baked entry, named by key and target");
            // kiln ls --remote lists them by name: kernel, target, key, tier.
            Cli.Result ls = Cli.run("ls", "--remote");
            assertEquals(0, ls.exit(), ls::toString);
            assertTrue(ls.out().contains("2 entries in file://"), ls::toString);
            for (String k : keys) assertTrue(ls.out().contains(k.substring(0, 12)), () -> k + " missing from\n" + ls);
            Cli.Result lsJson = Cli.run("ls", "--remote", shared.toUri().toString(), "--json");
            assertTrue(lsJson.out().contains("\"target\" : \"x86-64-v3\"") && lsJson.out().contains("\"errors\" : [ ]"),
                    lsJson::toString);
            // Baking again finds everything local and remote: nothing new anywhere.
            Cli.Result again = Cli.run("bake", "--classpath", app.toString(), "--cache", cache.toString(), "--target",
                    "x86-64-v3");
            assertTrue(again.out().contains("published       0 new"), again::toString);
        } finally {
            System.clearProperty("kiln.remote.cache");
        }
    }

    @Test
    void verifyCountsRemoteEntriesAsHitsWithoutCopyingThem() throws Exception {
        Path shared = tmp.resolve("verify-remote");
        Path baked = tmp.resolve("verify-remote-bake");
        Path empty = Files.createDirectories(tmp.resolve("verify-remote-empty"));
        System.setProperty("kiln.remote.cache", shared.toUri().toString());
        try {
            Cli.Result bake = Cli.run("bake", "--classpath", app.toString(), "--cache", baked.toString());
            assertEquals(0, bake.exit(), bake::toString);
            // A host with an empty local cache and the remote tier: every kernel would be fetched, so verify passes.
            Cli.Result v = Cli.run("verify", "--classpath", app.toString(), "--cache", empty.toString());
            assertEquals(0, v.exit(), v::toString);
            assertTrue(v.out().contains("OK: all 2 would be served from the cache"), v::toString);
            assertTrue(v.out().contains("of remote tier file://"), v::toString);
            assertTrue(dev.kiln.runtime.cache.KilnCache.open(dev.kiln.KilnConfig.defaults().withCachePath(List.of(empty))).list().isEmpty(),
                    "verify only reads: nothing is copied into the local cache");
            // A remote entry that fails its checks is no hit: corrupt every object.
            List<Path> objects;
            try (var s = java.nio.file.Files.walk(shared)) {
                objects = s.filter(java.nio.file.Files::isRegularFile).toList();
            }
            for (Path o : objects) {
                byte[] b = java.nio.file.Files.readAllBytes(o);
                b[b.length / 2] ^= 0x5a;
                java.nio.file.Files.write(o, b);
            }
            Cli.Result bad = Cli.run("verify", "--classpath", app.toString(), "--cache", empty.toString());
            assertEquals(Exit.CHECK_FAILED, bad.exit(), bad::toString);
        } finally {
            System.clearProperty("kiln.remote.cache");
        }
        // Without the remote tier the same empty cache serves nothing.
        Cli.Result none = Cli.run("verify", "--classpath", app.toString(), "--cache", empty.toString());
        assertEquals(Exit.CHECK_FAILED, none.exit(), none::toString);
        assertTrue(none.err().contains("no-entry"), none::toString);
    }

    @Test
    void lsRemoteNeedsATierAndSaysWhichCannotBeListed() {
        Cli.Result none = Cli.run("ls", "--remote");
        assertEquals(Exit.USAGE, none.exit(), none::toString);
        assertTrue(none.err().contains("no remote tier"), none::toString);
        Cli.Result bad = Cli.run("ls", "--remote", "nosuch://host/x");
        assertTrue(bad.exit() != 0 && bad.err().lines().count() <= 2, bad::toString);
    }

    @Test
    void explainShowsTheKeyAndTheVerdict() {
        Path cache = bake("explain-cache", "app.Losses#layer");
        // a host that runs the x86-64-v3 entry, whatever this machine is (some VMs report no lzcnt: a v2 host)
        Cli.Result hit = withHostCpu("x86-64-v3",
                () -> Cli.run("explain", "--classpath", app.toString(), "--cache", cache.toString(), "app.Losses#layer"));
        assertEquals(0, hit.exit(), hit::toString);
        for (String s : new String[]{"code of kernel Losses.layer([DDD)D", "code of callee Clip.clip(DDD)D", "compiler",
                "kiln-0.1.0", "options", "O3", "HIT: served by the x86-64-v3 entry"}) {
            assertTrue(hit.out().contains(s), () -> s + "\n" + hit);
        }
        Cli.Result miss = Cli.run("explain", "--classpath", app.toString(), "--cache", cache.toString(), "app.Losses#count");
        assertEquals(0, miss.exit(), miss::toString);
        assertTrue(miss.out().contains("MISS: would compile for host: no-entry"), miss::toString);
        assertTrue(miss.out().contains("; no entry yet; bake it)"), miss::toString);
        Path changed = TestApps.compile(tmp.resolve("explain-changed"), TestApps.lossApp(TestApps.CLIP_CHANGED));
        Cli.Result stale = withHostCpu("x86-64-v3",
                () -> Cli.run("explain", "--classpath", changed.toString(), "--cache", cache.toString(), "app.Losses#layer"));
        assertTrue(stale.out().contains("inputs-changed (callee Clip.clip(DDD)D changed)"), stale::toString);
        assertTrue(stale.out().contains("other code"), stale::toString);
        assertTrue(stale.out().matches("(?s).*code of kernel Losses\\.layer\\(\\[DDD\\)D\\s+\\p{XDigit}{64}\\n"
                + "\\s+code of callee Clip\\.clip\\(DDD\\)D\\s+\\p{XDigit}{64}  <- changed.*"), stale::toString);
    }

    @Test
    void gcRemovesLeastRecentlyUsedDownToTheSize() {
        Path cache = bake("gc-cache");
        Cli.Result none = Cli.run("gc", "--cache", cache.toString(), "--stale");
        assertEquals(0, none.exit(), none::toString);
        assertTrue(none.out().contains("Removed 0 entries"), none::toString);
        Cli.Result all = Cli.run("gc", "--cache", cache.toString(), "--max-size", "0");
        assertEquals(0, all.exit(), all::toString);
        assertTrue(all.out().contains("Removed 2 entries"), all::toString);
        assertTrue(Cli.run("ls", "--cache", cache.toString()).out().contains("0 entries"));
    }

    @Test
    void fsckMovesABadEntryAsideAndFailsOnce() throws Exception {
        Path cache = bake("fsck-cache");
        Path lib;
        try (Stream<Path> s = Files.walk(cache)) {
            lib = s.filter(p -> p.getFileName().toString().equals("kernel.so")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(lib);
        b[b.length / 2] ^= 0x5a;
        Files.write(lib, b);
        Cli.Result bad = Cli.run("fsck", "--cache", cache.toString());
        oneLineError(bad, Exit.CHECK_FAILED, "fsck found 1 bad entry (moved aside)");
        assertTrue(bad.out().contains("BAD  " + lib.getParent()), bad::toString);
        assertTrue(bad.out().contains("moved to"), bad::toString);
        assertFalse(Files.exists(lib));
        Cli.Result good = Cli.run("fsck", "--cache", cache.toString());
        assertEquals(0, good.exit(), good::toString);
        assertTrue(good.out().contains("Checked 1 entry"), good::toString);
    }

    @Test
    void unwritableCache() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro-cache"));
        boolean frozen = ReadOnly.freeze(ro);
        try {
            Assumptions.assumeTrue(frozen, "cannot make a directory read-only here");
            Path inside = ro.resolve("sub");
            oneLineError(Cli.run("bake", "--classpath", app.toString(), "--cache", ro.toString(), "--target", "x86-64-v3"),
                    Exit.INPUT, "cache " + ro + " is not writable");
            oneLineError(Cli.run("bake", "--classpath", app.toString(), "--cache", inside.toString(), "--target", "x86-64-v3"),
                    Exit.INPUT, "is not writable");
            oneLineError(Cli.run("gc", "--cache", ro.toString(), "--stale"), Exit.INPUT, "is not writable");
        } finally {
            ReadOnly.thaw(ro);
        }
    }

    @Test
    void cacheErrors() throws Exception {
        Path newer = Files.createDirectories(tmp.resolve("newer").resolve("kiln-v2"));
        String dir = newer.getParent().toString();
        oneLineError(Cli.run("verify", "--classpath", app.toString(), "--cache", dir), Exit.INPUT,
                "cache " + dir + " was made by a newer Kiln (layout kiln-v2");
        oneLineError(Cli.run("bake", "--classpath", app.toString(), "--cache", dir, "--target", "x86-64-v3"), Exit.INPUT,
                "made by a newer Kiln");
        oneLineError(Cli.run("ls", "--cache", dir), Exit.INPUT, "made by a newer Kiln");
        String missing = tmp.resolve("no-such-cache").toString();
        oneLineError(Cli.run("verify", "--classpath", app.toString(), "--cache", missing), Exit.INPUT,
                "no cache at " + missing);
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        oneLineError(Cli.run("ls", "--cache", file.toString()), Exit.INPUT, "is not a directory");
    }

    @Test
    void defaultCacheIsTheFirstTierOfKilnCachePath() throws Exception {
        Path cache = bake("env-cache");
        Procs.Out r = Procs.kiln(tmp, Map.of("KILN_CACHE_PATH", cache + ":" + tmp.resolve("other")), "ls");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("2 entries") && r.out().contains(cache.toString()), r::toString);
    }
}
