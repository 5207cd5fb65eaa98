package dev.kiln.it;

import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.KilnCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Four JVMs share one cache and run a kernel whose constant {@code K} their class computes from {@code -Dk=1, 2, 2, 3}.
 * The class files are identical; the native code must not be: each process gets {@code 3 * K} of its own K, the
 * two with {@code k=2} share one entry, and each child checks the native result against HotSpot's.
 */
class SharedConstantTest {
    private static final String TIMES3 = "dev.kiln.it.kernels.Scaled#times3";
    private static final String WEIGHTED = "dev.kiln.it.kernels.Scaled#weighted";
    private static final int[] K = {1, 2, 2, 3};

    @TempDir
    Path tmp;

    private Jvm child(Path cache, int i) {
        return Jvm.child().cache(cache).stats(tmp.resolve("s" + i + ".json")).prop("k", K[i]).args(TIMES3, WEIGHTED);
    }

    private void check(Jvm.Result r, int i) {
        r.ok(); // exit 4 (and a WRONG line) if native and HotSpot differ
        assertTrue(r.out().contains("OK " + TIMES3 + " " + 3.0 * K[i] + "\n"), "k=" + K[i] + ": " + r);
    }

    @Test
    void oneAfterAnotherEachProcessRunsItsOwnConstant() throws Exception {
        Path cache = tmp.resolve("cache");
        long[] compiles = new long[K.length];
        for (int i = 0; i < K.length; i++) {
            check(child(cache, i).run(300), i);
            compiles[i] = Jvm.Stats.read(tmp.resolve("s" + i + ".json")).compiles();
        }
        // k=1 and the first k=2 and k=3 compile both kernels; the second k=2 hits the first k=2's entries.
        assertArrayEquals(new long[]{2, 2, 0, 2}, compiles);
        Jvm.Stats again = Jvm.Stats.read(tmp.resolve("s2.json"));
        assertEquals(2, again.hits(), "the second k=2 is served from the cache");
        // The miss of k=3 names the value it was compiled with (its code is the same as the cached entries').
        List<String> log = Jvm.Stats.read(tmp.resolve("s3.json")).missLog();
        assertTrue(log.stream().anyMatch(l -> l.contains("inputs-changed") && l.contains("Scaled.K = 3.0")), log.toString());
        assertEquals(6, KilnCache.open(KilnConfig.defaults().withCachePath(List.of(cache))).list().size());
    }

    @Test
    void startedTogetherEachProcessRunsItsOwnConstant() throws Exception {
        Path cache = tmp.resolve("cache");
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < K.length; i++) ps.add(child(cache, i).start());
        long compiles = 0;
        for (int i = 0; i < K.length; i++) {
            check(Jvm.Result.await(ps.get(i), 300), i);
            compiles += Jvm.Stats.read(tmp.resolve("s" + i + ".json")).compiles();
        }
        assertEquals(6, compiles, "two kernels for each of three values, each compiled once");
        KilnCache c = KilnCache.open(KilnConfig.defaults().withCachePath(List.of(cache)));
        assertEquals(6, c.list().size());
        assertTrue(c.verify().clean());
        // A strict fifth run per value compiles nothing: every value has its entries.
        for (int i = 0; i < K.length; i++) {
            check(child(cache, i).prop("kiln.strict", true).run(300), i);
            Jvm.Stats s = Jvm.Stats.read(tmp.resolve("s" + i + ".json"));
            assertEquals(0, s.compiles());
            assertEquals(2, s.hits());
        }
    }
}
