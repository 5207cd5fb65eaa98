package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.KilnVersion;
import dev.kiln.Target;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.compiler.link.Lld;
import dev.kiln.model.KernelGraph;
import dev.kiln.spi.CompiledKernel;
import dev.kiln.spi.KernelCompiler;

import java.util.LinkedHashMap;
import java.util.Map;

/** The compiler behind {@link KernelCompiler}: front end, LLVM, lld. Stateless and thread-safe. */
public final class KilnCompiler implements KernelCompiler {
    @Override
    public CompiledKernel compile(KernelGraph graph, CompileOptions options, Target target, String symbol) {
        Map<String, Long> phases = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        KernelLowering.LoweredKernel lowered = KernelLowering.lower(graph, options, symbol);
        long t1 = System.nanoTime();
        phases.put("frontEnd", t1 - t0);
        LlvmDriver.ObjectCode object = LlvmDriver.compile(lowered.llvmIr(), graph.root().toString(), target, options);
        phases.put("llvmParse", object.phaseNanos().get("parse"));
        phases.put("optimise", object.phaseNanos().get("optimise"));
        phases.put("codegen", object.phaseNanos().get("codegen"));
        long t2 = System.nanoTime();
        byte[] library = Lld.linkShared(object.bytes(), symbol);
        phases.put("link", System.nanoTime() - t2);
        return new CompiledKernel(library, lowered.abi(), phases);
    }

    /** The front end alone decides: every refusal is made there, before LLVM sees anything. */
    @Override
    public java.util.Optional<dev.kiln.UnsupportedConstructException> refusal(KernelGraph graph, CompileOptions options) {
        try {
            KernelLowering.lower(graph, options, "kiln_refusal_check");
            return java.util.Optional.empty();
        } catch (dev.kiln.UnsupportedConstructException e) {
            return java.util.Optional.of(e);
        }
    }

    /** Loads libLLVM and unpacks lld, retrying when JavaCPP's file lock is refused (see {@link dev.kiln.compiler.link.LockRefusal}). */
    @Override
    public void prepare() {
        dev.kiln.compiler.link.LockRefusal.retry(() -> {
            org.bytedeco.javacpp.Loader.load(org.bytedeco.llvm.global.LLVM.class);
            LlvmDriver.ensureLoaded();
            return Lld.executable();
        });
    }

    @Override
    public String version() {
        return KilnVersion.COMPILER;
    }

    @Override
    public String hostCpuName() {
        return LlvmDriver.hostCpuName();
    }
}
