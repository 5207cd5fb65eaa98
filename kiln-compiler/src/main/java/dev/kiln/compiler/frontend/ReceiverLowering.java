package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.KernelObjects;
import dev.kiln.model.MethodRef;

import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.attribute.StackMapFrameInfo;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code this} in a method of a kernel object ({@link KernelObjects}). The receiver never becomes an IR value: it is
 * followed on the abstract stack as a {@link Value.Opaque} and may only be the object of a field read (which becomes
 * the field's implicit parameter) or of a call on {@code this} (which passes the implicit parameters on). Anything
 * else it could do (escape into a call, be stored, compared, concatenated, have its fields written) is refused here,
 * with the construct named.
 */
final class ReceiverLowering {
    /** What the receiver's {@link Value.Opaque} holds. */
    private record Self(String owner) {
    }

    private final KernelGraph graph;
    private final MethodRef ref;
    private final boolean instance;
    private final List<KernelObjects.Field> fields;
    private final List<Param> params = new ArrayList<>();
    private final Value.Opaque self;
    private final Function<String, UnsupportedConstructException> unsupported;

    ReceiverLowering(KernelGraph graph, MethodRef ref, MethodModel method, List<KernelObjects.Field> fields,
                     Function<String, UnsupportedConstructException> unsupported) {
        this.graph = graph;
        this.ref = ref;
        this.instance = !method.flags().has(AccessFlag.STATIC);
        this.fields = fields;
        this.unsupported = unsupported;
        this.self = new Value.Opaque(new Self(ref.owner()));
        for (KernelObjects.Field f : fields) params.add(new Param(Type.ofDescriptor(f.descriptor()), "this." + f.name()));
    }

    /**
     * For a method lowered inline ({@link Inlining}): no receiver of its own (a replaced object's {@code this} is that
     * object's value), the caller function's receiver field parameters passed on to what it calls.
     */
    ReceiverLowering(KernelGraph graph, MethodRef ref, List<KernelObjects.Field> fields, List<Param> params,
                     Function<String, UnsupportedConstructException> unsupported) {
        this.graph = graph;
        this.ref = ref;
        this.instance = false;
        this.fields = fields;
        this.unsupported = unsupported;
        this.self = new Value.Opaque(new Self(ref.owner()));
        this.params.addAll(params);
    }

    /** Whether the method has a receiver (local 0, its parameters from slot 1). */
    boolean instance() {
        return instance;
    }

    /** The receiver's value in local 0. */
    Value self() {
        return self;
    }

    static boolean isSelf(Value v) {
        return v instanceof Value.Opaque o && o.what() instanceof Self;
    }

    /** The receiver fields of the kernel, in the order of their implicit parameters. */
    List<KernelObjects.Field> fields() {
        return fields;
    }

    /** The implicit field parameters, trailing every function of the module (after the tables). */
    List<Param> params() {
        return params;
    }

    /**
     * Whether a stack map frame's entry is the receiver: local 0 of an instance method, typed as its class. Such a
     * local carries the one receiver value across merges, like a message string ({@code Type.Void} marks both).
     */
    boolean isSelfLocal(int slot, StackMapFrameInfo.VerificationTypeInfo v) {
        return instance && slot == 0 && v instanceof StackMapFrameInfo.ObjectVerificationTypeInfo o
                && o.classSymbol().descriptorString().equals("L" + ref.owner() + ";");
    }

    /** A stack map frame's stack entry of the receiver's class: only the receiver could be there. */
    Optional<String> refusalOnStack(StackMapFrameInfo.VerificationTypeInfo v) {
        if (instance && v instanceof StackMapFrameInfo.ObjectVerificationTypeInfo o
                && o.classSymbol().descriptorString().equals("L" + ref.owner() + ";")) {
            return Optional.of("this on the operand stack at a branch (a conditional expression choosing an object)");
        }
        return Optional.empty();
    }

    /** {@code getfield} / {@code putfield} on {@code object}: the field's parameter, or the refusal. */
    Param field(FieldInstruction f, Value object) {
        String shown = f.owner().asInternalName().replace('/', '.') + "." + f.name().stringValue();
        if (!isSelf(object)) {
            throw unsupported.apply("field access (" + f.opcode().name().toLowerCase(Locale.ROOT) + " " + shown
                    + (instance ? " of an object other than this)" : ")"));
        }
        if (f.opcode() == Opcode.PUTFIELD) {
            throw unsupported.apply("write to the field " + shown + " of this (putfield: a kernel object's fields"
                    + " are read-only; write to the elements of an array field, or return the value)");
        }
        Optional<KernelObjects.Field> found = KernelObjects.resolve(graph, f.owner().asInternalName(),
                f.name().stringValue(), f.type().stringValue());
        if (found.isEmpty()) {
            throw unsupported.apply("read of the field " + shown + " of type " + displayType(f.type().stringValue())
                    + " (kernel objects read fields of primitive types and one-dimensional arrays of them other"
                    + " than boolean[])");
        }
        return params.get(fields.indexOf(found.get()));
    }

    /** The method a call on {@code this} runs, or the refusal. */
    MethodRef callee(InvokeInstruction inv) {
        MethodRef callee = graph.calleeOnReceiver(inv);
        if (callee == null) {
            throw unsupported.apply(inv.opcode().name().toLowerCase(Locale.ROOT) + " of " + inv.owner().asInternalName().replace('/', '.')
                    + "." + inv.name().stringValue() + inv.type().stringValue()
                    + " on this (calls on this reach only non-abstract instance methods of the object's own class"
                    + " and its superclasses outside the JDK)");
        }
        return callee;
    }

    /** Refuses {@code this} among {@code values}, the operands of {@code construct} (which says how it is used). */
    void refuseEscape(List<Value> values, String construct) {
        for (Value v : values) {
            if (isSelf(v)) throw unsupported.apply(construct + " (a kernel object's receiver cannot escape the kernel)");
        }
    }

    private static String displayType(String descriptor) {
        try {
            return java.lang.constant.ClassDesc.ofDescriptor(descriptor).displayName();
        } catch (IllegalArgumentException e) {
            return descriptor;
        }
    }
}
