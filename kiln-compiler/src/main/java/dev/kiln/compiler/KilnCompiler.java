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

    /**
     * Loads libLLVM and unpacks lld. JavaCPP guards its unpacking with POSIX file locks, which the kernel can refuse
     * with EDEADLK when threads of two processes also hold Kiln's key locks (the detector reasons per process); that
     * refusal is contention, so it is retried with back-off.
     */
    @Override
    public void prepare() {
        for (int attempt = 1; ; attempt++) {
            try {
                org.bytedeco.javacpp.Loader.load(org.bytedeco.llvm.global.LLVM.class);
                LlvmDriver.ensureLoaded();
                Lld.executable();
                return;
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                if (attempt >= 50 || !isLockContention(e)) throw e;
                try {
                    Thread.sleep(Math.min(500, 5L << Math.min(attempt, 7)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean isLockContention(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("Resource deadlock avoided")) return true;
        }
        return false;
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
