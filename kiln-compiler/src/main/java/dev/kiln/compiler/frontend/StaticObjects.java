package dev.kiln.compiler.frontend;

import dev.kiln.model.KernelGraph;

import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.FieldModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ConvertInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.NopInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.StackInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.constant.ClassDesc;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Static initialisers of replaced classes ({@link ValueObjects}) and the static object constants they set.
 *
 * <p>Java runs a class's {@code <clinit>} before its first allocation or static field access; compiled code never
 * runs one. That is exact when the initialiser is <em>self-contained</em>: it cannot throw, cannot initialise another
 * application class, and writes nothing but its own class's static fields, so when (or whether) it runs is invisible to
 * everything but a read of those fields, which itself initialises the class first. A self-contained initialiser has no
 * branches and consists only of numeric constants, stack and local operations, arithmetic other than integer
 * division and remainder, {@code new} of its own class with a call of one of its pure constructors, reads and writes of
 * its own static fields, and calls of the pure static methods of {@code Math}, {@code StrictMath}, {@code Double} and
 * {@code Float} that cannot throw. A pure constructor is built of the same instructions (branches allowed), its
 * parameters primitives, writing only its own object's fields and calling only {@code Object()} or another pure
 * constructor of its class. {@code FastMath$Split} of Commons Math is such a class.
 *
 * <p>A {@code static final} field of such a class, of its own type, that the initialiser sets once from {@code new C(k1,
 * k2, …)} with constant arguments, and that no other method writes, holds an object whose fields (all final) are the
 * constructor's result for those constants. A kernel reading it gets a new replaced object built by that same
 * constructor call, lowered inline: same field values, and its identity is never observed (a replaced object compared
 * by identity is refused). Like constant tables, this does not see writes through reflection or {@code Unsafe} to the
 * object's final fields.
 */
final class StaticObjects {
    private StaticObjects() {
    }

    private static final Set<String> PURE_OWNERS = Set.of("java/lang/Math", "java/lang/StrictMath", "java/lang/Double",
            "java/lang/Float");

    /** Null when {@code cm}'s static initialiser (if any) is self-contained; otherwise the instruction that is not. */
    static String initialiserRefusal(ClassModel cm) {
        for (MethodModel m : cm.methods()) {
            if (!m.methodName().equalsString("<clinit>")) continue;
            return refusal(cm, m, true, new HashSet<>());
        }
        return null;
    }

    /**
     * The instructions that rebuild {@code C.F} ({@code new C; dup; constants; invokespecial C.<init>}), when {@code f}
     * reads a static object constant of a replaced class with a self-contained initialiser; else empty.
     */
    static Optional<List<Instruction>> construction(KernelGraph graph, ValueObjects.Classes classes, FieldInstruction f) {
        String owner = f.owner().asInternalName();
        if (!f.type().stringValue().equals("L" + owner + ";")) return Optional.empty();
        Optional<ValueObjects.ValueClass> cls = classes.find(owner);
        Optional<ClassModel> cm = graph.classModel(owner);
        if (cls.isEmpty() || !cls.get().immutable() || cm.isEmpty()) return Optional.empty(); // find: initialiser checked
        FieldModel field = cm.get().fields().stream().filter(x -> x.fieldName().equals(f.name())
                && x.fieldType().equals(f.type())).findFirst().orElse(null);
        if (field == null || !field.flags().has(AccessFlag.STATIC) || !field.flags().has(AccessFlag.FINAL)) {
            return Optional.empty();
        }
        List<Instruction> clinit = null;
        int writes = 0;
        for (MethodModel m : cm.get().methods()) {
            List<Instruction> insns = instructions(m);
            for (Instruction i : insns) {
                if (i instanceof FieldInstruction p && p.opcode() == Opcode.PUTSTATIC && p.owner().asInternalName().equals(owner)
                        && p.name().equals(f.name()) && p.type().equals(f.type())) {
                    writes++;
                    if (m.methodName().equalsString("<clinit>")) clinit = insns;
                }
            }
        }
        if (writes != 1 || clinit == null) return Optional.empty();
        int at = 0;
        while (!(clinit.get(at) instanceof FieldInstruction p && p.opcode() == Opcode.PUTSTATIC && p.name().equals(f.name()))) at++;
        if (at < 3 || !(clinit.get(at - 1) instanceof InvokeInstruction init) || init.opcode() != Opcode.INVOKESPECIAL
                || !init.owner().asInternalName().equals(owner) || !init.name().equalsString("<init>")) {
            return Optional.empty();
        }
        int n = init.typeSymbol().parameterCount();
        int first = at - 1 - n - 2;
        if (first < 0 || !(clinit.get(first) instanceof NewObjectInstruction nw) || !nw.className().asInternalName().equals(owner)
                || clinit.get(first + 1).opcode() != Opcode.DUP) {
            return Optional.empty();
        }
        for (int k = first + 2; k < at - 1; k++) {
            if (!(clinit.get(k) instanceof ConstantInstruction c) || c.opcode() == Opcode.ACONST_NULL) return Optional.empty();
        }
        return Optional.of(List.copyOf(clinit.subList(first, at)));
    }

