package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.KernelLowering;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What becomes of the arrays of {@link StackArrayKernels} in the optimised module. */
class StackArrayCodeTest {
    private static String optimised(String kernel) {
        KernelGraph g = KernelGraph.of(StackArrayKernels.class, kernel, null);
        String ir = KernelLowering.lower(g, CompileOptions.DEFAULT, "kiln_test").llvmIr();
        return LlvmDriver.optimisedIr(ir, Target.level("x86-64-v3"), CompileOptions.DEFAULT);
    }

    private static String raw(String kernel) {
        return KernelLowering.lower(KernelGraph.of(StackArrayKernels.class, kernel, null), CompileOptions.DEFAULT,
                "kiln_test").llvmIr();
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    /** The callee inlined, the array becomes registers: no allocation, no memory traffic but the result. */
    @Test
    void anArrayPassedToACalleeBecomesRegisters() {
        String m = optimised("hiLoSum");
        assertEquals(0, count(m, "call .*@(calloc|kiln.newarray|free)\\b|alloca|llvm.memset"), m);
        assertEquals(1, count(m, "\\bstore "), m); // the result into the frame
    }

    @Test
    void escapingOrRepeatedOrLargeAllocationsStayOnTheHeap() {
        for (String k : new String[] {"returned", "storedAsRow", "large"}) {
            String ir = raw(k);
            assertEquals(0, count(ir, "= alloca \\["), k + ":\n" + ir);
            assertTrue(count(ir, "call ptr @kiln.new") > 0, k + ":\n" + ir);
        }
        // The first array of perIteration is allocated once, outside the loop: on the stack; the loop's are not.
        String ir = raw("perIteration");
        assertEquals(1, count(ir, "= alloca \\["), ir);
        assertEquals(1, count(ir, "call ptr @kiln.newarray\\("), ir);
        // Each invocation of a recursive method has its own, in its frame.
        String rec = raw("recursive");
        assertTrue(count(rec, "= alloca \\[") > 0, rec);
        assertEquals(0, count(rec, "call ptr @kiln.newarray\\("), rec);
    }
}
