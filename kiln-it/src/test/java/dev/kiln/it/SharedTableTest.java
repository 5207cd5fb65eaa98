package dev.kiln.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Four JVMs share one cache and run a kernel reading a {@code static final double[][]} that their class fills from
 * {@code -Dk=1, 2, 2, 3}. Unlike a computed constant ({@link SharedConstantTest}), a table is read at call time, so
 * its values are not part of the key: the first process compiles, the others hit its entry, and each still gets
 * {@code 3 * K} of its own table, checked against HotSpot in the child.
 */
class SharedTableTest {
    private static final String KERNEL = "dev.kiln.it.kernels.RowTabled#rowScaled";
    private static final int[] K = {1, 2, 2, 3};

    @TempDir
    Path tmp;

    @Test
    void oneEntryServesEveryProcessWithItsOwnRows() throws Exception {
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
        assertArrayEquals(new long[] {1, 0, 0, 0}, compiles);
        assertArrayEquals(new long[] {0, 1, 1, 1}, hits);
    }
}
