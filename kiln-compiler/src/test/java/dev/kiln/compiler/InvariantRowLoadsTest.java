package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.diff.InvariantRowKernels;
import dev.kiln.compiler.ir.Printer;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Rows an innermost loop reads at invariant indices are loaded before it (InvariantRowLoads). */
class InvariantRowLoadsTest {
    static String ir(String kernel) {
        return Printer.print(Pipeline.standard().ir(KernelGraph.of(InvariantRowKernels.class, kernel, null)));
    }

    static String optimised(String kernel) {
        KernelGraph g = KernelGraph.of(InvariantRowKernels.class, kernel, null);
        String ir = KernelLowering.lower(g, CompileOptions.DEFAULT, "kiln_test").llvmIr();
        return LlvmDriver.optimisedIr(ir, Target.level("x86-64-v3"), CompileOptions.DEFAULT);
    }

    @Test
    void invariantRowsAreLoadedBeforeTheLoop() {
        for (String k : new String[] {"rmse2", "rmse3", "mm", "sumAt", "countIn", "rowAfter", "rowSum", "nextRow"}) {
            assertTrue(ir(k).contains("rowOk"), k + "\n" + ir(k));
        }
        // a loop that stores a row may replace the one it reads
        assertFalse(ir("replaceRow").contains("rowOk"), ir("replaceRow"));
    }

    @Test
    void matrixProductVectorises() {
        // b[k] and c[i] were loaded (and checked) on every iteration of the j loop, after c[i][j]'s check: no vectors.
        String m = optimised("mm");
        assertTrue(OptimisedCodeTest.count(m, "fmul <\\d+ x double>") > 0, m);
    }
}