    private static List<Instruction> instructions(MethodModel m) {
        List<Instruction> out = new ArrayList<>();
        if (m.code().isEmpty()) return out;
        for (CodeElement e : m.code().get()) if (e instanceof Instruction i) out.add(i);
        return out;
    }

    /** Null when {@code m} (the initialiser, or a constructor) is self-contained, else the first instruction that is not. */
    private static String refusal(ClassModel cm, MethodModel m, boolean initialiser, Set<String> seen) {
        String own = cm.thisClass().asInternalName();
        if (!seen.add(m.methodName().stringValue() + m.methodType().stringValue())) return null;
        if (!initialiser) {
            for (ClassDesc p : m.methodTypeSymbol().parameterList()) if (!p.isPrimitive()) return "a constructor taking " + p.displayName();
        }
        if (m.code().isEmpty()) return "a constructor without bytecode";
        for (Instruction i : instructions(m)) {
            String bad = switch (i) {
                case ConstantInstruction c when c.constantValue() instanceof Number -> null;
                case LoadInstruction l -> null;
                case StoreInstruction st -> null;
                case IncrementInstruction inc -> null;
                case StackInstruction st -> null;
                case ConvertInstruction cv -> null;
                case NopInstruction nop -> null;
                case OperatorInstruction op when op.opcode() != Opcode.IDIV && op.opcode() != Opcode.LDIV
                        && op.opcode() != Opcode.IREM && op.opcode() != Opcode.LREM && op.opcode() != Opcode.ARRAYLENGTH -> null;
                case BranchInstruction b when !initialiser -> null;
                case ReturnInstruction r when r.opcode() == Opcode.RETURN -> null;
                case NewObjectInstruction n when initialiser && n.className().asInternalName().equals(own) -> null;
                case FieldInstruction f when f.owner().asInternalName().equals(own) && initialiser
                        && (f.opcode() == Opcode.PUTSTATIC || f.opcode() == Opcode.GETSTATIC) && declaresStatic(cm, f) -> null;
                case FieldInstruction f when f.owner().asInternalName().equals(own) && !initialiser
                        && (f.opcode() == Opcode.PUTFIELD || f.opcode() == Opcode.GETFIELD) -> null;
                case InvokeInstruction inv when inv.opcode() == Opcode.INVOKESTATIC
                        && PURE_OWNERS.contains(inv.owner().asInternalName()) && cannotThrow(inv) -> null;
                case InvokeInstruction inv when inv.opcode() == Opcode.INVOKESPECIAL && inv.name().equalsString("<init>")
                        && inv.owner().asInternalName().equals("java/lang/Object") && !initialiser -> null;
                case InvokeInstruction inv when inv.opcode() == Opcode.INVOKESPECIAL && inv.name().equalsString("<init>")
                        && inv.owner().asInternalName().equals(own) -> {
                    MethodModel ctor = cm.methods().stream().filter(x -> x.methodName().equals(inv.name())
                            && x.methodType().equals(inv.type())).findFirst().orElse(null);
                    yield ctor == null ? "a missing constructor" : refusal(cm, ctor, false, seen);
                }
                default -> shown(i);
            };
            if (bad != null) return bad;
        }
        return null;
    }

    /** A static field of {@code cm} itself: an inherited one would be another class's state. */
    private static boolean declaresStatic(ClassModel cm, FieldInstruction f) {
        return cm.fields().stream().anyMatch(x -> x.fieldName().equals(f.name()) && x.fieldType().equals(f.type())
                && x.flags().has(AccessFlag.STATIC));
    }

    /** The JDK methods of {@link #PURE_OWNERS} that throw (exact arithmetic, division, parsing). */
    private static boolean cannotThrow(InvokeInstruction inv) {
        String n = inv.name().stringValue();
        return !n.endsWith("Exact") && !n.startsWith("floorDiv") && !n.startsWith("floorMod") && !n.startsWith("ceilDiv")
                && !n.startsWith("ceilMod") && !n.startsWith("parse") && !n.equals("valueOf") && !n.equals("clamp")
                && !n.equals("toString") && !n.equals("toHexString") && inv.typeSymbol().parameterList().stream().allMatch(ClassDesc::isPrimitive)
                && inv.typeSymbol().returnType().isPrimitive();
    }

    private static String shown(Instruction i) {
        String s = i.opcode().name().toLowerCase(Locale.ROOT);
        return switch (i) {
            case InvokeInstruction inv -> s + " " + inv.owner().asInternalName().replace('/', '.') + "." + inv.name().stringValue()
                    + inv.type().stringValue();
            case FieldInstruction f -> s + " " + f.owner().asInternalName().replace('/', '.') + "." + f.name().stringValue();
            case NewObjectInstruction n -> s + " " + n.className().asInternalName().replace('/', '.');
            default -> s;
        };
    }
}
