package dev.kiln.runtime.cache;

import dev.kiln.CompileOptions;
import dev.kiln.KilnVersion;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Direct mode: a record serves only byte-identical class files, and gives exactly the fully derived key. */
class DirectIndexTest {
    @TempDir
    Path tmp;

    private static final CompileOptions OPT = CompileOptions.DEFAULT;

    private static Map<String, String> with(String cls, String source) {
        Map<String, String> m = new HashMap<>(Sources.base());
        m.put(cls, source);
        return m;
    }

    private static KernelKey full(ClassLoader l, String descriptor) {
        return KernelKey.of(KernelGraph.of(l, "k/Losses", "layer", descriptor), OPT, KilnVersion.COMPILER);
    }

    private static KernelKey direct(List<Tier> tiers, ClassLoader l, String descriptor) {
        DirectIndex.Hit h = DirectIndex.lookup(tiers, new DirectIndex.Request(l, "k/Losses", "layer", descriptor),
                KilnVersion.COMPILER, OPT);
        return h == null ? null : h.key();
    }

    private static void record(List<Tier> tiers, ClassLoader l) {
        KernelGraph g = KernelGraph.of(l, "k/Losses", "layer", null);
        DirectIndex.record(tiers, g, KernelKey.of(g, OPT, KilnVersion.COMPILER));
    }

    @Test
    void unchangedClassFilesGiveTheFullKeyWithoutParsing() throws Exception {
        List<Tier> tiers = List.of(new Tier(tmp.resolve("cache"), 0));
        ClassLoader a = Sources.compile(tmp.resolve("a"), Sources.base());
        assertNull(direct(tiers, a, null), "nothing recorded yet");
        record(tiers, a);
        KernelKey want = full(a, null);
        for (String desc : new String[]{null, "([DD)D"}) {
            KernelKey got = direct(tiers, a, desc);
            assertNotNull(got, "by " + (desc == null ? "name" : "descriptor"));
            assertEquals(want.identity(), got.identity());
            assertEquals(want.inputs(), got.inputs());
            assertEquals(want.methodDigests(), got.methodDigests());
            assertEquals(want.keyFor(dev.kiln.Target.level("x86-64-v3")), got.keyFor(dev.kiln.Target.level("x86-64-v3")));
        }
        assertNull(direct(tiers, a, "([DI)D"), "another descriptor is another request");
        // The same bytes compiled elsewhere (relocated application) are served by the same record.
        assertNotNull(direct(tiers, Sources.compile(tmp.resolve("elsewhere/deep"), Sources.base()), null));
    }

    @Test
    void theKernelClassDigestIsReadOncePerLoadedClassAndGivesTheSameKey() throws Exception {
        List<Tier> tiers = List.of(new Tier(tmp.resolve("cache"), 0));
        ClassLoader a = Sources.compile(tmp.resolve("a"), Sources.base());
        record(tiers, a);
        Class<?> losses = a.loadClass("k.Losses");
        DirectIndex.Hit first = DirectIndex.lookup(tiers, new DirectIndex.Request(a, "k/Losses", "layer", null, losses),
                KilnVersion.COMPILER, OPT);
        assertNotNull(first);
        assertEquals(full(a, null).inputs(), first.key().inputs());
        // The loaded class is what runs: rewriting its file afterwards changes neither this class's key nor a
        // request that names no class (which reads the file, finds it changed, and derives the key in full).
        Files.write(tmp.resolve("a/classes/k/Losses.class"), new byte[]{(byte) 0xca, (byte) 0xfe});
        DirectIndex.Hit again = DirectIndex.lookup(tiers, new DirectIndex.Request(a, "k/Losses", "layer", null, losses),
                KilnVersion.COMPILER, OPT);
        assertNotNull(again);
        assertEquals(first.key(), again.key());
        assertNull(direct(tiers, a, null), "without the class, the changed file is read and the record not trusted");
    }

    @Test
    void anEditedCalleeOrKernelIsNeverServedFromTheRecord() throws Exception {
        List<Tier> tiers = List.of(new Tier(tmp.resolve("cache"), 0));
        record(tiers, Sources.compile(tmp.resolve("a"), Sources.base()));
        ClassLoader callee = Sources.compile(tmp.resolve("b"), with("k.Clip",
                Sources.CLIP.replace("Math.max(lo, Math.min(hi, v))", "Math.min(hi, Math.max(lo, v))")));
        assertNull(direct(tiers, callee, null), "callee changed: derive the key in full");
        assertNotEquals(full(Sources.compile(tmp.resolve("a2"), Sources.base()), null).inputs(), full(callee, null).inputs());
        ClassLoader unrelated = Sources.compile(tmp.resolve("c"), with("k.Losses",
                Sources.LOSSES.replace("return a + 1;", "return a * 7 + 2;")));
        assertNull(direct(tiers, unrelated, null), "the kernel's class file changed (even if the key will not)");
        // After the full derivation records it, the edited callee has its own record, with its own key.
        record(tiers, callee);
        assertEquals(full(callee, null).inputs(), direct(tiers, callee, null).inputs());
    }

