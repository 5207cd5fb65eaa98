/**
 * The {@code -javaagent}. The JVM loads an agent jar from the class path (the unnamed module), where this descriptor
 * does not apply; the Maven plugin, which uses the rewriter as a library, is on the class path too. As a named module
 * it exports nothing: rewritten classes name the runtime's KernelLinker by its descriptor, not through a dependency.
 */
module dev.kiln.agent {
    requires java.instrument;
}
