package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** What LLVM makes of the front end's output: the checks Java needs must not cost a hot loop its speed. */
class OptimisedCodeTest {
    static String optimised(String kernel, CompileOptions options) {
        return optimised(kernel, options, Target.level("x86-64-v3"));
    }

    static String optimised(String kernel, CompileOptions options, Target target) {
        KernelGraph g = KernelGraph.of(FrontEndKernels.class, kernel, null);
        String ir = KernelLowering.lower(g, options, "kiln_test").llvmIr();
        return LlvmDriver.optimisedIr(ir, target, options);
    }

    static String function(String module, String name) {
        int start = module.indexOf("@" + name + "(");
        assertTrue(start >= 0, "no function " + name + " in\n" + module);
        return module.substring(start, module.indexOf("\n}", start));
    }

    static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    @Test
    void sumLoopKeepsOneHoistedNullCheckAndNoBoundsCheck() {
        String f = function(optimised("sum", CompileOptions.DEFAULT), "kiln_test");
        assertEquals(1, count(f, "icmp eq ptr"), f);        // null check, hoisted out of the loop
        assertEquals(1, count(f, "call .*@kiln.raise"), f);  // only the null fault is left: bounds check proven away
        assertEquals(0, count(f, "fadd (reassoc|fast)"), f); // strict order without fastMath
    }

    @Test
    void fastMathVectorisesTheSum() {
        String f = function(optimised("sum", CompileOptions.DEFAULT.withFastMath(true)), "kiln_test");
        assertTrue(count(f, "fadd reassoc contract <\\d+ x double>") > 0, f);
    }

    @Test
    void saxpyVectorisesWithRuntimeAliasChecks() {
        String f = function(optimised("saxpy", CompileOptions.DEFAULT), "kiln_test");
        assertTrue(count(f, "<\\d+ x float>") > 0, f);
        assertEquals(0, count(f, "fmuladd|llvm.fma"), f); // no contraction without fastMath
    }

    @Test
    void avx512TargetsVectoriseAt512Bits() {
        // As C2 on the same machines (UseAVX=3, MaxVectorSize=64); AVX2 targets stay at 256 bits.
        String f = function(optimised("saxpy", CompileOptions.DEFAULT, Target.level("x86-64-v4")), "kiln_test");
        assertTrue(count(f, "<16 x float>") > 0, f);
        String v3 = function(optimised("saxpy", CompileOptions.DEFAULT), "kiln_test");
        assertEquals(0, count(v3, "<16 x float>"), v3);
    }

    /**
     * exp or log of a whole vector of {@code lanes} doubles in {@code f}: a call to the vector variant, or the
     * variant inlined after vectorisation (its table read at a vector of indices).
     */
    static int vectorCalls(String f, String fn, String lanes) {
        return count(f, "call <" + lanes + " x double> @" + fn + "_v" + lanes + "\\(")
                + count(f, "getelementptr[^\n]*@" + fn + "_tab, <" + lanes + " x i64>");
    }

    @Test
    void expAndLogLoopsVectorise() {
        // Each target's natural width: SSE2 2 doubles, AVX2 4, AVX-512 8; no scalar call is left in the loop.
        String[][] cases = {{"x86-64", "2"}, {"x86-64-v3", "4"}, {"x86-64-v4", "8"}};
        for (String[] c : cases) {
            for (String[] k : new String[][] {{"expAll", "kiln_exp"}, {"logAll", "kiln_log"}}) {
                String f = function(optimised(k[0], CompileOptions.DEFAULT, Target.level(c[0])), "kiln_test");
                assertTrue(vectorCalls(f, k[1], c[1]) > 0, c[0] + " " + k[0] + ":\n" + f);
                assertEquals(0, count(f, "call [^@]*@" + k[1] + "\\("), c[0] + " " + k[0] + ":\n" + f);
            }
            String f = function(optimised("softplus", CompileOptions.DEFAULT, Target.level(c[0])), "kiln_test");
            assertTrue(vectorCalls(f, "kiln_exp", c[1]) > 0, c[0] + " softplus:\n" + f);
            assertTrue(vectorCalls(f, "kiln_log", c[1]) > 0, c[0] + " softplus:\n" + f);
        }
    }

