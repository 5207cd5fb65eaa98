package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import static dev.kiln.compiler.OptimisedCodeTest.count;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Selects LLVM makes out of short, data-dependent branches stay {@code cmov} in x86 machine code (PassPipeline's
 * {@code -x86-cmov-converter=false}): the upper clamp of a histogram's bin index and the halving step of a binary
 * search. With LLVM's cmov converter on, both became branches, which mispredict on such data.
 */
class ClampSelectCodeTest {
    static String assembly(String kernel, String target) throws ClassNotFoundException {
        Class<?> k = Class.forName("dev.kiln.compiler.diff.ClampSelectKernels");
        String ir = KernelLowering.lower(KernelGraph.of(k, kernel, null), CompileOptions.DEFAULT, "kiln_test").llvmIr();
        return LlvmDriver.assembly(ir, Target.parse(target), CompileOptions.DEFAULT);
    }

    /** The text of {@code kiln_test} alone (the module also holds helpers). */
    static String kernelBody(String asm) {
        int start = asm.indexOf("kiln_test:");
        assertTrue(start >= 0, asm);
        int end = asm.indexOf(".Lfunc_end", start);
        return asm.substring(start, end < 0 ? asm.length() : end);
    }

    @Test
    void histogramUpperClampIsAConditionalMove() throws Exception {
        for (String target : new String[] {"x86-64-v4@znver5", "x86-64-v3", "x86-64-v4@skylake-avx512"}) {
            String f = kernelBody(assembly("clampedHistogram", target));
            assertTrue(count(f, "\\bcmov[a-z]+\\b") > 0, target + "\n" + f);
        }
    }

    @Test
    void binarySearchStepIsAConditionalMove() throws Exception {
        for (String target : new String[] {"x86-64-v4@znver5", "x86-64-v3"}) {
            String f = kernelBody(assembly("lowerBound", target));
            assertTrue(count(f, "\\bcmov[a-z]+\\b") > 0, target + "\n" + f);
        }
    }
}
