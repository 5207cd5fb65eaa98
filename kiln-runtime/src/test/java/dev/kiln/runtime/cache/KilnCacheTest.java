package dev.kiln.runtime.cache;

import dev.kiln.CompileOptions;
import dev.kiln.KilnVersion;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import dev.kiln.KilnConfig;
import dev.kiln.runtime.abi.KernelAbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The store on real files: layout, publish, verification, quarantine, tiers, miss reasons, gc. No loading. */
class KilnCacheTest {
    @TempDir
    Path tmp;
    KernelGraph graph;
    KernelKey spec;
    static final Target V3 = Target.level("x86-64-v3");
    static final Target V4 = Target.level("x86-64-v4");

    @BeforeEach
    void setUp() throws IOException {
        ClassLoader l = Sources.compile(tmp.resolve("classes"), Sources.base(), "-g");
        graph = KernelGraph.of(l, "k/Losses", "layer", null);
        spec = KernelKey.of(graph, CompileOptions.DEFAULT, KilnVersion.COMPILER);
    }

    static byte[] fakeElf(String tag) {
        byte[] t = tag.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[64 + t.length];
        b[0] = 0x7f; b[1] = 'E'; b[2] = 'L'; b[3] = 'F';
        System.arraycopy(t, 0, b, 64, t.length);
        return b;
    }

    static EntryMeta meta(KernelKey spec, Target target, byte[] lib) {
        String key = spec.keyFor(target);
        return new EntryMeta(key, spec.identity(), spec.inputs(), spec.methodDigests(), spec.compiler(),
                target.toString(), spec.options().toString(),
                new KernelAbi(KernelKey.symbol(key), "([DD)D", true, List.of("Cannot load from double array")),
                lib.length, KeyEncoder.sha256Hex(lib), Instant.parse("2025-01-01T00:00:00Z"));
    }

    Path put(Path tier, KernelKey s, Target target) throws IOException {
        byte[] lib = fakeElf(target.toString() + s.compiler() + s.options());
        return Tier.publish(new Tier(tier, 0).kernelDir(s.identity()), meta(s, target, lib), lib);
    }

    KilnCache cache(Path... tiers) {
        return KilnCache.open(KilnConfig.defaults().withCachePath(List.of(tiers)));
    }

    KilnCache.Result find(KilnCache c, Target host) {
        return c.find(spec, host.requiredFeatures(), host.toString(), true);
    }

    @Test
    void layoutIsContentAddressedAndReadable() throws IOException {
        Path a = tmp.resolve("a");
        Path dir = put(a, spec, V3);
        String key = spec.keyFor(V3);
        assertEquals(a.resolve("kiln-v1/kernels").resolve(Tier.kernelDirName(spec.identity())).resolve(key), dir);
        assertTrue(dir.getParent().getFileName().toString().matches("Losses\\.layer-[0-9a-f]{16}"));
        String meta = Files.readString(dir.resolve("meta.txt"));
        for (String f : List.of("key: " + key, "symbol: kiln_" + key.substring(0, 32), "kernel: k.Losses.layer([DD)D",
                "target: x86-64-v3", "compiler: " + KilnVersion.COMPILER, "library-sha256: ", "required-features: 64bit,avx",
                "method: ", "abi-fault-record: true", "options: O3 fastMath=false boundsChecks=true")) {
            assertTrue(meta.contains(f), f + " in\n" + meta);
        }
        try (Stream<Path> s = Files.list(dir.getParent())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-")), "no temp left");
        }
        assertFalse(meta.contains(tmp.toString()), "no paths in metadata");
    }

    @Test
    void picksTheBestRunnableEntryAndExplainsUnrunnableOnes() throws IOException {
        Path a = tmp.resolve("a");
        put(a, spec, V4);
        KilnCache c = cache(a);
        KilnCache.Result r = find(c, V3);
        assertNull(r.found());
        assertEquals(MissReason.TARGET_NOT_RUNNABLE, r.verdict().reason().orElseThrow());
        assertTrue(r.verdict().detail().contains("entries exist for x86-64-v4 (needs avx512bw"), r.verdict().detail());
        put(a, spec, V3);
        assertEquals("x86-64-v3", find(c, V3).found().meta().target());
        assertEquals("x86-64-v4", find(c, V4).found().meta().target());
        assertTrue(c.check(graph, V3).served());
        assertEquals(2, c.list(spec.identity()).size());
    }

