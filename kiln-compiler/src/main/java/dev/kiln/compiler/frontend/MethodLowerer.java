package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.frontend.BytecodeCfg.BcBlock;
import dev.kiln.compiler.frontend.NpeNames.Origin;
import dev.kiln.compiler.frontend.ValueObjects.Obj;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Inst.BinOp;
import dev.kiln.compiler.ir.Inst.CmpOp;
import dev.kiln.compiler.ir.Inst.ConvOp;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.KernelObjects;
import dev.kiln.model.MethodRef;
import dev.kiln.model.StaticTables;
import dev.kiln.runtime.abi.KernelAbi;

import java.lang.classfile.ClassModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.*;
import java.lang.constant.ConstantDesc;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * Bytecode of one method to an IR {@link Function}: abstract interpretation of the operand stack and locals over
 * the basic blocks of {@link BytecodeCfg}, in bytecode order. This class interprets the straight-line instructions;
 * block parameters and edge arguments come from {@link SsaEdges}, calls from {@link CallLowering}, the instruction
 * that ends a block from {@link ControlLowering}, HotSpot's NullPointerException texts from {@link NpeNames}.
 * Parameters that turn out to merge a single value are removed afterwards ({@link Ssa}).
 */
final class MethodLowerer {
    private final KernelGraph graph;
    private final MethodRef ref;
    private final MethodModel method;
    private final java.util.function.Function<MethodRef, String> functionNames;
    private final List<StaticTables.Table> tables;
    private final List<Param> tableParams = new ArrayList<>(); // the current function's, in tables' order

    private final BytecodeCfg cfg;
    private final SsaEdges edges;
    private final NpeNames npe;
    private final CallLowering calls;
    private final ControlLowering control;
    private final ThrowLowering throwing;
    private final ReceiverLowering receiver;
    private final List<KernelObjects.Field> fields;
    private final Map<Integer, UnsupportedConstructException> forcedCold;
    private final ObjectParams objectParams;
    private final ObjectParams.Spec spec; // null, or the Object parameters typed as the arrays they receive
    private ColdPaths cold;
    private final int[] nextBlockId; // shared with the methods lowered inline into this function
    private final ValueObjects.Classes valueClasses;
    private final Inlining.Site site; // null, or the call site this method is lowered inline at
    private Block current;

    MethodLowerer(KernelGraph graph, MethodRef ref, java.util.function.Function<MethodRef, String> functionNames,
                  List<StaticTables.Table> tables, List<KernelObjects.Field> fields, ObjectParams objectParams,
                  ObjectParams.Spec spec) {
        this(graph, ref, functionNames, tables, fields, Map.of(), objectParams, spec, new int[1],
                new ValueObjects.Classes(graph), null);
    }

    /** {@code callee} lowered inline into {@code parent}'s function at {@code site} ({@link Inlining}). */
    private MethodLowerer(MethodLowerer parent, MethodRef callee, Inlining.Site site,
                          Map<Integer, UnsupportedConstructException> forcedCold) {
        this(parent.graph, callee, parent.functionNames, parent.tables, parent.fields, forcedCold, parent.objectParams,
                null, parent.nextBlockId, parent.valueClasses, site);
    }

    private MethodLowerer(KernelGraph graph, MethodRef ref, java.util.function.Function<MethodRef, String> functionNames,
                          List<StaticTables.Table> tables, List<KernelObjects.Field> fields,
                          Map<Integer, UnsupportedConstructException> forcedCold, ObjectParams objectParams,
                          ObjectParams.Spec spec, int[] nextBlockId, ValueObjects.Classes valueClasses,
                          Inlining.Site site) {
        this.nextBlockId = nextBlockId;
        this.valueClasses = valueClasses;
        this.site = site;
        this.objectParams = objectParams;
        this.spec = spec;
        this.fields = fields;
        this.forcedCold = forcedCold;
        this.graph = graph;
        this.tables = tables;
        this.ref = ref;
        this.method = graph.method(ref);
        this.functionNames = functionNames;
        this.cfg = new BytecodeCfg(graph, ref);
        this.throwing = new ThrowLowering(graph, ref, cfg::unsupported);
        this.receiver = site == null ? new ReceiverLowering(graph, ref, method, fields, cfg::unsupported)
                : new ReceiverLowering(graph, ref, fields, site.receiverParams, cfg::unsupported);
        this.cfg.valueClasses = valueClasses;
        this.edges = new SsaEdges(cfg, ref);
        this.npe = new NpeNames(cfg, method);
        this.calls = new CallLowering(graph, cfg, npe, receiver, throwing, functionNames, tableParams, objectParams);
        this.control = new ControlLowering(cfg, edges, method, receiver, throwing,
                site == null ? null : (v, s) -> site.exit(v, s, cfg::unsupported));
    }

