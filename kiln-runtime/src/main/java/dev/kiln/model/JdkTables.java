package dev.kiln.model;

import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.FieldModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.NestHostAttribute;
import java.lang.classfile.attribute.NestMembersAttribute;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.NewPrimitiveArrayInstruction;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Private tables of JDK classes ({@code FdLibm$Exp.ln2HI}, {@code FdLibm$Atan.atanhi}): {@code private static final}
 * primitive arrays that a JDK class fills with an array literal in its static initializer and only reads. Kiln cannot
 * read such a field at call time ({@code java.base} does not open its packages), so it takes the literal's values from
 * the class file, as constants, when it can show they are what the field holds for the life of the process:
 * <ul>
 * <li>the initializer stores the literal (a {@code newarray} filled element by element with constants) into the field
 * and does nothing else with it;</li>
 * <li>the field is private, so only its class and nestmates can reach it, and every method among them that reads it
 * is part of the kernel's graph, where the front end checks that the array is only ever read (never written, passed
 * on, stored or returned).</li>
 * </ul>
 * The values are part of the cache key (see {@code KeyEncoder}), so a JDK whose table differs gets its own entry.
 */
public final class JdkTables {
    private JdkTables() {
    }

    /** What the class files say of one table: its literal, the nest's methods that read it, the nest's classes. */
    private record Facts(Object values, List<MethodRef> readers, List<String> nest) {
    }

    /** Per table, once per process: JDK class files do not change while it runs (the nest scan reads ~30 of them). */
    private static final ConcurrentHashMap<String, Optional<Facts>> FACTS = new ConcurrentHashMap<>();

    /**
     * The contents ({@code double[]}, {@code int[]} …; shared, never to be modified) of the JDK table {@code
     * owner.name:descriptor}, or empty when it is not one whose values can be proven constant for this graph.
     */
    public static Optional<Object> literal(KernelGraph graph, String owner, String name, String descriptor) {
        if (!KernelGraph.isJdkOwner(owner) || !StaticTables.isTableType(descriptor)) return Optional.empty();
        Optional<Facts> facts = FACTS.computeIfAbsent(owner + "." + name + ":" + descriptor,
                k -> facts(graph, owner, name, descriptor));
        if (facts.isEmpty()) return Optional.empty();
        for (MethodRef r : facts.get().readers()) {
            if (!graph.methods().containsKey(r)) return Optional.empty(); // a reader whose uses are not checked
        }
        return Optional.of(facts.get().values());
    }

    /**
     * The classes (internal names) whose files decide {@link #literal}'s answer for this table besides the owner's:
     * its nest, read to find every method that could write it. Empty unless {@link #literal} found the table.
     */
    public static List<String> nest(String owner, String name, String descriptor) {
        Optional<Facts> f = FACTS.get(owner + "." + name + ":" + descriptor);
        return f == null || f.isEmpty() ? List.of() : f.get().nest();
    }

    private static Optional<Facts> facts(KernelGraph graph, String owner, String name, String descriptor) {
        ClassModel cm = graph.inspect(owner).orElse(null);
        if (cm == null) return Optional.empty();
        FieldModel field = null;
        for (FieldModel fm : cm.fields()) {
            if (fm.fieldName().equalsString(name) && fm.fieldType().equalsString(descriptor)) field = fm;
        }
        if (field == null || !field.flags().has(AccessFlag.PRIVATE) || !field.flags().has(AccessFlag.STATIC)
                || !field.flags().has(AccessFlag.FINAL)) {
            return Optional.empty();
        }
        Object values = null;
        for (MethodModel m : cm.methods()) {
            if (m.methodName().equalsString("<clinit>")) values = fromInitializer(m, owner, name, descriptor);
        }
        if (values == null) return Optional.empty();
        Set<String> nest = nest(graph, cm, owner);
        List<MethodRef> readers = nestReaders(graph, nest, owner, name, descriptor);
        return readers == null ? Optional.empty() : Optional.of(new Facts(values, readers, List.copyOf(nest)));
    }

