package dev.kiln.compiler.frontend;

import dev.kiln.model.GeneratedNames;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.MethodRef;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.SourceFileAttribute;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The class a cold path runs in ({@link ColdPaths}): {@code static void run(values)} moves its parameters into the
 * path's locals (the slots they have in the method) and jumps to the path's own bytecode, copied instruction for
 * instruction (an {@code aload; arraylength} of an array local read as the length passed, from the same slot), with
 * the method's line numbers and source file, so the frame the runtime replaces by the kernel method's has the line HotSpot reports.
 * Stack map frames are recomputed; the exception table is not copied (the front end refuses methods with handlers).
 *
 * <p>The class lives in the method's package and class loader (the runtime defines it there), so the path keeps the
 * package access it had; a path that uses a private or another package's protected member is refused, as is
 * invokedynamic other than string concatenation (a lambda's body is a private method).
 */
final class JavaPathClass {
    record Built(String binaryName, String runDescriptor, byte[] bytes) {
    }

    /** The path cannot run outside its class. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private JavaPathClass() {
    }

    static Built build(KernelGraph graph, MethodRef ref, CodeAttribute code, BitSet region, int entry,
                       ColdPaths.Plan plan) throws Refused {
        checkAccess(graph, ref.owner(), code, region);
        List<ClassDesc> params = new ArrayList<>();
        for (ColdPaths.Live l : plan.lives()) params.add(kind(l.kind()).upperBound());
        MethodTypeDesc type = MethodTypeDesc.of(ConstantDescs.CD_void, params);
        String name = ref.owner() + "$KilnPath$" + GeneratedNames.hash(ref.name() + ref.descriptor() + "@" + entry);
        ClassLoader loader = graph.loader() != null ? graph.loader() : ClassLoader.getSystemClassLoader();
        ClassHierarchyResolver resolver = ClassHierarchyResolver.defaultResolver()
                .orElse(ClassHierarchyResolver.ofResourceParsing(loader));
        String file = ThrowLowering.sourceFile(graph, ref.owner());
        byte[] bytes;
        try {
            bytes = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(resolver)).build(ClassDesc.ofInternalName(name), clb -> {
                clb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER | ClassFile.ACC_SYNTHETIC);
                if (file != null) clb.with(SourceFileAttribute.of(file));
                clb.withMethodBody("run", type, ClassFile.ACC_STATIC | ClassFile.ACC_SYNTHETIC,
                        cb -> body(cb, code, region, entry, plan));
            });
        } catch (IllegalArgumentException | IllegalStateException e) {
            // stack maps not computable (an unknown class in a merge) or an instruction the builder rejects
            throw new Refused(String.valueOf(e.getMessage()));
        }
        return new Built(name.replace('/', '.'), type.descriptorString(), bytes);
    }

    private static TypeKind kind(char k) {
        return switch (k) {
            case 'J' -> TypeKind.LONG;
            case 'F' -> TypeKind.FLOAT;
            case 'D' -> TypeKind.DOUBLE;
            default -> TypeKind.INT; // ints, and array lengths
        };
    }

    private static void body(CodeBuilder cb, CodeAttribute code, BitSet region, int entry, ColdPaths.Plan plan) {
        List<ColdPaths.Live> lives = plan.lives();
        // a parallel move through the operand stack: parameter slots and the path's slots may overlap
        int p = 0;
        for (ColdPaths.Live l : lives) {
            TypeKind k = kind(l.kind());
            cb.loadLocal(k, p);
            p += k.slotSize();
        }
        for (ColdPaths.Live l : lives.reversed()) cb.storeLocal(kind(l.kind()), l.target());
        Label start = cb.newLabel();
        cb.goto_(start);
        Map<Label, Label> labels = new HashMap<>();
        java.util.function.Function<Label, Label> map = l -> labels.computeIfAbsent(l, x -> cb.newLabel());
        List<Label> pending = new ArrayList<>();
        int k = -1;
        int line = -1;
        int emittedLine = -1;
        int skip = 0;
        for (CodeElement e : code) {
            switch (e) {
                case LabelTarget t -> pending.add(t.label());
                case LineNumber ln -> line = ln.line();
                case Instruction i -> {
                    k++;
                    if (!region.get(k)) {
                        pending.clear();
                        continue;
                    }
                    for (Label l : pending) cb.labelBinding(map.apply(l));
                    pending.clear();
                    if (k == entry) cb.labelBinding(start);
                    if (skip > 0) { // the rest of a length or element read, now a local
                        skip--;
                        continue;
                    }
                    if (line >= 0 && line != emittedLine) {
                        cb.lineNumber(line);
                        emittedLine = line;
                    }
                    ColdPaths.Live read = plan.at().get(k);
                    if (read != null) {
                        cb.loadLocal(kind(read.kind()), read.target());
                        skip = read.replaces() - 1;
                        continue;
                    }
                    switch (i) {
                        case BranchInstruction b -> cb.branch(b.opcode(), map.apply(b.target()));
                        case TableSwitchInstruction t -> cb.tableswitch(t.lowValue(), t.highValue(),
                                map.apply(t.defaultTarget()), cases(t.cases(), map));
                        case LookupSwitchInstruction t -> cb.lookupswitch(map.apply(t.defaultTarget()), cases(t.cases(), map));
                        default -> cb.with(i);
                    }
                }
                default -> { // exception table, local variable tables, stack maps: not carried over
                }
            }
        }
    }

    private static List<SwitchCase> cases(List<SwitchCase> cases, java.util.function.Function<Label, Label> map) {
        return cases.stream().map(c -> SwitchCase.of(c.caseValue(), map.apply(c.target()))).toList();
    }

    /** Refuses members the copied path could not reach from another class of the package. */
    private static void checkAccess(KernelGraph graph, String owner, CodeAttribute code, BitSet region) throws Refused {
        int k = -1;
        for (CodeElement e : code) {
            if (!(e instanceof Instruction i) || !region.get(++k)) continue;
            switch (i) {
                case FieldInstruction f -> member(graph, owner, f.owner().asInternalName(), f.name().stringValue(),
                        f.type().stringValue(), true);
                case InvokeInstruction inv -> member(graph, owner, inv.owner().asInternalName(), inv.name().stringValue(),
                        inv.type().stringValue(), false);
                case InvokeDynamicInstruction d -> {
                    if (ThrowLowering.refusalOfIndy(d) != null) throw new Refused("invokedynamic");
                }
                case ConstantInstruction.LoadConstantInstruction c -> {
                    ConstantDesc v = c.constantValue();
                    if (!(v instanceof String || v instanceof Number || v instanceof ClassDesc)) throw new Refused("ldc " + v);
                }
                default -> {
                }
            }
        }
    }

    private static void member(KernelGraph graph, String owner, String cls, String name, String type, boolean field)
            throws Refused {
        // the declaration, from the named class up its superclasses (javac reaches only accessible JDK members)
        for (int depth = 0; depth < 32 && cls != null && !cls.startsWith("[") && !KernelGraph.isJdkOwner(cls); depth++) {
            Optional<ClassModel> cm = graph.classModel(cls);
            if (cm.isEmpty()) return;
            var flags = field
                    ? cm.get().fields().stream().filter(f -> f.fieldName().equalsString(name) && f.fieldType().equalsString(type))
                            .map(f -> f.flags()).findFirst()
                    : cm.get().methods().stream().filter(m -> m.methodName().equalsString(name) && m.methodType().equalsString(type))
                            .map(m -> m.flags()).findFirst();
            if (flags.isPresent()) {
                if (flags.get().has(AccessFlag.PRIVATE)) throw new Refused("private member " + cls + "." + name);
                if (flags.get().has(AccessFlag.PROTECTED) && !packageOf(cls).equals(packageOf(owner))) {
                    throw new Refused("protected member " + cls + "." + name);
                }
                return;
            }
            cls = cm.get().superclass().map(c -> c.asInternalName()).orElse(null);
        }
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }
}
