package dev.kiln.compiler.llvm;

import dev.kiln.CompileOptions;
import dev.kiln.KilnVersion;
import dev.kiln.compiler.Pipeline;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cache key names the code generator by {@link KilnVersion#COMPILER}, which the runtime knows without the
 * compiler. A change to the pass pipeline makes other machine code under the same key, so it must bump
 * {@link KilnVersion#CODEGEN}: this test pins the pipeline (LLVM's passes and Kiln's own IR passes) of each revision
 * and fails when one changes alone.
 */
class CodegenRevisionTest {
    @Test
    void passPipelineBelongsToTheCurrentCodegenRevision() {
        assertEquals(27, KilnVersion.CODEGEN, "CODEGEN changed: pin its pass pipelines below");
        String prep = "function(sroa,early-cse,simplifycfg,instcombine<no-verify-fixpoint>,loop-mssa(loop-rotate,licm),irce),";
        String msg = "the pass pipeline changed: bump KilnVersion.CODEGEN and pin the new pipelines here";
        assertEquals(prep + "default<O3>", PassPipeline.of(CompileOptions.DEFAULT), msg);
        assertEquals(prep + "default<O2>", PassPipeline.of(CompileOptions.DEFAULT.withOptLevel(2)), msg);
        assertEquals("default<O3>", PassPipeline.of(CompileOptions.DEFAULT.withBoundsChecks(false)), msg);
        assertEquals("default<O1>", PassPipeline.of(CompileOptions.DEFAULT.withOptLevel(1)), msg);
        assertEquals("default<O0>", PassPipeline.of(CompileOptions.DEFAULT.withOptLevel(0)), msg);
        assertEquals(List.of("-unroll-runtime-multi-exit=true", "-force-ordered-reductions=true", "-undef-reg-clearance=1073741824",
                "-partial-reg-update-clearance=1073741824", "-x86-cmov-converter=false"), PassPipeline.LLVM_OPTIONS, msg);
        assertEquals("cgscc(inline),globaldce", VectorVariants.PIPELINE, msg);
        assertEquals(List.of("sign bit adds", "arg-extreme branches", "sticky flag branches", "search branches", "search index versioning", "store alignment peel", "range check versioning", "clamped index checks",
                "parameter index versioning", "product chain blocks", "invariant row loads"), Pipeline.standard().passNames(),
                "Kiln's IR passes changed: bump KilnVersion.CODEGEN and pin the new list here");
    }

    @Test
    void compilerIdentityCarriesTheRevision() {
        assertEquals("kiln-" + KilnVersion.KILN + "/abi-" + KilnVersion.ABI + "/codegen-" + KilnVersion.CODEGEN
                + "/llvm-" + KilnVersion.LLVM, KilnVersion.COMPILER);
    }
}
