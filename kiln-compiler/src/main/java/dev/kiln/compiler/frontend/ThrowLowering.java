package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.MethodRef;
import dev.kiln.runtime.abi.SourceFrame;
import dev.kiln.runtime.abi.ThrowSite;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.constant.ConstantDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code throw new T(message)} in kernel code. The front end follows the few Java objects such a statement builds
 * (string constants, javac's string concatenation, {@code String.valueOf} and {@code Integer.toString}-like calls,
 * StringBuilder chains, and the exception itself) as {@link Value.Opaque} values on the abstract stack, and turns the
 * {@code athrow} into a {@link Terminator.Throw}: native code then only captures the primitive values, and the Java
 * side builds the message with Java's own conversions and constructs T (see {@link ThrowSite}).
 *
 * <p>T is any {@code Throwable} given no argument or such a message: a public JDK class with that public
 * constructor, or an application class whose constructor chain only passes the message up (checked on its bytecode:
 * anything more, like fields or computations, could not run at the throw) down to such a JDK class.
 * {@code AssertionError}'s {@code Object} constructor is accepted too (javac's {@code assert x : v}), and JDK
 * exceptions' constructors of one primitive ({@code AssertionError(int)}, {@code ArrayIndexOutOfBoundsException(int)}).
 */
final class ThrowLowering {
    /** One piece of a message: a literal, or a primitive value with its Java type letter. */
    record Part(String literal, Value value, char kind) {
        static Part text(String s) {
            return new Part(s, null, '"');
        }
    }

    /** An immutable String built from parts. */
    record Str(List<Part> parts) {
    }

    /** A StringBuilder or StringBuffer being appended to (mutable: every reference to it sees the appends). */
    static final class Builder {
        final List<Part> parts = new ArrayList<>();
        boolean initialised;
    }

    /** {@code new T} and, once its constructor ran, what it was given. */
    static final class Exception {
        final String className; // internal name
        String constructor;     // null until <init>
        List<Part> parts = List.of();
        SourceFrame at;         // where the constructor is called: the top of HotSpot's stack trace

        Exception(String className) {
            this.className = className;
        }
    }

    /** The abstract operand stack of the lowerer, as far as these operations need it. */
    interface Stack {
        Value pop();

        void push(Value v);
    }

    private static final Set<String> BUILDERS = Set.of("java/lang/StringBuilder", "java/lang/StringBuffer");
    private static final String PRIMS = "IJFDZCBS";

    private final KernelGraph graph;
    private final MethodRef ref;
    private final Function<String, UnsupportedConstructException> unsupported;

    ThrowLowering(KernelGraph graph, MethodRef ref, Function<String, UnsupportedConstructException> unsupported) {
        this.graph = graph;
        this.ref = ref;
        this.unsupported = unsupported;
    }

    /** Null when {@code new cls} can be followed, else why it is refused (checked before anything else). */
    String refusalOfNew(String cls) {
        if (BUILDERS.contains(cls)) return null;
        Class<?> c = load(cls);
        if (c == null || !Throwable.class.isAssignableFrom(c)) {
            return "object allocation (new " + cls.replace('/', '.') + ")";
        }
        return null;
    }

    /** Null when this invokedynamic is javac's string concatenation, else the refusal. */
    static String refusalOfIndy(InvokeDynamicInstruction d) {
        DirectMethodHandleDesc bsm = d.bootstrapMethod();
        if (bsm.owner().descriptorString().equals("Ljava/lang/invoke/StringConcatFactory;")) return null;
        return "invokedynamic (lambda, method reference or string concatenation)";
    }

    Value newObject(String cls) {
        return new Value.Opaque(BUILDERS.contains(cls) ? new Builder() : new Exception(cls));
    }

    Value stringConstant(String s) {
        return new Value.Opaque(new Str(List.of(Part.text(s))));
    }

