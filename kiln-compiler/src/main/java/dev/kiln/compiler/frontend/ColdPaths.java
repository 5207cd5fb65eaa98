package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.MethodRef;
import dev.kiln.runtime.abi.SourceFrame;
import dev.kiln.runtime.abi.ThrowSite;

import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ArrayLoadInstruction;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.DiscontinuedInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.classfile.instruction.ThrowInstruction;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * Cold throw paths of one method: code from which no return is reachable, so that once entered it can only end in a
 * throw. When the front end refuses something on such a path (an {@code Object[]} of exception arguments, boxing, an
 * exception constructor or an enum constant Kiln does not rebuild), the path is not compiled: native code leaves at
 * the path's entry with the values the path reads (primitives, and array lengths), and the Java side runs the path's
 * own bytecode ({@link JavaPathClass}, {@code dev.kiln.runtime.abi.JavaPath}), so HotSpot builds and throws its
 * exception. Paths the existing throw lowering ({@link ThrowLowering}) handles stay as they are: a path is
 * <em>forced</em> only after a refusal inside it.
 *
 * <p>Instructions are numbered as the lowerer decodes them. A path's <em>entry</em> is a cold instruction with a
 * non-cold predecessor (or the first instruction); its <em>region</em> is everything reachable from it, all cold.
 * Only acyclic regions run as Java (a loop that can only throw is the kernel's own work, not a throw path).
 */
final class ColdPaths {
    /** Regions larger than this stay refused: a throw path is a statement or a few, not an algorithm. */
    private static final int MAX_REGION = 600;

    /**
     * A value a path is given: a primitive local ({@code source} {@code L}, at {@code slot}), an array local's length
     * ({@code N}) or element ({@code E}, at local {@code indexSlot}, or {@code indexConst} when that is -1), of type
     * {@code elem}; the copied path finds it in local {@code target}.
     */
    record Live(char source, int slot, int indexSlot, int indexConst, TypeKind elem, int target) {
        /** The JVM type the value travels as: {@code I J F D}. */
        char kind() {
            return kindOf(elem);
        }

        /** Instructions of the path it stands for at a rewritten place: the length read or the element read. */
        int replaces() {
            return source == 'N' ? 2 : 3;
        }
    }

    /** The values a path is given, in order, and the instructions (by index) that read them in the copy. */
    record Plan(List<Live> lives, Map<Integer, Live> at) {
    }

    /** How native code reads a length and an element at the path's entry (with Java's null and bounds checks). */
    interface Reads {
        Value length(Value array, int slot);

        Value element(Value array, int slot, Value index, TypeKind elem);
    }

    private final KernelGraph graph;
    private final MethodRef ref;
    private final CodeAttribute code;
    private final List<Instruction> insns;
    private final List<Integer>[] succ;
    private final BitSet cold = new BitSet();
    private final BitSet leader = new BitSet(); // jump targets
    private final Map<Integer, BitSet> regions = new HashMap<>();
    /** Forced entries (instruction index) and the refusal that forced each, kept across the lowerer's attempts. */
    private final Map<Integer, UnsupportedConstructException> forced;
    private final BitSet inForced = new BitSet();

    @SuppressWarnings("unchecked")
    ColdPaths(KernelGraph graph, MethodRef ref, CodeAttribute code, List<Instruction> insns, ToIntFunction<Label> indexOf,
              Map<Integer, UnsupportedConstructException> forced) {
        this.graph = graph;
        this.ref = ref;
        this.code = code;
        this.insns = insns;
        this.forced = new TreeMap<>(forced);
        int n = insns.size();
        succ = new List[n];
        List<List<Integer>> pred = new ArrayList<>();
        for (int k = 0; k < n; k++) pred.add(new ArrayList<>());
        for (int k = 0; k < n; k++) {
            Instruction i = insns.get(k);
            List<Integer> s = new ArrayList<>();
            switch (i) {
                case BranchInstruction b -> {
                    s.add(indexOf.applyAsInt(b.target()));
                    leader.set(indexOf.applyAsInt(b.target()));
                    if (b.opcode() != Opcode.GOTO && b.opcode() != Opcode.GOTO_W) s.add(k + 1);
                }
                case TableSwitchInstruction t -> {
                    t.cases().forEach(c -> s.add(indexOf.applyAsInt(c.target())));
                    s.add(indexOf.applyAsInt(t.defaultTarget()));
                    s.forEach(leader::set);
                }
                case LookupSwitchInstruction t -> {
                    t.cases().forEach(c -> s.add(indexOf.applyAsInt(c.target())));
                    s.add(indexOf.applyAsInt(t.defaultTarget()));
                    s.forEach(leader::set);
                }
                case ReturnInstruction r -> { }
                case ThrowInstruction t -> { }
                case DiscontinuedInstruction d -> { } // jsr/ret: the lowerer refuses them anyway
                default -> s.add(k + 1);
            }
            s.removeIf(x -> x >= n);
            for (int x : s) pred.get(x).add(k);
            succ[k] = s;
        }
        // hot: can reach a return (or a jsr/ret, whose flow is not followed); cold: everything else
        BitSet hot = new BitSet();
        List<Integer> work = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (insns.get(k) instanceof ReturnInstruction || insns.get(k) instanceof DiscontinuedInstruction) {
                hot.set(k);
                work.add(k);
            }
        }
        while (!work.isEmpty()) {
            for (int p : pred.get(work.removeLast())) if (!hot.get(p)) {
                hot.set(p);
                work.add(p);
            }
        }
        cold.set(0, n);
        cold.andNot(hot);
        for (var e : this.forced.keySet()) inForced.or(region(e));
    }

    /** Whether instruction {@code k} is on a path that was forced to run as Java. */
    boolean inForced(int k) {
        return inForced.get(k);
    }

    boolean isForcedEntry(int k) {
        return forced.containsKey(k);
    }

    /** In a forced path but not its entry: not lowered at all. */
    boolean interior(int k) {
        return inForced.get(k) && !forced.containsKey(k);
    }

    Map<Integer, UnsupportedConstructException> forced() {
        return forced;
    }

    /**
     * After a refusal {@code why} at instruction {@code k}: forces the paths containing it (and any path sharing
     * code with a forced one). False when {@code k} is on no acyclic cold path, or its paths are forced already.
     */
    boolean force(Integer k, UnsupportedConstructException why) {
        if (k == null || !cold.get(k) || inForced.get(k)) return false;
        boolean any = false;
        for (int e : entries()) {
            if (region(e).get(k)) {
                if (!eligible(e)) return false;
                forced.put(e, why);
                any = true;
            }
        }
        if (!any) return false;
        for (boolean grew = true; grew; ) {
            grew = false;
            inForced.clear();
            for (int e : forced.keySet()) inForced.or(region(e));
            for (int e : entries()) {
                if (!forced.containsKey(e) && region(e).intersects(inForced)) {
                    if (!eligible(e)) return false;
                    forced.put(e, why);
                    grew = true;
                }
            }
        }
        return true;
    }

    private List<Integer> entries() {
        List<Integer> out = new ArrayList<>();
        for (int k = cold.nextSetBit(0); k >= 0; k = cold.nextSetBit(k + 1)) {
            if (k == 0) {
                out.add(k);
                continue;
            }
            for (int p = 0; p < insns.size(); p++) {
                if (!cold.get(p) && succ[p].contains(k)) {
                    out.add(k);
                    break;
                }
            }
        }
        return out;
    }

    private BitSet region(int entry) {
        return regions.computeIfAbsent(entry, e -> {
            BitSet r = new BitSet();
            List<Integer> work = new ArrayList<>(List.of(e));
            r.set(e);
            while (!work.isEmpty()) {
                for (int s : succ[work.removeLast()]) if (!r.get(s)) {
                    r.set(s);
                    work.add(s);
                }
            }
            return r;
        });
    }

    /** Acyclic, small, and only the instructions a copied path can run. */
    private boolean eligible(int entry) {
        BitSet r = region(entry);
        if (r.cardinality() > MAX_REGION) return false;
        for (int k = r.nextSetBit(0); k >= 0; k = r.nextSetBit(k + 1)) {
            if (insns.get(k) instanceof DiscontinuedInstruction) return false;
        }
        return topological(entry) != null;
    }

    /** The region in an order where every instruction follows its predecessors; null when it has a cycle. */
    private List<Integer> topological(int entry) {
        BitSet r = region(entry);
        int[] state = new int[insns.size()]; // 0 new, 1 on the stack, 2 done
        List<Integer> post = new ArrayList<>();
        List<int[]> stack = new ArrayList<>(); // {instruction, next successor}
        stack.add(new int[] {entry, 0});
        state[entry] = 1;
        while (!stack.isEmpty()) {
            int[] top = stack.getLast();
            if (top[1] < succ[top[0]].size()) {
                int s = succ[top[0]].get(top[1]++);
                if (!r.get(s)) continue;
                if (state[s] == 1) return null;
                if (state[s] == 0) {
                    state[s] = 1;
                    stack.add(new int[] {s, 0});
                }
            } else {
                state[top[0]] = 2;
                post.add(top[0]);
                stack.removeLast();
            }
        }
        return post.reversed();
    }

    /**
     * The values the path from {@code entry} reads before writing them: primitive locals it loads on some path before
     * storing them, and of an array local (never stored on the path) its length ({@code a.length}) and elements at an
     * index local or constant that the path never changes ({@code a[i]}, {@code a[0]}): the Java side never sees the
     * kernel's arrays, so native code reads these where the path starts. Such a read must be one the path makes on
     * every way through it, with nothing before it that could throw ({@link #hoistable}): then reading first, in the
     * path's order, throws what Java would (a null array, an index out of range) where Java would. Null when the
     * path reads anything else of a kernel's local (an object, an array passed on) or reads an array later.
     */
    private Plan plan(int entry) {
        BitSet r = region(entry);
        List<Integer> order = topological(entry);
        BitSet stored = new BitSet();
        for (int k = r.nextSetBit(0); k >= 0; k = r.nextSetBit(k + 1)) {
            if (insns.get(k) instanceof StoreInstruction st) stored.set(st.slot());
            if (insns.get(k) instanceof IncrementInstruction inc) stored.set(inc.slot());
        }
        List<Integer> walk = hoistable(entry, r, stored); // in the order Java makes them
        BitSet hoistable = new BitSet();
        walk.forEach(hoistable::set);
        Map<Integer, BitSet> assignedIn = new HashMap<>();
        assignedIn.put(entry, new BitSet());
        TreeMap<Integer, Character> locals = new TreeMap<>();
        java.util.TreeSet<Integer> lengths = new java.util.TreeSet<>();
        Map<String, Live> elements = new java.util.LinkedHashMap<>();
        Map<Integer, Live> at = new HashMap<>();
        Map<Integer, Integer> lengthAt = new HashMap<>();
        BitSet consumed = new BitSet(); // the index load and array load of an element read
        int nextSlot = code.maxLocals();
        for (int k : order) {
            BitSet in = assignedIn.get(k);
            BitSet out = (BitSet) in.clone();
            Instruction i = insns.get(k);
            if (!consumed.get(k)) {
                switch (i) {
                    case LoadInstruction l when l.typeKind() == TypeKind.REFERENCE -> {
                        if (in.get(l.slot())) break; // the path's own object
                        if (stored.get(l.slot()) || !hoistable.get(k)) return null;
                        if (isLengthRead(k, r)) {
                            lengths.add(l.slot());
                            lengthAt.put(k, l.slot());
                            break;
                        }
                        Live e = elementRead(k, r, stored);
                        if (e == null) return null;
                        String key = e.slot() + "[" + e.indexSlot() + "," + e.indexConst() + "]" + e.elem();
                        Live known = elements.get(key);
                        if (known == null) {
                            known = new Live('E', e.slot(), e.indexSlot(), e.indexConst(), e.elem(), nextSlot);
                            nextSlot += 2;
                            elements.put(key, known);
                        }
                        at.put(k, known);
                        consumed.set(k + 1);
                        consumed.set(k + 2);
                    }
                    case LoadInstruction l -> {
                        if (in.get(l.slot())) break;
                        char kind = kindOf(l.typeKind());
                        Character had = locals.put(l.slot(), kind);
                        if (had != null && had != kind) return null; // one slot, two types before any store
                    }
                    case StoreInstruction st -> out.set(st.slot());
                    case IncrementInstruction inc -> {
                        if (!in.get(inc.slot())) locals.put(inc.slot(), 'I');
                        out.set(inc.slot());
                    }
                    default -> { }
                }
            }
            for (int s : succ[k]) {
                if (!r.get(s)) continue;
                BitSet have = assignedIn.get(s);
                if (have == null) assignedIn.put(s, (BitSet) out.clone());
                else have.and(out);
            }
        }
        List<Live> lives = new ArrayList<>();
        for (var e : locals.entrySet()) {
            if (lengths.contains(e.getKey()) || elementArrays(elements).get(e.getKey())) return null; // array and number
            lives.add(new Live('L', e.getKey(), -1, 0, kindType(e.getValue()), e.getKey()));
        }
        Map<Integer, Live> lengthLives = new HashMap<>();
        for (int slot : lengths) lengthLives.put(slot, new Live('N', slot, -1, 0, TypeKind.INT, slot));
        for (var e : lengthAt.entrySet()) at.put(e.getKey(), lengthLives.get(e.getValue()));
        // the reads after the locals, in the order the path makes them: native code makes them in this order
        for (int k : walk) {
            Live l = at.get(k);
            if (l != null && !lives.contains(l)) lives.add(l);
        }
        return new Plan(lives, at);
    }

    /**
     * The array reads ({@code aload} of a length or element read) native code can make in the path's stead: those on
     * the path's straight-line start, before anything that could throw or run other code. Before them stand only
     * loads, stores, constants, stack and arithmetic operations (no division), {@code new}, a constant-size array
     * allocation and stores into it, {@code getstatic}, and boxing ({@code Double.valueOf}...): javac's build-up of
     * an exception's arguments.
     */
    private List<Integer> hoistable(int entry, BitSet r, BitSet stored) {
        List<Integer> out = new ArrayList<>();
        BitSet seen = new BitSet();
        int k = entry;
        while (k < insns.size() && r.get(k) && !seen.get(k)) {
            seen.set(k);
            Instruction i = insns.get(k);
            if (i instanceof LoadInstruction l && l.typeKind() == TypeKind.REFERENCE && !stored.get(l.slot())) {
                int n = isLengthRead(k, r) ? 2 : elementRead(k, r, stored) != null ? 3 : 0;
                if (n > 0) {
                    out.add(k);
                    k += n;
                    continue;
                }
            }
            if (i instanceof BranchInstruction b && (b.opcode() == Opcode.GOTO || b.opcode() == Opcode.GOTO_W)) {
                k = succ[k].getFirst();
                continue;
            }
            if (!harmless(k)) break;
            k++;
        }
        return out;
    }

    /** An instruction of the path's start that cannot throw (nor run code) in any way Java would show. */
    private boolean harmless(int k) {
        Instruction i = insns.get(k);
        return switch (i) {
            case LoadInstruction l -> true;
            case StoreInstruction st -> true;
            case IncrementInstruction inc -> true;
            case ConstantInstruction c -> true;
            case java.lang.classfile.instruction.StackInstruction st -> true;
            case java.lang.classfile.instruction.ConvertInstruction c -> true;
            case java.lang.classfile.instruction.OperatorInstruction op -> switch (op.opcode()) {
                case IDIV, IREM, LDIV, LREM, ARRAYLENGTH -> false;
                default -> true;
            };
            case java.lang.classfile.instruction.NewObjectInstruction n -> true;
            case java.lang.classfile.instruction.NewReferenceArrayInstruction n -> k > 0 && insns.get(k - 1) instanceof ConstantInstruction;
            case java.lang.classfile.instruction.NewPrimitiveArrayInstruction n -> k > 0 && insns.get(k - 1) instanceof ConstantInstruction;
            case java.lang.classfile.instruction.ArrayStoreInstruction st -> st.typeKind() == TypeKind.REFERENCE;
            case java.lang.classfile.instruction.FieldInstruction f -> f.opcode() == Opcode.GETSTATIC;
            case java.lang.classfile.instruction.InvokeInstruction inv -> inv.opcode() == Opcode.INVOKESTATIC
                    && inv.name().equalsString("valueOf") && BOXES.contains(inv.owner().asInternalName())
                    && inv.typeSymbol().parameterCount() == 1 && inv.typeSymbol().parameterType(0).isPrimitive();
            default -> false;
        };
    }

    private static final java.util.Set<String> BOXES = java.util.Set.of("java/lang/Integer", "java/lang/Long",
            "java/lang/Float", "java/lang/Double", "java/lang/Short", "java/lang/Byte", "java/lang/Character",
            "java/lang/Boolean");

    private static BitSet elementArrays(Map<String, Live> elements) {
        BitSet b = new BitSet();
        for (Live l : elements.values()) b.set(l.slot());
        return b;
    }

    private static char kindOf(TypeKind k) {
        return switch (k) {
            case LONG -> 'J';
            case FLOAT -> 'F';
            case DOUBLE -> 'D';
            default -> 'I';
        };
    }

    private static TypeKind kindType(char c) {
        return switch (c) {
            case 'J' -> TypeKind.LONG;
            case 'F' -> TypeKind.FLOAT;
            case 'D' -> TypeKind.DOUBLE;
            default -> TypeKind.INT;
        };
    }

    /**
     * {@code aload a} at {@code k}, then an {@code iload i} of a local the path never stores or an int constant,
     * then a primitive array load, the two after it reached only from it: the element read (target slot unset).
     */
    private Live elementRead(int k, BitSet r, BitSet stored) {
        if (k + 2 >= insns.size() || !r.get(k + 1) || !r.get(k + 2) || leader.get(k + 1) || leader.get(k + 2)) return null;
        int array = ((LoadInstruction) insns.get(k)).slot();
        int indexSlot = -1;
        int indexConst = 0;
        switch (insns.get(k + 1)) {
            case LoadInstruction l when l.typeKind() == TypeKind.INT && !stored.get(l.slot()) -> indexSlot = l.slot();
            case ConstantInstruction c when c.constantValue() instanceof Integer v -> indexConst = v;
            default -> {
                return null;
            }
        }
        if (!(insns.get(k + 2) instanceof ArrayLoadInstruction al) || al.typeKind() == TypeKind.REFERENCE) return null;
        return new Live('E', array, indexSlot, indexConst, al.typeKind(), -1);
    }

    private boolean openToKiln(String owner) {
        try {
            Class<?> c = Class.forName(owner.replace('/', '.'), false,
                    graph.loader() != null ? graph.loader() : ClassLoader.getSystemClassLoader());
            return c.getModule().isOpen(c.getPackageName(), ThrowSite.class.getModule());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** {@code aload} at {@code k} directly followed, on the path, by {@code arraylength} that nothing jumps to. */
    private boolean isLengthRead(int k, BitSet r) {
        return k + 1 < insns.size() && r.get(k + 1) && insns.get(k + 1).opcode() == Opcode.ARRAYLENGTH && !leader.get(k + 1);
    }

    /**
     * The exit of a forced path: native code captures the values the path reads from {@code locals} (the lowerer's
     * state at the entry) and leaves as a throw of site kind "Java path". Throws the refusal that forced the path
     * when it cannot run as Java.
     */
    Terminator.Throw exit(int entry, Value[] locals, int stackDepth, SourceFrame at, Reads reads) {
        UnsupportedConstructException why = forced.get(entry);
        // The path's class is defined in the method's package: not possible in the JDK's (java.base opens none), nor
        // in a named module's package not open to Kiln.
        if (KernelGraph.isJdkOwner(ref.owner()) || !openToKiln(ref.owner())) throw why;
        Plan plan = stackDepth == 0 ? plan(entry) : null;
        if (plan == null) throw why;
        List<Value> values = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (Live l : plan.lives()) {
            Value v = locals[l.slot()];
            if (v == null || v instanceof Value.Opaque) throw why;
            if (l.source() == 'L') {
                if (!v.type().equals(Type.ofDescriptor(String.valueOf(l.kind())))) throw why;
            } else {
                if (!(v.type() instanceof Type.Array) && v.type() != Type.Null.NULL) throw why;
                if (l.source() == 'N') {
                    v = reads.length(v, l.slot());
                } else {
                    Value index = l.indexSlot() < 0 ? new Value.IntConst(l.indexConst()) : locals[l.indexSlot()];
                    if (index == null || !Type.Prim.I32.equals(index.type())) throw why;
                    v = reads.element(v, l.slot(), index, l.elem());
                }
            }
            values.add(v);
            kinds.add(String.valueOf(l.kind()));
        }
        if (values.size() > ThrowSite.MAX_VALUES) throw why;
        JavaPathClass.Built built;
        try {
            built = JavaPathClass.build(graph, ref, code, region(entry), entry, plan);
        } catch (JavaPathClass.Refused e) {
            throw why;
        }
        return new Terminator.Throw(ThrowSite.javaPath(built.binaryName(), built.runDescriptor(), kinds,
                at, built.bytes()), values);
    }
}