    @Test
    void aClassThatWasAbsentAndNowExistsInvalidatesTheRecord() throws Exception {
        String losses = "package k; public class Losses { public static double layer(double v) { return Gone.f(v); } }";
        String gone = "package k; public class Gone { public static double f(double v) { return v * 2; } }";
        List<Tier> tiers = List.of(new Tier(tmp.resolve("cache"), 0));
        ClassLoader a = Sources.compile(tmp.resolve("a"), Map.of("k.Losses", losses, "k.Gone", gone));
        Files.delete(tmp.resolve("a/classes/k/Gone.class"));
        record(tiers, a);
        assertNotNull(direct(tiers, a, null));
        assertTrue(Files.readString(onlyRecord(tmp.resolve("cache"))).contains("absent: k/Gone\n"));
        // Same kernel class bytes, but the callee's class now exists: the graph would differ, so no direct hit.
        ClassLoader b = Sources.compile(tmp.resolve("b"), Map.of("k.Losses", losses, "k.Gone", gone));
        assertNull(direct(tiers, b, null));
    }

    private static Path onlyRecord(Path cache) throws Exception {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".txt")).findFirst().orElseThrow();
        }
    }

    @Test
    void aDamagedRecordIsIgnoredAndRecordsInAnyTierAreRead() throws Exception {
        Tier first = new Tier(tmp.resolve("first"), 0);
        Tier second = new Tier(tmp.resolve("second"), 1);
        ClassLoader a = Sources.compile(tmp.resolve("a"), Sources.base());
        record(List.of(second), a);
        assertNotNull(direct(List.of(first, second), a, "([DD)D"), "records in any tier are read");
        try (Stream<Path> s = Files.walk(second.root)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".txt")).toList()) {
                String text = Files.readString(f);
                // Flip one digit of a method digest: the checksum no longer matches, so the record is not trusted.
                int at = text.indexOf("method: ") + 8;
                Files.writeString(f, text.substring(0, at) + (text.charAt(at) == '0' ? '1' : '0') + text.substring(at + 1));
            }
        }
        assertNull(direct(List.of(first, second), a, "([DD)D"));
        assertNull(direct(List.of(first, second), a, null));
        try (Stream<Path> s = Files.walk(second.root)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".txt")).toList()) {
                Files.writeString(f, "format: kiln-direct/1\ntruncat");
            }
        }
        assertNull(direct(List.of(first, second), a, null));
        // A later full derivation rewrites the damaged record.
        record(List.of(second), a);
        assertNotNull(direct(List.of(first, second), a, null));
    }

    @Test
    void recordTextHasNoPathsAndEndsWithItsChecksum() throws Exception {
        List<Tier> tiers = List.of(new Tier(tmp.resolve("cache"), 0));
        record(tiers, Sources.compile(tmp.resolve("a"), Sources.base()));
        try (Stream<Path> s = Files.walk(tmp.resolve("cache"))) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            assertEquals(2, files.size(), "by name and by descriptor: " + files);
            for (Path p : files) {
                String t = Files.readString(p);
                assertFalse(t.contains(tmp.toString()), t);
                assertTrue(t.matches("(?s)format: kiln-direct/2\n.*class: [0-9a-f]{64} k/Clip\n.*check: [0-9a-f]{64}\n"), t);
                assertTrue(p.toString().contains("/kiln-v1/direct/"), p.toString());
            }
        }
    }

    @Test
    void constantTablesAreRecordedInOrder() throws Exception {
        String losses = "package k; public class Losses { static final double[] W = {1, 2}; static final int[] A = {3};"
                + " static final long[][] M = {{4}}; static final float[][][] C = {{{5}}};"
                + " public static double layer(double v) { return v * W[0] + A[0] + M[0][0] + C[0][0][0]; } }";
        List<Tier> tiers = List.of(new Tier(tmp.resolve("cache"), 0));
        ClassLoader a = Sources.compile(tmp.resolve("a"), Map.of("k.Losses", losses));
        KernelGraph g = KernelGraph.of(a, "k/Losses", "layer", null);
        record(tiers, a);
        DirectIndex.Hit h = DirectIndex.lookup(tiers, new DirectIndex.Request(a, "k/Losses", "layer", null),
                KilnVersion.COMPILER, OPT);
        assertNotNull(h);
        assertEquals(dev.kiln.model.StaticTables.of(g), h.tables());
        assertEquals(List.of("A [I", "C [[[F", "M [[J", "W [D"),
                h.tables().stream().map(t -> t.name() + " " + t.descriptor()).toList()); // tables of arrays too
    }

    @Test
    void metadataTimesParseLikeInstantParse() {
        for (String s : new String[]{"2026-11-21T23:09:12Z", "2026-11-21T23:09:12.345Z", "2026-11-21T23:09:12.345678Z",
                "2026-11-21T23:09:12.123456789Z", "2024-02-29T00:00:00Z", "1970-01-01T00:00:00Z", "2100-12-31T23:59:59.5Z"}) {
            assertEquals(Instant.parse(s), EntryMeta.instant(s), s);
        }
        Instant now = Instant.now();
        assertEquals(now, EntryMeta.instant(now.toString()));
        assertThrows(java.time.format.DateTimeParseException.class, () -> EntryMeta.instant("2026-13-21T23:09:12Z"));
        assertThrows(java.time.format.DateTimeParseException.class, () -> EntryMeta.instant("2026-11-21 23:09:12Z"));
    }
}
