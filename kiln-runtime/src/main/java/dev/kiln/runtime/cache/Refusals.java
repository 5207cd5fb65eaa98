package dev.kiln.runtime.cache;

import dev.kiln.CompileOptions;
import dev.kiln.UnsupportedConstructException;
import dev.kiln.model.KernelGraph;
import dev.kiln.spi.KernelCompiler;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tells a kernel that was not baked from one that can never be: a miss is checked against the compiler's front end,
 * and becomes {@link MissReason#REFUSED} with the refusal when the compiler refuses the kernel. A no-entry miss of a
 * kernel that compiles says "bake it"; without kiln-compiler (a runtime-only host) it says that whether the kernel
 * compiles is unknown there. No refusal is recorded in the cache: {@code kiln bake} and {@code kiln verify}, which
 * have the compiler, report refusals where a cache is made and checked.
 */
final class Refusals {
    static final String BAKE_IT = "no entry yet; bake it";
    static final String UNKNOWN = "whether it can compile is unknown without kiln-compiler (kiln explain tells)";

    private Refusals() {
    }

    /** {@code miss} made precise; a served verdict is returned as is. */
    static Verdict qualify(Verdict miss, Supplier<KernelGraph> graph, CompileOptions options,
                           Optional<KernelCompiler> compiler) {
        return qualify(miss, graph, options, compiler, e -> { });
    }

    /** As {@link #qualify(Verdict, Supplier, CompileOptions, Optional)}, handing a refusal found to {@code refused}. */
    static Verdict qualify(Verdict miss, Supplier<KernelGraph> graph, CompileOptions options,
                           Optional<KernelCompiler> compiler, Consumer<UnsupportedConstructException> refused) {
        if (miss.served() || miss.reason().orElseThrow() == MissReason.REFUSED) return miss;
        if (compiler.isEmpty()) {
            return miss.reason().get() == MissReason.NO_ENTRY ? Verdict.miss(MissReason.NO_ENTRY, miss.detail() + "; " + UNKNOWN)
                    : miss;
        }
        Optional<UnsupportedConstructException> refusal = compiler.get().refusal(graph.get(), options);
        if (refusal.isPresent()) {
            refused.accept(refusal.get());
            return Verdict.miss(MissReason.REFUSED, refusal.get().getMessage());
        }
        return miss.reason().get() == MissReason.NO_ENTRY ? Verdict.miss(MissReason.NO_ENTRY, miss.detail() + "; " + BAKE_IT)
                : miss;
    }
}
