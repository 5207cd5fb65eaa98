package dev.kiln.it;

import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.KilnCache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A cache filled once, then copied, re-stamped, made read-only and stacked with other tiers. */
class RelocationAndTiersTest {
    @TempDir
    static Path tmp;
    static Path filled;
    static final List<String> SIX = Jvm.many(0, 6);

    @BeforeAll
    static void fill() throws Exception {
        filled = tmp.resolve("A");
        Jvm.Result r = Jvm.child().cache(filled).stats(tmp.resolve("fill.json")).args(SIX).run(240).ok();
        assertEquals(6, r.count("OK "));
        assertEquals(6, Jvm.Stats.read(tmp.resolve("fill.json")).compiles());
    }

    static Path copy(String name) throws IOException, InterruptedException {
        Path dest = tmp.resolve(name);
        sh("cp", "-r", filled.toString(), dest.toString());
        sh("find", dest.toString(), "-exec", "touch", "-h", "-d", "@0", "{}", "+");
        return dest;
    }

    static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p) + " " + (Files.isRegularFile(p) ? size(p) : -1)).sorted().toList();
        }
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -2;
        }
    }

    @Test
    void relocatedRestampedReadOnlyCopyServesEverythingInStrictMode() throws Exception {
        Path b = copy("B");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        List<String> before = files(b);
        Jvm j = Jvm.child().cache(b).prop("kiln.strict", true).stats(tmp.resolve("reloc.json")).in(elsewhere).args(SIX);
        boolean ro = Jvm.canMountReadOnly();
        if (ro) j.readOnly(b);
        else sh("chmod", "-R", "a-w", b.toString());
        Jvm.Result r = j.run(120).ok();
        assertEquals(6, r.count("OK "), r.toString());
        Jvm.Stats s = Jvm.Stats.read(tmp.resolve("reloc.json"));
        assertEquals(6, s.hits());
        assertEquals(0, s.misses());
        assertEquals(0, s.compiles());
        assertEquals(before, files(b), "a read-only tier is not modified");
        assertFalse(r.err().contains("warning"), r.err());
    }

    @Test
    void readOnlyTierWithWritableOverlay() throws Exception {
        assumeTrue(Jvm.canMountReadOnly(), "needs unshare and bind mounts for a read-only file system");
        Path image = copy("image");
        Path overlay = tmp.resolve("overlay");
        List<String> kernels = new ArrayList<>(SIX);
        kernels.addAll(Jvm.many(6, 8));
        Jvm.Result r = Jvm.child().cache(image, overlay).readOnly(image).stats(tmp.resolve("overlay.json"))
                .args(kernels).run(240).ok();
        assertEquals(8, r.count("OK "));
        Jvm.Stats s = Jvm.Stats.read(tmp.resolve("overlay.json"));
        assertEquals(6, s.hitsByTier().get(image.toAbsolutePath().toString()));
        assertEquals(2, s.compiles());
        assertEquals(2, KilnCache.open(KilnConfig.defaults().withCachePath(List.of(overlay))).list().size());
        assertEquals(6, KilnCache.open(KilnConfig.defaults().withCachePath(List.of(image))).list().size());
    }

    @Test
    void noWritableTierAtAllStillWorks() throws Exception {
        assumeTrue(Jvm.canMountReadOnly(), "needs unshare and bind mounts for a read-only file system");
        Path ro = Files.createDirectories(tmp.resolve("nowrite"));
        Jvm.Result r = Jvm.child().cache(ro, Path.of("/proc/kiln-nowhere")).readOnly(ro)
                .stats(tmp.resolve("nowrite.json")).args(Jvm.many(6, 8)).args(Jvm.MANY + "k06").run(240).ok();
        assertEquals(3, r.count("OK "));
        assertEquals(1, r.err().lines().filter(l -> l.contains("no writable cache tier")).count(), r.err());
        Jvm.Stats s = Jvm.Stats.read(tmp.resolve("nowrite.json"));
        assertEquals(2, s.compiles(), "k06 twice in one process compiles once");
        try (Stream<Path> st = Files.list(ro)) {
            assertEquals(0, st.count());
        }
    }

    @Test
    void twoTiersHoldingTheSameKey() throws Exception {
        Path first = copy("first");
        Path second = copy("second");
        Jvm.Result r = Jvm.child().cache(first, second).prop("kiln.strict", true).stats(tmp.resolve("two.json"))
                .args(SIX).run(120).ok();
        assertEquals(6, Jvm.Stats.read(tmp.resolve("two.json")).hitsByTier().get(first.toAbsolutePath().toString()));
        // Break every copy in the first tier: the second serves, the bad ones go to quarantine.
        try (Stream<Path> s = Files.walk(first)) {
            for (Path lib : s.filter(p -> p.getFileName().toString().equals("kernel.so")).toList()) {
                Files.write(lib, new byte[]{0x7f, 'E', 'L', 'F', 0});
            }
        }
        r = Jvm.child().cache(first, second).prop("kiln.strict", true).stats(tmp.resolve("two2.json"))
                .args(SIX).run(120).ok();
        Jvm.Stats s = Jvm.Stats.read(tmp.resolve("two2.json"));
        assertEquals(6, s.hitsByTier().get(second.toAbsolutePath().toString()), r.toString());
        assertEquals(6, r.err().lines().filter(l -> l.startsWith("kiln: warning: corrupt cache entry")).count(), r.err());
        try (Stream<Path> q = Files.list(first.resolve("kiln-v1/quarantine"))) {
            assertEquals(6, q.count());
        }
    }
}
