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
import java.lang.classfile.instruction.BranchInstruction;
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
import java.util.function.BiFunction;
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

    /** A value a path reads from the kernel: a primitive local ({@code I J F D}) or an array local's length ({@code A}). */
    record Live(int slot, char kind) {
        String valueKind() {
            return kind == 'A' ? "I" : String.valueOf(kind);
        }
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
     * The values the path from {@code entry} reads before writing them, by slot: locals it loads on some path before
     * storing them. An array local may be read only for its length (the Java side never sees a kernel's arrays).
     * Null, with the reason in {@code why[0]}, when the path reads anything else.
     */
    private List<Live> lives(int entry, String[] why) {
        BitSet r = region(entry);
        List<Integer> order = topological(entry);
        Map<Integer, BitSet> assignedIn = new HashMap<>();
        assignedIn.put(entry, new BitSet());
        TreeMap<Integer, Character> live = new TreeMap<>();
        BitSet storedRefs = new BitSet();
        BitSet otherRefUse = new BitSet();
        for (int k : order) {
            BitSet in = assignedIn.get(k);
            BitSet out = (BitSet) in.clone();
            Instruction i = insns.get(k);
            switch (i) {
                case LoadInstruction l -> {
                    if (!in.get(l.slot())) {
                        char kind = switch (l.typeKind()) {
                            case INT -> 'I';
                            case LONG -> 'J';
                            case FLOAT -> 'F';
                            case DOUBLE -> 'D';
                            default -> 'A';
                        };
                        Character had = live.put(l.slot(), kind);
                        if (had != null && had != kind) {
                            why[0] = "local " + l.slot() + " read as two types";
                            return null;
                        }
                    }
                    if (l.typeKind() == TypeKind.REFERENCE && !isLengthRead(k, r)) otherRefUse.set(l.slot());
                }
                case StoreInstruction st -> {
                    out.set(st.slot());
                    if (st.typeKind() == TypeKind.REFERENCE) storedRefs.set(st.slot());
                }
                case IncrementInstruction inc -> {
                    if (!in.get(inc.slot())) live.put(inc.slot(), 'I');
                    out.set(inc.slot());
                }
                default -> { }
            }
            for (int s : succ[k]) {
                if (!r.get(s)) continue;
                BitSet have = assignedIn.get(s);
                if (have == null) assignedIn.put(s, (BitSet) out.clone());
                else have.and(out);
            }
        }
        List<Live> out = new ArrayList<>();
        for (var e : live.entrySet()) {
            int slot = e.getKey();
            if (e.getValue() == 'A' && (otherRefUse.get(slot) || storedRefs.get(slot))) {
                why[0] = "it reads an object or array local (Kiln passes it primitives and array lengths)";
                return null;
            }
            out.add(new Live(slot, e.getValue()));
        }
        return out;
    }

    /** {@code aload} at {@code k} directly followed, on the path, by {@code arraylength} that nothing jumps to. */
    private boolean isLengthRead(int k, BitSet r) {
        return k + 1 < insns.size() && r.get(k + 1) && insns.get(k + 1).opcode() == Opcode.ARRAYLENGTH && !leader.get(k + 1);
    }

    /**
     * The exit of a forced path: native code captures the values the path reads from {@code locals} (the lowerer's
     * state at the entry) and leaves as a throw of site kind "Java path". {@code length} adds the length of an array
     * value to the current block. Throws the refusal that forced the path when it cannot run as Java.
     */
    Terminator.Throw exit(int entry, Value[] locals, int stackDepth, SourceFrame at,
                          BiFunction<Value, Integer, Value> length) {
        UnsupportedConstructException why = forced.get(entry);
        String[] reason = new String[1];
        List<Live> lives = stackDepth == 0 ? lives(entry, reason) : null;
        if (lives == null) throw why;
        List<Value> values = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (Live l : lives) {
            Value v = locals[l.slot()];
            if (v == null || v instanceof Value.Opaque) throw why;
            if (l.kind() == 'A') {
                if (!Type.isArray(v.type()) && v.type() != Type.Null.NULL) throw why;
                v = length.apply(v, l.slot());
            } else if (!v.type().equals(Type.ofDescriptor(String.valueOf(l.kind())))) {
                throw why;
            }
            values.add(v);
            kinds.add(l.valueKind());
        }
        if (values.size() > ThrowSite.MAX_VALUES) throw why;
        JavaPathClass.Built built;
        try {
            built = JavaPathClass.build(graph, ref, code, region(entry), entry, lives);
        } catch (JavaPathClass.Refused e) {
            throw why;
        }
        return new Terminator.Throw(ThrowSite.javaPath(built.binaryName(), built.runDescriptor(), kinds,
                at, built.bytes()), values);
    }
}