    /**
     * A refusal on a path that can only throw makes that path run as Java ({@link ColdPaths}); the method is then
     * lowered again from scratch with the path left out.
     */
    Function lower() {
        return lowerForcingColdPaths(this, forced -> new MethodLowerer(graph, ref, functionNames, tables, fields,
                forced, objectParams, spec, new int[1], valueClasses, null));
    }

    /** {@link #lower()}'s retry, for a whole method and for one lowered inline: {@code again} makes the next try. */
    private static Function lowerForcingColdPaths(MethodLowerer first,
            java.util.function.Function<Map<Integer, UnsupportedConstructException>, MethodLowerer> again) {
        for (MethodLowerer m = first; ; m = again.apply(m.cold.forced())) {
            try {
                return m.lowerOnce();
            } catch (UnsupportedConstructException e) {
                if (m.cold == null || !m.cold.force(m.cfg.indexOfBci.get(m.cfg.bci), e)) throw e;
            }
        }
    }

    private Function lowerOnce() {
        cfg.bci = 0;
        if (method.flags().has(AccessFlag.NATIVE) || method.flags().has(AccessFlag.ABSTRACT) || method.code().isEmpty()) {
            throw cfg.unsupported("method without bytecode (native or abstract)");
        }
        CodeAttribute code = (CodeAttribute) method.code().get();
        ClassModel owner = graph.classModel(ref.owner()).orElse(null);
        if (owner != null && StackMapFrames.needed(owner, code)) {
            try {
                code = StackMapFrames.withFrames(graph, owner, ref);
            } catch (StackMapFrames.Failed e) {
                cfg.decode(code);
                refuseEarly(); // name the construct (jsr, an allocation, ...) where it is, if there is one
                cfg.bci = 0;
                throw cfg.unsupported("class file older than Java 6 whose stack map frames cannot be inferred ("
                        + e.getMessage() + ")");
            }
        }
        cfg.decode(code);
        cold = new ColdPaths(graph, ref, code, cfg.insns, cfg::indexOf, forcedCold);
        // A monitor on an object Kiln replaces by its fields is elided: no other thread can ever see that object, so
        // locking it orders nothing and cannot block (JLS 17.4: no synchronizes-with edge without another thread).
        if (method.flags().has(AccessFlag.SYNCHRONIZED) && !(site != null && !method.flags().has(AccessFlag.STATIC)
                && ValueObjects.of(site.args[0]) != null)) {
            throw cfg.unsupported("synchronized method");
        }
        refuseEarly();
        Type returnType = Type.ofDescriptor(returnDescriptor());
        if (returnType == null && site == null) {
            throw cfg.unsupported("method returning " + returnDescriptor() + " (kernels return primitives, primitive arrays or void)");
        }
        cfg.splitBlocks();
        if (spec != null) cfg.objectSlots = ObjectParams.slots(method, spec, cfg);
        if (site != null && !method.flags().has(AccessFlag.STATIC) && ValueObjects.of(site.args[0]) != null) {
            cfg.inlinedReceiver = ValueObjects.of(site.args[0]).cls;
        }
        cfg.readFrames(receiver, k -> cold.interior(k)); // a path that runs as Java is never lowered
        cfg.markReachable();

        // Entry: the method's parameters, in slot order.
        Block entry = site == null ? newBlock() : site.entry;
        FrameState initial = new FrameState(cfg.code.maxLocals());
        int slot = 0;
        if (receiver.instance()) initial.locals[slot++] = receiver.self();
        if (site != null) return lowerInline(entry, initial);
        var params = spec == null ? method.methodTypeSymbol() : java.lang.constant.MethodTypeDesc.ofDescriptor(spec.descriptor());
        for (var p : params.parameterList()) {
            String d = p.descriptorString();
            Type t = Type.ofDescriptor(d);
            if (t == null || t == Type.Void.VOID) {
                throw cfg.unsupported("parameter of type " + p.displayName() + " (only primitives and arrays of primitives, of any dimension)");
            }
            Param param = new Param(t, cfg.localName(slot, 0).orElse("p" + slot));
            entry.params().add(param);
            initial.locals[slot] = param;
            slot += Type.category(t);
        }
        // Constant tables: trailing parameters of every function, passed down from the kernel's (see StaticTables).
        for (StaticTables.Table t : tables) {
            Param param = new Param(Type.ofDescriptor(t.descriptor()), "table." + t.name());
            entry.params().add(param);
            tableParams.add(param);
        }
        entry.params().addAll(receiver.params()); // a kernel object's fields (KernelObjects), after the tables
        interpretAll(entry, initial);
        List<Block> ordered = Ssa.removeTrivialParams(entry);
        String own = spec == null ? ref.descriptor() : spec.descriptor();
        String descriptor = KernelObjects.withFields(StaticTables.withTables(own, tables), receiver.fields());
        String name = spec == null ? functionNames.apply(ref) : objectParams.name(ref, functionNames.apply(ref), own);
        return new Function(name, ref, returnType, descriptor, ordered);
    }

