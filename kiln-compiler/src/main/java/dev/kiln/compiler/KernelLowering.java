package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.model.KernelGraph;
import dev.kiln.runtime.abi.KernelAbi;

/**
 * Front end, passes and emitter ({@link Pipeline}): a kernel graph to one LLVM IR module whose exported function is
 * {@code symbol} (and, for kernels with array-of-arrays parameters, its smaller entries, see {@code KernelAbi#entrySlots}).
 */
public final class KernelLowering {
    private KernelLowering() {
    }

    /**
     * @param llvmIr textual LLVM IR (no target triple or data layout: the driver sets them)
     * @param abi    how the exported function is called
     */
    public record LoweredKernel(String llvmIr, KernelAbi abi) {
    }

    /** @throws dev.kiln.UnsupportedConstructException for anything Kiln does not compile */
    public static LoweredKernel lower(KernelGraph graph, CompileOptions options, String symbol) {
        return Pipeline.standard().lower(graph, options, symbol);
    }
}
