package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.intrinsics.Intrinsic;
import dev.kiln.compiler.intrinsics.Intrinsics;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Inst.BinOp;
import dev.kiln.compiler.ir.Inst.CmpOp;
import dev.kiln.compiler.ir.Inst.ConvOp;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Terminator.Rel;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.KernelObjects;
import dev.kiln.model.MethodRef;
import dev.kiln.model.StaticTables;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.attribute.StackMapFrameInfo;
import java.lang.classfile.instruction.*;
import java.lang.constant.ConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Bytecode of one method to an IR {@link Function}: abstract interpretation of the operand stack and locals over
 * basic blocks in bytecode order. Blocks that are jump targets carry a stack map frame; they get one block parameter
 * per live local and stack slot the frame lists (so loops need no fixpoint), and parameters that turn out to merge
 * a single value are removed afterwards. Other blocks have exactly one predecessor, the block just before them.
 */
final class MethodLowerer {
    /** Where an array reference on the stack came from, for HotSpot's helpful NullPointerException text. */
    private record Origin(int bci, int slot, String text) {
        static final int NULL_CONSTANT = -1;
        /** A value HotSpot describes by {@code text}: an array element ({@code a[i]}) or a static field. */
        static final int DESCRIBED = -2;
        static final int STATIC_FIELD = DESCRIBED;

        Origin(int bci, int slot) {
            this(bci, slot, null);
        }
    }

    private record LocalName(int start, int end, int slot, String name) {
    }

    /** Types of the live locals (by slot, null when dead) and stack entries a stack map frame gives a block. */
    private record Frame(Type[] locals, Type[] stack) {
    }

    private static final class State {
        final Value[] locals;
        final List<Value> stack;
        final List<Origin> origins;

        State(int maxLocals) {
            locals = new Value[maxLocals];
            stack = new ArrayList<>();
            origins = new ArrayList<>();
        }

        State(State s) {
            locals = s.locals.clone();
            stack = new ArrayList<>(s.stack);
            origins = new ArrayList<>(s.origins);
        }
    }

    private static final class BcBlock {
        final int first; // instruction index
        int end;         // exclusive
        Frame frame;
        Block ir;
        State entry;     // for blocks without a frame: the state their only predecessor left
        BcBlock entryFrom;
        List<Origin> mergedOrigins; // stack origins over the edges seen so far, for frame blocks
        Map<Integer, Value> strings; // String locals the frame lists: the one message string every edge brings
        boolean reachable;

        BcBlock(int first) {
            this.first = first;
        }
    }

    private final KernelGraph graph;
    private final MethodRef ref;
    private final MethodModel method;
    private final java.util.function.Function<MethodRef, String> functionNames;
    private final List<StaticTables.Table> tables;
    private final List<Param> tableParams = new ArrayList<>(); // the current function's, in tables' order

    private CodeAttribute code;
    private final List<Instruction> insns = new ArrayList<>();
    private final List<Integer> bcis = new ArrayList<>();
    private final Map<Integer, Integer> indexOfBci = new HashMap<>();
    private final TreeMap<Integer, Integer> lines = new TreeMap<>();
    private final List<LocalName> localNames = new ArrayList<>();
    private final TreeMap<Integer, BcBlock> blocksByIndex = new TreeMap<>();
    private final Map<Integer, Frame> framesByBci = new HashMap<>();
    private int nextBlockId;
    private Block current;
    private int currentBci;
    private BitSet[] writtenAtBlockStart; // lazily, for "<parameterN>" versus "<localN>"
    private final ThrowLowering throwing;
    private final ReceiverLowering receiver;
    private final List<KernelObjects.Field> fields;
    private final Map<Integer, UnsupportedConstructException> forcedCold;
    private ColdPaths cold;

    MethodLowerer(KernelGraph graph, MethodRef ref, java.util.function.Function<MethodRef, String> functionNames,
                  List<StaticTables.Table> tables, List<KernelObjects.Field> fields) {
        this(graph, ref, functionNames, tables, fields, Map.of());
    }

    private MethodLowerer(KernelGraph graph, MethodRef ref, java.util.function.Function<MethodRef, String> functionNames,
                          List<StaticTables.Table> tables, List<KernelObjects.Field> fields,
                          Map<Integer, UnsupportedConstructException> forcedCold) {
        this.fields = fields;
        this.forcedCold = forcedCold;
        this.graph = graph;
        this.tables = tables;
        this.ref = ref;
        this.method = graph.method(ref);
        this.functionNames = functionNames;
        this.throwing = new ThrowLowering(graph, ref, this::unsupported);
        this.receiver = new ReceiverLowering(graph, ref, method, fields, this::unsupported);
    }

    /**
     * A refusal on a path that can only throw makes that path run as Java ({@link ColdPaths}); the method is then
     * lowered again from scratch with the path left out.
     */
    Function lower() {
        for (MethodLowerer m = this; ; m = new MethodLowerer(graph, ref, functionNames, tables, fields, m.cold.forced())) {
            try {
                return m.lowerOnce();
            } catch (UnsupportedConstructException e) {
                if (m.cold == null || !m.cold.force(m.indexOfBci.get(m.currentBci), e)) throw e;
            }
        }
    }

