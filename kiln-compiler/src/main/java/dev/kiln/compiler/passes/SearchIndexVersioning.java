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

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Loop versioning for the bounds checks of a binary search: a check-free copy of the loop runs when a test before it
 * finds the array non-null and the entry values of the search's header variables within the bounds of an invariant
 * that {@link SearchBounds} proves (each variable non-negative, at most {@code a.length}, or below it); otherwise the
 * original loop runs with every check in place, and throws where Java does. Three forms are proven:
 * {@code lo}, {@code hi} that only take each other's values or {@code (lo + hi) >>> 1} (entry values in
 * {@code [0, a.length)}); the lower bound {@code lo = mid + 1}, {@code hi = mid} under {@code lo < hi}
 * ({@code lo >= 0}, {@code hi <= a.length}); and the inclusive form {@code low = mid + 1}, {@code high = mid - 1}
 * under {@code low <= high} ({@code low >= 0}, {@code high < a.length}), with {@code mid} also
 * {@code low + (high - low) / 2} or {@code (low + high) / 2} (then every length below 2^30). An index may add an
 * offset from before the loop, {@code a[off + mid]}: the guard then also finds {@code off >= 0} and tests the upper
 * bounds against {@code a.length - off}.
 *
 * <p>No index range per iteration count exists here ({@link RangeCheckVersioning} needs one), and LLVM cannot see the
 * invariant: the compare and branch stayed in the search's dependence chain of loads, where C has none (interp: 1.3x
 * C's time per query).
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
        return LoopExits.versionInnermost(f, MAX_LOOPS_PER_FUNCTION, SearchIndexVersioning::version);
    }

    /** {@code f} with loop {@code l} versioned, or null when it has no search access to prove. */
    private static Function version(Function f, NaturalLoops loops, NaturalLoops.Loop l, Set<Block> done) {
        Block h = l.header();
        int size = 0;
        for (Block b : l.body()) size += b.insts().size();
        if (size > MAX_LOOP_INSTS) return null;
        LoopExits.Entry entry = LoopExits.entry(loops, l);
        if (entry == null || !(h.terminator() instanceof Terminator.Branch br)) return null;
        Block pre = entry.pre();
        BlockCall in = entry.in(), back = entry.back();
        boolean trueStays = l.contains(br.ifTrue().target());
        if (trueStays == l.contains(br.ifFalse().target())) return null;
        Block exit = trueStays ? br.ifFalse().target() : br.ifTrue().target();

        Map<Value, Block> defined = new IdentityHashMap<>();
        for (Block b : l.body()) {
            for (Param p : b.params()) defined.put(p, b);
            for (Inst i : b.insts()) defined.put(i, b);
        }
        // the accesses to prove, and the invariant on the header variables whose entry values the guard tests
        Map<Inst, Value> indices = new LinkedHashMap<>(); // access -> its index
        Map<Inst, Value> arrayOf = new IdentityHashMap<>();
        for (Block b : l.body()) {
            for (Inst i : b.insts()) {
                Value array, index;
                switch (i) {
                    case Inst.ArrayLoad a when !a.unchecked() -> { array = a.array(); index = a.index(); }
                    case Inst.ArrayStore s when !s.unchecked() -> { array = s.array(); index = s.index(); }
                    default -> { continue; }
                }
                if (defined.containsKey(array) || !(array.type() instanceof Type.Array) || !defined.containsKey(index)) continue;
                indices.put(i, index);
                arrayOf.put(i, array);
            }
        }
        if (indices.isEmpty()) return null;
        SearchBounds.Proof proof = new SearchBounds(loops, l, defined, back).prove(indices);
        if (proof == null) return null;
        Map<Inst, Value> proven = new LinkedHashMap<>(); // access -> its array
        for (Inst i : proof.proven()) proven.put(i, arrayOf.get(i));

        // the region: the loop and the blocks only it reaches; all other ways out go to the header's exit
        List<Block> region = LoopExits.region(f, loops, l, exit);
        if (region == null) return null;
        Set<Block> inRegion = Collections.newSetFromMap(new IdentityHashMap<>());
        inRegion.addAll(region);
        List<Value> escaping = LoopExits.escaping(f, region);

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
        Map<Value, SearchBounds.Assume> starts = new LinkedHashMap<>();
        for (Map.Entry<Param, SearchBounds.Assume> e : proof.assume().entrySet()) {
            Value s = in.args().get(h.params().indexOf(e.getKey()));
            SearchBounds.Assume a = e.getValue(), had = starts.get(s);
            if (had != null) { // one value entering two variables: test what both need
                Integer up = had.upper() == null ? a.upper() : a.upper() == null ? had.upper() : Math.min(had.upper(), a.upper());
                a = new SearchBounds.Assume(had.nonNegative() || a.nonNegative(), up);
            }
            starts.put(s, a);
        }
        for (Map.Entry<Value, SearchBounds.Assume> e : starts.entrySet()) {
            Value s = e.getKey();
            if (e.getValue().nonNegative() && !(s instanceof Value.IntConst c && c.value() >= 0)) {
                g.failUnless(Terminator.Rel.GE, s, new Value.IntConst(0));
            }
        }
        Value offset = proof.offset();
        if (offset != null) g.failUnless(Terminator.Rel.GE, offset, new Value.IntConst(0));
        for (Value a : arrayList) {
            Value length = g.add(new Inst.ArrayLength(a, ""));
            if (proof.smallLengths()) g.failUnless(Terminator.Rel.LT, length, new Value.IntConst(1 << 30));
            // the upper bounds hold against the length less the offset (no wrap: both non-negative)
            Value limit = offset == null ? length : g.add(new Inst.Binary(Inst.BinOp.SUB, Type.Prim.I32, length, offset));
            for (Map.Entry<Value, SearchBounds.Assume> e : starts.entrySet()) {
                Integer up = e.getValue().upper();
                if (up == null || offset == null && e.getKey() instanceof Value.IntConst c && c.value() <= up) continue; // len >= 0
                g.failUnless(up == 0 ? Terminator.Rel.LE : Terminator.Rel.LT, e.getKey(), limit);
            }
        }

        Block merge = escaping.isEmpty() ? null : LoopExits.merge(f, inRegion::contains, exit, escaping, nextId[0]++);
        // the copy: same blocks, fresh values, proven accesses unchecked
        Map<Value, Value> copied = new IdentityHashMap<>();
        Map<Block, Block> copyOf = LoopExits.copyShells(region, nextId[0], copied);
        nextId[0] += region.size();
        UnaryOperator<Value> inCopy = v -> copied.getOrDefault(v, v);
        for (Block b : region) {
            Block c = copyOf.get(b);
            for (Inst i : b.insts()) {
                Inst j = i.mapOperands(inCopy);
                if (proven.containsKey(i)) j = Accesses.unchecked(j);
                c.insts().add(j);
                copied.put(i, j);
            }
        }
        for (Block b : region) {
            copyOf.get(b).setTerminator(b.terminator().rewrite(inCopy, e -> {
                List<Value> args = e.args().stream().map(inCopy).toList();
                Block to = copyOf.get(e.target());
                if (to != null) return new BlockCall(to, args);
                return merge == null ? new BlockCall(e.target(), args) : LoopExits.toMerge(merge, args, escaping, inCopy);
            }));
            b.setTerminator(b.terminator().rewrite(v -> v, e -> e.target() == exit && merge != null
                    ? LoopExits.toMerge(merge, e.args(), escaping, v -> v) : e));
        }
        g.current.setTerminator(new Terminator.Jump(new BlockCall(copyOf.get(h), in.args())));
        done.add(copyOf.get(h));
        return new Function(f.name(), f.method(), f.returnType(), f.descriptor(), Dominators.reversePostOrder(f.entry()));
    }
}
