package dev.kiln.compiler.frontend;

import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;

import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ArrayStoreInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.reflect.AccessFlag;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Scalar replacement: an object the kernel (or a method it calls) allocates never exists at run time; it is followed
 * on the abstract stack as a {@link Value.Opaque} holding an {@link Obj}, and its fields are SSA values kept in the
 * {@link FrameState} ({@link FrameState#objects}), passed along edges as block parameters ({@link ObjectMerges}).
 * Constructors and methods called on it, and methods it is passed to or returned from, are lowered inline
 * ({@link Inlining}). Whatever else it could do (be stored, compared by identity, passed to code Kiln does not
 * compile, returned from the kernel) is refused, naming the class and what it escapes into.
 *
 * <p>Only classes whose {@code new} cannot do more than Java's field defaults and the constructor: a concrete class
 * extending {@code Object} or {@code Record} (through classes outside the JDK), whose instance fields are primitives or
 * arrays of primitives, and without a static initialiser anywhere in its hierarchy other than a self-contained one of
 * a class ({@link StaticObjects}: Java would run it at the first allocation; Kiln never runs one in native code).
 */
final class ValueObjects {
    private ValueObjects() {
    }

    /** An instance field of a value class: where it is declared, its descriptor and computational type. */
    record Field(String owner, String name, String descriptor, Type type, boolean isFinal) {
    }

    /** A class whose objects are replaced by their fields, with every instance field (superclasses' first). */
    record ValueClass(String name, List<Field> fields, boolean immutable) {
        String display() {
            return name.replace('/', '.');
        }

        int indexOf(String owner, String field, String descriptor, KernelGraph graph) {
            // Resolved as the JVM resolves a field: from the named class up; the last declaration wins (hiding).
            for (int k = fields.size() - 1; k >= 0; k--) {
                Field f = fields.get(k);
                if (f.name().equals(field) && f.descriptor().equals(descriptor) && isSubclass(graph, owner, f.owner())) return k;
            }
            return -1;
        }
    }

    /** One replaced object: what its {@link Value.Opaque} holds. Identity matters; equality is identity. */
    static final class Obj {
        final ValueClass cls;
        final Value.Opaque token;
        /** How many of its constructors are being lowered inline: its fields may still change after a merge. */
        int constructing;

        Obj(ValueClass cls) {
            this.cls = cls;
            this.token = new Value.Opaque(this);
        }

        @Override
        public String toString() {
            return "object of class " + cls.display();
        }
    }

    /** The object {@code v} stands for, or null. */
    static Obj of(Value v) {
        return v instanceof Value.Opaque o && o.what() instanceof Obj obj ? obj : null;
    }

    /** A new object with its fields at Java's defaults (0, 0.0, false, null). */
    static Obj allocate(ValueClass cls, FrameState s) {
        Obj obj = new Obj(cls);
        Value[] values = new Value[cls.fields().size()];
        for (int k = 0; k < values.length; k++) values[k] = defaultValue(cls.fields().get(k).type());
        s.objects.put(obj, values);
        return obj;
    }

    static Value defaultValue(Type t) {
        return switch (t) {
            case Type.Prim p -> switch (p) {
                case I32 -> new Value.IntConst(0);
                case I64 -> new Value.LongConst(0);
                case F32 -> new Value.FloatConst(0f);
                case F64 -> new Value.DoubleConst(0.0);
            };
            default -> new Value.NullConst(t);
        };
    }

    /** The refusal for an object of {@code obj}'s class escaping through {@code how}. */
    static String escapes(Obj obj, String how) {
        return obj + " escapes: " + how;
    }

    /** The first object among {@code values}, or null. */
    static Obj first(List<Value> values) {
        for (Value v : values) if (of(v) != null) return of(v);
        return null;
    }

    /**
     * The instructions that allocate a replaced object, read or write its fields, or let it escape into a field, an
     * array or a string concatenation; false for any other instruction, which the caller lowers.
     */
    static boolean step(Instruction insn, FrameState s, KernelGraph graph, Classes classes, NpeNames npe,
                        Function<String, RuntimeException> unsupported, UnaryOperator<Inst> emit) {
        switch (insn) {
            case NewObjectInstruction n when classes.find(n.className().asInternalName()).isPresent() ->
                    s.push(allocate(classes.find(n.className().asInternalName()).get(), s).token);
            case FieldInstruction f when f.opcode() == Opcode.GETFIELD && of(s.stack.getLast()) != null -> {
                NpeNames.Origin object = s.topOrigin();
                Value field = get(f, of(s.pop()), s, graph, unsupported);
                s.push(field, npe.fieldOrigin(object, f.name().stringValue()));
            }
            case FieldInstruction f when f.opcode() == Opcode.PUTFIELD && of(s.stack.getLast()) == null
                    && of(s.stack.get(s.stack.size() - 2)) != null -> {
                Value v = s.pop();
                put(f, of(s.pop()), v, s, graph, unsupported, emit);
            }
            case FieldInstruction f when (f.opcode() == Opcode.PUTFIELD || f.opcode() == Opcode.PUTSTATIC)
                    && of(s.stack.getLast()) != null ->
                    throw unsupported.apply(escapes(of(s.stack.getLast()), "stored into the "
                            + (f.opcode() == Opcode.PUTSTATIC ? "static " : "") + "field "
                            + f.owner().asInternalName().replace('/', '.') + "." + f.name().stringValue()));
            case ArrayStoreInstruction a when a.typeKind() == TypeKind.REFERENCE && of(s.stack.getLast()) != null ->
                    throw unsupported.apply(escapes(of(s.stack.getLast()), "stored into an array"));
            case InvokeDynamicInstruction d when first(s.stack.subList(s.stack.size() - d.typeSymbol().parameterCount(),
                    s.stack.size())) != null -> throw unsupported.apply(escapes(first(s.stack.subList(
                    s.stack.size() - d.typeSymbol().parameterCount(), s.stack.size())), "string concatenation"));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** {@code getfield} on a replaced object: the field's current value. */
    static Value get(FieldInstruction f, Obj obj, FrameState s, KernelGraph graph,
                     Function<String, RuntimeException> unsupported) {
        int k = obj.cls.indexOf(f.owner().asInternalName(), f.name().stringValue(), f.type().stringValue(), graph);
        if (k < 0) throw unsupported.apply(obj + ": no field " + f.name().stringValue() + " (getfield)");
        return s.objects.get(obj)[k];
    }

    /**
     * {@code putfield} on a replaced object: the value narrowed as the JVM stores it into a boolean, byte, char or
     * short field; {@code emit} adds the narrowing instruction.
     */
    static void put(FieldInstruction f, Obj obj, Value v, FrameState s, KernelGraph graph,
                    Function<String, RuntimeException> unsupported, UnaryOperator<Inst> emit) {
        int k = obj.cls.indexOf(f.owner().asInternalName(), f.name().stringValue(), f.type().stringValue(), graph);
        if (k < 0) throw unsupported.apply(obj + ": no field " + f.name().stringValue() + " (putfield)");
        Value stored = switch (f.type().stringValue()) {
            case "Z" -> (Value) emit.apply(new Inst.Binary(Inst.BinOp.AND, Type.Prim.I32, v, new Value.IntConst(1)));
            case "B" -> (Value) emit.apply(new Inst.Convert(Inst.ConvOp.I2B, v));
            case "C" -> (Value) emit.apply(new Inst.Convert(Inst.ConvOp.I2C, v));
            case "S" -> (Value) emit.apply(new Inst.Convert(Inst.ConvOp.I2S, v));
            default -> v;
        };
        Value[] values = s.objects.get(obj).clone(); // states share arrays: copy on write
        values[k] = stored;
        s.objects.put(obj, values);
    }

    /** Whether {@code sub} is {@code sup} or extends it (classes outside the JDK). */
    static boolean isSubclass(KernelGraph graph, String sub, String sup) {
        for (String c = sub; c != null; ) {
            if (c.equals(sup)) return true;
            Optional<ClassModel> cm = KernelGraph.isJdkOwner(c) ? Optional.empty() : graph.classModel(c);
            c = cm.flatMap(ClassModel::superclass).map(x -> x.asInternalName()).orElse(null);
        }
        return false;
    }

    /** Per graph: the value classes found, and why the others are not. */
    static final class Classes {
        private final KernelGraph graph;
        private final Map<String, Object> byName = new HashMap<>(); // ValueClass or the refusal String

        Classes(KernelGraph graph) {
            this.graph = graph;
        }

        /** The value class {@code name}, or empty when it is not one. */
        Optional<ValueClass> find(String name) {
            return lookup(name) instanceof ValueClass v ? Optional.of(v) : Optional.empty();
        }

        /** Why {@code new name} is refused (null when its objects are replaced). */
        String refusal(String name) {
            return lookup(name) instanceof String s ? s : null;
        }

        private Object lookup(String name) {
            return byName.computeIfAbsent(name, this::examine);
        }

        private Object examine(String name) {
            String shown = "object allocation (new " + name.replace('/', '.') + ")";
            List<ClassModel> chain = new ArrayList<>();
            String c = name;
            while (c != null && !KernelGraph.isJdkOwner(c)) {
                Optional<ClassModel> cm = graph.classModel(c);
                if (cm.isEmpty()) return shown;
                chain.addFirst(cm.get());
                c = cm.get().superclass().map(x -> x.asInternalName()).orElse(null);
            }
            // JDK classes (java.lang.Object itself included) are never replaced
            if (chain.isEmpty() || !"java/lang/Object".equals(c) && !"java/lang/Record".equals(c)) return shown;
            ClassModel own = chain.getLast();
            if (own.flags().has(AccessFlag.ABSTRACT) || own.flags().has(AccessFlag.INTERFACE)) return shown;
            String initialiser = staticInitialiser(chain);
            if (initialiser != null) return shown.substring(0, shown.length() - 1) + ": " + initialiser + ")";
            List<Field> fields = new ArrayList<>();
            boolean immutable = true;
            for (ClassModel cm : chain) {
                for (FieldModel fm : cm.fields()) {
                    if (fm.flags().has(AccessFlag.STATIC)) continue;
                    String d = fm.fieldType().stringValue();
                    Type t = Type.ofDescriptor(d);
                    if (t == null || t == Type.Void.VOID) {
                        return shown.substring(0, shown.length() - 1) + ": its field " + fm.fieldName().stringValue()
                                + " is of type " + (d.startsWith("L") ? d.substring(1, d.length() - 1).replace('/', '.')
                                : java.lang.constant.ClassDesc.ofDescriptor(d).displayName())
                                + "; objects are replaced by their fields when these are primitives or arrays of them)";
                    }
                    boolean fin = fm.flags().has(AccessFlag.FINAL);
                    immutable &= fin;
                    fields.add(new Field(cm.thisClass().asInternalName(), fm.fieldName().stringValue(), d, t, fin));
                }
            }
            return new ValueClass(name, List.copyOf(fields), immutable);
        }

        /**
         * Why a static initialiser of the hierarchy keeps its objects from being replaced, or null: a class's own
         * may be self-contained ({@link StaticObjects}); an interface's is never run by compiled code either way.
         */
        private String staticInitialiser(List<ClassModel> chain) {
            Deque<ClassModel> work = new ArrayDeque<>(chain);
            Set<String> seen = new HashSet<>();
            while (!work.isEmpty()) {
                ClassModel cm = work.removeFirst();
                if (!seen.add(cm.thisClass().asInternalName())) continue;
                String shown = cm.thisClass().asInternalName().replace('/', '.');
                if (cm.methods().stream().anyMatch(m -> m.methodName().equalsString("<clinit>"))) {
                    if (!chain.contains(cm)) return shown + " has a static initialiser, which Java runs at the first allocation";
                    String why = StaticObjects.initialiserRefusal(cm);
                    if (why != null) {
                        return shown + " has a static initialiser that does more than compute its own constants ("
                                + why + "), which Java runs at the first allocation";
                    }
                }
                for (var i : cm.interfaces()) {
                    if (KernelGraph.isJdkOwner(i.asInternalName())) continue;
                    Optional<ClassModel> im = graph.classModel(i.asInternalName());
                    if (im.isEmpty()) {
                        return i.asInternalName().replace('/', '.') + " cannot be read (it might have a static initialiser)";
                    }
                    work.add(im.get());
                }
            }
            return null;
        }
    }
}
