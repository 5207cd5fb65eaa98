package dev.kiln.compiler.passes;

import dev.kiln.compiler.Pipeline;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Dominators;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bounds checks on an index clamped into an array, as in a histogram: {@code if (b < 0) b = 0; else if (b >= n) b =
 * n - 1; counts[b]++;} with {@code n = counts.length}. Every value the index can arrive with is then in bounds
 * whenever the array is not empty: {@code 0}, {@code length - 1}, or a value the branches on its way have tested to
 * be {@code >= 0} and {@code < length}. LLVM cannot see it (its range analysis does not relate a phi of these to the
 * length), so the check stays in the loop, a compare and branch per element, and the loop has an exit that keeps it
 * from unrolling.
 *
 * <p>The accesses of such a block (in an innermost loop) are split on {@code length > 0}, a test that does not change
 * in the loop, which LLVM's unswitching moves out of it: the common side has them without checks; the other runs
 * them as they were, so an empty array throws at the same access with the same message. When no value needs the
 * array to be non-empty (each was tested on its way), the accesses lose their checks without a split. Proven means
 * the array is not null either: a length of it, taken before the block, was read.
 */
public final class ClampedIndexChecks implements Pipeline.FunctionPass {
    /** How many single-predecessor blocks above an edge contribute branch facts. */
    private static final int MAX_HOPS = 4;

    @Override
    public String name() {
        return "clamped index checks";
    }

    @Override
    public Function transform(Function f) {
        Dominators dom = Dominators.of(f);
        Set<Block> inLoops = Collections.newSetFromMap(new IdentityHashMap<>());
        for (NaturalLoops.Loop l : new NaturalLoops(f).innermost()) inLoops.addAll(l.body());
        int[] nextId = {LoopExits.nextBlockId(f)};
        boolean changed = false;
        for (Block b : new ArrayList<>(f.blocks())) {
            if (inLoops.contains(b) && dom.reachable(b) && b != f.entry()) changed |= rewrite(f, dom, b, nextId);
        }
        return changed ? new Function(f.name(), f.method(), f.returnType(), f.descriptor(), Dominators.reversePostOrder(f.entry())) : f;
    }

    /** A fact that holds on an edge: {@code left rel right}, integers, signed. */
    private record Fact(Terminator.Rel rel, Value left, Value right) {
    }

    private static boolean rewrite(Function f, Dominators dom, Block b, int[] nextId) {
        List<BlockCall> edges = new ArrayList<>();
        List<Block> sources = new ArrayList<>();
        for (Block p : dom.predecessors(b)) {
            for (BlockCall s : p.terminator().successors()) {
                if (s.target() == b) {
                    edges.add(s);
                    sources.add(p);
                }
            }
        }
        if (edges.isEmpty()) return false;
        // accesses at a parameter of b, with the length they are proven against and whether it must be > 0
        Inst.ArrayLength length = null;
        boolean needsNonEmpty = false;
        List<Integer> proven = new ArrayList<>();
        for (int k = 0; k < b.insts().size(); k++) {
            Inst i = b.insts().get(k);
            Value array, index;
            if (i instanceof Inst.ArrayLoad l && !l.unchecked()) {
                array = l.array();
                index = l.index();
            } else if (i instanceof Inst.ArrayStore s && !s.unchecked()) {
                array = s.array();
                index = s.index();
            } else {
                continue;
            }
            int slot = b.params().indexOf(index);
            if (slot < 0 || index.type() != Type.Prim.I32) continue;
            Inst.ArrayLength len = dominatingLength(dom, f, b, array);
            if (len == null || (length != null && len != length)) continue;
            int need = 0; // 0: proven, 1: proven when the array is not empty, -1: not proven
            for (int e = 0; e < edges.size() && need >= 0; e++) need = Math.max(need, edgeNeed(dom, sources.get(e), edges.get(e), edges.get(e).args().get(slot), array));
            if (need < 0) continue;
            length = len;
            needsNonEmpty |= need == 1;
            proven.add(k);
        }
        if (proven.isEmpty()) return false;
        if (!needsNonEmpty) {
            for (int k : proven) b.insts().set(k, Accesses.unchecked(b.insts().get(k)));
            return true;
        }
        int first = proven.getFirst(), last = proven.getLast();
        // the split covers insts first..last; none of their values may be used outside that range
        Set<Value> range = Collections.newSetFromMap(new IdentityHashMap<>());
        range.addAll(b.insts().subList(first, last + 1));
        for (Block o : f.blocks()) {
            List<Value> used = new ArrayList<>(o.terminator().operands());
            for (BlockCall s : o.terminator().successors()) used.addAll(s.args());
            for (int k = 0; k < o.insts().size(); k++) {
                if (o == b && k >= first && k <= last) continue;
                used.addAll(o.insts().get(k).operands());
            }
            for (Value v : used) if (range.contains(v)) return false;
        }
        Block fast = new Block(nextId[0]++), slow = new Block(nextId[0]++), rest = new Block(nextId[0]++);
        Map<Value, Value> copied = new IdentityHashMap<>();
        for (int k = first; k <= last; k++) {
            Inst i = b.insts().get(k);
            Inst m = i.mapOperands(v -> copied.getOrDefault(v, v));
            Inst j = proven.contains(k) ? Accesses.unchecked(m) : m;
            copied.put(i, j);
            fast.insts().add(j);
            slow.insts().add(i);
        }
        rest.insts().addAll(b.insts().subList(last + 1, b.insts().size()));
        rest.setTerminator(b.terminator());
        b.insts().subList(first, b.insts().size()).clear();
        fast.setTerminator(new Terminator.Jump(new BlockCall(rest, List.of())));
        slow.setTerminator(new Terminator.Jump(new BlockCall(rest, List.of())));
        b.setTerminator(new Terminator.Branch(Terminator.Rel.GT, false, length, new Value.IntConst(0),
                new BlockCall(fast, List.of()), new BlockCall(slow, List.of()), Terminator.Expect.FALSE_RARE));
        return true;
    }