    private Function lowerOnce() {
        currentBci = 0;
        if (method.flags().has(AccessFlag.NATIVE) || method.flags().has(AccessFlag.ABSTRACT) || method.code().isEmpty()) {
            throw unsupported("method without bytecode (native or abstract)");
        }
        code = (CodeAttribute) method.code().get();
        ClassModel owner = graph.classModel(ref.owner()).orElse(null);
        if (owner != null && StackMapFrames.needed(owner, code)) {
            try {
                code = StackMapFrames.withFrames(graph, owner, ref);
            } catch (StackMapFrames.Failed e) {
                decode();
                refuseEarly(); // name the construct (jsr, an allocation, ...) where it is, if there is one
                currentBci = 0;
                throw unsupported("class file older than Java 6 whose stack map frames cannot be inferred ("
                        + e.getMessage() + ")");
            }
        }
        decode();
        cold = new ColdPaths(graph, ref, code, insns, this::indexOf, forcedCold);
        if (method.flags().has(AccessFlag.SYNCHRONIZED)) throw unsupported("synchronized method");
        refuseEarly();
        Type returnType = Type.ofDescriptor(returnDescriptor());
        if (returnType == null) {
            throw unsupported("method returning " + returnDescriptor() + " (kernels return primitives, primitive arrays or void)");
        }
        splitBlocks();
        readFrames();
        markReachable();

        // Entry: the method's parameters, in slot order.
        Block entry = newBlock();
        State initial = new State(code.maxLocals());
        int slot = 0;
        if (receiver.instance()) initial.locals[slot++] = receiver.self();
        for (var p : method.methodTypeSymbol().parameterList()) {
            String d = p.descriptorString();
            Type t = Type.ofDescriptor(d);
            if (t == null || t == Type.Void.VOID) {
                throw unsupported("parameter of type " + p.displayName() + " (only primitives and arrays of primitives, of any dimension)");
            }
            Param param = new Param(t, localName(slot, 0).orElse("p" + slot));
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
        for (BcBlock b : blocksByIndex.values()) {
            if (!b.reachable || cold.interior(b.first)) continue;
            b.ir = b.first == 0 && b.frame == null ? entry : newBlock();
            if (b.frame != null) addFrameParams(b);
        }
        BcBlock first = blocksByIndex.get(0);
        if (first.ir != entry) {
            current = entry;
            entry.setTerminator(new Terminator.Jump(edge(first, initial, null)));
        } else {
            first.entry = initial;
        }

        for (BcBlock b : blocksByIndex.values()) {
            if (!b.reachable || cold.interior(b.first)) continue;
            if (cold.isForcedEntry(b.first)) coldExit(b);
            else interpret(b);
        }
        List<Block> ordered = Ssa.removeTrivialParams(entry);
        String descriptor = KernelObjects.withFields(StaticTables.withTables(ref.descriptor(), tables), receiver.fields());
        return new Function(functionNames.apply(ref), ref, returnType, descriptor, ordered);
    }

    private String returnDescriptor() {
        return method.methodTypeSymbol().returnType().descriptorString();
    }

    // ---------------------------------------------------------------- decoding

    private int firstHandlerBci = -1;

    private void decode() {
        int bci = 0;
        for (CodeElement e : code) {
            switch (e) {
                case Instruction i -> {
                    indexOfBci.put(bci, insns.size());
                    insns.add(i);
                    bcis.add(bci);
                    bci += i.sizeInBytes();
                }
                case LineNumber ln -> lines.put(bci, ln.line());
                case LocalVariable lv -> localNames.add(new LocalName(code.labelToBci(lv.startScope()),
                        code.labelToBci(lv.endScope()), lv.slot(), lv.name().stringValue()));
                case ExceptionCatch c -> {
                    if (firstHandlerBci < 0) firstHandlerBci = code.labelToBci(c.tryStart());
                }
                default -> {
                }
            }
        }
    }

    /**
     * Reports the first construct Kiln never compiles, in bytecode order, before frames and merges are read: an
     * allocation is named where it happens, not where its object later shows up in a stack map frame.
     */
    private void refuseEarly() {
        for (int k = 0; k < insns.size(); k++) {
            int bci = bcis.get(k);
            if (firstHandlerBci >= 0 && firstHandlerBci < bci) break;
            if (cold != null && cold.inForced(k)) continue;
            Optional<String> refused = alwaysRefused(insns.get(k));
            if (refused.isPresent()) {
                currentBci = bci;
                throw unsupported(refused.get());
            }
        }
        if (firstHandlerBci >= 0) {
            currentBci = firstHandlerBci;
            throw unsupported("exception handler (try/catch/finally)");
        }
    }

    private int indexOf(Label l) {
        Integer i = indexOfBci.get(code.labelToBci(l));
        if (i == null) throw new IllegalStateException("label not at an instruction in " + ref);
        return i;
    }

    private static boolean endsBlock(Instruction i) {
        return i instanceof BranchInstruction || i instanceof TableSwitchInstruction
                || i instanceof LookupSwitchInstruction || i instanceof ReturnInstruction || i instanceof ThrowInstruction;
    }

    private void splitBlocks() {
        java.util.TreeSet<Integer> leaders = new java.util.TreeSet<>();
        leaders.add(0);
        for (int k = 0; k < insns.size(); k++) {
            Instruction i = insns.get(k);
            if (endsBlock(i) && k + 1 < insns.size()) leaders.add(k + 1);
            for (Label l : targets(i)) leaders.add(indexOf(l));
        }
        Integer prev = null;
        for (int l : leaders) {
            BcBlock b = new BcBlock(l);
            if (prev != null) blocksByIndex.get(prev).end = l;
            blocksByIndex.put(l, b);
            prev = l;
        }
        blocksByIndex.get(prev).end = insns.size();
    }

    private static List<Label> targets(Instruction i) {
        return switch (i) {
            case BranchInstruction b -> List.of(b.target());
            case TableSwitchInstruction t -> {
                List<Label> ls = new ArrayList<>();
                t.cases().forEach(c -> ls.add(c.target()));
                ls.add(t.defaultTarget());
                yield ls;
            }
            case LookupSwitchInstruction t -> {
                List<Label> ls = new ArrayList<>();
                t.cases().forEach(c -> ls.add(c.target()));
                ls.add(t.defaultTarget());
                yield ls;
            }
            default -> List.of();
        };
    }

    private List<BcBlock> successors(BcBlock b) {
        Instruction last = insns.get(b.end - 1);
        List<BcBlock> s = new ArrayList<>();
        for (Label l : targets(last)) s.add(blocksByIndex.get(indexOf(l)));
        boolean fallsThrough = !(last instanceof ReturnInstruction || last instanceof ThrowInstruction
                || last instanceof TableSwitchInstruction || last instanceof LookupSwitchInstruction
                || (last instanceof BranchInstruction br && (br.opcode() == Opcode.GOTO || br.opcode() == Opcode.GOTO_W)));
        if (fallsThrough) {
            if (b.end >= insns.size()) {
                currentBci = bcis.get(b.end - 1);
                throw unsupported("control falling off the end of the code");
            }
            s.add(blocksByIndex.get(b.end));
        }
        return s;
    }

    private void markReachable() {
        List<BcBlock> work = new ArrayList<>();
        BcBlock first = blocksByIndex.get(0);
        first.reachable = true;
        work.add(first);
        while (!work.isEmpty()) {
            BcBlock b = work.removeLast();
            for (BcBlock s : successors(b)) {
                if (!s.reachable) {
                    s.reachable = true;
                    work.add(s);
                }
            }
        }
    }

    private void readFrames() {
        var smt = code.findAttribute(Attributes.stackMapTable());
        if (smt.isEmpty()) return;
        for (StackMapFrameInfo f : smt.get().entries()) {
            int bci = code.labelToBci(f.target());
            currentBci = bci;
            if (cold.interior(indexOfBci.get(bci))) continue; // runs as Java: never lowered
            Type[] locals = new Type[code.maxLocals()];
            int slot = 0;
            for (var v : f.locals()) {
                Type t = receiver.isSelfLocal(slot, v) ? Type.Void.VOID : frameType(v);
                if (t != null) locals[slot] = t;
                slot += t == Type.Prim.I64 || t == Type.Prim.F64 ? 2 : 1;
            }
            Type[] stack = new Type[f.stack().size()];
            for (int k = 0; k < stack.length; k++) {
                var refused = receiver.refusalOnStack(f.stack().get(k));
                if (refused.isPresent()) throw unsupported(refused.get());
                stack[k] = frameType(f.stack().get(k));
                if (stack[k] == null) throw new IllegalStateException("top on the stack in a frame of " + ref);
                if (stack[k] == Type.Void.VOID) throw unsupported("string on the operand stack at a branch");
            }
            framesByBci.put(bci, new Frame(locals, stack));
        }
        for (BcBlock b : blocksByIndex.values()) b.frame = framesByBci.get(bcis.get(b.first));
    }

    private Type frameType(StackMapFrameInfo.VerificationTypeInfo v) {
        return switch (v) {
            case StackMapFrameInfo.SimpleVerificationTypeInfo s -> switch (s) {
                case TOP -> null;
                case INTEGER -> Type.Prim.I32;
                case FLOAT -> Type.Prim.F32;
                case LONG -> Type.Prim.I64;
                case DOUBLE -> Type.Prim.F64;
                case NULL -> Type.Null.NULL;
                case UNINITIALIZED_THIS -> throw unsupported("object construction");
            };
            case StackMapFrameInfo.ObjectVerificationTypeInfo o -> {
                // A String local live at a merge: a message built before a check (Type.Void marks it, no IR value).
                if (o.classSymbol().descriptorString().equals("Ljava/lang/String;")) yield Type.Void.VOID;
                Type t = Type.ofDescriptor(o.classSymbol().descriptorString());
                if (!Type.isArray(t)) throw unsupported("object of type " + o.classSymbol().displayName());
                yield t;
            }
            case StackMapFrameInfo.UninitializedVerificationTypeInfo u -> throw unsupported("object construction");
        };
    }

    private void addFrameParams(BcBlock b) {
        int bci = bcis.get(b.first);
        for (int slot = 0; slot < b.frame.locals.length; slot++) {
            Type t = b.frame.locals[slot];
            if (t != null && t != Type.Void.VOID) b.ir.params().add(new Param(t, localName(slot, bci).orElse("l" + slot)));
        }
        for (int k = 0; k < b.frame.stack.length; k++) b.ir.params().add(new Param(b.frame.stack[k], "s" + k));
    }

    // ---------------------------------------------------------------- edges

    /** The edge from the current block (leaving {@code state}) to {@code target}. */
    private BlockCall edge(BcBlock target, State state, BcBlock from) {
        if (target.frame == null) {
            if (target.entry != null && target.entryFrom != from) {
                throw unsupported("control-flow merge without a stack map frame (class file older than Java 6)");
            }
            target.entry = new State(state);
            target.entryFrom = from;
            return new BlockCall(target.ir, List.of());
        }
        List<Value> args = new ArrayList<>();
        for (int slot = 0; slot < target.frame.locals.length; slot++) {
            if (target.frame.locals[slot] == null) continue;
            Value v = state.locals[slot];
            if (v == null) throw new IllegalStateException("frame local " + slot + " undefined on an edge in " + ref);
            if (target.frame.locals[slot] == Type.Void.VOID) {
                if (target.strings == null) target.strings = new HashMap<>();
                Value seen = target.strings.putIfAbsent(slot, v);
                if (!(v instanceof Value.Opaque || v instanceof Value.NullConst) || seen != null && seen != v) {
                    throw unsupported("String local " + localName(slot, bcis.get(target.first)).orElse("<local" + slot + ">")
                            + " with different values on paths that merge");
                }
                continue;
            }
            args.add(v);
        }
        if (state.stack.size() != target.frame.stack.length) {
            throw new IllegalStateException("stack depth differs from frame in " + ref);
        }
        args.addAll(state.stack);
        if (target.mergedOrigins == null) {
            target.mergedOrigins = new ArrayList<>(state.origins);
        } else {
            for (int k = 0; k < target.mergedOrigins.size(); k++) {
                Origin o = target.mergedOrigins.get(k);
                if (o != null && !o.equals(state.origins.get(k))) target.mergedOrigins.set(k, null);
            }
        }
        return new BlockCall(target.ir, args);
    }

    private State entryState(BcBlock b) {
        if (b.frame == null) {
            if (b.entry == null) throw new IllegalStateException("block without state in " + ref);
            return new State(b.entry);
        }
        State s = new State(code.maxLocals());
        int k = 0;
        for (int slot = 0; slot < b.frame.locals.length; slot++) {
            if (b.frame.locals[slot] == Type.Void.VOID) {
                Value str = b.strings == null ? null : b.strings.get(slot);
                if (str == null) throw unsupported("String local reaching a loop only around it");
                s.locals[slot] = str;
            } else if (b.frame.locals[slot] != null) {
                s.locals[slot] = b.ir.params().get(k++);
            }
        }
        for (int j = 0; j < b.frame.stack.length; j++) {
            s.stack.add(b.ir.params().get(k++));
            s.origins.add(b.mergedOrigins == null ? null : b.mergedOrigins.get(j));
        }
        return s;
    }

    // ---------------------------------------------------------------- interpretation

    private void interpret(BcBlock b) {
        State s = entryState(b);
        current = b.ir;
        for (int k = b.first; k < b.end; k++) {
            currentBci = bcis.get(k);
            Instruction i = insns.get(k);
            if (k == b.end - 1) {
                if (terminate(b, i, s)) return;
                step(i, s);
            } else {
                step(i, s);
            }
        }
        // Fell through into the next block.
        current.setTerminator(new Terminator.Jump(edge(blocksByIndex.get(b.end), s, b)));
    }

    /** A path forced to run as Java: native code leaves with what it reads (see {@link ColdPaths}). */
    private void coldExit(BcBlock b) {
        State s = entryState(b);
        current = b.ir;
        currentBci = bcis.get(b.first);
        current.setTerminator(cold.exit(b.first, s.locals, s.stack.size(), here(), new ColdPaths.Reads() {
            public Value length(Value array, int slot) {
                return add(new Inst.ArrayLength(array, npeMessage("Cannot read the array length", new Origin(currentBci, slot))));
            }

            public Value element(Value array, int slot, Value index, TypeKind k) {
                return add(new Inst.ArrayLoad(elemOf(array, k, "load from"), array, index,
                        npeMessage(loadStoreAction("load from", k), new Origin(currentBci, slot))));
            }
        }));
    }

    private Value pop(State s) {
        s.origins.removeLast();
        return s.stack.removeLast();
    }

    /** The state's operand stack as {@link ThrowLowering} sees it. */
    private ThrowLowering.Stack stackOf(State s) {
        return new ThrowLowering.Stack() {
            public Value pop() {
                return MethodLowerer.this.pop(s);
            }

            public void push(Value v) {
                MethodLowerer.this.push(s, v);
            }
        };
    }

    /** The current instruction as a stack trace frame. */
    private dev.kiln.runtime.abi.SourceFrame here() {
        var line = lines.floorEntry(currentBci);
        return new dev.kiln.runtime.abi.SourceFrame(ref.owner().replace('/', '.'), ref.name(),
                ThrowLowering.sourceFile(graph, ref.owner()), line == null ? -1 : line.getValue());
    }

    private Origin topOrigin(State s) {
        return s.origins.getLast();
    }

    private void push(State s, Value v) {
        push(s, v, null);
    }

    private void push(State s, Value v, Origin o) {
        s.stack.add(v);
        s.origins.add(o);
    }

    private <T extends Inst> T add(T inst) {
        current.insts().add(inst);
        return inst;
    }

    private void step(Instruction insn, State s) {
        switch (insn) {
            case LoadInstruction l -> {
                Value v = s.locals[l.slot()];
                if (v == null) throw new IllegalStateException("load of undefined local " + l.slot() + " in " + ref);
                // int locals keep their origin too: an index names the row in "a[i]" of a NullPointerException text
                push(s, v, l.typeKind() == TypeKind.REFERENCE || l.typeKind() == TypeKind.INT ? new Origin(currentBci, l.slot()) : null);
            }
            case StoreInstruction st -> {
                Value v = pop(s);
                store(s, st.slot(), v);
            }
            case IncrementInstruction inc -> store(s, inc.slot(),
                    add(new Inst.Binary(BinOp.ADD, Type.Prim.I32, s.locals[inc.slot()], new Value.IntConst(inc.constant()))));
            case ConstantInstruction c -> constant(c, s);
            case OperatorInstruction op -> operator(op.opcode(), s);
            case ConvertInstruction cv -> push(s, add(new Inst.Convert(convOp(cv.opcode()), pop(s))));
            case ArrayLoadInstruction al when al.typeKind() == TypeKind.REFERENCE -> {
                Origin indexOrigin = topOrigin(s);
                Value index = pop(s);
                Origin origin = topOrigin(s);
                Value array = pop(s);
                // On the null constant it throws NullPointerException where it runs (a guard may keep it from running).
                if (!isRowsOrNull(array)) throw unsupported("object array access (load from " + array.type() + ")");
                push(s, add(new Inst.RefLoad(array, index, npeMessage("Cannot load from object array", origin))),
                        elementOrigin(origin, index, indexOrigin));
            }
            case ArrayStoreInstruction as when as.typeKind() == TypeKind.REFERENCE -> {
                Value value = pop(s);
                Value index = pop(s);
                Origin origin = topOrigin(s);
                Value array = pop(s);
                if (!isRowsOrNull(array)) throw unsupported("object array access (store to " + array.type() + ")");
                add(new Inst.RefStore(array, index, value, npeMessage("Cannot store to object array", origin)));
            }
            case NewReferenceArrayInstruction n when Type.ofDescriptor("[" + n.componentType().asSymbol().descriptorString()) instanceof Type.RefArray t ->
                    push(s, add(new Inst.NewMultiArray(t, List.of(pop(s)))));
            case NewMultiArrayInstruction n when Type.ofDescriptor(n.arrayType().asSymbol().descriptorString()) instanceof Type.RefArray t -> {
                if (n.dimensions() > dev.kiln.compiler.ir.Inst.NewMultiArray.MAX_DIMS) {
                    throw unsupported("multi-dimensional array allocation with more than " + Inst.NewMultiArray.MAX_DIMS + " sizes");
                }
                Value[] dims = new Value[n.dimensions()];
                for (int k = dims.length - 1; k >= 0; k--) dims[k] = pop(s);
                push(s, add(new Inst.NewMultiArray(t, List.of(dims))));
            }
            case ArrayLoadInstruction al -> {
                Value index = pop(s);
                Origin origin = topOrigin(s);
                Value array = pop(s);
                Elem elem = elemOf(array, al.typeKind(), "load from");
                push(s, add(new Inst.ArrayLoad(elem, array, index, npeMessage(loadStoreAction("load from", al.typeKind()), origin))));
            }
            case ArrayStoreInstruction as -> {
                Value value = pop(s);
                Value index = pop(s);
                Origin origin = topOrigin(s);
                Value array = pop(s);
                Elem elem = elemOf(array, as.typeKind(), "store to");
                add(new Inst.ArrayStore(elem, array, index, value, npeMessage(loadStoreAction("store to", as.typeKind()), origin)));
            }
            case NewPrimitiveArrayInstruction n -> push(s, add(new Inst.NewArray(elem(n.typeKind(), "allocate"), pop(s))));
            case TypeCheckInstruction t when isPrimitiveArrayCast(t) -> {
                Type want = Type.ofDescriptor(t.type().asSymbol().descriptorString());
                Type have = s.stack.getLast().type();
                if (!have.equals(want) && have != Type.Null.NULL) {
                    throw unsupported("type check (checkcast " + t.type().asSymbol().displayName() + " of a " + have + ")");
                }
            }
            case StackInstruction st -> stackOp(st.opcode(), s);
            case InvokeInstruction inv -> invoke(inv, s);
            case FieldInstruction f when f.opcode() == Opcode.GETFIELD -> {
                Origin object = topOrigin(s);
                Value field = receiver.field(f, pop(s));
                // HotSpot names a null array field by where the object came from: "this.xs"
                push(s, field, object == null ? null
                        : new Origin(currentBci, Origin.DESCRIBED, describe(object) + "." + f.name().stringValue()));
            }
            case FieldInstruction f -> {
                if (f.opcode() != Opcode.GETSTATIC) {
                    if (f.opcode() == Opcode.PUTFIELD) receiver.field(f, s.stack.get(s.stack.size() - 2));
                    throw unsupported("field access (" + f.opcode().name().toLowerCase(Locale.ROOT) + " "
                            + f.owner().asInternalName().replace('/', '.') + "." + f.name().stringValue() + ")");
                }
                Optional<StaticTables.Table> table = StaticTables.resolve(graph, f.owner().asInternalName(),
                        f.name().stringValue(), f.type().stringValue());
                if (table.isPresent()) {
                    Param p = tableParams.get(tables.indexOf(table.get()));
                    push(s, p, new Origin(currentBci, Origin.STATIC_FIELD, table.get().display()));
                } else {
                    push(s, StaticConstants.read(graph, f, this::unsupported));
                }
            }
            case NopInstruction n -> {
            }
            case NewObjectInstruction n -> push(s, throwing.newObject(n.className().asInternalName()));
            case InvokeDynamicInstruction d -> {
                receiver.refuseEscape(s.stack.subList(s.stack.size() - d.typeSymbol().parameterCount(), s.stack.size()),
                        "this in a string concatenation");
                throwing.concat(d, stackOf(s));
            }
            default -> throw unsupported(alwaysRefused(insn).orElse("bytecode " + insn.opcode().name().toLowerCase(Locale.ROOT)));
        }
    }

    /** Instructions Kiln never compiles, wherever they stand; found before anything else so the report names them. */
    private Optional<String> alwaysRefused(Instruction insn) {
        return Optional.ofNullable(switch (insn) {
            case NewObjectInstruction n -> throwing.refusalOfNew(n.className().asInternalName());
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

    private void store(State s, int slot, Value v) {
        s.locals[slot] = v;
        if (Type.category(v.type()) == 2) s.locals[slot + 1] = null;
        // Overwriting the second half of a long or double kills it.
        if (slot > 0 && s.locals[slot - 1] != null && Type.category(s.locals[slot - 1].type()) == 2) s.locals[slot - 1] = null;
    }

    private void constant(ConstantInstruction c, State s) {
        if (c.opcode() == Opcode.ACONST_NULL) {
            push(s, new Value.NullConst(Type.Null.NULL), new Origin(currentBci, Origin.NULL_CONSTANT));
            return;
        }
        ConstantDesc v = c.constantValue();
        push(s, switch (v) {
            case Integer i -> new Value.IntConst(i);
            case Long l -> new Value.LongConst(l);
            case Float f -> new Value.FloatConst(f);
            case Double d -> new Value.DoubleConst(d);
            case String str -> throwing.stringConstant(str);
            default -> throw unsupported("constant of type " + v.getClass().getSimpleName() + " (ldc)");
        });
    }

    private void operator(Opcode op, State s) {
        String name = op.name();
        if (op == Opcode.ARRAYLENGTH) {
            Origin origin = topOrigin(s);
            Value a = pop(s);
            push(s, add(new Inst.ArrayLength(a, npeMessage("Cannot read the array length", origin))));
            return;
        }
        if (op == Opcode.LCMP || op == Opcode.FCMPL || op == Opcode.FCMPG || op == Opcode.DCMPL || op == Opcode.DCMPG) {
            Value b = pop(s);
            Value a = pop(s);
            CmpOp cmp = op == Opcode.LCMP ? CmpOp.LCMP : name.endsWith("L") ? CmpOp.CMPL : CmpOp.CMPG;
            push(s, add(new Inst.Compare(cmp, a, b)));
            return;
        }
        Type.Prim type = switch (name.charAt(0)) {
            case 'I' -> Type.Prim.I32;
            case 'L' -> Type.Prim.I64;
            case 'F' -> Type.Prim.F32;
            case 'D' -> Type.Prim.F64;
            default -> throw unsupported("bytecode " + name.toLowerCase(Locale.ROOT));
        };
        String what = name.substring(1);
        if (what.equals("NEG")) {
            push(s, add(new Inst.Neg(type, pop(s))));
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
            default -> throw unsupported("bytecode " + name.toLowerCase(Locale.ROOT));
        };
        Value b = pop(s);
        Value a = pop(s);
        push(s, add(new Inst.Binary(bin, type, a, b)));
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
            default -> throw unsupported("object array access (" + action + " " + k.name().toLowerCase(Locale.ROOT) + " array)");
        };
    }

    /** HotSpot's wording: baload/bastore serve both byte[] and boolean[]. */
    private static String loadStoreAction(String verb, TypeKind k) {
        String t = k == TypeKind.BYTE || k == TypeKind.BOOLEAN ? "byte/boolean" : k.name().toLowerCase(Locale.ROOT);
        return "Cannot " + verb + " " + t + " array";
    }

    private void stackOp(Opcode op, State s) {
        int n = s.stack.size();
        switch (op) {
            case POP -> pop(s);
            case POP2 -> {
                if (Type.category(pop(s).type()) == 1) pop(s);
            }
            case DUP -> push(s, s.stack.get(n - 1), s.origins.get(n - 1));
            case DUP_X1 -> insertCopy(s, 1, 2);
            case DUP_X2 -> insertCopy(s, 1, Type.category(s.stack.get(n - 2).type()) == 2 ? 2 : 3);
            case DUP2 -> {
                if (Type.category(s.stack.get(n - 1).type()) == 2) insertCopy(s, 1, 1);
                else insertCopy(s, 2, 2);
            }
            case DUP2_X1 -> {
                if (Type.category(s.stack.get(n - 1).type()) == 2) insertCopy(s, 1, 2);
                else insertCopy(s, 2, 3);
            }
            case DUP2_X2 -> {
                boolean topWide = Type.category(s.stack.get(n - 1).type()) == 2;
                int copied = topWide ? 1 : 2;
                // Count entries down to four slots' worth.
                int slots = 0;
                int entries = 0;
                while (slots < 4) {
                    slots += Type.category(s.stack.get(n - 1 - entries).type());
                    entries++;
                }
                insertCopy(s, copied, entries);
            }
            case SWAP -> {
                Value a = s.stack.get(n - 1);
                Origin oa = s.origins.get(n - 1);
                s.stack.set(n - 1, s.stack.get(n - 2));
                s.origins.set(n - 1, s.origins.get(n - 2));
                s.stack.set(n - 2, a);
                s.origins.set(n - 2, oa);
            }
            default -> throw unsupported("bytecode " + op.name().toLowerCase(Locale.ROOT));
        }
    }

    /** Copies the top {@code count} entries to below the top {@code depth} entries. */
    private static void insertCopy(State s, int count, int depth) {
        int n = s.stack.size();
        List<Value> vs = new ArrayList<>(s.stack.subList(n - count, n));
        List<Origin> os = new ArrayList<>(s.origins.subList(n - count, n));
        s.stack.addAll(n - depth, vs);
        s.origins.addAll(n - depth, os);
    }

    private void invoke(InvokeInstruction inv, State s) {
        String owner = inv.owner().asInternalName();
        String name = inv.name().stringValue();
        String desc = inv.type().stringValue();
        String shown = owner.replace('/', '.') + "." + name + desc;
        if (inv.opcode() == Opcode.INVOKEVIRTUAL && name.equals("clone") && desc.equals("()Ljava/lang/Object;")
                && owner.length() == 2 && owner.charAt(0) == '[' && Elem.ofDescriptor(owner.charAt(1)) != null) {
            Origin origin = topOrigin(s);
            Value array = pop(s);
            push(s, add(ArrayCalls.cloneOf(array, npeMessage("Cannot invoke \"" + owner + ".clone()\"", origin))));
            return;
        }
        int argCount = inv.typeSymbol().parameterCount();
        Value object = inv.opcode() == Opcode.INVOKESTATIC || s.stack.size() <= argCount ? null
                : s.stack.get(s.stack.size() - 1 - argCount);
        receiver.refuseEscape(s.stack.subList(s.stack.size() - argCount, s.stack.size()), "this passed to " + shown);
        if (ReceiverLowering.isSelf(object)) {
            callOnSelf(inv, s);
            return;
        }
        if (throwing.invoke(inv, stackOf(s), object, here())) return;
        if (inv.opcode() != Opcode.INVOKESTATIC) {
            throw unsupported(inv.opcode().name().toLowerCase(Locale.ROOT) + " of " + shown + " (only static calls)");
        }
        boolean jdk = KernelGraph.isJdkOwner(owner) || owner.startsWith("[");
        if (jdk) {
            int count = inv.typeSymbol().parameterCount();
            Value[] popped = s.stack.subList(s.stack.size() - count, s.stack.size()).toArray(Value[]::new);
            Optional<Inst> lowered = ArrayCalls.lower(owner, name, desc, popped);
            if (lowered.isPresent() && lowered.get() instanceof Inst.ArrayCopy c
                    && (c.src().type() instanceof Type.RefArray || c.dst().type() instanceof Type.RefArray)
                    && !c.src().type().equals(c.dst().type())
                    && c.src().type() != Type.Null.NULL && c.dst().type() != Type.Null.NULL) {
                throw unsupported("System.arraycopy from " + c.src().type() + " to " + c.dst().type()
                        + " (arrays of arrays copy only to the same type)");
            }
            if (lowered.isPresent()) {
                for (int k = 0; k < count; k++) pop(s);
                Inst i = add(lowered.get());
                if (i.type() != Type.Void.VOID) push(s, i);
                return;
            }
        }
        Optional<Intrinsic> intrinsic = jdk ? Intrinsics.find(owner, name, desc) : Optional.empty();
        // A JDK method without an intrinsic is compiled from its bytecode when the graph read it (JdkLeaves).
        if (jdk && intrinsic.isEmpty() && resolve(new MethodRef(owner, name, desc)) == null) {
            throw unsupported(Intrinsics.refusal(owner, name, desc)
                    .orElse("call to JDK method " + shown + " (not in Kiln's intrinsic table)"));
        }
        MethodTypeDesc mt = inv.typeSymbol();
        Type ret = Type.ofDescriptor(mt.returnType().descriptorString());
        if (ret == null) {
            throw unsupported("call to " + shown + " returning " + mt.returnType().displayName());
        }
        int n = mt.parameterCount();
        Value[] args = new Value[n];
        for (int k = n - 1; k >= 0; k--) args[k] = pop(s);
        for (int k = 0; k < n; k++) {
            if (Type.ofDescriptor(mt.parameterType(k).descriptorString()) == null) {
                throw unsupported("call to " + shown + " with a " + mt.parameterType(k).displayName() + " argument");
            }
        }
        Inst call;
        if (intrinsic.isPresent()) {
            call = add(new Inst.IntrinsicCall(intrinsic.get(), ret, Arrays.asList(args)));
        } else {
            MethodRef callee = resolve(new MethodRef(owner, name, desc));
            if (callee == null) throw unsupported("call to " + shown + " (method not found)");
            call = add(new Inst.Call(functionNames.apply(callee), ret, withImplicit(args), here()));
        }
        if (ret != Type.Void.VOID) push(s, call);
    }

    /** A call on {@code this} of a kernel object: a direct call, the receiver's fields passed on implicitly. */
    private void callOnSelf(InvokeInstruction inv, State s) {
        MethodRef callee = receiver.callee(inv);
        MethodTypeDesc mt = inv.typeSymbol();
        Type ret = Type.ofDescriptor(mt.returnType().descriptorString());
        if (ret == null) throw unsupported("call to " + callee.display() + " returning " + mt.returnType().displayName());
        Value[] args = new Value[mt.parameterCount()];
        for (int k = args.length - 1; k >= 0; k--) args[k] = pop(s);
        pop(s); // this
        Inst call = add(new Inst.Call(functionNames.apply(callee), ret, withImplicit(args), here()));
        if (ret != Type.Void.VOID) push(s, call);
    }

    /** A call's arguments followed by what every function of the module takes last: tables, receiver fields. */
    private List<Value> withImplicit(Value[] args) {
        List<Value> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(tableParams);
        all.addAll(receiver.params());
        return all;
    }

    /** JVM static-method resolution as {@link KernelGraph} does it: the class, its superclasses, its interfaces. */
    private MethodRef resolve(MethodRef named) {
        List<String> search = new ArrayList<>(List.of(named.owner()));
        while (!search.isEmpty()) {
            String cls = search.removeFirst();
            MethodRef candidate = new MethodRef(cls, named.name(), named.descriptor());
            if (graph.methods().containsKey(candidate)) return candidate;
            Optional<ClassModel> cm = graph.classModel(cls);
            if (cm.isEmpty()) continue;
            cm.get().superclass().ifPresent(c -> search.add(c.asInternalName()));
            cm.get().interfaces().forEach(c -> search.add(c.asInternalName()));
        }
        return null;
    }

    // ---------------------------------------------------------------- terminators

    /** Handles the block's last instruction when it transfers control; false when it is an ordinary one. */
    private boolean terminate(BcBlock b, Instruction insn, State s) {
        switch (insn) {
            case ReturnInstruction r -> {
                Value v = r.opcode() == Opcode.RETURN ? null : pop(s);
                if (v != null) v = narrowReturn(v);
                current.setTerminator(new Terminator.Return(v));
                return true;
            }
            case BranchInstruction br -> {
                branch(b, br, s);
                return true;
            }
            case ThrowInstruction t -> {
                current.setTerminator(throwing.athrow(pop(s)));
                return true;
            }
            case TableSwitchInstruction t -> {
                switchTo(b, pop(s), t.cases(), t.defaultTarget(), s);
                return true;
            }
            case LookupSwitchInstruction l -> {
                switchTo(b, pop(s), l.cases(), l.defaultTarget(), s);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private Value narrowReturn(Value v) {
        return switch (returnDescriptor()) {
            case "Z" -> add(new Inst.Binary(BinOp.AND, Type.Prim.I32, v, new Value.IntConst(1)));
            case "B" -> add(new Inst.Convert(ConvOp.I2B, v));
            case "C" -> add(new Inst.Convert(ConvOp.I2C, v));
            case "S" -> add(new Inst.Convert(ConvOp.I2S, v));
            default -> v;
        };
    }

    private void switchTo(BcBlock b, Value key, List<SwitchCase> cases, Label dflt, State s) {
        List<Integer> keys = new ArrayList<>();
        List<BlockCall> targets = new ArrayList<>();
        for (SwitchCase c : cases) {
            keys.add(c.caseValue());
            targets.add(edge(blocksByIndex.get(indexOf(c.target())), s, b));
        }
        BlockCall otherwise = edge(blocksByIndex.get(indexOf(dflt)), s, b);
        current.setTerminator(new Terminator.Switch(key, keys, targets, otherwise));
    }

    private void branch(BcBlock b, BranchInstruction br, State s) {
        Opcode op = br.opcode();
        BcBlock target = blocksByIndex.get(indexOf(br.target()));
        if (op == Opcode.GOTO || op == Opcode.GOTO_W) {
            current.setTerminator(new Terminator.Jump(edge(target, s, b)));
            return;
        }
        Rel rel;
        boolean unordered = false;
        Value left;
        Value right;
        switch (op) {
            case IFEQ, IFNE, IFLT, IFGE, IFGT, IFLE -> {
                rel = Rel.valueOf(op.name().substring(2));
                Value v = pop(s);
                if (v instanceof Inst.Compare cmp && !current.insts().isEmpty() && current.insts().getLast() == v
                        && !inState(s, v)) {
                    // lcmp/fcmpX/dcmpX feeding an ifXX: branch on the comparison itself.
                    current.insts().removeLast();
                    left = cmp.left();
                    right = cmp.right();
                    int nanResult = cmp.op() == CmpOp.CMPL ? -1 : 1;
                    unordered = cmp.op() != CmpOp.LCMP && holds(rel, nanResult);
                } else {
                    left = v;
                    right = new Value.IntConst(0);
                }
            }
            case IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE -> {
                rel = Rel.valueOf(op.name().substring(7));
                right = pop(s);
                left = pop(s);
            }
            case IF_ACMPEQ, IF_ACMPNE -> {
                rel = Rel.valueOf(op.name().substring(7));
                right = pop(s);
                left = pop(s);
            }
            case IFNULL, IFNONNULL -> {
                rel = op == Opcode.IFNULL ? Rel.EQ : Rel.NE;
                left = pop(s);
                right = new Value.NullConst(Type.Null.NULL);
            }
            default -> throw unsupported("bytecode " + op.name().toLowerCase(Locale.ROOT));
        }
        receiver.refuseEscape(List.of(left, right), "comparison of this (" + op.name().toLowerCase(Locale.ROOT) + ")");
        if (left instanceof Value.Opaque || right instanceof Value.Opaque) {
            throw unsupported("comparison of a string or exception reference (" + op.name().toLowerCase(Locale.ROOT) + ")");
        }
        BlockCall taken = edge(target, s, b);
        BlockCall fall = edge(blocksByIndex.get(b.end), s, b);
        current.setTerminator(new Terminator.Branch(rel, unordered, left, right, taken, fall));
    }

    private static boolean holds(Rel rel, int c) {
        return switch (rel) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case GE -> c >= 0;
            case GT -> c > 0;
            case LE -> c <= 0;
        };
    }

    private static boolean inState(State s, Value v) {
        for (Value x : s.stack) if (x == v) return true;
        for (Value x : s.locals) if (x == v) return true;
        return false;
    }

    // ---------------------------------------------------------------- names, messages, errors

    private Block newBlock() {
        return new Block(nextBlockId++);
    }

    private Optional<String> localName(int slot, int bci) {
        for (LocalName n : localNames) {
            if (n.slot == slot && bci >= n.start && bci < n.end) return Optional.of(n.name);
        }
        return Optional.empty();
    }

    /** HotSpot's name for {@code array[index]}: {@code a[i]}, {@code a[0]}, or {@code a[...]} for a computed index. */
    private Origin elementOrigin(Origin array, Value index, Origin indexOrigin) {
        if (array == null) return null;
        String i = index instanceof Value.IntConst c ? Integer.toString(c.value())
                : indexOrigin != null && indexOrigin.slot >= 0 ? describe(indexOrigin) : "...";
        return new Origin(currentBci, Origin.DESCRIBED, describe(array) + "[" + i + "]");
    }

    private String npeMessage(String action, Origin origin) {
        if (origin == null) return action;
        return action + " because \"" + describe(origin) + "\" is null";
    }

    /** As HotSpot names the source of a null: the local's name, else {@code <parameterN>} or {@code <localN>}. */
    private String describe(Origin o) {
        if (o.slot == Origin.NULL_CONSTANT) return "null";
        if (o.slot == Origin.DESCRIBED) return o.text; // a[i], a static field (class and field), this.field
        Optional<String> name = localName(o.slot, o.bci);
        if (name.isPresent()) return name.get();
        if (receiver.instance() && o.slot == 0) return "this";
        int slot = receiver.instance() ? 1 : 0;
        int index = 1;
        for (var p : method.methodTypeSymbol().parameterList()) {
            int size = p.descriptorString().equals("J") || p.descriptorString().equals("D") ? 2 : 1;
            if (o.slot >= slot && o.slot < slot + size) {
                return writtenBefore(o.bci).get(o.slot) ? "<local" + o.slot + ">" : "<parameter" + index + ">";
            }
            slot += size;
            index++;
        }
        return "<local" + o.slot + ">";
    }

    /**
     * Locals HotSpot's helpful-NPE analysis counts as written before {@code bci}: it simulates the bytecode once in
     * order, merging into a later instruction what the paths seen so far wrote, so writes that only reach a point
     * over a back edge (processed after it) do not count; and it tracks 64 slots, counting higher ones as written.
     */
    private BitSet writtenBefore(int bci) {
        if (writtenAtBlockStart == null) {
            List<BcBlock> blocks = new ArrayList<>(blocksByIndex.values());
            Map<BcBlock, Integer> pos = new IdentityHashMap<>();
            for (int k = 0; k < blocks.size(); k++) pos.put(blocks.get(k), k);
            writtenAtBlockStart = new BitSet[blocks.size()];
            boolean[] reached = new boolean[blocks.size()];
            reached[0] = true;
            for (int k = 0; k < blocks.size(); k++) writtenAtBlockStart[k] = new BitSet();
            for (int k = 0; k < blocks.size(); k++) { // one pass in bytecode order, forward edges only
                BcBlock b = blocks.get(k);
                if (!b.reachable || !reached[k]) continue;
                BitSet out = writesThrough(b, writtenAtBlockStart[k], b.end);
                for (BcBlock succ : successors(b)) {
                    int j = pos.get(succ);
                    if (j <= k) continue;
                    writtenAtBlockStart[j].or(out);
                    reached[j] = true;
                }
            }
            // A block reached only over a back edge: HotSpot's analysis goes round again, with every write seen.
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int k = 0; k < blocks.size(); k++) {
                    BcBlock b = blocks.get(k);
                    if (!b.reachable) continue;
                    BitSet out = writesThrough(b, writtenAtBlockStart[k], b.end);
                    for (BcBlock succ : successors(b)) {
                        int j = pos.get(succ);
                        if (reached[j]) continue;
                        BitSet merged = (BitSet) writtenAtBlockStart[j].clone();
                        merged.or(out);
                        if (!merged.equals(writtenAtBlockStart[j])) {
                            writtenAtBlockStart[j] = merged;
                            changed = true;
                        }
                    }
                }
            }
        }
        int index = indexOfBci.get(bci);
        int k = 0;
        BcBlock owner = null;
        for (BcBlock b : blocksByIndex.values()) {
            if (index >= b.first && index < b.end) {
                owner = b;
                break;
            }
            k++;
        }
        BitSet w = writesThrough(owner, writtenAtBlockStart[k], index);
        w.set(64, Math.max(64, code.maxLocals() + 1)); // slots above 63 count as written
        return w;
    }

    /** {@code in} plus the locals the instructions of {@code b} before index {@code end} store to. */
    private BitSet writesThrough(BcBlock b, BitSet in, int end) {
        BitSet out = (BitSet) in.clone();
        for (int j = b.first; j < end; j++) {
            if (insns.get(j) instanceof StoreInstruction st) out.set(st.slot());
            if (insns.get(j) instanceof IncrementInstruction inc) out.set(inc.slot());
        }
        return out;
    }

    private UnsupportedConstructException unsupported(String construct) {
        var line = lines.floorEntry(currentBci);
        return new UnsupportedConstructException(ref.className(), ref.name(), line == null ? -1 : line.getValue(),
                currentBci, construct, graph.callPath(ref));
    }
}