    /** Lowered inline at {@link #site}: the arguments in the locals, the caller's implicit parameters. */
    private Function lowerInline(Block entry, FrameState initial) {
        initial.objects.putAll(site.objects);
        int slot = 0;
        for (Value a : site.args) {
            initial.locals[slot] = a;
            slot += Type.category(a.type());
        }
        tableParams.addAll(site.tableParams);
        interpretAll(entry, initial);
        Inlining.traceCallers(entry, site);
        return null;
    }

    private void interpretAll(Block entry, FrameState initial) {
        for (BcBlock b : cfg.blocksByIndex.values()) {
            if (!b.reachable || cold.interior(b.first)) continue;
            b.ir = b.first == 0 && b.frame == null ? entry : newBlock();
            if (b.frame != null) edges.addFrameParams(b);
        }
        BcBlock first = cfg.blocksByIndex.get(0);
        if (first.ir != entry) {
            current = entry;
            entry.setTerminator(new Terminator.Jump(edges.edge(first, initial, null)));
        } else {
            first.entry = initial;
        }

        for (BcBlock b : cfg.reversePostorder()) {
            if (cold.interior(b.first)) continue;
            if (cold.isForcedEntry(b.first)) coldExit(b);
            else interpret(b);
        }
    }

    private String returnDescriptor() {
        return method.methodTypeSymbol().returnType().descriptorString();
    }

    /**
     * Reports the first construct Kiln never compiles, in bytecode order, before frames and merges are read: an
     * allocation is named where it happens, not where its object later shows up in a stack map frame.
     */
    private void refuseEarly() {
        for (int k = 0; k < cfg.insns.size(); k++) {
            int bci = cfg.bcis.get(k);
            if (cfg.firstHandlerBci >= 0 && cfg.firstHandlerBci < bci) break;
            if (cold != null && cold.inForced(k)) continue;
            Optional<String> refused = alwaysRefused(cfg.insns.get(k));
            if (refused.isPresent()) {
                cfg.bci = bci;
                throw cfg.unsupported(refused.get());
            }
        }
        if (cfg.firstHandlerBci >= 0) {
            cfg.bci = cfg.firstHandlerBci;
            throw cfg.unsupported("exception handler (try/catch/finally)");
        }
    }

    // ---------------------------------------------------------------- interpretation

    private void interpret(BcBlock b) {
        FrameState s = edges.entryState(b);
        current = b.ir;
        for (int k = b.first; k < b.end; k++) {
            cfg.bci = cfg.bcis.get(k);
            Instruction i = cfg.insns.get(k);
            if (k == b.end - 1) {
                if (control.terminate(b, i, s, current)) return;
                step(i, s);
            } else {
                step(i, s);
            }
        }
        // Fell through into the next block.
        current.setTerminator(new Terminator.Jump(edges.edge(cfg.blocksByIndex.get(b.end), s, b)));
    }

