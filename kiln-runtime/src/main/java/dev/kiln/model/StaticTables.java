package dev.kiln.model;

import dev.kiln.KilnException;

import java.lang.classfile.CodeElement;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Constant tables: {@code static final} primitive arrays (lookup tables, coefficients) that a kernel's graph reads.
 * Java arrays are mutable, so a kernel never gets a copy: each table is an extra array parameter of the exported
 * function, after the kernel's own ones, that the Java side reads from the static field at every call (the current
 * array, zero-copy, so writes land in it as in Java). Every function of the module takes the tables as trailing
 * parameters (LLVM drops the ones a function does not use).
 *
 * <p>The list and its order derive from the graph alone, so the compiler, the cache key's ABI and the binder of a
 * cached entry agree without storing it. Tables of JDK classes are not included (their packages are not open to
 * Kiln, so the field cannot be read at call time): the front end refuses them.
 */
public final class StaticTables {
    /** One table: the declaring class (internal name), the field name and its descriptor (e.g. {@code [D}). */
    public record Table(String owner, String name, String descriptor) {
        public String display() {
            return owner.replace('/', '.') + "." + name;
        }
    }

    private StaticTables() {
    }

    /** True for the descriptor of a primitive array a kernel can take ({@code boolean[]} cannot cross FFM). */
    public static boolean isTableType(String descriptor) {
        return descriptor.length() == 2 && descriptor.charAt(0) == '[' && "BSCIJFD".indexOf(descriptor.charAt(1)) >= 0;
    }

    /**
     * True for the descriptor of a static table: a primitive array of any dimension ({@code double[]}, {@code
     * double[][]} …) whose leaves FFM can pass (not {@code boolean}). Arrays of arrays go as arrays-of-arrays
     * arguments do: their rows are found at each call.
     */
    public static boolean isStaticTableType(String descriptor) {
        int dims = 0;
        while (dims < descriptor.length() && descriptor.charAt(dims) == '[') dims++;
        return dims >= 1 && descriptor.length() == dims + 1 && "BSCIJFD".indexOf(descriptor.charAt(dims)) >= 0;
    }

    /**
     * The tables the graph reads and is passed, sorted by owner and name: those {@link ImmutableTables} proves never
     * written are compiled in as constants instead.
     */
    public static List<Table> of(KernelGraph graph) {
        TreeMap<String, Table> found = new TreeMap<>();
        for (MethodModel m : graph.methods().values()) {
            if (m.code().isEmpty()) continue;
            for (CodeElement e : m.code().get()) {
                if (e instanceof FieldInstruction f && f.opcode() == Opcode.GETSTATIC) {
                    resolve(graph, f.owner().asInternalName(), f.name().stringValue(), f.type().stringValue())
                            .filter(t -> !ImmutableTables.isImmutable(graph, t))
                            .ifPresent(t -> found.put(t.owner() + "." + t.name(), t));
                }
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * The table a {@code getstatic owner.name:descriptor} reads, if it is one: the field (found in the class or its
     * superclasses, as the JVM resolves it) is static, final, a primitive array, of a class outside the JDK.
     */
    public static Optional<Table> resolve(KernelGraph graph, String owner, String name, String descriptor) {
        if (!isStaticTableType(descriptor)) return Optional.empty();
        for (String cls = owner; cls != null; ) {
            var cm = graph.classModel(cls).orElse(null);
            if (cm == null) return Optional.empty();
            for (FieldModel fm : cm.fields()) {
                if (fm.fieldName().equalsString(name) && fm.fieldType().equalsString(descriptor)) {
                    boolean table = fm.flags().has(AccessFlag.STATIC) && fm.flags().has(AccessFlag.FINAL)
                            && !KernelGraph.isJdkOwner(cls);
                    return table ? Optional.of(new Table(cls, name, descriptor)) : Optional.empty();
                }
            }
            cls = cm.superclass().map(c -> c.asInternalName()).orElse(null);
        }
        return Optional.empty();
    }

    /** The exported function's Java descriptor: the kernel's, with one array parameter per table appended. */
    public static String abiDescriptor(KernelGraph graph) {
        return withTables(graph.root().descriptor(), of(graph));
    }

    /** {@code descriptor} with the tables' array types appended to its parameters. */
    public static String withTables(String descriptor, List<Table> tables) {
        List<String> types = new java.util.ArrayList<>(tables.size());
        for (Table t : tables) types.add(t.descriptor());
        return withParameters(descriptor, types);
    }

    /** {@code descriptor} with {@code types} (descriptors) appended to its parameters. */
    static String withParameters(String descriptor, List<String> types) {
        if (types.isEmpty()) return descriptor;
        StringBuilder sb = new StringBuilder(descriptor.substring(0, descriptor.indexOf(')')));
        for (String t : types) sb.append(t);
        return sb.append(descriptor.substring(descriptor.indexOf(')'))).toString();
    }

    /**
     * The kernel's handle with its table parameters filled from the static fields at each call: {@code bound} has
     * the {@link #abiDescriptor} type; the result has the kernel's own.
     */
    public static MethodHandle bind(MethodHandle bound, KernelGraph graph) {
        return bind(bound, of(graph), graph.loader(), graph.root().descriptor());
    }

    /** As {@link #bind(MethodHandle, KernelGraph)}, from the tables and the kernel's own descriptor. */
    public static MethodHandle bind(MethodHandle bound, List<Table> tables, ClassLoader loader, String kernelDescriptor) {
        if (tables.isEmpty()) return bound;
        int at = MethodType.fromMethodDescriptorString(kernelDescriptor, loader).parameterCount();
        MethodHandle h = bound;
        for (Table t : tables) h = MethodHandles.collectArguments(h, at, getter(loader, t));
        return h;
    }

    private static MethodHandle getter(ClassLoader loader, Table t) {
        try {
            Class<?> owner = Class.forName(t.owner().replace('/', '.'), false, loader);
            Class<?> type = MethodType.fromMethodDescriptorString("()" + t.descriptor(), null).returnType();
            return UserAccess.privateLookup(owner).findStaticGetter(owner, t.name(), type);
        } catch (ReflectiveOperationException e) {
            throw new KilnException("cannot read the table " + t.display() + " a kernel uses: " + e, e);
        }
    }
}
