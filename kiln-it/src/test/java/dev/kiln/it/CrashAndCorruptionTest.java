package dev.kiln.it;

import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.EntryInfo;
import dev.kiln.runtime.cache.KilnCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Children killed at random moments; entries damaged in every way we could think of. */
class CrashAndCorruptionTest {
    @TempDir
    Path tmp;

    static KilnCache open(Path cache) {
        return KilnCache.open(KilnConfig.defaults().withCachePath(List.of(cache)));
    }

    @Test
    void killNineNeverLeavesAPartialEntry() throws Exception {
        Path cache = tmp.resolve("cache");
        List<String> kernels = Jvm.many(12, 20);
        Random rnd = new Random(42);
        int killedAlive = 0;
        int rounds = Integer.getInteger("kiln.torture.kills", 12); // release checks: -Dkiln.torture.kills=200
        for (int round = 0; round < rounds; round++) {
            // Each round starts where the last one died. The kill follows the child's progress, not the clock, so it
            // lands mid-run on a fast machine too: after a random number of kernels, a random few ms into the next
            // one (its compile, or its write).
            Files.createDirectories(cache);
            Process p = Jvm.child().cache(cache).args(kernels).start();
            int waitFor = rnd.nextInt(kernels.size());
            try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
                int done = 0;
                String line;
                while (done < waitFor && (line = out.readLine()) != null) {
                    if (line.startsWith("OK ")) done++;
                }
                Thread.sleep(rnd.nextInt(60));
                if (p.isAlive()) killedAlive++;
                p.destroyForcibly().waitFor();
            }
            for (EntryInfo e : open(cache).list()) {
                assertTrue(Files.size(e.dir().resolve("kernel.so")) == e.meta().librarySize(), e.dir().toString());
            }
            try (Stream<Path> s = Files.walk(cache)) {
                // Every folder named like a key is a whole entry: both files, and verification passes below.
                for (Path d : s.filter(d -> d.getFileName().toString().matches("[0-9a-f]{64}")).toList()) {
                    assertTrue(Files.exists(d.resolve("meta.txt")) && Files.exists(d.resolve("kernel.so")), d.toString());
                }
            }
            KilnCache.FsckReport f = open(cache).verify();
            assertTrue(f.clean(), "round " + round + ": " + f);
            if (open(cache).list().size() >= kernels.size() / 2) {
                // Half done or more: start over on an empty cache so kills keep landing mid-compile.
                try (Stream<Path> s = Files.walk(cache)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
                }
            }
        }
        assertTrue(killedAlive >= rounds / 2, "most kills should hit a running child, got " + killedAlive);
        Files.createDirectories(cache);
        Path stats = tmp.resolve("after.json");
        Jvm.Result r = Jvm.child().cache(cache).stats(stats).args(kernels).run(240).ok();
        assertEquals(kernels.size(), r.count("OK "));
        assertTrue(open(cache).verify().clean());
    }

    @Test
    void damagedEntriesAreDetectedMovedAsideAndRebuilt() throws Exception {
        Path cache = tmp.resolve("cache");
        List<String> kernels = Jvm.many(0, 5);
        Jvm.child().cache(cache).args(kernels).run(240).ok();
        KilnCache c = open(cache);
        Path[] dir = new Path[5];
        for (EntryInfo e : c.list()) dir[Integer.parseInt(e.kernel().replaceAll(".*\\.k(\\d\\d)\\(.*", "$1"))] = e.dir();
        byte[] lib0 = Files.readAllBytes(dir[0].resolve("kernel.so"));
        Files.write(dir[0].resolve("kernel.so"), Arrays.copyOf(lib0, lib0.length / 3));          // truncated
        byte[] lib1 = Files.readAllBytes(dir[1].resolve("kernel.so"));
        for (int i = 200; i < lib1.length; i += 997) lib1[i] ^= (byte) 0x5a;                       // flipped bytes
        Files.write(dir[1].resolve("kernel.so"), lib1);
        Path swap = tmp.resolve("swap.so");                                                       // swapped libraries
        Files.move(dir[2].resolve("kernel.so"), swap);
        Files.move(dir[3].resolve("kernel.so"), dir[2].resolve("kernel.so"));
        Files.move(swap, dir[3].resolve("kernel.so"));
        Files.write(dir[4].resolve("meta.txt"), new byte[]{0, 1, 2, (byte) 0xff, '\n', ':', ' '}); // garbage metadata

        Path stats = tmp.resolve("repair.json");
        Jvm.Result r = Jvm.child().cache(cache).stats(stats).args(kernels).run(240).ok();
        assertEquals(5, r.count("OK "), r.toString());
        Jvm.Stats s = Jvm.Stats.read(stats);
        assertEquals(Long.valueOf(5), s.missesByReason().get("corrupt"), s.missLog().toString());
        assertEquals(5, s.compiles());
        assertEquals(5, r.err().lines().filter(l -> l.startsWith("kiln: warning: corrupt cache entry")).count(), r.err());
        try (Stream<Path> q = Files.list(cache.resolve("kiln-v1/quarantine"))) {
            assertEquals(5, q.count());
        }
        r = Jvm.child().cache(cache).prop("kiln.strict", true).args(kernels).run(120).ok();
        assertEquals(5, r.count("OK "));
        assertTrue(open(cache).verify().clean());
    }
}
