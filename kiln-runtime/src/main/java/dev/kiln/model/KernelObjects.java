package dev.kiln.model;

import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.reflect.AccessFlag;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Kernel objects: an instance method compiled as a kernel ({@link KernelGraph#ofInstance}). The fields of
 * {@code this} that the graph's instance methods read are implicit parameters of the exported function, after the
 * kernel's own parameters and its constant tables ({@link StaticTables}): primitives by value, primitive arrays by
 * reference (zero-copy, like array parameters), both read from the receiver at every call. The receiver itself
 * never reaches native code; the front end accepts it only as the object of a field read or of a call on
 * {@code this}.
 *
 * <p>Like the tables, the list and its order derive from the graph alone, so the compiler, the key's ABI and the
 * binder of a cached entry agree without storing it.
 */
public final class KernelObjects {
    /** One field of the receiver: the declaring class (internal name), the field name and its descriptor. */
    public record Field(String owner, String name, String descriptor) {
        /** As HotSpot names it in a NullPointerException text when read from {@code this}: {@code this.xs}. */
        public String display() {
            return "this." + name;
        }
    }

    private KernelObjects() {
    }

    /** Primitives and the primitive arrays a kernel can take ({@code boolean[]} cannot cross FFM in place). */
    public static boolean isFieldType(String descriptor) {
        return descriptor.length() == 1 && "ZBCSIJFD".contains(descriptor) || StaticTables.isTableType(descriptor);
    }

    /** The receiver's fields the graph's instance methods read, sorted by owner and name; empty for static kernels. */
    public static List<Field> fields(KernelGraph graph) {
        if (graph.receiver() == null) return List.of();
        TreeMap<String, Field> found = new TreeMap<>();
        for (MethodModel m : graph.methods().values()) {
            if (m.flags().has(AccessFlag.STATIC) || m.code().isEmpty()) continue;
            for (CodeElement e : m.code().get()) {
                if (e instanceof FieldInstruction f && f.opcode() == Opcode.GETFIELD) {
                    resolve(graph, f.owner().asInternalName(), f.name().stringValue(), f.type().stringValue())
                            .ifPresent(x -> found.put(x.owner() + "." + x.name(), x));
                }
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * The receiver field a {@code getfield owner.name:descriptor} reads, if it can be one: the field (resolved from
     * {@code owner} up, as the JVM does) is an instance field of a kind {@link #isFieldType} accepts, declared in the
     * receiver's class or a superclass.
     */
    public static Optional<Field> resolve(KernelGraph graph, String owner, String name, String descriptor) {
        if (graph.receiver() == null || !isFieldType(descriptor)) return Optional.empty();
        boolean inHierarchy = false;
        for (String cls = graph.receiver(); cls != null; ) {
            ClassModel cm = graph.classModel(cls).orElse(null);
            if (cm == null) return Optional.empty();
            inHierarchy |= cls.equals(owner);
            if (inHierarchy) {
                for (FieldModel fm : cm.fields()) {
                    if (fm.fieldName().equalsString(name) && fm.fieldType().equalsString(descriptor)) {
                        return fm.flags().has(AccessFlag.STATIC) ? Optional.empty()
                                : Optional.of(new Field(cls, name, descriptor));
                    }
                }
            }
            cls = cm.superclass().map(c -> c.asInternalName()).orElse(null);
        }
        return Optional.empty();
    }

    /** The exported function's Java descriptor: the kernel's, then its tables, then the receiver's fields. */
    public static String abiDescriptor(KernelGraph graph) {
        return withFields(StaticTables.abiDescriptor(graph), fields(graph));
    }

    /** {@code descriptor} with the fields' types appended to its parameters. */
    public static String withFields(String descriptor, List<Field> fields) {
        List<String> types = new java.util.ArrayList<>(fields.size());
        for (Field f : fields) types.add(f.descriptor());
        return StaticTables.withParameters(descriptor, types);
    }

    /**
     * Whether {@code abiDescriptor} can be the exported function of the kernel {@code identity} ({@code
     * owner.name(params)ret}): the kernel's descriptor with zero or more tables (primitive arrays of any dimension)
     * and receiver fields (primitives and primitive arrays) appended to its parameters.
     */
    public static boolean abiMatches(String identity, String abiDescriptor) {
        String kernel = identity.substring(identity.indexOf('('));
        int close = kernel.indexOf(')');
        int abiClose = abiDescriptor.indexOf(')');
        if (abiClose < close || !abiDescriptor.startsWith(kernel.substring(0, close))
                || !abiDescriptor.substring(abiClose).equals(kernel.substring(close))) {
            return false;
        }
        String extra = abiDescriptor.substring(close, abiClose);
        for (int k = 0; k < extra.length(); ) {
            int dims = 0;
            while (k + dims < extra.length() && extra.charAt(k + dims) == '[') dims++;
            int len = dims + 1;
            if (k + len > extra.length()) return false;
            String t = extra.substring(k, k + len);
            if (!isFieldType(t) && !StaticTables.isStaticTableType(t)) return false;
            k += len;
        }
        return true;
    }
}