    /** A path forced to run as Java: native code leaves with what it reads (see {@link ColdPaths}). */
    private void coldExit(BcBlock b) {
        FrameState s = edges.entryState(b);
        current = b.ir;
        cfg.bci = cfg.bcis.get(b.first);
        current.setTerminator(cold.exit(b.first, s.locals, s.stack.size(), cfg.here(), new ColdPaths.Reads() {
            public Value length(Value array, int slot) {
                return add(new Inst.ArrayLength(array, npe.npeMessage("Cannot read the array length", new Origin(cfg.bci, slot))));
            }

            public Value element(Value array, int slot, Value index, TypeKind k) {
                return add(new Inst.ArrayLoad(elemOf(array, k, "load from"), array, index,
                        npe.npeMessage(loadStoreAction("load from", k), new Origin(cfg.bci, slot))));
            }
        }));
    }

    private <T extends Inst> T add(T inst) {
        current.insts().add(inst);
        return inst;
    }

    private void step(Instruction insn, FrameState s) {
        if (ValueObjects.step(insn, s, graph, valueClasses, npe, cfg::unsupported, this::add)) return;
        switch (insn) {
            case LoadInstruction l -> {
                Value v = s.locals[l.slot()];
                if (v == null) throw new IllegalStateException("load of undefined local " + l.slot() + " in " + ref);
                // int locals keep their origin too: an index names the row in "a[i]" of a NullPointerException text
                s.push(v, l.typeKind() == TypeKind.REFERENCE || l.typeKind() == TypeKind.INT ? new Origin(cfg.bci, l.slot()) : null);
            }
            case StoreInstruction st -> {
                Value v = s.pop();
                s.store(st.slot(), v);
            }
            case IncrementInstruction inc -> s.store(inc.slot(),
                    add(new Inst.Binary(BinOp.ADD, Type.Prim.I32, s.locals[inc.slot()], new Value.IntConst(inc.constant()))));
            case ConstantInstruction c -> constant(c, s);
            case OperatorInstruction op -> operator(op.opcode(), s);
            case ConvertInstruction cv -> s.push(add(new Inst.Convert(convOp(cv.opcode()), s.pop())));
            case ArrayLoadInstruction al when al.typeKind() == TypeKind.REFERENCE -> {
                Origin indexOrigin = s.topOrigin();
                Value index = s.pop();
                Origin origin = s.topOrigin();
                Value array = s.pop();
                // On the null constant it throws NullPointerException where it runs (a guard may keep it from running).
                if (!isRowsOrNull(array)) throw cfg.unsupported("object array access (load from " + array.type() + ")");
                s.push(add(new Inst.RefLoad(array, index, npe.npeMessage("Cannot load from object array", origin))),
                        npe.elementOrigin(origin, index, indexOrigin));
            }
            case ArrayStoreInstruction as when as.typeKind() == TypeKind.REFERENCE -> {
                Value value = s.pop();
                Value index = s.pop();
                Origin origin = s.topOrigin();
                Value array = s.pop();
                if (!isRowsOrNull(array)) throw cfg.unsupported("object array access (store to " + array.type() + ")");
                add(new Inst.RefStore(array, index, value, npe.npeMessage("Cannot store to object array", origin)));
            }
            case NewReferenceArrayInstruction n when Type.ofDescriptor("[" + n.componentType().asSymbol().descriptorString()) instanceof Type.RefArray t ->
                    s.push(add(new Inst.NewMultiArray(t, List.of(s.pop()))));
            case NewMultiArrayInstruction n when Type.ofDescriptor(n.arrayType().asSymbol().descriptorString()) instanceof Type.RefArray t -> {
                if (n.dimensions() > dev.kiln.compiler.ir.Inst.NewMultiArray.MAX_DIMS) {
                    throw cfg.unsupported("multi-dimensional array allocation with more than " + Inst.NewMultiArray.MAX_DIMS + " sizes");
                }
                Value[] dims = new Value[n.dimensions()];
                for (int k = dims.length - 1; k >= 0; k--) dims[k] = s.pop();
                s.push(add(new Inst.NewMultiArray(t, List.of(dims))));
            }
            case ArrayLoadInstruction al -> {
                Value index = s.pop();
                Origin origin = s.topOrigin();
                Value array = s.pop();
                Elem elem = elemOf(array, al.typeKind(), "load from");
                s.push(add(new Inst.ArrayLoad(elem, array, index, npe.npeMessage(loadStoreAction("load from", al.typeKind()), origin))));
            }
            case ArrayStoreInstruction as -> {
                Value value = s.pop();
                Value index = s.pop();
                Origin origin = s.topOrigin();
                Value array = s.pop();
                Elem elem = elemOf(array, as.typeKind(), "store to");
                add(new Inst.ArrayStore(elem, array, index, value, npe.npeMessage(loadStoreAction("store to", as.typeKind()), origin)));
            }
            case NewPrimitiveArrayInstruction n -> s.push(add(new Inst.NewArray(elem(n.typeKind(), "allocate"), s.pop())));
            case TypeCheckInstruction t when isPrimitiveArrayCast(t) -> {
                Type want = Type.ofDescriptor(t.type().asSymbol().descriptorString());
                Type have = s.stack.getLast().type();
                if (!have.equals(want) && have != Type.Null.NULL) {
                    throw cfg.unsupported("type check (checkcast " + t.type().asSymbol().displayName() + " of a " + have + ")");
                }
            }
            case StackInstruction st -> s.stackOp(st.opcode(), cfg::unsupported);
            case InvokeInstruction inv when Inlining.concerns(inv, s, valueClasses) -> inline(inv, s);
            case InvokeInstruction inv -> calls.invoke(inv, s, current);
            case FieldInstruction f when f.opcode() == Opcode.GETFIELD -> {
                Origin object = s.topOrigin();
                Value field = receiver.field(f, s.pop());
                // HotSpot names a null array field by where the object came from: "this.xs"
                s.push(field, npe.fieldOrigin(object, f.name().stringValue()));
            }
            case FieldInstruction f -> {
                if (f.opcode() != Opcode.GETSTATIC) {
                    if (f.opcode() == Opcode.PUTFIELD) receiver.field(f, s.stack.get(s.stack.size() - 2));
                    throw cfg.unsupported("field access (" + f.opcode().name().toLowerCase(Locale.ROOT) + " "
                            + f.owner().asInternalName().replace('/', '.') + "." + f.name().stringValue() + ")");
                }
                Optional<List<Instruction>> rebuilt = StaticObjects.construction(graph, valueClasses, f);
                if (rebuilt.isPresent()) { // a static object constant: a new replaced object, built as its initialiser does
                    for (Instruction i : rebuilt.get()) step(i, s);
                    return;
                }
                Optional<StaticTables.Table> table = StaticTables.resolve(graph, f.owner().asInternalName(),
                        f.name().stringValue(), f.type().stringValue());
                if (table.isPresent() && !tables.contains(table.get())) { // proven constant: compiled in
                    s.push(BakedTables.constant(graph, table.get(), cfg::unsupported),
                            new Origin(cfg.bci, Origin.STATIC_FIELD, table.get().display()));
                } else if (table.isPresent() && DeepTableSize.tooLarge(graph.loader(), table.get())) {
                    throw cfg.unsupported("static table " + table.get().display() + " (an array of more than "
                            + KernelAbi.CHEAP_SLOTS + " arrays: it would be copied in and out at every call)");
                } else if (table.isPresent()) {
                    Param p = tableParams.get(tables.indexOf(table.get()));
                    s.push(p, new Origin(cfg.bci, Origin.STATIC_FIELD, table.get().display()));
                } else {
                    s.push(StaticConstants.read(graph, f, cfg::unsupported));
                }
            }
            case NopInstruction n -> {
            }
            case NewObjectInstruction n -> s.push(throwing.newObject(n.className().asInternalName()));
            case InvokeDynamicInstruction d -> {
                receiver.refuseEscape(s.stack.subList(s.stack.size() - d.typeSymbol().parameterCount(), s.stack.size()),
                        "this in a string concatenation");
                throwing.concat(d, s.asThrowStack());
            }
            default -> throw cfg.unsupported(alwaysRefused(insn).orElse("bytecode " + insn.opcode().name().toLowerCase(Locale.ROOT)));
        }
    }

