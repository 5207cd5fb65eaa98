package dev.kiln.compiler.frontend;

import dev.kiln.model.KernelGraph;
import dev.kiln.model.MethodRef;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.constant.ClassDesc;
import java.lang.reflect.AccessFlag;
import java.util.Optional;

/**
 * Stack map frames for methods of class files older than Java 6 (version &lt; 50), which have none. The front end
 * needs a frame at every control-flow merge; the JDK's class-file API infers them (the verifier's type inference)
 * when it re-emits the code. Only the code the front end reads is rebuilt: the cache key is computed from the
 * original class file, whose instructions are the same.
 */
final class StackMapFrames {
    private StackMapFrames() {
    }

    /** Thrown when frames cannot be inferred (e.g. {@code jsr}/{@code ret}, or an unknown class in a merge). */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    /** True when the code needs inferred frames: no StackMapTable in a class file that predates them. */
    static boolean needed(ClassModel owner, CodeAttribute code) {
        return owner.majorVersion() < ClassFile.JAVA_6_VERSION
                && code.findAttribute(Attributes.stackMapTable()).isEmpty();
    }

    /** The method's code re-emitted with generated frames (same instructions, labels and line numbers). */
    static CodeAttribute withFrames(KernelGraph graph, ClassModel owner, MethodRef ref) {
        ClassHierarchyResolver resolver = ClassHierarchyResolver.defaultResolver().orElse(fromGraph(graph));
        ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                ClassFile.ClassHierarchyResolverOption.of(resolver));
        byte[] bytes;
        try {
            // Keep only this method; re-emitting its code (rather than copying it) is what computes the frames.
            ClassTransform keepOne = (clb, ce) -> {
                if (ce instanceof MethodModel mm) {
                    if (mm.methodName().equalsString(ref.name()) && mm.methodType().equalsString(ref.descriptor())) {
                        clb.transformMethod(mm, MethodTransform.transformingCode(CodeTransform.ACCEPT_ALL));
                    }
                } else if (ce instanceof java.lang.classfile.ClassFileVersion) {
                    clb.withVersion(ClassFile.JAVA_6_VERSION, 0);
                } else {
                    clb.with(ce);
                }
            };
            bytes = cf.transformClass(owner, keepOne);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Failed(e.getMessage());
        }
        ClassModel rebuilt = ClassFile.of().parse(bytes);
        for (MethodModel mm : rebuilt.methods()) {
            if (mm.methodName().equalsString(ref.name()) && mm.methodType().equalsString(ref.descriptor())) {
                return (CodeAttribute) mm.code().orElseThrow();
            }
        }
        throw new IllegalStateException("method lost while generating frames: " + ref);
    }

    /** Class hierarchy of the classes the kernel graph already read (user classes the JDK's resolver cannot see). */
    private static ClassHierarchyResolver fromGraph(KernelGraph graph) {
        return (ClassDesc desc) -> {
            String internal = desc.descriptorString().substring(1, desc.descriptorString().length() - 1);
            Optional<ClassModel> cm = graph.classModel(internal);
            if (cm.isEmpty()) return null;
            if (cm.get().flags().has(AccessFlag.INTERFACE)) return ClassHierarchyResolver.ClassHierarchyInfo.ofInterface();
            return ClassHierarchyResolver.ClassHierarchyInfo.ofClass(
                    cm.get().superclass().map(c -> c.asSymbol()).orElse(null));
        };
    }
}
