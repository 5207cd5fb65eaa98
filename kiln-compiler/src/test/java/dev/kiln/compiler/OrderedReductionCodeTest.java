package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import static dev.kiln.compiler.OptimisedCodeTest.count;
import static dev.kiln.compiler.OptimisedCodeTest.function;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A loop with a strict floating-point sum vectorises its other work: the square roots (or exp and log) run in
 * vectors, the adds stay in element order as an in-order reduction ({@code llvm.vector.reduce.fadd} without
 * {@code reassoc}, which x86 emits as one scalar add per lane). Without LLVM's {@code force-ordered-reductions} the
 * whole loop stays scalar. (LLVM keeps only sums in order this way; a strict product chain stays a scalar loop.)
 */
class OrderedReductionCodeTest {
    static String optimised(String kernel, String target) throws ClassNotFoundException {
        Class<?> k = Class.forName("dev.kiln.compiler.diff.OrderedReductionKernels");
        String ir = KernelLowering.lower(KernelGraph.of(k, kernel, null), CompileOptions.DEFAULT, "kiln_test").llvmIr();
        return function(LlvmDriver.optimisedIr(ir, Target.level(target), CompileOptions.DEFAULT), "kiln_test");
    }

    @Test
    void rootsVectoriseBesideAnInOrderSum() throws Exception {
        for (String target : new String[] {"x86-64-v3", "x86-64-v4"}) {
            String f = optimised("sqrtSum", target);
            assertTrue(count(f, "call <\\d+ x double> @llvm\\.sqrt\\.v\\d+f64") > 0, target + "\n" + f);
            assertTrue(count(f, "call double @llvm\\.vector\\.reduce\\.fadd\\.v\\d+f64\\(double") > 0, target + "\n" + f);
            assertEquals(0, count(f, "reassoc"), f);
        }
    }
}
