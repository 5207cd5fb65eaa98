package dev.kiln.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kernel that throws, compiled by one JVM and loaded from the cache by another that has kiln-runtime alone (no
 * compiler, no LLVM, strict): the exceptions are still HotSpot's (class, message, kernel frames of the stack trace),
 * rebuilt from the entry's metadata; writes before the throw stay.
 */
class ThrowFromCacheTest {
    @TempDir
    Path tmp;

    @Test
    void runtimeOnlyProcessThrowsExactly() throws Exception {
        Path cache = tmp.resolve("cache");
        Jvm.Result first = Jvm.child().main(ThrowChild.class).assertions().cache(cache).run(240).ok();
        assertEquals(5, first.count("SAME "), first.toString());
        Jvm.Result second = Jvm.child().main(ThrowChild.class).assertions().runtimeOnly().cache(cache).prop("kiln.strict", true)
                .run(240).ok();
        assertEquals(5, second.count("SAME "), second.toString());
        assertEquals(first.out(), second.out());
        assertTrue(second.out().contains("IllegalArgumentException: factor must be positive: -1.5 at dev.kiln.it.kernels.Guarded.scaled(Guarded.java:9)"),
                second.toString());
        assertTrue(second.out().contains("IndexOutOfBoundsException: at most 4 values, got 5 at dev.kiln.it.kernels.Guarded.checkedLength(Guarded.java:21) at dev.kiln.it.kernels.Guarded.scaled(Guarded.java:10)"),
                second.toString());
        assertTrue(second.out().contains("AssertionError: NaN sum after 2 values"), second.toString());
    }
}
