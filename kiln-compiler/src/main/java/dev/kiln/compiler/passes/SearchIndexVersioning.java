package dev.kiln.compiler.passes;

import dev.kiln.compiler.Pipeline;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Dominators;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Loop versioning for the bounds check of a binary search: {@code a[mid]} with {@code mid = (lo + hi) >>> 1}, where
 * each of {@code lo} and {@code hi} only ever takes its value before the loop, its own value, the other's, or a
 * {@code mid}. A check-free copy of the loop runs when a test before it finds every such variable's entry value in
 * {@code [0, a.length)} and {@code a} non-null; otherwise the original loop runs with every check in place.
 *
 * <p>Why the test suffices: if every entry value lies in {@code [m, M]} with {@code 0 <= m}, so does every value the
 * variables take. By induction: with {@code x} and {@code y} in {@code [m, M]}, their {@code int} sum may wrap, but
 * as an unsigned 32-bit number it is exact ({@code x + y < 2^32}), so {@code >>> 1} gives exactly
 * {@code floor((x + y) / 2)}, which lies between {@code x} and {@code y}. So every index is below {@code M}, which the
 * test put below the length. No index range per iteration count exists here ({@link RangeCheckVersioning} needs
 * one), and LLVM cannot see the invariant: the compare and branch stayed in the search's dependence chain of loads,
 * where C has none (interp: 1.3x C's time per query).
 *
 * <p>The copied region is the loop and the blocks only it reaches; every other way out must be the header's exit,
 * where a merge block hands the values the loop computed to the code after it (as in {@link RangeCheckVersioning}).
 */
public final class SearchIndexVersioning implements Pipeline.FunctionPass {
    private static final int MAX_LOOP_INSTS = 200;
    private static final int MAX_LOOPS_PER_FUNCTION = 8;

    @Override
    public String name() {
        return "search index versioning";
    }

    @Override
    public Function transform(Function f) {
        Set<Block> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int n = 0; n < MAX_LOOPS_PER_FUNCTION; n++) {
            NaturalLoops loops = new NaturalLoops(f);
            Function next = null;
            for (NaturalLoops.Loop l : loops.innermost()) {
                if (!done.add(l.header())) continue;
                next = version(f, loops, l, done);
                if (next != null) break;
            }
            if (next == null) return f;
            f = next;
        }
        return f;
    }

    /** {@code f} with loop {@code l} versioned, or null when it has no search access to prove. */
    private static Function version(Function f, NaturalLoops loops, NaturalLoops.Loop l, Set<Block> done) {
        Block h = l.header();
        int size = 0;
        for (Block b : l.body()) size += b.insts().size();
        if (size > MAX_LOOP_INSTS || l.latches().size() != 1) return null;
        Block pre = null;
        for (Block p : loops.preds(h)) {
            if (l.contains(p)) continue;
            if (pre != null) return null;
            pre = p;
        }
        if (pre == null) return null;
        BlockCall in = only(pre, h), back = only(l.latches().getFirst(), h);
        if (in == null || back == null || !(h.terminator() instanceof Terminator.Branch br)) return null;
        boolean trueStays = l.contains(br.ifTrue().target());
        if (trueStays == l.contains(br.ifFalse().target())) return null;
        Block exit = trueStays ? br.ifFalse().target() : br.ifTrue().target();

        Map<Value, Block> defined = new IdentityHashMap<>();
        for (Block b : l.body()) {
            for (Param p : b.params()) defined.put(p, b);
            for (Inst i : b.insts()) defined.put(i, b);
        }
        // the accesses to prove, and the header variables whose entry values the guard tests
        Map<Inst, Value> proven = new LinkedHashMap<>(); // access -> its array
        Set<Param> entries = new LinkedHashSet<>();
        for (Block b : l.body()) {
            for (Inst i : b.insts()) {
                Value array, index;
                switch (i) {
                    case Inst.ArrayLoad a when !a.unchecked() -> { array = a.array(); index = a.index(); }
                    case Inst.ArrayStore s when !s.unchecked() -> { array = s.array(); index = s.index(); }
                    default -> { continue; }
                }
                if (defined.containsKey(array) || !(array.type() instanceof Type.Array)) continue;
                Set<Param> vars = searchVars(loops, l, defined, back, index);
                if (vars == null) continue;
                proven.put(i, array);
                entries.addAll(vars);
            }
        }
        if (proven.isEmpty()) return null;

        // the region: the loop and the blocks only it reaches; all other ways out go to the header's exit
        Set<Block> inRegion = Collections.newSetFromMap(new IdentityHashMap<>());
        inRegion.addAll(l.body());
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Block b : f.blocks()) {
                List<Block> from = loops.preds(b);
                if (b == exit || inRegion.contains(b) || from.isEmpty() || !inRegion.containsAll(from)) continue;
                inRegion.add(b);
                grew = true;
            }
        }
        List<Block> region = new ArrayList<>();
        for (Block b : f.blocks()) {
            if (!inRegion.contains(b)) continue;
            region.add(b);
            for (BlockCall s : b.terminator().successors()) if (s.target() != exit && !inRegion.contains(s.target())) return null;
        }
        Set<Value> inside = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block b : region) {
            inside.addAll(b.params());
            inside.addAll(b.insts());
        }
        List<Value> escaping = new ArrayList<>();
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block b : f.blocks()) {
            if (inRegion.contains(b)) continue;
            List<Value> used = new ArrayList<>(b.terminator().operands());
            for (Inst i : b.insts()) used.addAll(i.operands());
            for (BlockCall s : b.terminator().successors()) used.addAll(s.args());
            for (Value v : used) if (inside.contains(v) && seen.add(v)) escaping.add(v);
        }

        int[] nextId = {LoopExits.nextBlockId(f)};
        java.util.function.Supplier<Block> newBlock = () -> new Block(nextId[0]++);
        // the guard: every array non-null, then every entry value in [0, length) of every array
        LoopGuard g = new LoopGuard(newBlock, new BlockCall(h, in.args()), new LoopGuard.ValueOrder(f));
        Block first = g.current;
        pre.setTerminator(pre.terminator().rewrite(v -> v, e -> e.target() == h ? new BlockCall(first, List.of()) : e));
        Set<Value> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Value> arrayList = new ArrayList<>();
        for (Value a : proven.values()) if (arrays.add(a)) arrayList.add(a);
        for (Value a : arrayList) g.failUnlessNonNull(a);
        List<Value> starts = new ArrayList<>();
        for (Param p : entries) starts.add(in.args().get(h.params().indexOf(p)));
        for (Value s : starts) {
            if (!(s instanceof Value.IntConst c && c.value() >= 0)) g.failUnless(Terminator.Rel.GE, s, new Value.IntConst(0));
        }
        for (Value a : arrayList) {
            Value length = g.add(new Inst.ArrayLength(a, ""));
            for (Value s : starts) g.failUnless(Terminator.Rel.LT, s, length);
        }

        Block merge = escaping.isEmpty() ? null : LoopExits.merge(f, inRegion::contains, exit, escaping, nextId[0]++);
        // the copy: same blocks, fresh values, proven accesses unchecked
        Map<Block, Block> copyOf = new IdentityHashMap<>();
        Map<Value, Value> copied = new IdentityHashMap<>();
        for (Block b : region) {
            Block c = newBlock.get();
            copyOf.put(b, c);
            for (Param p : b.params()) {
                Param q = new Param(p.type(), p.name());
                c.params().add(q);
                copied.put(p, q);
            }
        }
        UnaryOperator<Value> inCopy = v -> copied.getOrDefault(v, v);
        for (Block b : region) {
            Block c = copyOf.get(b);
            for (Inst i : b.insts()) {
                Inst j = i.mapOperands(inCopy);
                if (proven.containsKey(i)) j = unchecked(j);
                c.insts().add(j);
                copied.put(i, j);
            }
        }
        for (Block b : region) {
            copyOf.get(b).setTerminator(b.terminator().rewrite(inCopy, e -> {
                List<Value> args = e.args().stream().map(inCopy).toList();
                Block to = copyOf.get(e.target());
                if (to != null) return new BlockCall(to, args);
                return merge == null ? new BlockCall(e.target(), args) : toMerge(merge, args, escaping, inCopy);
            }));
            b.setTerminator(b.terminator().rewrite(v -> v, e -> e.target() == exit && merge != null
                    ? toMerge(merge, e.args(), escaping, v -> v) : e));
        }
        g.current.setTerminator(new Terminator.Jump(new BlockCall(copyOf.get(h), in.args())));
        done.add(copyOf.get(h));
        return new Function(f.name(), f.method(), f.returnType(), f.descriptor(), Dominators.reversePostOrder(f.entry()));
    }

    /**
     * The header variables an index depends on when it is a search index: built only from header variables, block
     * parameters of the loop and {@code (x + y) >>> 1} of such values, with every header variable's value on the
     * back edge built the same way. Null for any other index.
     */
    private static Set<Param> searchVars(NaturalLoops loops, NaturalLoops.Loop l, Map<Value, Block> defined,
                                         BlockCall back, Value index) {
        if (index.type() != Type.Prim.I32) return null;
        Set<Param> vars = new LinkedHashSet<>();
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Value> work = new ArrayDeque<>(List.of(index));
        while (!work.isEmpty()) {
            Value v = work.pop();
            if (!seen.add(v)) continue;
            Block owner = defined.get(v);
            if (owner == null) return null; // a value from before the loop, or a constant: no invariant bounds it
            if (v instanceof Param p) {
                int k = owner.params().indexOf(p);
                if (owner == l.header()) {
                    vars.add(p);
                    work.push(back.args().get(k));
                } else {
                    for (Block pred : loops.preds(owner)) {
                        for (BlockCall c : pred.terminator().successors()) if (c.target() == owner) work.push(c.args().get(k));
                    }
                }
            } else if (v instanceof Inst.Binary sh && sh.op() == Inst.BinOp.USHR && sh.type() == Type.Prim.I32
                    && sh.right() instanceof Value.IntConst one && one.value() == 1
                    && sh.left() instanceof Inst.Binary sum && sum.op() == Inst.BinOp.ADD && defined.containsKey(sum)) {
                work.push(sum.left());
                work.push(sum.right());
            } else {
                return null;
            }
        }
        return vars;
    }

    private static BlockCall toMerge(Block merge, List<Value> exitArgs, List<Value> escaping, UnaryOperator<Value> map) {
        List<Value> args = new ArrayList<>(exitArgs);
        for (Value v : escaping) args.add(map.apply(v));
        return new BlockCall(merge, args);
    }

    private static Inst unchecked(Inst i) {
        return switch (i) {
            case Inst.ArrayLoad l -> new Inst.ArrayLoad(l.elem(), l.array(), l.index(), l.nullMessage(), true);
            case Inst.ArrayStore s -> new Inst.ArrayStore(s.elem(), s.array(), s.index(), s.value(), s.nullMessage(), true);
            default -> throw new IllegalStateException("not an access: " + i);
        };
    }

    private static BlockCall only(Block b, Block target) {
        BlockCall found = null;
        for (BlockCall s : b.terminator().successors()) {
            if (s.target() != target) continue;
            if (found != null) return null;
            found = s;
        }
        return found;
    }
}
