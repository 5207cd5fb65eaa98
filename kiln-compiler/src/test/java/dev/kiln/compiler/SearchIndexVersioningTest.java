package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.ir.Printer;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.compiler.passes.SearchBranches;
import dev.kiln.compiler.passes.SearchIndexVersioning;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kiln.compiler.OptimisedCodeTest.count;
import static org.junit.jupiter.api.Assertions.*;

/** Which loads {@code SearchIndexVersioning} proves, and the search loop LLVM then makes: no bounds check in it. */
class SearchIndexVersioningTest {
    static String ir(String kernel) throws ClassNotFoundException {
        return Printer.print(new Pipeline(List.of(new SearchBranches(), new SearchIndexVersioning()), true)
                .ir(KernelGraph.of(SearchBranchesTest.kernels(), kernel, null)));
    }

    @Test
    void provesTheMiddleIndexOfSearchesOverMidpoints() throws Exception {
        assertEquals(1, count(ir("interp"), "ArrayLoad[^\\n]*\\bunchecked\\b"), ir("interp"));
        assertEquals(1, count(ir("searchBetween"), "ArrayLoad[^\\n]*\\bunchecked\\b"), ir("searchBetween"));
        // two loads and a store at mid, all proven in the copy
        String marked = ir("markedSearch");
        assertEquals(2, count(marked, "ArrayLoad[^\\n]*\\bunchecked\\b"), marked);
        assertEquals(1, count(marked, "ArrayStore[^\\n]*\\bunchecked\\b"), marked);
    }

    @Test
    void leavesOtherLoopsAlone() throws Exception {
        // lo = mid + 1 can pass hi: not of the proven shape; a scan's index is a counter
        for (String k : List.of("lowerBound", "lowerBounds", "firstAtLeast", "argMax")) {
            String ir = ir(k);
            assertEquals(0, count(ir, "Array(Load|Store)[^\\n]*\\bunchecked\\b"), k + ":\n" + ir);
        }
    }

    @Test
    void theInterpolationSearchLoopHasNoBoundsCheck() throws Exception {
        String raw = KernelLowering.lower(KernelGraph.of(SearchBranchesTest.kernels(), "interp", null),
                CompileOptions.DEFAULT, "kiln_test").llvmIr();
        for (String level : List.of("x86-64-v3", "x86-64-v4")) {
            String asm = LlvmDriver.assembly(raw, Target.level(level), CompileOptions.DEFAULT);
            int fastest = Integer.MAX_VALUE;
            for (String loop : cmovLoops(asm)) fastest = Math.min(fastest, count(loop, "\\n\\s+j(?!mp)[a-z]+\\s"));
            // one conditional branch: the loop's exit test (the checked copy keeps its bounds check as a second)
            assertEquals(1, fastest, level + ":\n" + asm);
        }
    }

    /** Every loop (label to backward branch) that holds a cmov. */
    private static List<String> cmovLoops(String asm) {
        List<String> out = new java.util.ArrayList<>();
        for (int cmov = asm.indexOf("cmov"); cmov >= 0; cmov = asm.indexOf("cmov", cmov + 1)) {
            int label = asm.lastIndexOf("\n.LBB", cmov);
            String name = asm.substring(label + 1, asm.indexOf(':', label));
            Matcher back = Pattern.compile("\\n\\s+j[a-z]+\\s+" + Pattern.quote(name) + "\\n").matcher(asm);
            if (back.find(cmov)) out.add(asm.substring(label, back.end()));
        }
        return out;
    }
}
