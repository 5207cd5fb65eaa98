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
 * The vector loop of (int) and (long) of doubles: on AVX-512 x86's conversion, compared with its sentinel, with the
 * clamp only behind the branch (as C2 does); on AVX2 the portable clamp, with no AVX-512 instruction anywhere.
 */
class VectorConversionCodeTest {
    static Class<?> kernels() throws ClassNotFoundException {
        return Class.forName("dev.kiln.compiler.diff.VectorConversionKernels");
    }

    static String lowered(String kernel) throws ClassNotFoundException {
        return KernelLowering.lower(KernelGraph.of(kernels(), kernel, null), CompileOptions.DEFAULT, "kiln_test").llvmIr();
    }

    @Test
    void avx512ConvertsThenChecksTheSentinel() throws Exception {
        String ir = lowered("quantise");
        String f = function(LlvmDriver.optimisedIr(ir, Target.level("x86-64-v4"), CompileOptions.DEFAULT), "kiln_test");
        assertTrue(count(f, "call <8 x i64> @llvm.x86.avx512.mask.cvttpd2qq.512") > 0, f);
        assertTrue(count(f, "call <8 x i32> @llvm.x86.avx512.mask.cvttpd2dq.512") > 0, f);
        // each vector conversion compared with its sentinel, and no fptosi outside the cold fix-ups
        assertTrue(count(f, "icmp eq <8 x i64> %[^,]+, splat \\(i64 -9223372036854775808\\)") > 0, f);
        assertTrue(count(f, "icmp eq <(8|16) x i32> %[^,]+, splat \\(i32 -2147483648\\)") > 0, f);
        String asm = LlvmDriver.assembly(ir, Target.level("x86-64-v4"), CompileOptions.DEFAULT);
        assertTrue(count(asm, "vcvttpd2qq\\s+%zmm") > 0 && count(asm, "kortest") > 0, asm);
    }

    @Test
    void avx2KeepsThePortableClamp() throws Exception {
        String ir = lowered("quantise");
        String f = LlvmDriver.optimisedIr(ir, Target.level("x86-64-v3"), CompileOptions.DEFAULT);
        assertEquals(0, count(f, "avx512"), f);
        assertTrue(count(function(f, "kiln_test"), "fptosi <4 x double>") > 0, f);
    }
}
