package dev.kiln.it;

import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.KilnCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Eight JVMs started together on an empty cache. */
class ConcurrencyTest {
    @TempDir
    Path tmp;

    @Test
    void eachKeyIsCompiledExactlyOnceAcrossProcesses() throws Exception {
        Path cache = tmp.resolve("cache");
        int n = 8;
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> kernels = new ArrayList<>(Jvm.many(0, 20));
            java.util.Collections.rotate(kernels, -i * 5 / 2); // different starting points: real overlap, not a queue
            kernels.add(Jvm.MANY + "own" + i);
            procs.add(Jvm.child().cache(cache).stats(tmp.resolve("c" + i + ".json")).args(kernels).start());
        }
        Map<String, Integer> compiledBy = new HashMap<>();
        long compiles = 0;
        for (int i = 0; i < n; i++) {
            Jvm.Result r = Jvm.Result.await(procs.get(i), 400).ok();
            assertEquals(21, r.count("OK "), r.toString());
            assertFalse(r.err().contains("warning"), r.err());
            Jvm.Stats s = Jvm.Stats.read(tmp.resolve("c" + i + ".json"));
            assertEquals(21, s.hits() + s.compiles(), "every kernel either hit or was compiled here");
            for (String k : s.compiledKeys()) {
                Integer before = compiledBy.put(k, i);
                assertNull(before, "key " + k + " compiled by both child " + before + " and child " + i);
            }
            compiles += s.compiles();
        }
        assertEquals(28, compiles);
        assertEquals(28, compiledBy.size());
        KilnCache c = KilnCache.open(KilnConfig.defaults().withCachePath(List.of(cache)));
        assertEquals(28, c.list().size());
        KilnCache.FsckReport f = c.verify();
        assertTrue(f.clean(), f.toString());
        assertEquals(0, f.tempsRemoved());
    }
}
