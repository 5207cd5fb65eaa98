package dev.kiln.cli;

import java.lang.classfile.Annotation;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.HashMap;
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

    /**
     * A found kernel, and whether it is static. An instance kernel is found once per class on the class path whose
     * receivers run it (see {@link #scan}): {@code id} names that class, {@code where} its class file.
     */
    public record Found(KernelId id, boolean isStatic, String where) {
    }

    /** What {@link #scan} keeps of each class to find the receivers of instance kernels. */
    private record ClassInfo(String superclass, boolean concrete, Set<String> instanceMethods, String where) {
    }

    private KernelDiscovery() {
    }

    /**
     * Every {@code @Kernel} method, sorted by class, name and descriptor. A static kernel is found once; an instance
     * kernel (a kernel object) once for each concrete class on the class path whose receivers run it: the declaring
     * class and its subclasses that do not override it, because the receiver's exact class decides what its calls on
     * {@code this} run, and so the key. These are the entries calls on such receivers look up.
     */
    public static List<Found> scan(ClassPath cp) {
        Map<String, Found> found = new TreeMap<>();
        Map<String, ClassInfo> classes = new HashMap<>();
        List<String[]> instanceKernels = new ArrayList<>(); // {declaring class, name, descriptor}
        cp.forEachClassFile((where, bytes) -> {
            ClassModel cm;
            try {
                cm = ClassFile.of().parse(bytes);
            } catch (IllegalArgumentException e) {
                throw CliException.input("bad class file " + where + ": " + e.getMessage(), e);
            }
            String owner = cm.thisClass().asInternalName();
            if (classes.containsKey(owner)) return;
            Set<String> instanceMethods = new HashSet<>();
            boolean isInterface = cm.flags().has(AccessFlag.INTERFACE);
            for (MethodModel m : cm.methods()) {
                boolean isStatic = m.flags().has(AccessFlag.STATIC);
                if (!isStatic) instanceMethods.add(m.methodName().stringValue() + m.methodType().stringValue());
                if (!isKernel(m)) continue;
                KernelId id = new KernelId(owner.replace('/', '.'), m.methodName().stringValue(),
                        m.methodType().stringValue());
                if (isStatic || isInterface) found.put(id.toString(), new Found(id, isStatic, where));
                else instanceKernels.add(new String[]{owner, m.methodName().stringValue(), m.methodType().stringValue()});
            }
            classes.put(owner, new ClassInfo(cm.superclass().map(c -> c.asInternalName()).orElse(null),
                    !isInterface && !cm.flags().has(AccessFlag.ABSTRACT), instanceMethods, where));
        });
        for (String[] k : instanceKernels) {
            for (Map.Entry<String, ClassInfo> c : classes.entrySet()) {
                if (c.getValue().concrete() && runs(classes, c.getKey(), k[0], k[1] + k[2])) {
                    KernelId id = new KernelId(c.getKey().replace('/', '.'), k[1], k[2]);
                    found.put(id.toString(), new Found(id, false, c.getValue().where()));
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    /**
     * Whether a receiver of class {@code receiver} runs {@code declaring}'s instance method {@code method} (name and
     * descriptor): {@code declaring} is {@code receiver} or a superclass, and no class in between declares it.
     */
    private static boolean runs(Map<String, ClassInfo> classes, String receiver, String declaring, String method) {
        for (String c = receiver; c != null; ) {
            if (c.equals(declaring)) return true;
            ClassInfo info = classes.get(c);
            if (info == null || info.instanceMethods().contains(method)) return false;
            c = info.superclass();
        }
        return false;
    }

    static boolean isKernel(MethodModel m) {
        return m.findAttribute(Attributes.runtimeVisibleAnnotations())
                .map(RuntimeVisibleAnnotationsAttribute::annotations)
                .map(list -> list.stream().map(Annotation::className)
                        .anyMatch(c -> c.equalsString(KERNEL_DESCRIPTOR)))
                .orElse(false);
    }
}
