package dev.kiln.runtime.cache;

import dev.kiln.KilnException;
import dev.kiln.KilnConfig;
import dev.kiln.runtime.KilnContext;
import dev.kiln.runtime.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The pieces of remote tiers that need no server: the bundle format, object names, settings, the file:// tier. */
class RemotePartsTest {
    @TempDir
    Path tmp;

    @Test
    void bundleRoundTripsEveryFileAndRefusesDamage() throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("meta.txt", "format: x\n".getBytes(StandardCharsets.UTF_8));
        files.put("kernel.so", new byte[]{0x7f, 'E', 'L', 'F', 0, '\n', 1});
        files.put("signatures", "sig".getBytes(StandardCharsets.UTF_8));
        byte[] b = EntryBundle.encode(files);
        Map<String, byte[]> back = EntryBundle.decode(b);
        assertEquals(files.keySet(), back.keySet());
        for (String k : files.keySet()) assertArrayEquals(files.get(k), back.get(k), k);

        assertThrows(EntryBundle.BadBundle.class, () -> EntryBundle.decode(java.util.Arrays.copyOf(b, b.length - 3)));
        byte[] extra = java.util.Arrays.copyOf(b, b.length + 1);
        assertThrows(EntryBundle.BadBundle.class, () -> EntryBundle.decode(extra));
        assertThrows(EntryBundle.BadBundle.class, () -> EntryBundle.decode("garbage\n".getBytes()));
        Map<String, byte[]> noLib = new TreeMap<>(files);
        noLib.remove("kernel.so");
        var e = assertThrows(EntryBundle.BadBundle.class, () -> EntryBundle.decode(EntryBundle.encode(noLib)));
        assertTrue(e.getMessage().contains("kernel.so"), e.getMessage());
        // A name that would escape the entry folder is refused, not written.
        String evil = new String(b, StandardCharsets.ISO_8859_1).replace("file signatures", "file ../../xx");
        assertThrows(EntryBundle.BadBundle.class, () -> EntryBundle.decode(evil.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void listedNamesCarryKeyAndTargetAndForeignNamesAreIgnored() {
        String prefix = "kiln-v1/Losses.clip-0123456789abcdef/fedcba9876543210/";
        String key = "a".repeat(64);
        RemoteTiers.Listed l = RemoteTiers.Listed.parse(prefix, prefix + key + ".x86-64-v3+avx512f");
        assertNotNull(l);
        assertEquals(key, l.key());
        assertTrue(l.target().requiredFeatures().contains("avx512f"));
        assertTrue(l.target().requiredFeatures().contains("avx2"));
        assertEquals(0, l.extra());
        RemoteTiers.Listed ab = RemoteTiers.Listed.parse(prefix, prefix + key + ".x86-64-v4+37f0123abcd");
        assertNotNull(ab);
        assertEquals(37, ab.extra());
        assertEquals(ab.target().requiredFeatures().size() + 37, ab.rank());
        assertNull(RemoteTiers.Listed.parse(prefix, prefix + "b".repeat(63) + ".x86-64-v3"));
        assertNull(RemoteTiers.Listed.parse(prefix, prefix + key + ".not-a-cpu-level"));
        assertNull(RemoteTiers.Listed.parse(prefix, "other/" + key + ".x86-64-v3"));
    }

    @Test
    void aUriInTheCachePathIsAnErrorNamingTheRemoteSetting() {
        Properties p = new Properties();
        p.setProperty("kiln.cache.path", "/var/cache/kiln:redis://cache.local:6379/0");
        var e = assertThrows(KilnException.class, () -> KilnConfig.from(Map.of(), p));
        assertTrue(e.getMessage().contains("KILN_REMOTE_CACHE"), e.getMessage());
        p.setProperty("kiln.cache.path", "/a:/b:relative/c");
        assertEquals(3, KilnConfig.from(Map.of(), p).cachePath().size());
    }

    @Test
    void remoteSettingsAreReadAndBadOnesNamed() {
        assertTrue(RemoteTiers.of(context(new Properties())).isEmpty());
        Properties p = new Properties();
        p.setProperty("kiln.remote.cache", "file:///tmp/a, redis://h:1/0");
        RemoteTiers r = RemoteTiers.of(context(p));
        assertEquals(List.of("file:///tmp/a", "redis://h:1/0"), r.tiers.stream().map(t -> t.name).toList());
        assertSame(r, RemoteTiers.of(context(p)), "one set of connections per process and settings");
        p.setProperty("kiln.remote.timeoutMillis", "soon");
        var e = assertThrows(KilnException.class, () -> context(p));
        assertTrue(e.getMessage().contains("kiln.remote.timeoutMillis"), e.getMessage());
        Properties q = new Properties();
        q.setProperty("kiln.remote.cache", "no-scheme-here");
        assertThrows(KilnException.class, () -> RemoteTiers.of(context(q)));
        assertEquals("redis://h:1/0", RemoteTier.withoutCredentials(java.net.URI.create("redis://u:secret@h:1/0?x=y")));
    }

    /** A context whose settings other than the defaults come from {@code props} alone. */
    private static KilnContext context(Properties props) {
        return KilnContext.of(KilnConfig.defaults(), new Settings(Map.of(), props));
    }

    @Test
    void aTierWithoutItsModuleFailsOnceWithAReadableLineAndIsSkipped() throws Exception {
        RemoteTier t = new RemoteTier(java.net.URI.create("gopher://cache.local/x"), java.time.Duration.ofMillis(500),
                CacheSettings.DEFAULTS, new CacheStats());
        var e = assertThrows(RemoteTier.RemoteFailure.class, () -> t.call("list", s -> s.list("", 1)));
        assertTrue(e.getMessage().contains("no remote cache module for 'gopher://'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(t.down(), "left alone for the cool-down");
        var again = assertThrows(RemoteTier.RemoteFailure.class, () -> t.call("list", s -> s.list("", 1)));
        assertTrue(again.getMessage().contains("skipped"), again.getMessage());
    }

    @Test
    void theFileSchemeIsFoundThroughServiceLoader() throws Exception {
        RemoteTier t = new RemoteTier(tmp.resolve("shared").toUri(), java.time.Duration.ofSeconds(5), CacheSettings.DEFAULTS,
                new CacheStats());
        boolean stored = t.call("put", s -> s.putIfAbsent("kiln-v1/a/k", "x".getBytes()));
        assertTrue(stored);
        List<String> listed = t.call("list", s -> s.list("kiln-v1/", 10));
        assertEquals(List.of("kiln-v1/a/k"), listed);
        java.util.Optional<byte[]> got = t.call("get", s -> s.get("kiln-v1/a/k"));
        assertEquals("x", new String(got.orElseThrow()));
        assertTrue(Files.isRegularFile(tmp.resolve("shared/kiln-v1/a/k")));
        t.close();
    }

    @Test
    void directoryStoragePutsOnceAtomicallyAndListsByPrefix() throws Exception {
        DirectoryStorage s = new DirectoryStorage(tmp.resolve("remote"));
        assertTrue(s.get("kiln-v1/a/b/x").isEmpty());
        assertTrue(s.putIfAbsent("kiln-v1/a/b/x", "one".getBytes()));
        assertFalse(s.putIfAbsent("kiln-v1/a/b/x", "two".getBytes()));
        assertEquals("one", new String(s.get("kiln-v1/a/b/x").orElseThrow()));
        assertTrue(s.putIfAbsent("kiln-v1/a/b/y", "y".getBytes()));
        assertTrue(s.putIfAbsent("kiln-v1/a/c/z", "z".getBytes()));
        assertEquals(List.of("kiln-v1/a/b/x", "kiln-v1/a/b/y"), s.list("kiln-v1/a/b/", 10).stream().sorted().toList());
        assertEquals(1, s.list("kiln-v1/a/b/", 1).size());
        assertThrows(java.io.IOException.class, () -> s.get("kiln-v1/../../etc/passwd"));

        // Racing writers of one name: exactly one wins, and the object is always one writer's whole bytes.
        int n = 8;
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger won = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] data = new byte[1 << 20];
            java.util.Arrays.fill(data, (byte) i);
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    if (s.putIfAbsent("kiln-v1/race", data)) won.incrementAndGet();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        go.countDown();
        for (Thread t : ts) t.join();
        assertEquals(1, won.get());
        byte[] got = s.get("kiln-v1/race").orElseThrow();
        assertEquals(1 << 20, got.length);
        for (byte x : got) assertEquals(got[0], x);
        try (var files = Files.list(tmp.resolve("remote").resolve("kiln-v1"))) {
            assertEquals(List.of("a", "race"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temp file left behind");
        }
    }
}