    /** Instructions Kiln never compiles, wherever they stand; found before anything else so the report names them. */
    private Optional<String> alwaysRefused(Instruction insn) {
        return Optional.ofNullable(switch (insn) {
            case NewObjectInstruction n -> throwing.refusalOfNew(n.className().asInternalName()) == null ? null
                    : valueClasses.refusal(n.className().asInternalName());
            case NewReferenceArrayInstruction n when !(Type.ofDescriptor("[" + n.componentType().asSymbol().descriptorString()) instanceof Type.RefArray) -> "object array allocation";
            case NewMultiArrayInstruction n when !(Type.ofDescriptor(n.arrayType().asSymbol().descriptorString()) instanceof Type.RefArray) -> "multi-dimensional array allocation of " + n.arrayType().asSymbol().displayName();
            case MonitorInstruction m -> "synchronized block (" + m.opcode().name().toLowerCase(Locale.ROOT) + ")";
            case InvokeDynamicInstruction d -> ThrowLowering.refusalOfIndy(d);
            case TypeCheckInstruction t when !isPrimitiveArrayCast(t) -> "type check (" + t.opcode().name().toLowerCase(Locale.ROOT) + ")";
            case DiscontinuedInstruction d -> "subroutine (" + d.opcode().name().toLowerCase(Locale.ROOT) + ", pre-Java 6 finally)";
            default -> null;
        });
    }