    /** javac's {@code makeConcatWithConstants} (or {@code makeConcat}): the recipe's constants and the arguments. */
    void concat(InvokeDynamicInstruction d, Stack s) {
        MethodTypeDesc type = d.typeSymbol();
        int n = type.parameterCount();
        List<Part>[] args = parts(n);
        for (int k = n - 1; k >= 0; k--) args[k] = asParts(s.pop(), type.parameterType(k).descriptorString(), "string concatenation");
        List<ConstantDesc> bsmArgs = d.bootstrapArgs();
        List<Part> out = new ArrayList<>();
        if (d.bootstrapMethod().methodName().equals("makeConcat")) {
            for (List<Part> a : args) out.addAll(a);
        } else {
            String recipe = (String) bsmArgs.get(0);
            int arg = 0;
            int constant = 1;
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < recipe.length(); i++) {
                char c = recipe.charAt(i);
                if (c == '\u0001' || c == '\u0002') {
                    if (!text.isEmpty()) out.add(Part.text(text.toString()));
                    text.setLength(0);
                    if (c == '\u0001') out.addAll(args[arg++]);
                    else out.add(Part.text(String.valueOf(bsmArgs.get(constant++))));
                } else {
                    text.append(c);
                }
            }
            if (!text.isEmpty()) out.add(Part.text(text.toString()));
        }
        s.push(new Value.Opaque(new Str(merge(out))));
    }

    @SuppressWarnings("unchecked")
    private static List<Part>[] parts(int n) {
        return (List<Part>[]) new List<?>[n];
    }

    /**
     * Calls on message strings, builders and exceptions: true when handled here, false when {@code inv} is none of
     * them (the lowerer goes on with it).
     */
    boolean invoke(InvokeInstruction inv, Stack s, Value receiverPeek, SourceFrame here) {
        String owner = inv.owner().asInternalName();
        String name = inv.name().stringValue();
        MethodTypeDesc mt = inv.typeSymbol();
        String desc = mt.descriptorString();
        String ret = mt.returnType().descriptorString();
        if (inv.opcode() == Opcode.INVOKESTATIC) {
            if (!ret.equals("Ljava/lang/String;") || mt.parameterCount() != 1) return false;
            String p = mt.parameterType(0).descriptorString();
            boolean valueOf = owner.equals("java/lang/String") && name.equals("valueOf")
                    && (PRIMS.indexOf(p.charAt(0)) >= 0 && p.length() == 1 && !p.equals("B") && !p.equals("S")
                    || p.equals("Ljava/lang/Object;"));
            boolean toString = name.equals("toString") && p.length() == 1 && switch (owner) {
                case "java/lang/Integer" -> p.equals("I");
                case "java/lang/Long" -> p.equals("J");
                case "java/lang/Float" -> p.equals("F");
                case "java/lang/Double" -> p.equals("D");
                case "java/lang/Boolean" -> p.equals("Z");
                case "java/lang/Character" -> p.equals("C");
                case "java/lang/Short" -> p.equals("S");
                case "java/lang/Byte" -> p.equals("B");
                default -> false;
            };
            if (!valueOf && !toString) return false;
            s.push(new Value.Opaque(new Str(asParts(s.pop(), p, "String.valueOf"))));
            return true;
        }
        if (!(receiverPeek instanceof Value.Opaque o)) return false;
        if (o.what() instanceof Builder b) {
            builderCall(inv, b, s, owner, name, desc);
            return true;
        }
        if (o.what() instanceof Exception e && inv.opcode() == Opcode.INVOKESPECIAL && name.equals("<init>")) {
            construct(e, owner, mt, s, here);
            return true;
        }
        if (o.what() instanceof Str str && inv.opcode() == Opcode.INVOKEVIRTUAL && owner.equals("java/lang/String")
                && name.equals("toString") && desc.equals("()Ljava/lang/String;")) {
            s.pop();
            s.push(new Value.Opaque(str));
            return true;
        }
        throw unsupported.apply(inv.opcode().name().toLowerCase(Locale.ROOT) + " of " + owner.replace('/', '.') + "." + name + desc
                + " (on a message string or exception, Kiln follows only string building and the constructor)");
    }

    private void builderCall(InvokeInstruction inv, Builder b, Stack s, String owner, String name, String desc) {
        MethodTypeDesc mt = inv.typeSymbol();
        String shown = owner.replace('/', '.') + "." + name + desc;
        if (name.equals("<init>") && inv.opcode() == Opcode.INVOKESPECIAL) {
            switch (desc) {
                case "()V" -> { }
                case "(I)V" -> s.pop(); // capacity
                case "(Ljava/lang/String;)V", "(Ljava/lang/CharSequence;)V" -> b.parts.addAll(asParts(s.pop(),
                        "Ljava/lang/String;", "new " + owner.replace('/', '.')));
                default -> throw unsupported.apply("constructor " + shown);
            }
            s.pop(); // the builder itself
            b.initialised = true;
            return;
        }
        if (inv.opcode() == Opcode.INVOKEVIRTUAL && name.equals("append") && mt.parameterCount() == 1) {
            String p = mt.parameterType(0).descriptorString();
            if (p.equals("Ljava/lang/CharSequence;")) p = "Ljava/lang/String;";
            List<Part> parts = asParts(s.pop(), p, shown);
            s.pop();
            b.parts.addAll(parts);
            s.push(new Value.Opaque(b)); // append returns this
            return;
        }
        if (inv.opcode() == Opcode.INVOKEVIRTUAL && name.equals("toString") && desc.equals("()Ljava/lang/String;")) {
            s.pop();
            s.push(new Value.Opaque(new Str(merge(b.parts))));
            return;
        }
        throw unsupported.apply("call to " + shown + " (of StringBuilder, Kiln follows append and toString)");
    }

    /** The exception's constructor: checks the shape and (for application classes) the constructor chain. */
    private void construct(Exception e, String owner, MethodTypeDesc mt, Stack s, SourceFrame here) {
        String desc = mt.descriptorString();
        String shown = e.className.replace('/', '.');
        boolean assertion = e.className.equals("java/lang/AssertionError");
        List<Part> parts;
        switch (desc) {
            case "()V" -> parts = List.of();
            case "(Ljava/lang/String;)V" -> parts = asParts(s.pop(), "Ljava/lang/String;", "new " + shown);
            default -> {
                String p = mt.parameterCount() == 1 ? mt.parameterType(0).descriptorString() : "";
                if (assertion && p.equals("Ljava/lang/Object;")) {
                    parts = asParts(s.pop(), "Ljava/lang/String;", "new " + shown);
                } else if ((assertion || KernelGraph.isJdkOwner(e.className)) && p.length() == 1 && "IJFDZC".contains(p)) {
                    // AssertionError(int) for `assert x : i`, ArrayIndexOutOfBoundsException(int) in JDK code...:
                    // the JDK constructor itself turns the value into the message on the Java side.
                    parts = asParts(s.pop(), p, "new " + shown);
                } else {
                    throw unsupported.apply("exception constructor " + shown + desc
                            + " (Kiln throws exceptions given no argument or a message)");
                }
            }
        }
        s.pop(); // the uninitialised reference the constructor consumes; its dup stays
        if (!owner.equals(e.className)) throw unsupported.apply("constructor of " + owner.replace('/', '.') + " called on new " + shown);
        String why = constructorRefusal(e.className, desc);
        if (why != null) throw unsupported.apply(why);
        e.constructor = desc;
        e.parts = merge(parts);
        e.at = here;
    }

    /** The Throw terminator for {@code athrow} of {@code v}. */
    Terminator.Throw athrow(Value v) {
        if (!(v instanceof Value.Opaque o) || !(o.what() instanceof Exception e) || e.constructor == null) {
            throw unsupported.apply("throw of an exception not constructed in the throw statement (athrow)");
        }
        List<String> message = new ArrayList<>();
        List<Value> values = new ArrayList<>();
        for (Part p : e.parts) {
            if (p.value == null) {
                message.add(ThrowSite.literal(p.literal));
            } else {
                message.add(String.valueOf(p.kind));
                values.add(p.value);
            }
        }
        if (values.size() > ThrowSite.MAX_VALUES) {
            throw unsupported.apply("exception message built from more than " + ThrowSite.MAX_VALUES + " values");
        }
        return new Terminator.Throw(new ThrowSite(e.className.replace('/', '.'), e.constructor, message,
                e.at), values);
    }

    /** The parts of a value used as a string of static type {@code desc}. */
    private List<Part> asParts(Value v, String desc, String where) {
        if (desc.length() == 1 && PRIMS.indexOf(desc.charAt(0)) >= 0) {
            if (v instanceof Value.Opaque || Type.isReference(v.type())) {
                throw new IllegalStateException("non-primitive " + desc + " in " + ref);
            }
            return List.of(new Part(null, v, desc.charAt(0)));
        }
        if (v instanceof Value.Opaque o && o.what() instanceof Str str
                && (desc.equals("Ljava/lang/String;") || desc.equals("Ljava/lang/Object;"))) {
            return str.parts;
        }
        if (v instanceof Value.NullConst && (desc.equals("Ljava/lang/String;") || desc.equals("Ljava/lang/Object;"))) {
            return List.of(Part.text("null"));
        }
        String what = v instanceof Value.Opaque o ? o.what() instanceof Builder ? "StringBuilder"
                : o.what() instanceof Exception ? "exception" : "string" : v.type() instanceof Type.Array a
                ? a.elem().name().toLowerCase(Locale.ROOT) + "[]" : desc;
        throw unsupported.apply(where + " with a " + what + " operand (Kiln builds messages from string constants"
                + " and primitive values)");
    }

    /** Adjacent literals joined. */
    private static List<Part> merge(List<Part> parts) {
        List<Part> out = new ArrayList<>();
        for (Part p : parts) {
            if (p.value == null && !out.isEmpty() && out.getLast().value == null) {
                out.set(out.size() - 1, Part.text(out.getLast().literal + p.literal));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- which exception classes Kiln rebuilds

    private Class<?> load(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false,
                    graph.loader() == null ? ClassLoader.getSystemClassLoader() : graph.loader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * Null when {@code new cls(desc)} can be rebuilt on the Java side with the same effect: a public JDK constructor,
     * or an application constructor that only calls its superclass's with the same arguments (recursively).
     */
    private String constructorRefusal(String cls, String desc) {
        for (int depth = 0; depth < 32; depth++) {
            if (KernelGraph.isJdkOwner(cls)) {
                Class<?> c = load(cls);
                if (c == null) return "exception class " + cls.replace('/', '.') + " (not found)";
                try {
                    var ctor = c.getDeclaredConstructor(java.lang.invoke.MethodType.fromMethodDescriptorString(desc,
                            c.getClassLoader()).parameterArray());
                    if (depth == 0 && (!Modifier.isPublic(ctor.getModifiers()) || !Modifier.isPublic(c.getModifiers()))) {
                        return "exception constructor " + cls.replace('/', '.') + desc + " (not public)";
                    }
                    if (Modifier.isPrivate(ctor.getModifiers())) {
                        return "exception constructor " + cls.replace('/', '.') + desc + " (private)";
                    }
                    return null;
                } catch (NoSuchMethodException e) {
                    return "exception constructor " + cls.replace('/', '.') + desc + " (no such constructor)";
                }
            }
            Optional<ClassModel> cm = graph.classModel(cls);
            if (cm.isEmpty()) return "exception class " + cls.replace('/', '.') + " (class file not found)";
            MethodModel init = null;
            for (MethodModel m : cm.get().methods()) {
                if (m.methodName().equalsString("<init>") && m.methodType().equalsString(desc)) init = m;
            }
            if (init == null || init.code().isEmpty()) {
                return "exception constructor " + cls.replace('/', '.') + desc + " (not found)";
            }
            String sup = cm.get().superclass().map(c -> c.asInternalName()).orElse(null);
            String next = superCallOnly(init, sup, desc);
            if (next == null) {
                return "exception class " + cls.replace('/', '.') + " whose constructor " + desc
                        + " does more than pass its message to the superclass";
            }
            cls = sup;
            desc = next;
        }
        return "exception class " + cls.replace('/', '.') + " (superclass chain too deep)";
    }

    /**
     * For a constructor that is exactly {@code super(args)} ({@code aload_0}, its parameters loaded in order,
     * {@code invokespecial Super.<init>}, {@code return}), the super constructor's descriptor, else null.
     */
    private static String superCallOnly(MethodModel init, String sup, String desc) {
        List<Instruction> code = new ArrayList<>();
        for (CodeElement e : init.code().get()) if (e instanceof Instruction i) code.add(i);
        int params = MethodTypeDesc.ofDescriptor(desc).parameterCount();
        if (code.size() != params + 3) return null;
        for (int k = 0; k <= params; k++) {
            if (!(code.get(k) instanceof LoadInstruction l) || l.slot() != k) return null;
        }
        if (!(code.get(params + 1) instanceof InvokeInstruction inv) || inv.opcode() != Opcode.INVOKESPECIAL
                || !inv.name().equalsString("<init>") || !inv.owner().asInternalName().equals(sup)
                || !inv.type().equalsString(desc)) {
            return null;
        }
        if (!(code.get(params + 2) instanceof ReturnInstruction r) || r.opcode() != Opcode.RETURN) return null;
        return desc;
    }

    /** The source file of {@code owner}, for stack traces (null when the class file does not say). */
    static String sourceFile(KernelGraph graph, String owner) {
        return graph.classModel(owner).flatMap(cm -> cm.findAttribute(Attributes.sourceFile()))
                .map(a -> a.sourceFile().stringValue()).orElse(null);
    }
}
