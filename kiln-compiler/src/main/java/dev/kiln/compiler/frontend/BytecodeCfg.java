package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.MethodRef;
import dev.kiln.runtime.abi.SourceFrame;

import java.lang.classfile.Attributes;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.attribute.StackMapFrameInfo;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.LocalVariable;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.classfile.instruction.ThrowInstruction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One method's bytecode as basic blocks: the decoded instructions with their bytecode indexes, line numbers and local
 * variable names, the blocks in bytecode order with their successors and reachability, and the stack map frame each
 * jump target carries. It also holds the lowering's position ({@link #bci}), so that every refusal names the
 * instruction being lowered.
 */
final class BytecodeCfg {
    private record LocalName(int start, int end, int slot, String name) {
    }

    /** Types of the live locals (by slot, null when dead) and stack entries a stack map frame gives a block. */
    record Frame(Type[] locals, Type[] stack, Map<Integer, FrameObject> objects) {
    }

    /**
     * A replaced object a frame lists ({@link ObjectMerges}), by position: a local's slot, or {@code -1 - k} for stack
     * entry k (its type there is null). {@code uninitialized}: before its constructor returns, a single object.
     */
    record FrameObject(ValueObjects.ValueClass cls, boolean uninitialized) {
    }

    /** A basic block of bytecode, and what interpretation learns about it. */
    static final class BcBlock {
        final int first; // instruction index
        int end;         // exclusive
        Frame frame;
        Block ir;
        FrameState entry; // for blocks without a frame: the state their only predecessor left
        BcBlock entryFrom;
        List<NpeNames.Origin> mergedOrigins; // stack origins over the edges seen so far, for frame blocks
        Map<Integer, Value> strings; // String locals the frame lists: the one message string every edge brings
        ObjectMerges.AtBlock objects; // replaced objects the frame lists: their fields' parameters
        boolean reachable;

        BcBlock(int first) {
            this.first = first;
        }
    }

    private final KernelGraph graph;
    private final MethodRef ref;
    CodeAttribute code;
    final List<Instruction> insns = new ArrayList<>();
    /** The classes whose objects are replaced by their fields ({@link ValueObjects}). */
    ValueObjects.Classes valueClasses;
    /** For an instance method lowered inline on a replaced object: that object's class, else null. */
    ValueObjects.ValueClass inlinedReceiver;
    /** Object parameters typed as the arrays they receive ({@link ObjectParams}), by slot. */
    java.util.Map<Integer, Type> objectSlots = java.util.Map.of();
    final List<Integer> bcis = new ArrayList<>();
    final Map<Integer, Integer> indexOfBci = new HashMap<>();
    private final TreeMap<Integer, Integer> lines = new TreeMap<>();
    private final List<LocalName> localNames = new ArrayList<>();
    /** Blocks by their first instruction's index, in bytecode order. */
    final TreeMap<Integer, BcBlock> blocksByIndex = new TreeMap<>();
    private final Map<Integer, Frame> framesByBci = new HashMap<>();
    int firstHandlerBci = -1;
    /** The bytecode index being lowered: what a refusal or a stack trace frame names. */
    int bci;

    BytecodeCfg(KernelGraph graph, MethodRef ref) {
        this.graph = graph;
        this.ref = ref;
    }

