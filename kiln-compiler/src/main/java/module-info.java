/** Kiln's compiler: a {@code dev.kiln.spi.KernelCompiler} for the runtime's {@code ServiceLoader}; exports nothing. */
module dev.kiln.compiler {
    requires dev.kiln.runtime;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.llvm;
    // The native libraries (jniLLVM, LLVM, lld), in open modules nothing else requires: without these the module
    // path would leave them unresolved. The pom depends on the same linux-x86_64 jars.
    requires org.bytedeco.javacpp.linux.x86_64;
    requires org.bytedeco.llvm.linux.x86_64;

    provides dev.kiln.spi.KernelCompiler with dev.kiln.compiler.KilnCompiler;
}
