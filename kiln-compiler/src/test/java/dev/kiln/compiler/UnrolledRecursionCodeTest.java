package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import static dev.kiln.compiler.OptimisedCodeTest.count;
import static dev.kiln.compiler.OptimisedCodeTest.function;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small recursive method runs three levels per native frame, as C2 inlines a recursive call (one level deep):
 * Commons Math's digamma, 50 levels deep, spent a third of its time in calls, returns and prologues.
 */
class UnrolledRecursionCodeTest {
    static double trigamma(double x) {
        if (x >= 40) return 1 / x + 1 / (2 * x * x);
        return trigamma(x + 1) + 1 / (x * x);
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    static boolean isEven(int n) {
        return n == 0 || isOdd(n - 1);
    }

    static boolean isOdd(int n) {
        return n != 0 && isEven(n - 1);
    }

    static String optimised(String kernel) {
        KernelGraph g = KernelGraph.of(UnrolledRecursionCodeTest.class, kernel, null);
        String ir = KernelLowering.lower(g, CompileOptions.DEFAULT, "kiln_test").llvmIr();
        return LlvmDriver.optimisedIr(ir, Target.level("x86-64-v3"), CompileOptions.DEFAULT);
    }

    static String owner() {
        return UnrolledRecursionCodeTest.class.getName().replace('.', '/');
    }

    @Test
    void aRecursiveMethodRunsThreeLevelsPerFrame() {
        String m = optimised("trigamma");
        assertEquals(0, count(m, "define [^\n]*\\$rec"), m); // every copy inlined
        String f = function(m, "\"" + owner() + ".trigamma(D)D\"");
        assertEquals(1, count(f, "call [^\n]*trigamma"), f); // one call per three levels
        assertEquals(3, count(f, "fadd double %[^,\n]+, 1\\.0"), f); // the x + 1 of each level
    }

    @Test
    void twoCallsPerLevelGiveFourCallsPerFrame() {
        String f = function(optimised("fib"), "\"" + owner() + ".fib(I)I\"");
        assertTrue(count(f, "call [^\n]*fib\\(I\\)I") >= 4, f); // two without unrolling
    }

    @Test
    void aCycleOfTwoMethodsAlternatesCopies() {
        String m = optimised("isEven");
        assertEquals(0, count(m, "define [^\n]*\\$rec"), m);
        String f = function(m, "\"" + owner() + ".isEven(I)Z\"");
        // The recursive call is at least three levels down (n - 2 when LLVM inlines isOdd alone).
        assertTrue(count(f, "add i32 %v0, -([3-9]|[1-9]\\d)\\b") >= 1, f);
    }
}