    @Test
    void missReasonsNameWhatDiffers() throws IOException {
        Path a = tmp.resolve("a");
        KilnCache c = cache(a);
        assertEquals(MissReason.NO_ENTRY, find(c, V3).verdict().reason().orElseThrow());
        KernelKey other = new KernelKey(spec.kernel(), spec.inputs(), spec.methodDigests(), "kiln-0.0.9/abi-1/llvm-19", spec.options());
        put(a, other, V3);
        assertEquals(MissReason.OTHER_COMPILER, find(c, V3).verdict().reason().orElseThrow());
        KernelKey fast = new KernelKey(spec.kernel(), spec.inputs(), spec.methodDigests(), spec.compiler(),
                CompileOptions.DEFAULT.withFastMath(true));
        put(a, fast, V3);
        Verdict v = find(c, V3).verdict();
        assertEquals(MissReason.OPTIONS_CHANGED, v.reason().orElseThrow());
        assertEquals("fastMath differs (cached true, now false)", v.detail());
        var changed = new java.util.TreeMap<>(spec.methodDigests());
        changed.put("k.Clip.clip(DDD)D", "0".repeat(64));
        KernelKey oldCode = new KernelKey(spec.kernel(), KernelKey.inputsDigest(spec.identity(), changed), changed,
                spec.compiler(), spec.options());
        Path b = tmp.resolve("b");
        put(b, oldCode, V3);
        put(b, other, V3);
        v = find(cache(b), V3).verdict();
        assertEquals(MissReason.INPUTS_CHANGED, v.reason().orElseThrow());
        assertEquals("callee Clip.clip(DDD)D changed", v.detail());
    }

