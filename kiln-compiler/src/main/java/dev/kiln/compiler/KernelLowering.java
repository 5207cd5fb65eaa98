package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.compiler.emit.LlvmEmitter;
import dev.kiln.compiler.frontend.FrontEnd;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.KernelObjects;
import dev.kiln.runtime.abi.KernelAbi;

/** Front end and emitter: a kernel graph to one LLVM IR module whose only exported function is {@code symbol}. */
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
        IrModule module = FrontEnd.lower(graph);
        LlvmEmitter.Result r = LlvmEmitter.emit(module, options, symbol);
        return new LoweredKernel(r.llvmIr(), new KernelAbi(symbol, KernelObjects.abiDescriptor(graph), r.faultRecord(),
                r.messages(), r.throwSites(), r.callSites()));
    }
}
