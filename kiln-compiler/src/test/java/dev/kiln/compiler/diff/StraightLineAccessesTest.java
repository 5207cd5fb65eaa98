package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.KernelLowering;
import dev.kiln.compiler.emit.StraightLineAccesses;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The code shape of ParamIndexVersioning's copy in a module without loops: accesses at constant offsets from one
 * address per pattern (no sign extension per access), and no SLP vectors. A module with a loop keeps int indices.
 * Results at the guard's edges: {@link DiffParamIndexTest}.
 */
class StraightLineAccessesTest {
    private static String ir(String kernel) {
        return KernelLowering.lower(KernelGraph.of(ParamIndexKernels.class, kernel, null), CompileOptions.DEFAULT, "kiln_test").llvmIr();
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    @Test
    void loopFreeButterflyIndexesAtLongOffsetsWithoutSlp() {
        String ir = ir("butterfly8");
        assertTrue(ir.contains("!" + StraightLineAccesses.NO_SLP + " = !{}"), ir);
        String opt = LlvmDriver.optimisedIr(ir, Target.level("x86-64-v4"), CompileOptions.DEFAULT);
        String f = opt.substring(opt.indexOf("@kiln_test("));
        // the checked original keeps a sign extension per access; the copy adds constants to one per pattern
        assertTrue(count(f, "getelementptr (inbounds )?(nuw )?i8, ptr %\\S+, i64 (8|16|24|32|40|48|56)\\b") >= 6, f);
        assertEquals(0, count(f, "<\\d+ x double>"), f); // scalar, as C2 runs it
    }

    @Test
    void moduleWithALoopKeepsIntIndicesAndSlp() {
        String ir = ir("inLoop");
        assertFalse(ir.contains(StraightLineAccesses.NO_SLP), ir);
    }
}
