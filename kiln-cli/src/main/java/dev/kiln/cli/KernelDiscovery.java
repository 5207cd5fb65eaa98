package dev.kiln.cli;

import java.lang.classfile.Annotation;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds kernels in a class path without loading or initialising any class: reads each class file with
 * {@code java.lang.classfile} and keeps the methods whose RuntimeVisibleAnnotations include {@code @dev.kiln.Kernel}.
 * A class present twice on the class path counts once, from its first entry (as the JVM would load it).
 */
public final class KernelDiscovery {
    static final String KERNEL_DESCRIPTOR = "Ldev/kiln/Kernel;";

    /** A found kernel, and whether it is static (a non-static one is reported, not compiled). */
    public record Found(KernelId id, boolean isStatic, String where) {
    }

    private KernelDiscovery() {
    }

    /** Every {@code @Kernel} method, sorted by class, name and descriptor. */
    public static List<Found> scan(ClassPath cp) {
        Map<String, Found> found = new TreeMap<>();
        Set<String> seenClasses = new HashSet<>();
        cp.forEachClassFile((where, bytes) -> {
            ClassModel cm;
            try {
                cm = ClassFile.of().parse(bytes);
            } catch (IllegalArgumentException e) {
                throw CliException.input("bad class file " + where + ": " + e.getMessage(), e);
            }
            String owner = cm.thisClass().asInternalName();
            if (!seenClasses.add(owner)) return;
            for (MethodModel m : cm.methods()) {
                if (isKernel(m)) {
                    KernelId id = new KernelId(owner.replace('/', '.'), m.methodName().stringValue(),
                            m.methodType().stringValue());
                    found.put(id.toString(), new Found(id, m.flags().has(AccessFlag.STATIC), where));
                }
            }
        });
        return new ArrayList<>(found.values());
    }

    static boolean isKernel(MethodModel m) {
        return m.findAttribute(Attributes.runtimeVisibleAnnotations())
                .map(RuntimeVisibleAnnotationsAttribute::annotations)
                .map(list -> list.stream().map(Annotation::className)
                        .anyMatch(c -> c.equalsString(KERNEL_DESCRIPTOR)))
                .orElse(false);
    }
}