    /** An array of arrays, or the null constant (of any array type): what aaload and aastore take. */
    private static boolean isRowsOrNull(Value array) {
        return array.type() instanceof Type.RefArray || array.type() == Type.Null.NULL;
    }

    /** {@code checkcast} to a one-dimensional primitive array: what follows {@code array.clone()}. */
    private static boolean isPrimitiveArrayCast(TypeCheckInstruction t) {
        return t.opcode() == Opcode.CHECKCAST && Type.isArray(Type.ofDescriptor(t.type().asSymbol().descriptorString()));
    }

    private void constant(ConstantInstruction c, FrameState s) {
        if (c.opcode() == Opcode.ACONST_NULL) {
            s.push(new Value.NullConst(Type.Null.NULL), new Origin(cfg.bci, Origin.NULL_CONSTANT));
            return;
        }
        ConstantDesc v = c.constantValue();
        s.push(switch (v) {
            case Integer i -> new Value.IntConst(i);
            case Long l -> new Value.LongConst(l);
            case Float f -> new Value.FloatConst(f);
            case Double d -> new Value.DoubleConst(d);
            case String str -> throwing.stringConstant(str);
            default -> throw cfg.unsupported("constant of type " + v.getClass().getSimpleName() + " (ldc)");
        });
    }

    private void operator(Opcode op, FrameState s) {
        String name = op.name();
        if (op == Opcode.ARRAYLENGTH) {
            Origin origin = s.topOrigin();
            Value a = s.pop();
            s.push(add(new Inst.ArrayLength(a, npe.npeMessage("Cannot read the array length", origin))));
            return;
        }
        if (op == Opcode.LCMP || op == Opcode.FCMPL || op == Opcode.FCMPG || op == Opcode.DCMPL || op == Opcode.DCMPG) {
            Value b = s.pop();
            Value a = s.pop();
            CmpOp cmp = op == Opcode.LCMP ? CmpOp.LCMP : name.endsWith("L") ? CmpOp.CMPL : CmpOp.CMPG;
            s.push(add(new Inst.Compare(cmp, a, b)));
            return;
        }
        Type.Prim type = switch (name.charAt(0)) {
            case 'I' -> Type.Prim.I32;
            case 'L' -> Type.Prim.I64;
            case 'F' -> Type.Prim.F32;
            case 'D' -> Type.Prim.F64;
            default -> throw cfg.unsupported("bytecode " + name.toLowerCase(Locale.ROOT));
        };
        String what = name.substring(1);
        if (what.equals("NEG")) {
            s.push(add(new Inst.Neg(type, s.pop())));
            return;
        }
        BinOp bin = switch (what) {
            case "ADD" -> BinOp.ADD;
            case "SUB" -> BinOp.SUB;
            case "MUL" -> BinOp.MUL;
            case "DIV" -> BinOp.DIV;
            case "REM" -> BinOp.REM;
            case "AND" -> BinOp.AND;
            case "OR" -> BinOp.OR;
            case "XOR" -> BinOp.XOR;
            case "SHL" -> BinOp.SHL;
            case "SHR" -> BinOp.SHR;
            case "USHR" -> BinOp.USHR;
            default -> throw cfg.unsupported("bytecode " + name.toLowerCase(Locale.ROOT));
        };
        Value b = s.pop();
        Value a = s.pop();
        s.push(add(new Inst.Binary(bin, type, a, b)));
    }

