package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.compiler.emit.LlvmEmitter;
import dev.kiln.compiler.frontend.FrontEnd;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.compiler.ir.Verifier;
import dev.kiln.compiler.passes.ArgExtremeBranches;
import dev.kiln.compiler.passes.ClampedIndexChecks;
import dev.kiln.compiler.passes.InvariantRowLoads;
import dev.kiln.compiler.passes.ParamIndexVersioning;
import dev.kiln.compiler.passes.ProductChainBlocks;
import dev.kiln.compiler.passes.RangeCheckVersioning;
import dev.kiln.compiler.passes.RowWrites;
import dev.kiln.compiler.passes.SearchBranches;
import dev.kiln.compiler.passes.SearchIndexVersioning;
import dev.kiln.compiler.passes.SignBitAdds;
import dev.kiln.compiler.passes.StickyFlagBranches;
import dev.kiln.compiler.passes.StoreAlignmentPeel;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.KernelObjects;
import dev.kiln.runtime.abi.KernelAbi;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of compilation up to LLVM IR: the front end, then each {@link Pass} over the IR, then the emitter. With
 * verification on, the {@link Verifier} checks the IR after the front end and after every pass, so a pass that
 * breaks an invariant is named at once instead of surfacing as invalid LLVM IR or a wrong result.
 */
public final class Pipeline {
    /** System property turning IR verification on ({@code -Dkiln.verifyIr=true}); the test suites set it. */
    public static final String VERIFY_PROPERTY = "kiln.verifyIr";

    /** A transformation of the whole module between the front end and the emitter. */
    public interface Pass {
        /** For messages: "after pass ..." names it. */
        String name();

        IrModule run(IrModule module);
    }

    /** A pass over each function on its own: {@link #run(IrModule)} applies {@link #transform} to every function. */
    public interface FunctionPass extends Pass {
        /** {@code f} transformed: a new function, or {@code f} itself when changed in place or not at all. */
        Function transform(Function f);

        @Override
        default IrModule run(IrModule module) {
            List<Function> out = new ArrayList<>();
            for (Function f : module.functions()) out.add(transform(f));
            return new IrModule(module.entry(), out);
        }
    }

    private final List<Pass> passes;
    private final boolean verify;

    public Pipeline(List<Pass> passes, boolean verify) {
        this.passes = List.copyOf(passes);
        this.verify = verify;
    }

    /** The passes Kiln runs after the front end's own SSA clean-up, verifying when the property says. */
    public static Pipeline standard() {
        return new Pipeline(List.of(new SignBitAdds(), new ArgExtremeBranches(), new StickyFlagBranches(), new SearchBranches(), new SearchIndexVersioning(), new StoreAlignmentPeel(), new RangeCheckVersioning(),
                new ClampedIndexChecks(), new ParamIndexVersioning(), new ProductChainBlocks(), new InvariantRowLoads()), Boolean.getBoolean(VERIFY_PROPERTY));
    }

    /** The passes' names, in order (part of what {@code KilnVersion.CODEGEN} stands for). */
    public List<String> passNames() {
        return passes.stream().map(Pass::name).toList();
    }

    /** The kernel graph as IR, after every pass. */
    public IrModule ir(KernelGraph graph) {
        IrModule module = FrontEnd.lower(graph);
        if (verify) Verifier.verify(module, "front end");
        for (Pass p : passes) {
            module = p.run(module);
            if (verify) Verifier.verify(module, "pass " + p.name());
        }
        return module;
    }

    /** The kernel graph as one LLVM IR module exporting {@code symbol} (and its row-bucket entries, if any). */
    public KernelLowering.LoweredKernel lower(KernelGraph graph, CompileOptions options, String symbol) {
        IrModule module = ir(graph);
        LlvmEmitter.Result r = LlvmEmitter.emit(module, options, symbol);
        return new KernelLowering.LoweredKernel(r.llvmIr(), new KernelAbi(symbol, KernelObjects.abiDescriptor(graph),
                r.faultRecord(), r.messages(), r.throwSites(), r.callSites(), RowWrites.rowsWritten(module),
                // the Java side evaluates the length over the ABI's parameters, which must be the method's own
                KernelObjects.abiDescriptor(graph).equals(module.function(module.entry()).descriptor()) ? r.resultLength() : null,
                r.zeroArrays()));
    }
}