    void decode(CodeAttribute code) {
        this.code = code;
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

    int indexOf(Label l) {
        Integer i = indexOfBci.get(code.labelToBci(l));
        if (i == null) throw new IllegalStateException("label not at an instruction in " + ref);
        return i;
    }

    /** The block that starts at label {@code l}. */
    BcBlock block(Label l) {
        return blocksByIndex.get(indexOf(l));
    }

    private static boolean endsBlock(Instruction i) {
        return i instanceof BranchInstruction || i instanceof TableSwitchInstruction
                || i instanceof LookupSwitchInstruction || i instanceof ReturnInstruction || i instanceof ThrowInstruction;
    }

    void splitBlocks() {
        TreeSet<Integer> leaders = new TreeSet<>();
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

    List<BcBlock> successors(BcBlock b) {
        Instruction last = insns.get(b.end - 1);
        List<BcBlock> s = new ArrayList<>();
        for (Label l : targets(last)) s.add(blocksByIndex.get(indexOf(l)));
        boolean fallsThrough = !(last instanceof ReturnInstruction || last instanceof ThrowInstruction
                || last instanceof TableSwitchInstruction || last instanceof LookupSwitchInstruction
                || (last instanceof BranchInstruction br && (br.opcode() == Opcode.GOTO || br.opcode() == Opcode.GOTO_W)));
        if (fallsThrough) {
            if (b.end >= insns.size()) {
                bci = bcis.get(b.end - 1);
                throw unsupported("control falling off the end of the code");
            }
            s.add(blocksByIndex.get(b.end));
        }
        return s;
    }

    void markReachable() {
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

    /**
     * The reachable blocks in reverse postorder: every block after its predecessors except along a loop's back edge,
     * so a loop's header and body are lowered after an edge from outside the loop has reached them, whatever the
     * bytecode layout (javac puts a {@code while} loop's test after its body).
     */
    List<BcBlock> reversePostorder() {
        List<BcBlock> post = new ArrayList<>();
        java.util.Set<BcBlock> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Deque<java.util.Iterator<BcBlock>> stack = new java.util.ArrayDeque<>();
        java.util.Deque<BcBlock> path = new java.util.ArrayDeque<>();
        BcBlock first = blocksByIndex.get(0);
        seen.add(first);
        path.push(first);
        stack.push(successors(first).iterator());
        while (!stack.isEmpty()) {
            if (stack.peek().hasNext()) {
                BcBlock s = stack.peek().next();
                if (seen.add(s)) {
                    path.push(s);
                    stack.push(successors(s).iterator());
                }
            } else {
                stack.pop();
                post.add(path.pop());
            }
        }
        return post.reversed();
    }

    /** Reads the stack map frames and gives each block that starts at one its frame. */
    void readFrames(ReceiverLowering receiver, java.util.function.IntPredicate skip) {
        var smt = code.findAttribute(Attributes.stackMapTable());
        if (smt.isEmpty()) return;
        for (StackMapFrameInfo f : smt.get().entries()) {
            int at = code.labelToBci(f.target());
            bci = at;
            if (skip.test(indexOfBci.get(at))) continue;
            Type[] locals = new Type[code.maxLocals()];
            Map<Integer, FrameObject> objects = new java.util.LinkedHashMap<>();
            int slot = 0;
            for (var v : f.locals()) {
                FrameObject obj = receiver.isSelfLocal(slot, v) ? null : inlinedThis(slot, v) ? new FrameObject(inlinedReceiver, false)
                        : frameObject(v);
                Type t = obj != null ? null : receiver.isSelfLocal(slot, v) ? Type.Void.VOID
                        : v instanceof StackMapFrameInfo.ObjectVerificationTypeInfo o && objectSlots.containsKey(slot)
                        && o.classSymbol().descriptorString().equals(ObjectParams.OBJECT) ? objectSlots.get(slot)
                        : frameType(v);
                if (obj != null) objects.put(slot, obj);
                if (t != null) locals[slot] = t;
                slot += t == Type.Prim.I64 || t == Type.Prim.F64 ? 2 : 1;
            }
            Type[] stack = new Type[f.stack().size()];
            for (int k = 0; k < stack.length; k++) {
                var refused = receiver.refusalOnStack(f.stack().get(k));
                if (refused.isPresent()) throw unsupported(refused.get());
                FrameObject obj = frameObject(f.stack().get(k));
                if (obj != null) {
                    objects.put(-1 - k, obj);
                    continue;
                }
                stack[k] = frameType(f.stack().get(k));
                if (stack[k] == null) throw new IllegalStateException("top on the stack in a frame of " + ref);
                if (stack[k] == Type.Void.VOID) throw unsupported("string on the operand stack at a branch");
            }
            framesByBci.put(at, new Frame(locals, stack, objects));
        }
        for (BcBlock b : blocksByIndex.values()) b.frame = framesByBci.get(bcis.get(b.first));
    }

    /**
     * Local 0 of a method lowered inline on a replaced object, typed as the method's class: that object's class, which
     * may be a subclass (an anonymous {@code ContinuedFraction}), so the frame names a class that is not replaced
     * itself. Another object in that local at a merge is refused there as of a different class.
     */
    private boolean inlinedThis(int slot, StackMapFrameInfo.VerificationTypeInfo v) {
        return slot == 0 && inlinedReceiver != null && v instanceof StackMapFrameInfo.ObjectVerificationTypeInfo o
                && o.classSymbol().descriptorString().equals("L" + ref.owner() + ";")
                && ValueObjects.isSubclass(graph, inlinedReceiver.name(), ref.owner());
    }

    /** A frame entry holding an object of a value class (or one under construction), else null. */
    private FrameObject frameObject(StackMapFrameInfo.VerificationTypeInfo v) {
        if (valueClasses == null) return null;
        String cls = switch (v) {
            case StackMapFrameInfo.ObjectVerificationTypeInfo o when o.classSymbol().isClassOrInterface() ->
                    o.classSymbol().descriptorString().substring(1, o.classSymbol().descriptorString().length() - 1);
            case StackMapFrameInfo.UninitializedVerificationTypeInfo u ->
                    insns.get(indexOfBci.get(code.labelToBci(u.newTarget()))) instanceof NewObjectInstruction n
                            ? n.className().asInternalName() : null;
            case StackMapFrameInfo.SimpleVerificationTypeInfo s when s == StackMapFrameInfo.SimpleVerificationTypeInfo.UNINITIALIZED_THIS ->
                    ref.name().equals("<init>") ? ref.owner() : null;
            default -> null;
        };
        if (cls == null) return null;
        boolean uninitialized = !(v instanceof StackMapFrameInfo.ObjectVerificationTypeInfo);
        return valueClasses.find(cls).map(c -> new FrameObject(c, uninitialized)).orElse(null);
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

    /** The source name of local {@code slot} at {@code bci}, when the class file has a local variable table. */
    Optional<String> localName(int slot, int bci) {
        for (LocalName n : localNames) {
            if (n.slot == slot && bci >= n.start && bci < n.end) return Optional.of(n.name);
        }
        return Optional.empty();
    }

    /** The current instruction as a stack trace frame. */
    SourceFrame here() {
        var line = lines.floorEntry(bci);
        return new SourceFrame(ref.owner().replace('/', '.'), ref.name(),
                ThrowLowering.sourceFile(graph, ref.owner()), line == null ? -1 : line.getValue());
    }

    /** A refusal of {@code construct} at the current instruction. */
    UnsupportedConstructException unsupported(String construct) {
        var line = lines.floorEntry(bci);
        return new UnsupportedConstructException(ref.className(), ref.name(), line == null ? -1 : line.getValue(),
                bci, construct, graph.callPath(ref));
    }
}
