package dev.kiln.model;

import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.util.Optional;

/**
 * The field a {@code getstatic} reads, resolved as the JVM does (JVMS 5.4.3.2: the named class, then its
 * superinterfaces, then its superclass, recursively) over the classes of a kernel graph. The compiler (what the code
 * reads) and the cache key (what the key covers) both resolve through here, so a constant the compiler folds is
 * always one the key holds.
 */
public final class StaticFields {
    private StaticFields() {
    }

    /** The field and the class that declares it (internal name). */
    public record Resolved(String owner, ClassModel declaring, FieldModel field) {
    }

    /** Empty when no class of the graph on the resolution path declares it. */
    public static Optional<Resolved> resolve(KernelGraph graph, String owner, String name, String descriptor) {
        return resolve(graph, owner, name, descriptor, 0);
    }

    private static Optional<Resolved> resolve(KernelGraph graph, String cls, String name, String descriptor, int depth) {
        if (depth > 32) return Optional.empty();
        ClassModel cm = graph.classModel(cls).orElse(null);
        if (cm == null) return Optional.empty();
        for (FieldModel fm : cm.fields()) {
            if (fm.fieldName().equalsString(name) && fm.fieldType().equalsString(descriptor)) {
                return Optional.of(new Resolved(cls, cm, fm));
            }
        }
        for (ClassEntry i : cm.interfaces()) {
            Optional<Resolved> r = resolve(graph, i.asInternalName(), name, descriptor, depth + 1);
            if (r.isPresent()) return r;
        }
        Optional<ClassEntry> sup = cm.superclass();
        return sup.isEmpty() ? Optional.empty() : resolve(graph, sup.get().asInternalName(), name, descriptor, depth + 1);
    }
}