    /** The literal the initializer stores in the field, if that is all it does with it. */
    private static Object fromInitializer(MethodModel clinit, String owner, String name, String descriptor) {
        List<Instruction> code = new ArrayList<>();
        if (clinit.code().isEmpty()) return null;
        for (CodeElement e : clinit.code().get()) if (e instanceof Instruction i) code.add(i);
        int put = -1;
        for (int k = 0; k < code.size(); k++) {
            if (code.get(k) instanceof FieldInstruction f && isField(f, owner, name, descriptor)) {
                if (f.opcode() != Opcode.PUTSTATIC || put >= 0) return null; // read back, or written twice
                put = k;
            }
        }
        if (put < 0) return null;
        // Walk back over (dup, index, value, xastore)* to the newarray and the length before it.
        List<Number[]> stores = new ArrayList<>();
        int k = put - 1;
        while (k >= 3 && code.get(k).opcode() == storeOpcode(descriptor)) {
            Number index = constant(code.get(k - 2));
            Number value = constant(code.get(k - 1));
            if (index == null || value == null || code.get(k - 3).opcode() != Opcode.DUP) return null;
            stores.add(new Number[] {index, value});
            k -= 4;
        }
        if (k < 1 || !(code.get(k) instanceof NewPrimitiveArrayInstruction na)
                || na.typeKind() != TypeKind.fromDescriptor(descriptor.substring(1))) {
            return null;
        }
        Number length = constant(code.get(k - 1));
        if (!(length instanceof Integer n) || n < 0 || n > 1 << 16) return null;
        Object array = java.lang.reflect.Array.newInstance(
                java.lang.invoke.MethodType.fromMethodDescriptorString("()" + descriptor.substring(1), null).returnType(), n);
        for (Number[] s : stores) {
            if (!(s[0] instanceof Integer i) || i < 0 || i >= n) return null;
            switch (array) {
                case double[] a -> a[i] = s[1].doubleValue();
                case float[] a -> a[i] = s[1].floatValue();
                case long[] a -> a[i] = s[1].longValue();
                case int[] a -> a[i] = s[1].intValue();
                case short[] a -> a[i] = (short) s[1].intValue();
                case char[] a -> a[i] = (char) s[1].intValue();
                case byte[] a -> a[i] = (byte) s[1].intValue();
                default -> { return null; }
            }
        }
        return array;
    }

    /**
     * The methods of the nest (the private field's class and its nestmates) that read the field, or null when one
     * writes it or a nestmate cannot be read.
     */
    private static List<MethodRef> nestReaders(KernelGraph graph, Set<String> nest, String ownerName, String name,
                                               String descriptor) {
        List<MethodRef> readers = new ArrayList<>();
        for (String cls : nest) {
            Optional<ClassModel> cm = graph.inspect(cls);
            if (cm.isEmpty()) return null; // a nestmate Kiln cannot read might write the table
            for (MethodModel m : cm.get().methods()) {
                if (m.code().isEmpty() || m.methodName().equalsString("<clinit>") && cls.equals(ownerName)) continue;
                boolean reads = false;
                for (CodeElement e : m.code().get()) {
                    if (e instanceof FieldInstruction f && isField(f, ownerName, name, descriptor)) {
                        if (f.opcode() != Opcode.GETSTATIC) return null;
                        reads = true;
                    }
                }
                if (reads) readers.add(new MethodRef(cls, m.methodName().stringValue(), m.methodType().stringValue()));
            }
        }
        return List.copyOf(readers);
    }

    /** The field's class, its nest host and the host's (and its own) nest members. */
    private static Set<String> nest(KernelGraph graph, ClassModel owner, String ownerName) {
        Set<String> nest = new LinkedHashSet<>();
        nest.add(ownerName);
        String host = owner.findAttribute(java.lang.classfile.Attributes.nestHost())
                .map(NestHostAttribute::nestHost).map(c -> c.asInternalName()).orElse(ownerName);
        nest.add(host);
        graph.inspect(host).flatMap(h -> h.findAttribute(java.lang.classfile.Attributes.nestMembers()))
                .map(NestMembersAttribute::nestMembers)
                .ifPresent(ms -> ms.forEach(c -> nest.add(c.asInternalName())));
        owner.findAttribute(java.lang.classfile.Attributes.nestMembers()).map(NestMembersAttribute::nestMembers)
                .ifPresent(ms -> ms.forEach(c -> nest.add(c.asInternalName())));
        return nest;
    }

    private static boolean isField(FieldInstruction f, String owner, String name, String descriptor) {
        return f.owner().asInternalName().equals(owner) && f.name().equalsString(name) && f.type().equalsString(descriptor);
    }

    private static Opcode storeOpcode(String descriptor) {
        return switch (descriptor.charAt(1)) {
            case 'D' -> Opcode.DASTORE;
            case 'F' -> Opcode.FASTORE;
            case 'J' -> Opcode.LASTORE;
            case 'I' -> Opcode.IASTORE;
            case 'S' -> Opcode.SASTORE;
            case 'C' -> Opcode.CASTORE;
            default -> Opcode.BASTORE;
        };
    }

    private static Number constant(Instruction i) {
        return i instanceof ConstantInstruction c && c.constantValue() instanceof Number n ? n : null;
    }
}
