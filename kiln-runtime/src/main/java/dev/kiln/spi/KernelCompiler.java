package dev.kiln.spi;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;

/**
 * Produces a native library for a kernel. Implemented by {@code kiln-compiler} and found through
 * {@link java.util.ServiceLoader}, so that {@code kiln-runtime} alone (no LLVM) can still load cached kernels.
 */
public interface KernelCompiler {
    /**
     * Compiles {@code graph} for {@code target} into a self-contained shared library that exports one function,
     * {@code symbol}, following {@link dev.kiln.runtime.abi.KernelAbi}.
     *
     * @throws dev.kiln.UnsupportedConstructException if the kernel uses something Kiln does not compile
     */
    CompiledKernel compile(KernelGraph graph, CompileOptions options, Target target, String symbol);

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