    @Test
    void scalarExpCallsAreInlinedAndUnusedVariantsDropped() {
        for (String target : new String[] {"x86-64", "x86-64-v4"}) {
            String m = optimised("expProduct", CompileOptions.DEFAULT, Target.level(target));
            assertEquals(0, count(m, "call [^@]*@kiln_exp"), target + ":\n" + m);
            assertEquals(0, count(m, "define [^@]*@kiln_exp"), target + ":\n" + m);
            assertTrue(count(function(m, "kiln_test"), "getelementptr[^\n]*@kiln_exp_tab, i64") > 0, target + ":\n" + m);
        }
    }

    @Test
    void clipVectorisesWithoutCalls() {
        // Math.min/max inline to compare-and-select with a cold fix-up, which if-converts into vector blends.
        for (CompileOptions o : new CompileOptions[] {CompileOptions.DEFAULT, CompileOptions.DEFAULT.withFastMath(true)}) {
            String f = function(optimised("clip", o), "kiln_test");
            assertTrue(count(f, "<\\d+ x double>") > 0, f);
            assertEquals(0, count(f, "call [^@]*@(?!kiln\\.raise|llvm\\.)"), f);
            assertEquals(0, count(f, "llvm\\.(minimum|maximum)"), f);
        }
    }

    @Test
    void clipSumKeepsTheFastPathBranchAndNoCalls() {
        // The strict sum keeps this loop scalar: the ordered compare-and-select is the hot path, ties go cold.
        String f = function(optimised("clipSum", CompileOptions.DEFAULT), "kiln_test");
        assertEquals(0, count(f, "call [^@]*@(?!kiln\\.raise|llvm\\.)"), f);
        assertTrue(count(f, "fcmp (one|ueq) double") >= 2, f);
    }

    @Test
    void truncationVectorisesWithoutCalls() {
        // (int): fptosi on the in-range path and selects for the rest, so the loop still vectorises.
        String f = function(optimised("truncSum", CompileOptions.DEFAULT), "kiln_test");
        assertTrue(count(f, "fptosi <\\d+ x double>") > 0, f);
        assertEquals(0, count(f, "fptosi\\.sat"), f);
        assertEquals(0, count(f, "call [^@]*@(?!kiln\\.raise|llvm\\.)"), f);
    }

    @Test
    void scalarTruncationIsTheSentinelCheck() {
        // A loop that stays scalar converts with cvttsd2si and clamps only when it gave MIN_VALUE, as C2 does; the
        // conversion's scalar function, kept as a call for the vectoriser, is inlined after it.
        String f = function(optimised("binCount", CompileOptions.DEFAULT), "kiln_test");
        assertTrue(count(f, "call i32 @llvm\\.x86\\.sse2\\.cvttsd2si\\(") > 0, f);
        assertTrue(count(f, "icmp eq i32 %[^,]+, -2147483648") > 0, f);
        assertEquals(0, count(f, "call [^@]*@(?!kiln\\.raise|llvm\\.)"), f);
    }

    @Test
    void smallCheckedHelpersAreInlined() {
        // LLVM's own cost model refuses the helper (its null and bounds checks each cost a fault call); C2 inlines it.
        String m = optimised("lookupSum", CompileOptions.DEFAULT);
        assertEquals(0, count(function(m, "kiln_test"), "call [^@]*@\"dev/"), m);
    }

    @Test
    void inlinedFaultingCallsLeaveNoFlagToTest() {
        // A helper with two returns that can fault: its value and fault flag join as scalars, so once inlined the
        // caller's test of the flag folds away (a joined { double, i1 } pair was never split, the test stayed).
        String f = function(optimised("lookupSum", CompileOptions.DEFAULT), "kiln_test");
        assertEquals(0, count(f, "phi \\{"), f);
        assertEquals(0, count(f, "extractvalue"), f);
    }
}
