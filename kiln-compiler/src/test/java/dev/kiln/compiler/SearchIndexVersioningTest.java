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
    void provesLowerBoundsUnderTheLoopTest() throws Exception {
        // lo = mid + 1 <= hi because mid < hi under lo < hi: entry hi at most the length, lo non-negative
        for (String k : List.of("lowerBound", "lowerBounds", "lowerBoundBetween", "sampleBins", "find")) {
            String ir = ir(k);
            assertEquals(1, count(ir, "ArrayLoad[^\\n]*\\bunchecked\\b"), k + ":\n" + ir);
        }
        assertTrue(ir("lowerBound").matches("(?s).*branch LE v1, v\\d+ .*"), ir("lowerBound")); // n <= a.length
        String traced = ir("tracedLowerBound");
        assertEquals(1, count(traced, "ArrayLoad[^\\n]*\\bunchecked\\b"), traced);
        assertEquals(1, count(traced, "ArrayStore[^\\n]*\\bunchecked\\b"), traced);
        // a[off + mid]: off >= 0, and hi at most a.length - off
        String at = ir("lowerBoundAt");
        assertEquals(1, count(at, "ArrayLoad[^\\n]*\\bunchecked\\b"), at);
        assertTrue(at.matches("(?s).*branch GE v1, 0 .*(v\\d+) = Binary SUB I32 v\\d+ v1\\n\\s+branch LE v2, \\1 .*"), at);
        // mid + 2 cannot wrap when hi < a.length
        assertTrue(ir("overshoot").matches("(?s).*branch LT v1, v\\d+ .*unchecked.*"), ir("overshoot"));
    }

    @Test
    void provesInclusiveSearches() throws Exception {
        // low <= high: mid in [low, high], high = mid - 1 >= -1; entry high below the length, low non-negative
        String jdk = ir("binarySearch");
        assertEquals(1, count(jdk, "ArrayLoad[^\\n]*\\bunchecked\\b"), jdk);
        assertTrue(jdk.matches("(?s).*branch GE v1, 0 .*branch LT v4, v\\d+ .*"), jdk);
        String offset = ir("searchOffset"); // low + (high - low) / 2 cannot wrap under low <= high
        assertEquals(1, count(offset, "ArrayLoad[^\\n]*\\bunchecked\\b"), offset);
        assertEquals(0, count(offset, "1073741824"), offset);
        String half = ir("searchHalf"); // (low + high) / 2: only with every length below 2^30, where the sum cannot wrap
        assertEquals(2, count(half, "ArrayLoad[^\\n]*\\bunchecked\\b"), half);
        assertEquals(1, count(half, "ArrayStore[^\\n]*\\bunchecked\\b"), half);
        assertEquals(2, count(half, "branch LT v\\d+, 1073741824 "), half);
    }

    @Test
    void leavesOtherLoopsAlone() throws Exception {
        // hi = mid + 2 can pass the table; a scan's index is a counter
        for (String k : List.of("wrongEnd", "firstAtLeast", "argMax")) {
            String ir = ir(k);
            assertEquals(0, count(ir, "Array(Load|Store)[^\\n]*\\bunchecked\\b"), k + ":\n" + ir);
        }
    }

    @Test
    void theLowerBoundLoopHasNoBoundsCheck() throws Exception {
        String raw = KernelLowering.lower(KernelGraph.of(SearchBranchesTest.kernels(), "lowerBounds", null),
                CompileOptions.DEFAULT, "kiln_test").llvmIr();
        String asm = LlvmDriver.assembly(raw, Target.level("x86-64-v3"), CompileOptions.DEFAULT);
        int fastest = Integer.MAX_VALUE;
        for (String loop : cmovLoops(asm)) fastest = Math.min(fastest, count(loop, "\\n\\s+j(?!mp)[a-z]+\\s"));
        assertEquals(1, fastest, asm);
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
