package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Unbounded recursion: HotSpot throws StackOverflowError; Kiln must too (fault code 5), never crash the process.
 * Kept in its own class so that a crash here is not mistaken for a failure elsewhere.
 */
class DiffRecursionLimitTest {
    static final Diff D = Diff.forClass(DiffRecursionLimitTest.class);

    @Test
    void runawayRecursionIsStackOverflowError() throws Throwable {
        assertThrows(StackOverflowError.class, () -> CallKernels.depth(100_000_000));
        MethodHandle h = D.compiled(CallKernels.class, "depth");
        assertThrows(StackOverflowError.class, () -> {
            int ignored = (int) h.invokeExact(100_000_000);
        });
        // The thread is still usable afterwards, and the fault record was cleared.
        assertEquals(10, (int) h.invokeExact(10));
    }
}