    @Test
    void corruptEntriesAreQuarantinedNeverServed() throws IOException {
        String[] kinds = {"truncate", "flip", "garbage-meta", "swap", "empty-lib", "meta-of-other-key"};
        for (String kind : kinds) {
            Path a = tmp.resolve("c-" + kind);
            Path dir = put(a, spec, V3);
            Path other = put(a, spec, V4);
            Path lib = dir.resolve("kernel.so");
            switch (kind) {
                case "truncate" -> Files.write(lib, java.util.Arrays.copyOf(Files.readAllBytes(lib), 10));
                case "flip" -> { byte[] b = Files.readAllBytes(lib); b[70] ^= 1; Files.write(lib, b); }
                case "garbage-meta" -> Files.writeString(dir.resolve("meta.txt"), "\u0000garbage\nmore: stuff");
                case "swap" -> Files.copy(other.resolve("kernel.so"), lib, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                case "empty-lib" -> Files.write(lib, new byte[0]);
                case "meta-of-other-key" -> Files.copy(other.resolve("meta.txt"), dir.resolve("meta.txt"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                default -> fail();
            }
            KilnCache c = cache(a);
            KilnCache.Result r = find(c, V3);
            assertNull(r.found(), kind);
            assertEquals(MissReason.CORRUPT, r.verdict().reason().orElseThrow(), kind + ": " + r.verdict());
            assertFalse(Files.exists(dir), kind + ": moved aside");
            try (Stream<Path> q = Files.list(a.resolve("kiln-v1/quarantine"))) {
                assertEquals(1, q.count(), kind);
            }
            assertTrue(Files.exists(other), kind + ": the good entry stays");
            put(a, spec, V3); // rebuilt
            assertNotNull(find(c, V3).found(), kind);
        }
    }

    @Test
    void tiersAreSearchedInOrderAndABadCopyFallsThrough() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path inA = put(a, spec, V3);
        put(b, spec, V3);
        KilnCache c = cache(a, b);
        assertEquals(a.toAbsolutePath(), find(c, V3).found().tier().root);
        Files.write(inA.resolve("kernel.so"), new byte[]{1, 2, 3});
        KilnCache.Found f = find(c, V3).found();
        assertEquals(b.toAbsolutePath(), f.tier().root, "served by the second tier");
        assertFalse(Files.exists(inA));
        // Missing tiers are fine; the first writable one takes writes.
        KilnCache d = cache(tmp.resolve("missing"), a);
        assertEquals(tmp.resolve("missing").toAbsolutePath(), d.writableTier().orElseThrow());
        KilnCache e = cache(Path.of("/proc/kiln-cannot-write-here"), a);
        assertEquals(a.toAbsolutePath(), e.writableTier().orElseThrow());
        assertTrue(Files.exists(a.resolve("CACHEDIR.TAG")));
    }

    @Test
    void abandonedWritesAreCleaned() throws IOException {
        Path a = tmp.resolve("a");
        Path dir = put(a, spec, V4);
        Path kdir = dir.getParent();
        String key3 = spec.keyFor(V3);
        Path dead = Files.createDirectories(kdir.resolve(".tmp-" + key3 + "-deadbeef"));
        Files.write(dead.resolve("kernel.so"), new byte[]{0x7f, 'E'});
        Path dead4 = Files.createDirectories(kdir.resolve(".tmp-" + spec.keyFor(V4) + "-cafe"));
        assertNull(find(cache(a), V3).found(), "a temp folder is never an entry");
        put(a, spec, V3);
        assertFalse(Files.exists(dead), "the writer of a key cleans its dead temps");
        KilnCache.FsckReport r = cache(a).verify();
        assertTrue(r.clean(), r.toString());
        assertEquals(2, r.checked());
        assertEquals(1, r.tempsRemoved());
        assertFalse(Files.exists(dead4));
    }

    @Test
    void fsckReportsAndQuarantines() throws IOException {
        Path a = tmp.resolve("a");
        Path dir = put(a, spec, V3);
        put(a, spec, V4);
        Files.writeString(dir.resolve("meta.txt"), "format: kiln-entry/1\n");
        KilnCache.FsckReport r = cache(a).verify();
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).movedTo().isPresent());
        assertTrue(r.problems().get(0).reason().contains("lacks key"), r.problems().get(0).reason());
        assertTrue(cache(a).verify().clean());
    }

    @Test
    void gcEvictsLeastRecentlyUsedAndOtherCompilersButNotBusyEntries() throws Exception {
        Path a = tmp.resolve("a");
        Path old = put(a, spec, V3);
        Path recent = put(a, spec, V4);
        Path v2 = put(a, spec, Target.level("x86-64-v2"));
        KernelKey other = new KernelKey(spec.kernel(), spec.inputs(), spec.methodDigests(), "kiln-0.0.9/abi-1/llvm-19", spec.options());
        Path stale = put(a, other, V3);
        Files.setLastModifiedTime(old.resolve("meta.txt"), FileTime.fromMillis(1000));
        Files.setLastModifiedTime(v2.resolve("meta.txt"), FileTime.fromMillis(2000));
        Tier.markUsed(recent, CacheSettings.DEFAULTS.useMarkMillis());
        long one = Tier.sizeOf(recent);
        KilnCache c = cache(a);

        // v2 is older than recent but busy: another thread reads it (holds its lock shared).
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (KeyLock l = KeyLock.shared(Tier.lockFile(v2.getParent(), v2.getFileName().toString()))) {
                held.countDown();
                done.await();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        reader.start();
        held.await();
        KilnCache.GcReport r = c.gc(one + one / 2, true);
        done.countDown();
        reader.join();
        assertTrue(r.removed().contains(stale), "other compiler removed");
        assertTrue(r.removed().contains(old), "least recently used removed");
        assertEquals(1, r.skippedBusy());
        assertTrue(Files.exists(v2) && Files.exists(recent));
        assertFalse(Files.exists(old) || Files.exists(stale));
        assertEquals(Set.of(recent, v2), Set.copyOf(c.list().stream().map(EntryInfo::dir).toList()));
    }
}