    /** A length of {@code array} computed in a block that dominates {@code b}, or null. */
    private static Inst.ArrayLength dominatingLength(Dominators dom, Function f, Block b, Value array) {
        for (Block d : f.blocks()) { // function order: the same choice every run
            if (d == b || !dom.reachable(d) || !dom.dominates(d, b)) continue;
            for (Inst i : d.insts()) if (i instanceof Inst.ArrayLength al && al.array() == array) return al;
        }
        return null;
    }

    /** 0 when {@code v} is in bounds on this edge, 1 when it is if the array is not empty, -1 when not known. */
    private static int edgeNeed(Dominators dom, Block source, BlockCall edge, Value v, Value array) {
        if (v instanceof Value.IntConst c && c.value() == 0) return 1;
        if (v instanceof Inst.Binary s && s.op() == Inst.BinOp.SUB && s.type() == Type.Prim.I32 && isLength(s.left(), array)
                && s.right() instanceof Value.IntConst one && one.value() == 1) return 1;
        boolean nonNegative = false, below = false;
        for (Fact fact : facts(dom, source, edge)) {
            Terminator.Rel r = fact.rel();
            Value x = fact.left(), y = fact.right();
            if (y == v) { // y rel' x with the sides swapped
                Value t = x;
                x = y;
                y = t;
                r = switch (r) {
                    case LT -> Terminator.Rel.GT;
                    case GT -> Terminator.Rel.LT;
                    case LE -> Terminator.Rel.GE;
                    case GE -> Terminator.Rel.LE;
                    default -> r;
                };
            }
            if (x != v) continue;
            if (y instanceof Value.IntConst c && (r == Terminator.Rel.GE && c.value() >= 0 || r == Terminator.Rel.GT && c.value() >= -1)) {
                nonNegative = true;
            }
            if (r == Terminator.Rel.LT && isLength(y, array)) below = true;
        }
        return nonNegative && below ? 0 : -1;
    }

    private static boolean isLength(Value v, Value array) {
        return v instanceof Inst.ArrayLength al && al.array() == array;
    }

    /** What the branches on the way to {@code edge} tested: its own branch and those of single-predecessor blocks above. */
    private static List<Fact> facts(Dominators dom, Block source, BlockCall edge) {
        List<Fact> out = new ArrayList<>();
        Block from = source, to = null;
        BlockCall e = edge;
        for (int hop = 0; hop <= MAX_HOPS; hop++) {
            if (from.terminator() instanceof Terminator.Branch br && br.left().type() == Type.Prim.I32
                    && br.ifTrue().target() != br.ifFalse().target()) {
                BlockCall taken = e != null ? e : (br.ifTrue().target() == to ? br.ifTrue() : br.ifFalse());
                out.add(new Fact(taken == br.ifTrue() ? br.rel() : br.rel().negated(), br.left(), br.right()));
            }
            List<Block> preds = dom.predecessors(from);
            if (preds.size() != 1 || from == preds.getFirst()) break;
            to = from;
            from = preds.getFirst();
            e = null;
            int edgesTo = 0;
            for (BlockCall s : from.terminator().successors()) if (s.target() == to) edgesTo++;
            if (edgesTo != 1) break;
        }
        return out;
    }
}