    private static ConvOp convOp(Opcode op) {
        return ConvOp.valueOf(op.name());
    }

    /** baload and bastore serve byte[] and boolean[]: the array's type tells which (a store to boolean[] keeps bit 0). */
    private Elem elemOf(Value array, TypeKind k, String action) {
        if (array.type() instanceof Type.Array a && a.elem() == Elem.BOOLEAN && (k == TypeKind.BYTE || k == TypeKind.BOOLEAN)) {
            return Elem.BOOLEAN;
        }
        return elem(k, action);
    }

    private Elem elem(TypeKind k, String action) {
        return switch (k) {
            case BOOLEAN -> Elem.BOOLEAN;
            case BYTE -> Elem.BYTE;
            case SHORT -> Elem.SHORT;
            case CHAR -> Elem.CHAR;
            case INT -> Elem.INT;
            case LONG -> Elem.LONG;
            case FLOAT -> Elem.FLOAT;
            case DOUBLE -> Elem.DOUBLE;
            default -> throw cfg.unsupported("object array access (" + action + " " + k.name().toLowerCase(Locale.ROOT) + " array)");
        };
    }

    /** HotSpot's wording: baload/bastore serve both byte[] and boolean[]. */
    private static String loadStoreAction(String verb, TypeKind k) {
        String t = k == TypeKind.BYTE || k == TypeKind.BOOLEAN ? "byte/boolean" : k.name().toLowerCase(Locale.ROOT);
        return "Cannot " + verb + " " + t + " array";
    }

    private Block newBlock() {
        return new Block(nextBlockId[0]++);
    }

    /**
     * A call involving a replaced object ({@link Inlining}): the callee lowered inline, after which this block goes
     * on in the continuation. Object's and Record's constructors do nothing.
     */
    private void inline(InvokeInstruction inv, FrameState s) {
        MethodRef callee = Inlining.callee(inv, s, graph, calls::resolve, cfg::unsupported);
        int n = inv.typeSymbol().parameterCount() + (inv.opcode() == Opcode.INVOKESTATIC ? 0 : 1);
        Value[] args = new Value[n];
        for (int k = n - 1; k >= 0; k--) args[k] = s.pop();
        if (callee == null) return;
        Inlining.checkDepth(site == null ? 0 : site.depth + 1, callee, cfg::unsupported);
        Obj constructed = inv.name().equalsString("<init>") ? ValueObjects.of(args[0]) : null;
        List<dev.kiln.runtime.abi.SourceFrame> callers = new ArrayList<>(List.of(cfg.here()));
        if (site != null) callers.addAll(site.callers);
        Inlining.Site[] at = new Inlining.Site[1]; // the successful try's
        java.util.function.Function<Map<Integer, UnsupportedConstructException>, MethodLowerer> attempt = forced ->
                new MethodLowerer(this, callee, at[0] = new Inlining.Site(callee, args, tableParams, receiver.params(),
                        site == null ? 0 : site.depth + 1, newBlock(), newBlock(), s.objects, callers), forced);
        // fresh blocks each try: a failed try's are never jumped to
        if (constructed != null) constructed.constructing++;
        try {
            lowerForcingColdPaths(attempt.apply(Map.of()), attempt);
        } finally {
            if (constructed != null) constructed.constructing--;
        }
        current.setTerminator(new Terminator.Jump(new dev.kiln.compiler.ir.BlockCall(at[0].entry, List.of())));
        current = at[0].continuation;
        at[0].resume(s, valueClasses, cfg::unsupported);
    }
}
