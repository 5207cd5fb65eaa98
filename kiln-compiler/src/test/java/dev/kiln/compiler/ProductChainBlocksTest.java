package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.diff.ProductChainKernels;
import dev.kiln.compiler.ir.Printer;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Product chains run in blocks of factors (ProductChainBlocks): which loops qualify, and what LLVM makes of them. */
class ProductChainBlocksTest {
    static String ir(String kernel) {
        return Printer.print(Pipeline.standard().ir(KernelGraph.of(ProductChainKernels.class, kernel, null)));
    }

    static String optimised(String kernel, Target target) {
        KernelGraph g = KernelGraph.of(ProductChainKernels.class, kernel, null);
        String ir = KernelLowering.lower(g, CompileOptions.DEFAULT, "kiln_test").llvmIr();
        return OptimisedCodeTest.function(LlvmDriver.optimisedIr(ir, target, CompileOptions.DEFAULT), "kiln_test");
    }

    @Test
    void payoffLoopCallsTheVectorExp() {
        // Without the blocks the chain keeps the loop scalar: one scalar exp per step.
        String[][] cases = {{"x86-64-v3", "4"}, {"x86-64-v4", "8"}};
        for (String[] c : cases) {
            String f = optimised("payoff", Target.level(c[0]));
            assertTrue(OptimisedCodeTest.vectorCalls(f, "kiln_exp", c[1]) > 0, c[0] + "\n" + f);
            assertTrue(OptimisedCodeTest.count(f, "fmul (reassoc|fast)") == 0, f);
        }
    }

    @Test
    void chainsOfEveryFormAreBlocked() {
        for (String k : new String[] {"affine", "affineF", "affineLeft", "inclusive", "storing", "expStored", "payoff"}) {
            String ir = ir(k);
            assertTrue(ir.contains("NewArray " + (k.equals("affineF") ? "FLOAT" : "DOUBLE") + " 16"), k + "\n" + ir);
        }
    }

    @Test
    void loopsThatCouldTellAreLeftAlone() {
        for (String k : new String[] {"dividing", "running"}) {
            String ir = ir(k);
            assertFalse(ir.contains("NewArray"), k + "\n" + ir);
        }
    }
}
