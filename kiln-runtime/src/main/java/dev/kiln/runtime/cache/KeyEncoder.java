package dev.kiln.runtime.cache;

import dev.kiln.model.KernelGraph;
import dev.kiln.model.StaticFields;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.ConstantValueAttribute;
import java.lang.classfile.instruction.*;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.reflect.AccessFlag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Canonical, versioned encoding of one method for the cache key: opcodes with symbolic operands (members as
 * owner.name:desc, constants by value, branch targets as instruction indices), exception handlers, local variable
 * names (they appear in NullPointerException messages), and static final constants read with getstatic folded in
 * by value. Constant-pool indices, line numbers and stack maps never enter, so recompiling or editing an unrelated
 * method of the same class leaves the encoding unchanged.
 */
final class KeyEncoder {
    /** Bump when the encoding below changes meaning; it is hashed first. */
    static final String METHOD_FORMAT = "kiln-method/1";

    private final DataOutputStream out;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    /** Every value read from outside the class files goes through it (and is recorded there). */
    private final KeyedInputs.Reader process;

    private KeyEncoder(KeyedInputs.Reader process) {
        out = new DataOutputStream(bytes);
        this.process = process;
    }

    static String methodDigest(KernelGraph graph, KeyedInputs.Reader process, String owner, MethodModel m) {
        KeyEncoder e = new KeyEncoder(process);
        e.method(graph, owner, m);
        return sha256Hex(e.bytes.toByteArray());
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    /** A fresh SHA-256: a clone of one looked up once (a provider lookup per digest is interpreted work on every hit). */
    static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static final MessageDigest SHA256 = newSha256();

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void method(KernelGraph graph, String owner, MethodModel m) {
        str(METHOD_FORMAT);
        str(owner);
        str(m.methodName().stringValue());
        str(m.methodType().stringValue());
        int flags = m.flags().flagsMask() & (0x0008 /*static*/ | 0x0020 /*synchronized*/ | 0x0100 /*native*/
                | 0x0400 /*abstract*/ | 0x0800 /*strict*/);
        num(flags);
        var code = m.code();
        if (code.isEmpty()) {
            str("no-code");
            return;
        }
        CodeModel cm = code.get();
        // Pass 1: a label's position is the index of the next instruction.
        Map<Label, Integer> at = new HashMap<>();
        int n = 0;
        for (CodeElement e : cm) {
            if (e instanceof LabelTarget lt) at.put(lt.label(), n);
            else if (e instanceof Instruction) n++;
        }
        num(n);
        for (CodeElement e : cm) {
            switch (e) {
                case Instruction i -> instruction(graph, i, at);
                case ExceptionCatch c -> {
                    str("catch");
                    num(at.get(c.tryStart()));
                    num(at.get(c.tryEnd()));
                    num(at.get(c.handler()));
                    str(c.catchType().map(t -> t.asInternalName()).orElse("*"));
                }
                case LocalVariable v -> {
                    str("local");
                    num(v.slot());
                    str(v.name().stringValue());
                    str(v.typeSymbol().descriptorString());
                    num(at.get(v.startScope()));
                    num(at.get(v.endScope()));
                }
                // Labels (already positions), line numbers, generic signatures, stack maps: not semantic.
                default -> { }
            }
        }
    }

    private void instruction(KernelGraph graph, Instruction insn, Map<Label, Integer> at) {
        switch (insn) {
            // Loads, stores and constants are encoded by meaning, so iload_1 and iload 1 (or iconst_1 and ldc 1) agree.
            case LoadInstruction i -> { str("load"); str(i.typeKind().name()); num(i.slot()); }
            case StoreInstruction i -> { str("store"); str(i.typeKind().name()); num(i.slot()); }
            case IncrementInstruction i -> { str("iinc"); num(i.slot()); num(i.constant()); }
            case ConstantInstruction i -> { str("const"); constant(i.constantValue()); }
            case FieldInstruction i -> {
                str(i.opcode().name());
                str(i.owner().asInternalName() + "." + i.name().stringValue() + ":" + i.type().stringValue());
                if (i.opcode() == java.lang.classfile.Opcode.GETSTATIC) {
                    // -ea and -da compile asserts differently: the status is part of the key.
                    var status = i.name().equalsString("$assertionsDisabled")
                            ? process.assertionStatus(i.owner().asInternalName()) : java.util.Optional.<Boolean>empty();
                    staticConstant(graph, i, status.isPresent());
                    if (status.isPresent()) str(status.get() ? "assertions-on" : "assertions-off");
                }
            }
            case InvokeInstruction i -> {
                str(i.opcode().name());
                str(i.owner().asInternalName() + "." + i.name().stringValue() + ":" + i.type().stringValue());
                num(i.isInterface() ? 1 : 0);
            }
            case InvokeDynamicInstruction i -> {
                str("indy");
                str(i.name().stringValue() + ":" + i.type().stringValue());
                str(String.valueOf(i.bootstrapMethod()));
                List<ConstantDesc> args = i.bootstrapArgs();
                num(args.size());
                for (ConstantDesc a : args) constant(a);
            }
            case BranchInstruction i -> { str(i.opcode().name()); num(at.get(i.target())); }
            case TableSwitchInstruction i -> {
                str("tableswitch");
                num(i.lowValue());
                num(i.highValue());
                num(at.get(i.defaultTarget()));
                num(i.cases().size());
                for (SwitchCase c : i.cases()) { num(c.caseValue()); num(at.get(c.target())); }
            }
            case LookupSwitchInstruction i -> {
                str("lookupswitch");
                num(at.get(i.defaultTarget()));
                num(i.cases().size());
                for (SwitchCase c : i.cases()) { num(c.caseValue()); num(at.get(c.target())); }
            }
            case NewPrimitiveArrayInstruction i -> { str("newarray"); str(i.typeKind().name()); }
            case NewReferenceArrayInstruction i -> { str("anewarray"); str(i.componentType().asInternalName()); }
            case NewMultiArrayInstruction i -> { str("multianewarray"); str(i.arrayType().asInternalName()); num(i.dimensions()); }
            case NewObjectInstruction i -> { str("new"); str(i.className().asInternalName()); exceptionClass(graph, i); }
            case TypeCheckInstruction i -> { str(i.opcode().name()); str(i.type().asInternalName()); }
            case DiscontinuedInstruction.JsrInstruction i -> { str("jsr"); num(at.get(i.target())); }
            case DiscontinuedInstruction.RetInstruction i -> { str("ret"); num(i.slot()); }
            // Operators, conversions, array access, stack shuffles, returns, throw, monitors, nop: the opcode says it all.
            default -> str(insn.opcode().name());
        }
    }

    /**
     * A thrown class of the application: whether Kiln rebuilds it depends on its constructors (and its superclasses'
     * up to the JDK), so they are part of the key.
     */
    private void exceptionClass(KernelGraph graph, NewObjectInstruction n) {
        String c = n.className().asInternalName();
        for (int depth = 0; depth < 32 && c != null && !KernelGraph.isJdkOwner(c); depth++) {
            ClassModel cm = graph.classModel(c).orElse(null);
            if (cm == null) {
                str("unresolved");
                return;
            }
            String sup = cm.superclass().map(x -> x.asInternalName()).orElse(null);
            str("extends");
            str(String.valueOf(sup));
            for (MethodModel m : cm.methods()) {
                if (m.methodName().equalsString("<init>")) method(graph, c, m);
            }
            c = sup;
        }
    }

    /**
     * What a getstatic reads, as the compiler resolves and folds it ({@link StaticFields}): a ConstantValue, a value
     * the static initializer computed, a JDK table's values. {@code assertionFlag}: the field is an assertion flag
     * whose status is known (encoded by the caller).
     */
    private void staticConstant(KernelGraph graph, FieldInstruction f, boolean assertionFlag) {
        var resolved = StaticFields.resolve(graph, f.owner().asInternalName(), f.name().stringValue(),
                f.type().stringValue());
        if (resolved.isEmpty()) {
            str("unresolved");
            return;
        }
        String owner = resolved.get().owner();
        FieldModel fm = resolved.get().field();
        str(fm.flags().has(AccessFlag.FINAL) ? "final" : "mutable");
        var app = dev.kiln.model.StaticTables.resolve(graph, f.owner().asInternalName(), f.name().stringValue(),
                f.type().stringValue());
        if (app.isPresent() && dev.kiln.model.ImmutableTables.isImmutable(graph, app.get())) {
            // an application table compiled as constants: the code holds what its initializer computed
            var v = process.immutableTable(app.get());
            str("immutable-table");
            str(v.map(dev.kiln.model.ImmutableTables::digest).orElse("none"));
            return;
        }
        var table = process.jdkTable(owner, f.name().stringValue(), f.type().stringValue());
        if (table.isPresent()) { // a JDK table compiled as constants: its values are what the code reads
            str("jdk-table");
            int n = java.lang.reflect.Array.getLength(table.get());
            num(n);
            for (int i = 0; i < n; i++) primitive(java.lang.reflect.Array.get(table.get(), i));
            return;
        }
        var cv = fm.findAttribute(java.lang.classfile.Attributes.constantValue());
        if (cv.isPresent() && fm.flags().has(AccessFlag.FINAL)) {
            str("value");
            constant(((ConstantValueAttribute) cv.get()).constant().constantValue());
        } else if (fm.flags().has(AccessFlag.FINAL) && fm.flags().has(AccessFlag.STATIC)
                && fm.fieldType().stringValue().length() == 1 && !assertionFlag) {
            // computed by the static initializer: the value the kernel is compiled with (StaticFinals)
            var v = process.computedFinal(owner, f.name().stringValue(), f.type().stringValue());
            if (v.isPresent()) {
                str("initialized");
                primitive(v.get());
            } else {
                str("no-value");
            }
        } else {
            str("no-value");
        }
    }

    /** A boxed primitive as the class-file constant of its computational type (char, short, byte, boolean: int). */
    private void primitive(Object v) {
        constant(switch (v) {
            case Double d -> d;
            case Float x -> x;
            case Long l -> l;
            case Character ch -> (int) ch;
            case Boolean b -> b ? 1 : 0;
            default -> ((Number) v).intValue();
        });
    }

    private void constant(ConstantDesc c) {
        switch (c) {
            case Integer v -> { str("I"); num(v); }
            case Long v -> { str("J"); str(Long.toString(v)); }
            // Raw bits: -0.0 and NaN payloads are different constants.
            case Float v -> { str("F"); num(Float.floatToRawIntBits(v)); }
            case Double v -> { str("D"); str(Long.toHexString(Double.doubleToRawLongBits(v))); }
            case String v -> { str("S"); str(v); }
            case ClassDesc v -> { str("C"); str(v.descriptorString()); }
            default -> { str("K"); str(String.valueOf(c)); }
        }
    }

    private void str(String s) {
        try {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void num(Integer v) {
        try {
            // A missing label (malformed code) encodes as -1 rather than failing the key.
            out.writeInt(v == null ? -1 : v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
