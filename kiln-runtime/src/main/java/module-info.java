/**
 * Kiln's runtime: the API ({@code dev.kiln}), the plug-in points ({@code dev.kiln.spi}) and, exported only to Kiln's
 * own modules, everything else. No third-party dependency.
 */
@SuppressWarnings("module") // qualified exports name Kiln modules built after this one
module dev.kiln.runtime {
    requires java.management;
    requires jdk.management;
    requires jdk.jfr;

    exports dev.kiln;
    exports dev.kiln.spi;
    // The bootstrap of the invokedynamic sites that the agent and the Maven plugin write into user classes, which
    // may live in any module: KernelLinker's link/linkInstance must be accessible from them.
    exports dev.kiln.runtime.link;

    // KernelCompiler's parameters (KernelGraph) and result (KernelAbi): the compiler and the kiln command.
    exports dev.kiln.model to dev.kiln.compiler, dev.kiln.cli;
    exports dev.kiln.runtime.abi to dev.kiln.compiler, dev.kiln.cli;
    // The kiln command's admin surface (list, verify, gc, bake, explain, stats).
    exports dev.kiln.runtime to dev.kiln.cli;
    exports dev.kiln.runtime.cache to dev.kiln.cli;
    exports dev.kiln.runtime.cpu to dev.kiln.cli;
    exports dev.kiln.runtime.parallel to dev.kiln.cli;

    uses dev.kiln.spi.KernelCompiler;
    uses dev.kiln.spi.RemoteStorageProvider;
    provides dev.kiln.spi.RemoteStorageProvider with dev.kiln.runtime.cache.DirectoryStorage.Provider;
}
