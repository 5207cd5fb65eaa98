package dev.kiln.agent;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.RuntimeInvisibleAnnotationsAttribute;
import java.lang.classfile.attribute.RuntimeInvisibleParameterAnnotationsAttribute;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.classfile.attribute.RuntimeVisibleParameterAnnotationsAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicCallSiteDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rewrites every {@code @dev.kiln.Kernel} method of a class (static, or an instance method of a class) so that
 * calling it runs native code: the original body moves, untouched, to a private synthetic {@code name$java}, and
 * {@code name} keeps its signature, flags and annotations but its body becomes one {@code invokedynamic}
 * bootstrapped by the runtime's {@code KernelLinker} with {@code name$java} as the fallback. An instance method's
 * site passes {@code this} first and is linked by {@code linkInstance}, which serves each receiver class the kernel
 * object {@code Kiln.compile(receiver, name)} gives. Used by the agent (as classes load) and by build-time rewriting.
 *
 * <p>The cache key is computed from the original bytes (the agent: the class file the loader still serves; build-time
 * rewriting: the copy kept in the {@value #ORIGINAL_ATTRIBUTE} attribute), so rewritten and plain processes share
 * cache entries.
 */
public final class KernelRewriter {
    static final String KERNEL_DESCRIPTOR = "Ldev/kiln/Kernel;";
    static final byte[] KERNEL_BYTES = "dev/kiln/Kernel".getBytes(StandardCharsets.UTF_8);
    static final ClassDesc LINKER = ClassDesc.of("dev.kiln.runtime.link.KernelLinker");
    static final String BOOTSTRAP = "link";
    static final String INSTANCE_BOOTSTRAP = "linkInstance";
    static final String JAVA_SUFFIX = "$java";
    /** Class attribute holding the class file as it was before rewriting (ignored by the JVM). */
    public static final String ORIGINAL_ATTRIBUTE = "dev.kiln.Original";
    private static final DirectMethodHandleDesc BSM = ConstantDescs.ofCallsiteBootstrap(LINKER, BOOTSTRAP,
            ConstantDescs.CD_CallSite, ConstantDescs.CD_MethodHandle);
    private static final DirectMethodHandleDesc INSTANCE_BSM = ConstantDescs.ofCallsiteBootstrap(LINKER,
            INSTANCE_BOOTSTRAP, ConstantDescs.CD_CallSite, ConstantDescs.CD_MethodHandle);

    /** What happened to one class. */
    public record Result(byte[] bytes, List<String> rewritten, List<String> skipped) {
        public boolean changed() {
            return !rewritten.isEmpty();
        }
    }

    private KernelRewriter() {
    }

    /** Cheap pre-check on raw bytes: can this class have a {@code @Kernel} method at all? */
    public static boolean mayHaveKernels(byte[] classBytes) {
        outer:
        for (int i = 0; i + KERNEL_BYTES.length <= classBytes.length; i++) {
            for (int j = 0; j < KERNEL_BYTES.length; j++) if (classBytes[i + j] != KERNEL_BYTES[j]) continue outer;
            return true;
        }
        return false;
    }

    /**
     * Rewrites {@code classBytes}; {@link Result#bytes()} is null when nothing changed. Already rewritten classes
     * (they carry {@value #ORIGINAL_ATTRIBUTE}) are left alone. {@code keepOriginal} stores the input in the class.
     */
    public static Result rewrite(byte[] classBytes, boolean keepOriginal) {
        if (!mayHaveKernels(classBytes)) return new Result(null, List.of(), List.of());
        ClassFile cf = ClassFile.of();
        ClassModel cm = cf.parse(classBytes);
        if (isRewritten(cm)) return new Result(null, List.of(), List.of());
        List<String> rewritten = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<MethodModel> kernels = new ArrayList<>();
        boolean isInterface = cm.flags().has(AccessFlag.INTERFACE);
        String cls = cm.thisClass().asInternalName().replace('/', '.');
        for (MethodModel m : cm.methods()) {
            if (!isKernel(m)) continue;
            String what = cls + "." + m.methodName().stringValue() + m.methodType().stringValue();
            boolean instance = !m.flags().has(AccessFlag.STATIC);
            if (instance && isInterface) skipped.add(what + ": an interface's instance (default) method");
            else if (instance && m.methodName().stringValue().startsWith("<")) skipped.add(what + ": a constructor");
            else if (m.code().isEmpty()) skipped.add(what + ": no code (native or abstract)");
            else if (cm.majorVersion() < (isInterface ? 53 : 52)) skipped.add(what + ": class file version "
                    + cm.majorVersion() + " is older than Java " + (isInterface ? 9 : 8));
            else if (hasMethod(cm, m.methodName().stringValue() + JAVA_SUFFIX, m.methodType().stringValue())) {
                skipped.add(what + ": the class already has " + m.methodName().stringValue() + JAVA_SUFFIX);
            } else {
                kernels.add(m);
                rewritten.add(what);
            }
        }
        if (kernels.isEmpty()) return new Result(null, rewritten, skipped);
        ClassDesc self = cm.thisClass().asSymbol();
        byte[] out = cf.transformClass(cm, (cb, ce) -> {
            if (ce instanceof MethodModel m && kernels.contains(m)) {
                String name = m.methodName().stringValue();
                MethodTypeDesc type = m.methodTypeSymbol();
                int javaFlags = (m.flags().flagsMask() & ~(ClassFile.ACC_PUBLIC | ClassFile.ACC_PROTECTED
                        | ClassFile.ACC_VARARGS)) | ClassFile.ACC_PRIVATE | ClassFile.ACC_SYNTHETIC;
                cb.withMethod(name + JAVA_SUFFIX, type, javaFlags, mb -> copy(m, mb::with, false));
                boolean instance = !m.flags().has(AccessFlag.STATIC);
                // An instance body is private: invokespecial calls exactly it, on whatever receiver the site passes.
                MethodHandleDesc javaBody = MethodHandleDesc.ofMethod(instance ? DirectMethodHandleDesc.Kind.SPECIAL
                        : isInterface ? DirectMethodHandleDesc.Kind.INTERFACE_STATIC : DirectMethodHandleDesc.Kind.STATIC,
                        self, name + JAVA_SUFFIX, type);
                // The site's type takes the receiver first; its bootstrap dispatches on the receiver's class.
                MethodTypeDesc siteType = instance ? type.insertParameterTypes(0, self) : type;
                DynamicCallSiteDesc site = DynamicCallSiteDesc.of(instance ? INSTANCE_BSM : BSM, name, siteType, javaBody);
                cb.withMethod(name, type, m.flags().flagsMask(), mb -> {
                    copy(m, mb::with, true);
                    mb.withCode(code -> {
                        int slot = 0;
                        if (instance) code.aload(slot++);
                        for (ClassDesc p : type.parameterList()) {
                            TypeKind k = TypeKind.from(p);
                            code.loadLocal(k, slot);
                            slot += k.slotSize();
                        }
                        code.invokedynamic(site);
                        code.return_(TypeKind.from(type.returnType()));
                    });
                });
            } else {
                cb.with(ce);
            }
        });
        if (keepOriginal) out = withOriginal(cf, out, classBytes);
        return new Result(out, rewritten, skipped);
    }

    /** Copies a method's elements except flags; the dispatcher keeps annotations and drops code, the body the reverse. */
    private static void copy(MethodModel m, Consumer<MethodElement> to, boolean dispatcher) {
        for (MethodElement e : m) {
            if (e instanceof java.lang.classfile.AccessFlags) continue;
            boolean annotation = e instanceof RuntimeVisibleAnnotationsAttribute
                    || e instanceof RuntimeInvisibleAnnotationsAttribute
                    || e instanceof RuntimeVisibleParameterAnnotationsAttribute
                    || e instanceof RuntimeInvisibleParameterAnnotationsAttribute;
            if (dispatcher ? e instanceof CodeModel : annotation) continue;
            to.accept(e);
        }
    }

    private static byte[] withOriginal(ClassFile cf, byte[] rewritten, byte[] original) {
        ClassModel cm = cf.parse(rewritten);
        return cf.transformClass(cm, java.lang.classfile.ClassTransform.endHandler(cb ->
                cb.with(new OriginalAttribute(original))));
    }

    static boolean isRewritten(ClassModel cm) {
        return cm.attributes().stream().anyMatch(a -> a.attributeName().equalsString(ORIGINAL_ATTRIBUTE));
    }

    static boolean isKernel(MethodModel m) {
        return m.findAttribute(Attributes.runtimeVisibleAnnotations())
                .map(a -> a.annotations().stream().anyMatch(an -> an.className().equalsString(KERNEL_DESCRIPTOR)))
                .orElse(false);
    }

    private static boolean hasMethod(ClassModel cm, String name, String desc) {
        return cm.methods().stream().anyMatch(m -> m.methodName().equalsString(name) && m.methodType().equalsString(desc));
    }
}
