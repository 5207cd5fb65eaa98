package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.diff.AlignKernels;
import dev.kiln.compiler.ir.Printer;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import static dev.kiln.compiler.OptimisedCodeTest.count;
import static dev.kiln.compiler.OptimisedCodeTest.function;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Which loops {@code StoreAlignmentPeel} splits, and that LLVM still removes the bounds checks of the main loop and
 * vectorises it (the differential behaviour is {@code DiffStoreAlignmentTest}'s).
 */
class StoreAlignmentPeelTest {
    static String ir(String kernel) {
        return Printer.print(Pipeline.standard().ir(KernelGraph.of(AlignKernels.class, kernel, null)));
    }

    static String optimised(String kernel, Target target) {
        String raw = KernelLowering.lower(KernelGraph.of(AlignKernels.class, kernel, null), CompileOptions.DEFAULT,
                "kiln_test").llvmIr();
        return function(LlvmDriver.optimisedIr(raw, target, CompileOptions.DEFAULT), "kiln_test");
    }

    /** The block holding the first vector store of {@code elem}s: the main loop's vector body. */
    static String vectorBody(String f, String elem) {
        int at = f.indexOf("store <", 0);
        while (at >= 0 && !f.startsWith(" x " + elem + ">", f.indexOf(' ', at + 7))) at = f.indexOf("store <", at + 1);
        assertTrue(at >= 0, "no vector store of " + elem + " in\n" + f);
        int start = f.lastIndexOf("\n\n", at);
        int end = f.indexOf("\n\n", at);
        return f.substring(start, end < 0 ? f.length() : end);
    }

    @Test
    void splitsUnitStepLoopsWithOneStore() {
        for (String k : new String[] {"scaleRange", "dscal", "scaleInPlace", "saxpy", "divide", "addLong", "bytes",
                "shorts", "chars", "down", "clip", "scaleUntil", "offsetSum", "exps"}) {
            String ir = ir(k);
            assertEquals(1, count(ir, "AddressAlignment"), k + "\n" + ir);
            // The loop is there twice: the pre-loop and the main loop, each with the one store.
            assertEquals(2, count(ir, "ArrayStore"), k + "\n" + ir);
        }
    }

    @Test
    void leavesStridedDependentFillNarrowingAndCallingLoopsAlone() {
        // quantise stores ints computed from loaded doubles: the loads are the wider stream, left as they are.
        for (String k : new String[] {"everyOther", "prefix", "fill", "quantise", "sines"}) {
            String ir = ir(k);
            assertEquals(0, count(ir, "AddressAlignment"), k + "\n" + ir);
            assertEquals(1, count(ir, "ArrayStore"), k + "\n" + ir);
        }
    }

    @Test
    void theMainLoopStillLosesItsChecksAndVectorises() {
        for (Target t : new Target[] {Target.level("x86-64-v4"), Target.level("x86-64-v3")}) {
            String f = optimised("scaleInPlace", t);
            assertTrue(count(f, "ptrtoint") > 0, f);                         // the guard survives
            String body = vectorBody(f, "double");
            assertTrue(count(body, "\\n\\s*br .*fault") == 0 && count(body, "kiln.raise") == 0, body); // no checks
            String s = optimised("saxpy", t);
            String sb = vectorBody(s, "float");
            assertTrue(count(sb, "\\n\\s*br .*fault") == 0 && count(sb, "kiln.raise") == 0, sb);
        }
    }

    @Test
    void aConstantStartLetsTheAlignedLoopVectoriseItsRemainder() {
        // Entered with max(i, 0), the aligned loop is known to start at or above 0: x's bounds check goes, the loop
        // keeps one exit, and LLVM vectorises its remainder as well (a scalar remainder ran up to 63 iterations).
        String ir = ir("saxpyByX");
        assertEquals(1, count(ir, "Math.max"), ir);
        String f = optimised("saxpyByX", Target.level("x86-64-v4"));
        assertTrue(count(f, "vec\\.epilog\\.vector\\.body:") > 0, f);
        // A start that is not a constant gives no such fact.
        assertEquals(0, count(ir("scaleRange"), "Math.max"), ir("scaleRange"));
    }
}
