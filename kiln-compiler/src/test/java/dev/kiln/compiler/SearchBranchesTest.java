package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.ir.Printer;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.compiler.passes.SearchBranches;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kiln.compiler.OptimisedCodeTest.count;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Which branches {@code SearchBranches} marks, and what LLVM makes of them: a binary search step becomes two
 * {@code cmov}s in a loop without a branch on the compared element, as GCC compiles it.
 */
class SearchBranchesTest {
    static Class<?> kernels() throws ClassNotFoundException {
        return Class.forName("dev.kiln.compiler.diff.SearchKernels");
    }

    static String ir(String kernel) throws ClassNotFoundException {
        return Printer.print(new Pipeline(List.of(new SearchBranches()), true).ir(KernelGraph.of(kernels(), kernel, null)));
    }

    @Test
    void marksTheStepOfEveryBinarySearch() throws Exception {
        for (String k : List.of("interp", "lowerBound", "lowerBounds")) {
            String ir = ir(k);
            assertEquals(1, count(ir, "UNPREDICTABLE"), k + ":\n" + ir);
        }
    }

    @Test
    void keepsTheStepABranchWhenTheResultDecidesALaterBranch() throws Exception {
        // sampleBins branches on what its callee lowerBound returns; find on its own search's result
        for (String k : List.of("sampleBins", "find")) {
            String ir = ir(k);
            assertEquals(1, count(ir, "KEPT"), k + ":\n" + ir);
            assertEquals(0, count(ir, "UNPREDICTABLE"), k + ":\n" + ir);
        }
    }

    @Test
    void aKeptStepCompilesToABranchOnTheElement() throws Exception {
        for (String k : List.of("sampleBins", "find")) {
            String raw = KernelLowering.lower(KernelGraph.of(kernels(), k, null), CompileOptions.DEFAULT, "kiln_test").llvmIr();
            assertFalse(raw.contains("!unpredictable"), raw);
            String asm = LlvmDriver.assembly(raw, Target.level("x86-64-v3"), CompileOptions.DEFAULT);
            String loop = elementLoop(asm);
            assertEquals(0, count(loop, "\\bcmov"), k + ":\n" + loop);
        }
    }

    /** The loop that compares a double from memory (the search step), from its label to its backward branch. */
    private static String elementLoop(String asm) {
        Matcher cmp = Pattern.compile("\\n\\s+v?ucomisd\\s+\\(").matcher(asm);
        assertTrue(cmp.find(), asm);
        int label = asm.lastIndexOf("\n.LBB", cmp.start());
        String name = asm.substring(label + 1, asm.indexOf(':', label));
        Matcher back = Pattern.compile("\\n\\s+j[a-z]+\\s+" + Pattern.quote(name) + "\\n").matcher(asm);
        assertTrue(back.find(cmp.start()), "no backward branch to " + name + ":\n" + asm);
        return asm.substring(label, back.end());
    }

    @Test
    void leavesScansAndArgExtremesUnmarked() throws Exception {
        for (String k : List.of("firstAtLeast", "argMax")) {
            String ir = ir(k);
            assertEquals(0, count(ir, "UNPREDICTABLE"), k + ":\n" + ir);
        }
        // in the standard order the arg-max's rare branch is weighted first, and stays so
        String argMax = Printer.print(Pipeline.standard().ir(KernelGraph.of(kernels(), "argMax", null)));
        assertEquals(0, count(argMax, "UNPREDICTABLE"), argMax);
    }

    @Test
    void searchLoopsCompileToConditionalMovesWithoutABranchOnTheElement() throws Exception {
        for (String k : List.of("interp", "lowerBound", "lowerBounds")) {
            String raw = KernelLowering.lower(KernelGraph.of(kernels(), k, null), CompileOptions.DEFAULT, "kiln_test").llvmIr();
            assertTrue(raw.contains("!unpredictable"), raw);
            String asm = LlvmDriver.assembly(raw, Target.level("x86-64-v3"), CompileOptions.DEFAULT);
            String loop = searchLoop(asm);
            assertTrue(count(loop, "\\bcmov") >= 2, k + ":\n" + loop);
            // the only branches left in the loop: its exit test and the (never taken) bounds check
            assertTrue(count(loop, "\\n\\s+j(?!mp)[a-z]+\\s") <= 2, k + ":\n" + loop);
        }
    }

    /** The instructions from the label of the loop holding the first cmov to its backward branch. */
    private static String searchLoop(String asm) {
        int cmov = asm.indexOf("cmov");
        assertTrue(cmov > 0, asm);
        int label = asm.lastIndexOf("\n.LBB", cmov);
        String name = asm.substring(label + 1, asm.indexOf(':', label));
        Matcher back = Pattern.compile("\\n\\s+j[a-z]+\\s+" + Pattern.quote(name) + "\\n").matcher(asm);
        assertTrue(back.find(cmov), "no backward branch to " + name + ":\n" + asm);
        return asm.substring(label, back.end());
    }
}
