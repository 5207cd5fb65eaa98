package dev.kiln.spi;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;

/**
 * Produces a native library for a kernel. Implemented by {@code kiln-compiler} and found through
 * {@link java.util.ServiceLoader}, so that {@code kiln-runtime} alone (no LLVM) can still load cached kernels.
 */
// Implemented by dev.kiln.compiler, to which the module exports dev.kiln.model and dev.kiln.runtime.abi.
@SuppressWarnings("exports")
public interface KernelCompiler {
    /**
     * Compiles {@code graph} for {@code target} into a self-contained shared library that exports one function,
     * {@code symbol}, following {@link dev.kiln.runtime.abi.KernelAbi}.
     *
     * @throws dev.kiln.UnsupportedConstructException if the kernel uses something Kiln does not compile
     */
    CompiledKernel compile(KernelGraph graph, CompileOptions options, Target target, String symbol);

    /**
     * Whether this compiler refuses {@code graph} (with {@code options}) whatever the target: the refusal it would
     * throw, naming the construct, class, method and line; empty when the kernel compiles. Asked when the cache misses
     * in strict mode and by {@code kiln verify} and {@code kiln explain}, so they can tell a kernel that was not baked
     * from one that can never be. This default compiles for the baseline target; a compiler should check without
     * generating code.
     */
    default java.util.Optional<dev.kiln.UnsupportedConstructException> refusal(KernelGraph graph, CompileOptions options) {
        try {
            compile(graph, options, Target.level("x86-64"), "kiln_refusal_check");
            return java.util.Optional.empty();
        } catch (dev.kiln.UnsupportedConstructException e) {
            return java.util.Optional.of(e);
        }
    }

    /** Identity of the code generator, part of every cache key: must equal {@link dev.kiln.KilnVersion#COMPILER}. */
    String version();

    /**
     * Loads and unpacks whatever native parts the compiler needs, once per process. The cache calls it before this
     * process takes a key's lock, because the compiler's own file locks (JavaCPP's cache) and the cache's key locks
     * held by different threads of two processes would otherwise look like a lock cycle to the kernel.
     */
    default void prepare() {
    }

    /** The LLVM CPU name of this host, used to tune host-targeted code (tuning never changes which instructions run). */
    String hostCpuName();
}
