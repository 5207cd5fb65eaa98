package dev.kiln.model;

import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.*;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the arrays of a family of static tables flow inside one method ({@link ImmutableTables}): an abstract
 * interpretation of its byte code whose values are sets of origins. The operand stack is followed per instruction;
 * locals are flow-insensitive (the union of everything stored in a slot), which over-approximates and so stays sound.
 * The method {@link #run}s to a fixpoint and reports the first use that could write, keep or leak a table array.
 */
final class TableFlow {
    /** Origins a reference can have (bits of {@link V#bits}). */
    static final int FAM = 1;     // a family table or one of its rows: read only
    static final int OWN = 2;     // a table of this class read in its own initializer: it may fill it
    static final int FRESH = 4;   // allocated by this method (tracked only where the family is built)
    static final int OTHER = 8;   // anything else: primitives, parameters, fields, calls outside the family
    static final int NULL = 16;

    /** An abstract value: origin bits, and the fields/methods it may come from outside the family yet. */
    record V(int bits, Set<String> refs) {
        static final V OTHER_V = new V(OTHER, Set.of());

        V join(V o) {
            if (o.equals(this)) return this;
            Set<String> r = new TreeSet<>(refs);
            r.addAll(o.refs);
            return new V(bits | o.bits, r);
        }

        boolean family() {
            return (bits & (FAM | OWN)) != 0;
        }
    }

    /** What the family consists of so far; the method grows it through {@link #grow}. */
    interface Family {
        boolean isField(String field);          // owner.name:descriptor

        boolean isMethod(String method);        // owner.name descriptor

        /** A family field set from an array that is not new: its initializer may not write into it. */
        boolean isBorrowed(String field);

        /** Whether local {@code slot} of static method {@code method} is passed a family array somewhere. */
        boolean isReadOnlyParam(String method, int slot);

        /** True when the class is one whose methods may add to the family (its package). */
        boolean inScope(String owner);

        /**
         * A field ({@code owner.name:descriptor}) or method ({@code owner.name descriptor}) named through a class of
         * the package that inherits it, as the declaring class's; anything else unchanged.
         */
        String resolve(String member);

        /**
         * A field or method a family value comes from, {@code borrowed:} and a family field, or {@code param:}, a
         * static method, {@code #} and a parameter slot a family array is passed to; the family grows (the analysis
         * restarts).
         */
        void grow(String ref);
    }

    /** Why the method leaks a table, or null. */
    private String failure;
    private final String owner;
    private final MethodModel method;
    private final Family family;
    private final boolean initializer;
    private final boolean contributing;
    private final boolean inFamily;
    private V[] locals;
    /** A row that is not new was stored into an array this method builds or fills: rows read back are not new. */
    private boolean borrowedRows;
    /** Allocation sites ({@code new@index}) that become part of a family table, that go elsewhere, and their rows. */
    private final Set<String> sunk = new TreeSet<>();
    private final Set<String> escaped = new TreeSet<>();
    private final Map<String, List<V>> contents = new HashMap<>();
    private final String self;

    private TableFlow(String owner, MethodModel method, Family family) {
        this.owner = owner;
        this.method = method;
        this.family = family;
        this.initializer = method.methodName().equalsString("<clinit>");
        this.self = owner + "." + method.methodName().stringValue() + " " + method.methodType().stringValue();
        this.inFamily = family.isMethod(self);
        this.contributing = inFamily || initializer;
    }

    /** Null when every family value in {@code method} is only read (or built, where it is built); else why not. */
    static String check(String owner, MethodModel method, Family family) {
        return new TableFlow(owner, method, family).run();
    }

    private String run() {
        if (method.code().isEmpty()) return null;
        List<Instruction> code = new ArrayList<>();
        Map<Label, Integer> at = new HashMap<>();
        List<ExceptionCatch> catches = new ArrayList<>();
        for (CodeElement e : method.code().get()) {
            switch (e) {
                case LabelTarget t -> at.put(t.label(), code.size());
                case ExceptionCatch c -> catches.add(c);
                case Instruction i -> code.add(i);
                default -> { }
            }
        }
        int maxLocals = 0;
        for (Instruction i : code) {
            if (i instanceof LoadInstruction l) maxLocals = Math.max(maxLocals, l.slot() + 2);
            if (i instanceof StoreInstruction st) maxLocals = Math.max(maxLocals, st.slot() + 2);
            if (i instanceof IncrementInstruction c) maxLocals = Math.max(maxLocals, c.slot() + 1);
        }
        // Parameters hold anything; other slots hold only what the method stores there (verified code loads no slot
        // before storing it).
        int params = method.flags().has(java.lang.reflect.AccessFlag.STATIC) ? 0 : 1;
        for (var p : method.methodTypeSymbol().parameterList()) params += TypeKind.from(p).slotSize();
        locals = new V[Math.max(maxLocals, params) + 2];
        Arrays.fill(locals, new V(0, Set.of()));
        Arrays.fill(locals, 0, params, V.OTHER_V);
        for (int k = 0; k < locals.length; k++) if (family.isReadOnlyParam(self, k)) locals[k] = new V(FAM, Set.of());
        V[] before;
        boolean borrowedBefore;
        do {
            before = locals.clone();
            borrowedBefore = borrowedRows;
            sunk.clear();
            escaped.clear();
            contents.clear();
            List<List<V>> entry = new ArrayList<>();
            for (int k = 0; k < code.size(); k++) entry.add(null);
            Deque<Integer> work = new ArrayDeque<>();
            flow(entry, work, 0, new ArrayList<>());
            for (ExceptionCatch c : catches) flow(entry, work, at.get(c.handler()), new ArrayList<>(List.of(V.OTHER_V)));
            while (!work.isEmpty() && failure == null) {
                int k = work.removeFirst();
                List<V> stack = new ArrayList<>(entry.get(k));
                Instruction insn = code.get(k);
                index = k;
                step(insn, stack);
                if (failure != null) break;
                for (int next : successors(insn, k, at, code.size())) flow(entry, work, next, stack);
            }
        } while (failure == null && (!Arrays.equals(before, locals) || borrowedBefore != borrowedRows));
        if (failure == null) sites();
        return failure;
    }

    /** What becomes part of a table (with its rows) must not also go elsewhere (with its rows). */
    private void sites() {
        Deque<String> work = new ArrayDeque<>(sunk);
        while (!work.isEmpty()) {
            for (V v : contents.getOrDefault(work.removeFirst(), List.of())) {
                if ((v.bits & OTHER) != 0) fail("a table row stored from an array of unknown origin");
                for (String r : v.refs) {
                    if (!r.startsWith("new@")) family.grow(r);
                    else if (sunk.add(r)) work.add(r);
                }
            }
        }
        work.addAll(escaped);
        while (!work.isEmpty()) {
            for (V v : contents.getOrDefault(work.removeFirst(), List.of())) {
                for (String r : v.refs) if (r.startsWith("new@") && escaped.add(r)) work.add(r);
            }
        }
        for (String r : sunk) if (escaped.contains(r)) fail("an array it builds both goes into a table and elsewhere");
    }

    private static void flow(List<List<V>> entry, Deque<Integer> work, int at, List<V> stack) {
        if (at >= entry.size()) return;
        List<V> old = entry.get(at);
        if (old == null) {
            entry.set(at, new ArrayList<>(stack));
            work.add(at);
            return;
        }
        if (old.size() != stack.size()) return; // unverifiable merge: cannot happen in verified code
        boolean changed = false;
        for (int i = 0; i < old.size(); i++) {
            V j = old.get(i).join(stack.get(i));
            if (!j.equals(old.get(i))) {
                old.set(i, j);
                changed = true;
            }
        }
        if (changed) work.add(at);
    }

    private static List<Integer> successors(Instruction insn, int k, Map<Label, Integer> at, int n) {
        List<Integer> s = new ArrayList<>();
        switch (insn) {
            case BranchInstruction b -> {
                s.add(at.get(b.target()));
                if (b.opcode() != Opcode.GOTO && b.opcode() != Opcode.GOTO_W) s.add(k + 1);
            }
            case TableSwitchInstruction t -> {
                s.add(at.get(t.defaultTarget()));
                t.cases().forEach(c -> s.add(at.get(c.target())));
            }
            case LookupSwitchInstruction t -> {
                s.add(at.get(t.defaultTarget()));
                t.cases().forEach(c -> s.add(at.get(c.target())));
            }
            case ReturnInstruction r -> { }
            case ThrowInstruction t -> { }
            default -> s.add(k + 1);
        }
        return s;
    }

    private void fail(String why) {
        if (failure == null) {
            failure = owner.replace('/', '.') + "." + method.methodName().stringValue() + ": " + why + " (instruction "
                    + index + ")";
        }
    }

    private static V pop(List<V> s) {
        return s.isEmpty() ? V.OTHER_V : s.removeLast();
    }

    private static V pop(List<V> s, TypeKind k) {
        V v = pop(s);
        if (k.slotSize() == 2) pop(s); // the second slot of a long or double
        return v;
    }

    private static void push(List<V> s, V v, TypeKind k) {
        if (k == TypeKind.VOID) return;
        if (k.slotSize() == 2) s.add(V.OTHER_V);
        s.add(v);
    }

    /** A value passed on to code that could keep or write it. */
    private void escapes(V v, String how) {
        if (v.family()) fail("a table " + how);
        for (String r : v.refs) if (r.startsWith("new@")) escaped.add(r);
    }

    /** A value that becomes (part of) a family table: its every origin must be known. */
    private void sink(V v, String how) {
        if ((v.bits & OTHER) != 0) fail("a table " + how + " from an array of unknown origin");
        for (String r : v.refs) {
            if (r.startsWith("new@")) sunk.add(r);
            else family.grow(r);
        }
    }

    private int index; // of the instruction being interpreted

    /** An array that may not be new: a family one, or one from a field or method outside the family yet. */
    private static boolean borrowed(V v) {
        return (v.bits & FAM) != 0 || v.refs.stream().anyMatch(r -> !r.startsWith("new@"));
    }

    private V fresh() {
        return contributing ? new V(FRESH, Set.of("new@" + index)) : V.OTHER_V;
    }

    private void step(Instruction insn, List<V> s) {
        switch (insn) {
            case LoadInstruction l -> push(s, l.typeKind() == TypeKind.REFERENCE ? locals[l.slot()] : V.OTHER_V, l.typeKind());
            case StoreInstruction st -> {
                V v = pop(s, st.typeKind());
                if (st.typeKind() == TypeKind.REFERENCE) locals[st.slot()] = locals[st.slot()].join(v);
            }
            case IncrementInstruction i -> { }
            case ConstantInstruction c -> push(s, c.opcode() == Opcode.ACONST_NULL ? new V(NULL, Set.of()) : V.OTHER_V, c.typeKind());
            case ArrayLoadInstruction a -> {
                pop(s);
                V array = pop(s);
                if (a.typeKind() == TypeKind.REFERENCE) {
                    int bits = array.bits & ~NULL;
                    if (borrowedRows && (bits & (OWN | FRESH)) != 0) bits |= FAM;
                    push(s, new V(bits, array.refs), TypeKind.REFERENCE);
                }
                else push(s, V.OTHER_V, a.typeKind());
            }
            case ArrayStoreInstruction a -> {
                V value = pop(s, a.typeKind());
                pop(s);
                V array = pop(s);
                if ((array.bits & FAM) != 0 || (array.bits & OWN) != 0 && !initializer) fail("writes into a table");
                if (a.typeKind() == TypeKind.REFERENCE) {
                    if ((array.bits & (OWN | FRESH)) != 0 && contributing) {
                        if ((array.bits & OWN) != 0) sink(value, "row stored");
                        for (String r : array.refs) {
                            if (r.startsWith("new@")) contents.computeIfAbsent(r, x -> new ArrayList<>()).add(value);
                        }
                        if (borrowed(value)) borrowedRows = true;
                    }
                    else escapes(value, "stored into an array");
                }
            }
            case OperatorInstruction o -> operator(o, s);
            case ConvertInstruction c -> {
                pop(s, c.fromType());
                push(s, V.OTHER_V, c.toType());
            }
            case StackInstruction st -> stack(st.opcode(), s);
            case BranchInstruction b -> {
                switch (b.opcode()) {
                    case GOTO, GOTO_W -> { }
                    case IF_ACMPEQ, IF_ACMPNE -> {
                        V a = pop(s), c = pop(s);
                        if (a.family() || c.family()) fail("compares a table by identity");
                    }
                    case IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE -> { pop(s); pop(s); }
                    default -> pop(s); // ifeq…, ifnull, ifnonnull
                }
            }
            case TableSwitchInstruction t -> pop(s);
            case LookupSwitchInstruction t -> pop(s);
            case ReturnInstruction r -> {
                V v = pop(s, r.typeKind());
                if (r.typeKind() != TypeKind.REFERENCE) return;
                if (inFamily) sink(v, "returned");
                else if (v.family()) family.grow(owner + "." + method.methodName().stringValue() + " " + method.methodType().stringValue());
            }
            case ThrowInstruction t -> escapes(pop(s), "thrown");
            case FieldInstruction f -> field(f, s);
            case InvokeInstruction i -> invoke(i, s);
            case InvokeDynamicInstruction d -> {
                var t = d.typeSymbol();
                for (int k = t.parameterCount() - 1; k >= 0; k--) escapes(pop(s, TypeKind.from(t.parameterType(k))), "passed to a call site");
                push(s, V.OTHER_V, TypeKind.from(t.returnType()));
            }
            case NewObjectInstruction n -> s.add(V.OTHER_V);
            case NewPrimitiveArrayInstruction n -> { pop(s); s.add(fresh()); }
            case NewReferenceArrayInstruction n -> { pop(s); s.add(fresh()); }
            case NewMultiArrayInstruction n -> {
                for (int k = 0; k < n.dimensions(); k++) pop(s);
                s.add(fresh());
            }
            case TypeCheckInstruction t -> {
                V v = pop(s);
                s.add(t.opcode() == Opcode.CHECKCAST ? v : V.OTHER_V);
            }
            case MonitorInstruction m -> escapes(pop(s), "locked");
            case NopInstruction n -> { }
            default -> fail("byte code " + insn.opcode().name().toLowerCase(java.util.Locale.ROOT) + " not analysed");
        }
    }

    private void operator(OperatorInstruction o, List<V> s) {
        TypeKind k = o.typeKind();
        switch (o.opcode()) {
            case ARRAYLENGTH -> { pop(s); s.add(V.OTHER_V); }
            case INEG, LNEG, FNEG, DNEG -> { pop(s, k); push(s, V.OTHER_V, k); }
            case LSHL, LSHR, LUSHR -> { pop(s); pop(s, TypeKind.LONG); push(s, V.OTHER_V, TypeKind.LONG); }
            case LCMP -> { pop(s, TypeKind.LONG); pop(s, TypeKind.LONG); s.add(V.OTHER_V); }
            case FCMPL, FCMPG -> { pop(s); pop(s); s.add(V.OTHER_V); }
            case DCMPL, DCMPG -> { pop(s, TypeKind.DOUBLE); pop(s, TypeKind.DOUBLE); s.add(V.OTHER_V); }
            default -> { pop(s, k); pop(s, k); push(s, V.OTHER_V, k); }
        }
    }

    /** The JVM's stack shuffles, on slots (a long or double is two). */
    private static void stack(Opcode op, List<V> s) {
        int n = s.size();
        switch (op) {
            case POP -> pop(s);
            case POP2 -> { pop(s); pop(s); }
            case DUP -> s.add(s.get(n - 1));
            case DUP_X1 -> s.add(n - 2, s.get(n - 1));
            case DUP_X2 -> s.add(n - 3, s.get(n - 1));
            case DUP2 -> { s.add(s.get(n - 2)); s.add(s.get(n - 1)); }
            case DUP2_X1 -> { s.add(n - 3, s.get(n - 1)); s.add(n - 3, s.get(n - 2)); }
            case DUP2_X2 -> { s.add(n - 4, s.get(n - 1)); s.add(n - 4, s.get(n - 2)); }
            case SWAP -> { V a = s.get(n - 1); s.set(n - 1, s.get(n - 2)); s.set(n - 2, a); }
            default -> throw new IllegalStateException(op.name());
        }
    }

    private void field(FieldInstruction f, List<V> s) {
        String fowner = f.owner().asInternalName();
        String id = family.resolve(fowner + "." + f.name().stringValue() + ":" + f.type().stringValue());
        fowner = id.substring(0, id.lastIndexOf('.', id.indexOf(':')));
        TypeKind k = TypeKind.fromDescriptor(f.type().stringValue());
        switch (f.opcode()) {
            case GETSTATIC -> {
                V v = V.OTHER_V;
                if (family.isField(id)) {
                    boolean own = initializer && fowner.equals(owner) && !family.isBorrowed(id);
                    v = new V(own ? OWN : FAM, Set.of());
                }
                else if (contributing && k == TypeKind.REFERENCE && f.type().stringValue().startsWith("[")) v = new V(0, Set.of(id));
                push(s, v, k);
            }
            case PUTSTATIC -> {
                V v = pop(s, k);
                if (family.isField(id)) {
                    if (!initializer || !fowner.equals(owner)) fail("writes the table field " + id);
                    else {
                        sink(v, "field set");
                        if (borrowed(v)) family.grow("borrowed:" + id);
                    }
                } else {
                    escapes(v, "stored in the field " + id);
                }
            }
            case GETFIELD -> { pop(s); push(s, V.OTHER_V, k); }
            default -> { // PUTFIELD
                escapes(pop(s, k), "stored in the field " + id);
                pop(s);
            }
        }
    }

    private void invoke(InvokeInstruction i, List<V> s) {
        MethodTypeDesc t = i.typeSymbol();
        List<V> args = new ArrayList<>();
        for (int k = t.parameterCount() - 1; k >= 0; k--) args.addFirst(pop(s, TypeKind.from(t.parameterType(k))));
        V receiver = i.opcode() == Opcode.INVOKESTATIC ? null : pop(s);
        String callee = family.resolve(i.owner().asInternalName() + "." + i.name().stringValue() + " "
                + i.typeSymbol().descriptorString());
        TypeKind ret = TypeKind.from(t.returnType());
        // clone() of an array: a new array holding the same rows; it carries the original's origins.
        if (receiver != null && i.name().equalsString("clone") && t.parameterCount() == 0
                && i.owner().asInternalName().startsWith("[")) {
            s.add((receiver.bits & (FAM | OWN)) != 0 ? new V(FAM | (receiver.bits & ~(FAM | OWN)), receiver.refs) : receiver);
            return;
        }
        if (receiver != null) escapes(receiver, "used as a receiver");
        int slot = 0;
        for (int k = 0; k < args.size(); k++) {
            V a = args.get(k);
            // a static method of the package may take a table if it only reads it (checked in turn)
            if (a.family() && i.opcode() == Opcode.INVOKESTATIC && family.inScope(i.owner().asInternalName())) {
                family.grow("param:" + callee + "#" + slot);
                escapes(new V(a.bits & ~(FAM | OWN), a.refs), "passed to " + callee);
            } else {
                escapes(a, "passed to " + callee);
            }
            slot += TypeKind.from(t.parameterType(k)).slotSize();
        }
        V result = V.OTHER_V;
        if (family.isMethod(callee)) {
            if (i.opcode() != Opcode.INVOKESTATIC) fail("calls the table source " + callee + " virtually");
            result = new V(FAM, Set.of());
        } else if (contributing && i.opcode() == Opcode.INVOKESTATIC && ret == TypeKind.REFERENCE
                && t.returnType().isArray() && family.inScope(i.owner().asInternalName())) {
            result = new V(0, Set.of(callee));
        }
        push(s, result, ret);
    }
}
