package dev.kiln.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Four JVMs share one cache and run a kernel reading a private {@code static final double[][]} that their class fills
 * from {@code -Dk=1, 2, 2, 3} and never writes. Unlike a table passed at each call ({@link SharedTableTest}), such a
 * table is compiled in as constants, so like a computed constant ({@link SharedConstantTest}) its contents are part
 * of the key: the two processes with {@code k=2} share an entry, the others compile their own, and each gets
 * {@code 3 * K} of its own table, checked against HotSpot in the child.
 */
class SharedBakedTableTest {
    private static final String KERNEL = "dev.kiln.it.kernels.BakedRows#rowScaled";
    private static final int[] K = {1, 2, 2, 3};

    @TempDir
    Path tmp;

    @Test
    void aProcessWhoseTableDiffersCompilesItsOwnEntry() throws Exception {
        Path cache = tmp.resolve("cache");
        long[] compiles = new long[K.length];
        long[] hits = new long[K.length];
        for (int i = 0; i < K.length; i++) {
            Jvm.Result r = Jvm.child().cache(cache).stats(tmp.resolve("s" + i + ".json")).prop("k", K[i])
                    .args(KERNEL).run(300);
            r.ok(); // exit 4 (and a WRONG line) if native and HotSpot differ
            assertTrue(r.out().contains("OK " + KERNEL + " " + 3.0 * K[i] + "\n"), "k=" + K[i] + ": " + r);
            Jvm.Stats s = Jvm.Stats.read(tmp.resolve("s" + i + ".json"));
            compiles[i] = s.compiles();
            hits[i] = s.hits();
        }
        assertArrayEquals(new long[] {1, 1, 0, 1}, compiles);
        assertArrayEquals(new long[] {0, 0, 1, 0}, hits);
        List<String> log = Jvm.Stats.read(tmp.resolve("s3.json")).missLog();
        assertTrue(log.stream().anyMatch(l -> l.contains("BakedRows.ROWS")), log.toString());
    }
}
