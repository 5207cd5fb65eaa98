package dev.kiln.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fleets often run the JVM with jemalloc preloaded. A kernel's {@code calloc} then binds to jemalloc, so the blocks
 * Kiln frees after the call must go to jemalloc's {@code free} too, not glibc's (which crashed the JVM). A real JVM
 * with {@code LD_PRELOAD} calls kernels that allocate, return arrays and replace rows, thousands of times.
 */
class PreloadedAllocatorTest {
    static final Path JEMALLOC = Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");

    @TempDir
    Path tmp;

    @Test
    void jemallocPreloadedProcessAllocatesAndFreesThroughIt() throws Exception {
        assumeTrue(Files.exists(JEMALLOC), "jemalloc is not installed (apt-get install libjemalloc2; .ci/run does)");
        Jvm.Result r = Jvm.child().main(AllocatorChild.class).env("LD_PRELOAD", JEMALLOC.toString())
                .cache(tmp.resolve("cache")).args("20000").run(300);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("CALLS 20000 WRONG 0"), r.toString());
    }
}
