package dev.kiln.it;

import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.EntryInfo;
import dev.kiln.runtime.cache.KilnCache;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The cache under stress, with real JVMs. Bounded for CI; {@code -Dkiln.torture.rounds=N} repeats the
 * many-process run N times on fresh caches for release checks ({@code bin/torture}; docs/cache.md, "Torture tests").
 */
class TortureTest {
    static final int ROUNDS = Integer.getInteger("kiln.torture.rounds", 1);

    @TempDir
    Path tmp;

    static KilnCache open(Path cache) {
        return KilnCache.open(KilnConfig.defaults().withCachePath(List.of(cache)));
    }

    /**
     * 8 JVMs × 4 threads on one empty cache, each JVM needing 20 of 24 kernels (overlapping, each thread starting
     * elsewhere), half of them on a pretend x86-64-v3 host compiling for v3, half compiling for this host: every
     * result matches HotSpot, every key is compiled exactly once, and no process ever falls back to a private tier.
     */
    @Test
    void eightJvmsOfFourThreadsCompileEachKeyOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path cache = tmp.resolve("cache" + round);
            int n = 8;
            List<Process> procs = new ArrayList<>();
            List<String> all = new ArrayList<>(Jvm.many(0, 20));
            for (int k = 0; k < 4; k++) all.add(Jvm.MANY + "own" + k);
            for (int i = 0; i < n; i++) {
                List<String> kernels = new ArrayList<>(all);
                Collections.rotate(kernels, -i * 3);
                kernels = kernels.subList(0, 20);
                Jvm j = Jvm.child().cache(cache).stats(tmp.resolve("r" + round + "c" + i + ".json"))
                        .args("--threads", "4").args(kernels);
                if (i % 2 == 1) j.prop("kiln.host.cpu", "x86-64-v3").prop("kiln.target", "x86-64-v3");
                procs.add(j.start());
            }
            Map<String, Integer> compiledBy = new HashMap<>();
            for (int i = 0; i < n; i++) {
                Jvm.Result r = Jvm.Result.await(procs.get(i), 600).ok();
                assertEquals(80, r.count("OK "), r.toString());
                assertFalse(r.err().contains("warning"), r.err());
                Jvm.Stats s = Jvm.Stats.read(tmp.resolve("r" + round + "c" + i + ".json"));
                for (String k : s.compiledKeys()) {
                    Integer before = compiledBy.put(k, i);
                    assertNull(before, "round " + round + ": key " + k + " compiled by child " + before + " and " + i);
                }
            }
            List<EntryInfo> entries = open(cache).list();
            assertEquals(compiledBy.size(), entries.size());
            assertTrue(entries.size() >= 24, "every kernel compiled for at least one target: " + entries.size());
            KilnCache.FsckReport f = open(cache).verify();
            assertTrue(f.clean(), f.toString());
        }
    }

    /**
     * A cache on a tmpfs that is full: the write fails mid-publish, yet every kernel runs (compiled into a private
     * place), one warning names the tier and the cause, and no partial entry stays behind in the full tier.
     */
    @Test
    void diskFullMidWriteStillRunsAndLeavesNothingPartial() throws Exception {
        Assumptions.assumeTrue(Jvm.canMountReadOnly(), "needs mount namespaces (root)");
        Path cache = tmp.resolve("small");
        Files.createDirectories(cache);
        Path leftovers = tmp.resolve("leftovers.txt");
        // Mount a 512 KiB tmpfs on the tier, fill it, run the JVM, then list what is left in the tier.
        String script = "mount -t tmpfs -o size=512k tmpfs \"$0\" && mkdir -p \"$0/kiln-v1/kernels\" "
                + "&& (dd if=/dev/zero of=\"$0/fill\" bs=4k 2>/dev/null; true) && \"$@\"; rc=$?; "
                + "find \"$0\" -name '.tmp-*' -o -name '*.so' > '" + leftovers + "'; exit $rc";
        List<String> kernels = Jvm.many(0, 3);
        Jvm.Result r = Jvm.child().cache(cache).inNamespace(script, cache.toString()).args(kernels).run(240).ok();
        assertEquals(3, r.count("OK "), r.toString());
        List<String> warnings = r.err().lines().filter(l -> l.startsWith("kiln: warning:")).toList();
        assertEquals(1, warnings.stream().filter(l -> l.contains("cache tier " + cache) && l.contains("disk full"))
                .count(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", Files.readString(leftovers).strip(), "nothing partial (and no entry) in the full tier");
    }

    /** {@code gc} shrinking the cache to almost nothing in a loop while 6 processes compile and load. */
    @Test
    void gcInALoopNeverBreaksARunningProcess() throws Exception {
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger gcs = new AtomicInteger();
        AtomicInteger removed = new AtomicInteger();
        AtomicReference<Throwable> gcFailure = new AtomicReference<>();
        Thread gc = Thread.ofPlatform().start(() -> {
            try {
                while (!stop.get()) {
                    removed.addAndGet(open(cache).gc(1, false).removed().size());
                    gcs.incrementAndGet();
                    Thread.sleep(5);
                }
            } catch (Throwable t) {
                gcFailure.set(t);
            }
        });
        List<Process> procs = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                List<String> kernels = new ArrayList<>(Jvm.many(0, 12));
                Collections.rotate(kernels, -i * 2);
                procs.add(Jvm.child().cache(cache).args("--threads", "2").args(kernels).start());
            }
            for (Process p : procs) {
                Jvm.Result r = Jvm.Result.await(p, 600).ok();
                assertEquals(24, r.count("OK "), r.toString());
                assertFalse(r.err().contains("\tat "), r.err());
            }
        } finally {
            stop.set(true);
            gc.join();
        }
        assertNull(gcFailure.get(), () -> "gc failed: " + gcFailure.get());
        assertTrue(gcs.get() > 5, "gc ran " + gcs.get() + " times");
        assertTrue(removed.get() > 0, "gc removed entries while processes ran");
        assertTrue(open(cache).verify().clean());
    }

    /**
     * Broken layouts give a one-line reason and still run the kernel (from a private tier), never a stack trace
     * or a crash: the cache path is a file, the kernels folder is a dangling symlink, a key's lock file is a folder.
     */
    @Test
    void brokenLayoutsGiveOneLineReasons() throws Exception {
        String kernel = Jvm.MANY + "k00";
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a cache");
        Path dangling = tmp.resolve("dangling");
        Files.createDirectories(dangling.resolve("kiln-v1"));
        Files.createSymbolicLink(dangling.resolve("kiln-v1/kernels"), tmp.resolve("nowhere"));
        Files.createDirectories(tmp.resolve("nowhere-parent"));

        for (Path cache : new Path[]{file, dangling}) {
            Jvm.Result r = Jvm.child().cache(cache).args(kernel).run(240);
            assertEquals(0, r.exit(), r.toString());
            assertEquals(1, r.count("OK "), r.toString());
            assertTrue(r.err().lines().anyMatch(l -> l.startsWith("kiln: warning: cache tier " + cache)
                    && l.contains("is not writable:")), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }

        // A symlinked cache folder is an ordinary cache.
        Path real = tmp.resolve("real");
        Files.createDirectories(real);
        Path link = tmp.resolve("link");
        Files.createSymbolicLink(link, real);
        Jvm.Result ok = Jvm.child().cache(link).args(kernel).run(240).ok();
        assertFalse(ok.err().contains("warning"), ok.err());
        assertEquals(1, open(real).list().size());

        // A lock file that cannot be opened for writing: the next run says so in one line and still runs.
        Path cache = tmp.resolve("lockdir");
        Jvm.child().cache(cache).args(kernel).run(240).ok();
        EntryInfo e = open(cache).list().get(0);
        Path lock = e.dir().resolveSibling(e.dir().getFileName() + ".lock");
        assertTrue(Files.exists(lock), lock.toString());
        try (var s = Files.walk(e.dir())) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
        Files.delete(lock);
        Files.createDirectory(lock);
        Jvm.Result r = Jvm.child().cache(cache).args(kernel).run(240);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("kiln: warning: cache tier " + cache)
                && l.contains(".lock")), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    /**
     * Runtime-only processes (no compiler) meeting a corrupt entry all fail cleanly, and each says what happened:
     * the entry was corrupt and moved to quarantine, and no compiler is there to rebuild it.
     */
    @Test
    void runtimeOnlyProcessesNameCorruptionAsTheReason() throws Exception {
        Path cache = tmp.resolve("cache");
        String kernel = Jvm.MANY + "k01";
        Jvm.child().cache(cache).args(kernel).run(240).ok();
        EntryInfo e = open(cache).list().get(0);
        byte[] lib = Files.readAllBytes(e.dir().resolve("kernel.so"));
        lib[lib.length / 2] ^= 1;
        Files.write(e.dir().resolve("kernel.so"), lib);

        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 8; i++) procs.add(Jvm.child().runtimeOnly().cache(cache).args(kernel).start());
        for (Process p : procs) {
            Jvm.Result r = Jvm.Result.await(p, 240);
            assertEquals(3, r.exit(), r.toString());
            String err = r.out().lines().filter(l -> l.startsWith("KILN-ERROR")).findFirst().orElse("");
            assertTrue(err.contains("corrupt") && err.contains("quarantine") && err.contains("no Kiln compiler"), r.toString());
            assertFalse(err.contains("no-entry") || err.contains("needs )"), r.toString());
        }
        try (var q = Files.list(cache.resolve("kiln-v1/quarantine"))) {
            assertEquals(1, q.count(), "moved aside once");
        }
    }
}
