package dev.kiln.runtime.link;

import dev.kiln.CompileOptions;

import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.MethodModel;
import java.util.Optional;

/**
 * Reads {@code @dev.kiln.Kernel} and its per-kernel options from a method's class file, so that everything which
 * computes a key (the call-site linker, {@code kiln bake}) derives the same options from the same bytes.
 */
public final class KernelAnnotation {
    /** The annotation's descriptor as it appears in class files. */
    public static final String DESCRIPTOR = "Ldev/kiln/Kernel;";

    private KernelAnnotation() {
    }

    /** The {@code @Kernel} annotation of {@code m}, if it has one. */
    public static Optional<Annotation> of(MethodModel m) {
        return m.findAttribute(Attributes.runtimeVisibleAnnotations())
                .flatMap(a -> a.annotations().stream()
                        .filter(an -> an.className().equalsString(DESCRIPTOR)).findFirst());
    }

    public static boolean isKernel(MethodModel m) {
        return of(m).isPresent();
    }

    /** As {@link #options(MethodModel, CompileOptions)}, from the loaded annotation (null: none). */
    public static CompileOptions options(dev.kiln.Kernel k, CompileOptions base) {
        return k != null && k.fastMath() ? base.withFastMath(true) : base;
    }

    /** {@code base} with the options the kernel's annotation asks for ({@code fastMath = true} turns it on). */
    public static CompileOptions options(MethodModel m, CompileOptions base) {
        CompileOptions o = base;
        Optional<Annotation> a = of(m);
        if (a.isEmpty()) return o;
        for (AnnotationElement e : a.get().elements()) {
            if (e.name().equalsString("fastMath") && e.value() instanceof AnnotationValue.OfBoolean b && b.booleanValue()) {
                o = o.withFastMath(true);
            }
        }
        return o;
    }
}
