package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What loop passes that copy a loop share: block numbers past the function's, the region a copy takes (the loop and
 * the blocks only it reaches), the copied blocks, and the merge block through which the values a loop computed reach
 * the code after it once two copies of the loop can leave to the same exit.
 */
final class LoopExits {
    private LoopExits() {
    }

    /** The first block number no block of {@code f} uses. */
    static int nextBlockId(Function f) {
        int next = 0;
        for (Block b : f.blocks()) next = Math.max(next, b.id() + 1);
        return next;
    }

    /** How a loop is entered and repeated: its one predecessor outside, the one edge from it, and the one back edge. */
    record Entry(Block pre, BlockCall in, BlockCall back) {
    }

    /** {@code l}'s entry, or null unless it has one way in (one outside block, one edge) and one way round. */
    static Entry entry(NaturalLoops loops, NaturalLoops.Loop l) {
        Block h = l.header();
        if (l.latches().size() != 1) return null;
        Block pre = null;
        for (Block p : loops.preds(h)) {
            if (l.contains(p)) continue;
            if (pre != null) return null;
            pre = p;
        }
        if (pre == null) return null;
        BlockCall in = only(pre, h), back = only(l.latches().getFirst(), h);
        return in == null || back == null ? null : new Entry(pre, in, back);
    }

    /** Versions one loop of {@code f}: the new function, or null when it leaves the loop alone. */
    interface LoopVersioning {
        Function version(Function f, NaturalLoops loops, NaturalLoops.Loop l, Set<Block> done);
    }

    /**
     * {@code f} with each innermost loop offered to {@code v} once (by header, {@code done}), at most {@code max}
     * loops versioned; the loops are found again after each, since versioning adds blocks.
     */
    static Function versionInnermost(Function f, int max, LoopVersioning v) {
        Set<Block> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int n = 0; n < max; n++) {
            NaturalLoops loops = new NaturalLoops(f);
            Function next = null;
            for (NaturalLoops.Loop l : loops.innermost()) {
                if (!done.add(l.header())) continue;
                next = v.version(f, loops, l, done);
                if (next != null) break;
            }
            if (next == null) return f;
            f = next;
        }
        return f;
    }

    /** The one edge from {@code b} to {@code target}, or null when there is none or more than one. */
    static BlockCall only(Block b, Block target) {
        BlockCall found = null;
        for (BlockCall s : b.terminator().successors()) {
            if (s.target() != target) continue;
            if (found != null) return null;
            found = s;
        }
        return found;
    }

    /**
     * The loop and the blocks only it reaches (a break's own block, a throw, a return), in the function's order; null
     * when one of them leaves to a block other than {@code exit}, so that a copy of the region leaves only there.
     */
    static List<Block> region(Function f, NaturalLoops loops, NaturalLoops.Loop l, Block exit) {
        Set<Block> in = Collections.newSetFromMap(new IdentityHashMap<>());
        in.addAll(l.body());
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Block b : f.blocks()) {
                List<Block> from = loops.preds(b);
                if (b == exit || in.contains(b) || from.isEmpty() || !in.containsAll(from)) continue;
                in.add(b);
                grew = true;
            }
        }
        List<Block> region = new ArrayList<>();
        for (Block b : f.blocks()) {
            if (!in.contains(b)) continue;
            region.add(b);
            for (BlockCall s : b.terminator().successors()) if (s.target() != exit && !in.contains(s.target())) return null;
        }
        return region;
    }

    /** The values defined in {@code region} that blocks outside it use, in the order first used. */
    static List<Value> escaping(Function f, Collection<Block> region) {
        Set<Block> in = Collections.newSetFromMap(new IdentityHashMap<>());
        in.addAll(region);
        Set<Value> inside = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block b : region) {
            inside.addAll(b.params());
            inside.addAll(b.insts());
        }
        List<Value> escaping = new ArrayList<>();
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block b : f.blocks()) {
            if (in.contains(b)) continue;
            List<Value> used = new ArrayList<>(b.terminator().operands());
            for (Inst i : b.insts()) used.addAll(i.operands());
            for (BlockCall s : b.terminator().successors()) used.addAll(s.args());
            for (Value v : used) if (inside.contains(v) && seen.add(v)) escaping.add(v);
        }
        return escaping;
    }

    /**
     * New blocks for {@code blocks}, numbered from {@code firstId} on, each with fresh parameters of the same types,
     * recorded in {@code map} (original to copy); the caller fills in the instructions and terminators.
     */
    static Map<Block, Block> copyShells(List<Block> blocks, int firstId, Map<Value, Value> map) {
        Map<Block, Block> copies = new IdentityHashMap<>();
        int id = firstId;
        for (Block b : blocks) {
            Block c = new Block(id++);
            copies.put(b, c);
            for (Param p : b.params()) {
                Param q = new Param(p.type(), p.name());
                c.params().add(q);
                map.put(p, q);
            }
        }
        return copies;
    }

    /** An edge to {@link #merge}'s block: the exit edge's arguments, then the escaping values as {@code map} has them. */
    static BlockCall toMerge(Block merge, List<Value> exitArgs, List<Value> escaping, UnaryOperator<Value> map) {
        List<Value> args = new ArrayList<>(exitArgs);
        for (Value v : escaping) args.add(map.apply(v));
        return new BlockCall(merge, args);
    }

    /**
     * A block taking {@code target}'s parameters and then one per value of {@code liveOut}, jumping on to
     * {@code target}; every use of those values in the blocks of {@code f} that {@code inLoop} rejects now takes
     * the block's parameter instead. The caller routes the loop's exit edges to it (arguments: the edge's, then the
     * live-out values as the leaving copy has them). Each use after the loop was dominated by its value inside the
     * loop, so it is dominated by this block, which every way out of the loop now passes.
     */
    static Block merge(Function f, Predicate<Block> inLoop, Block target, List<Value> liveOut, int id) {
        Block merge = new Block(id);
        for (Param p : target.params()) merge.params().add(new Param(p.type(), p.name()));
        Map<Value, Value> after = new IdentityHashMap<>();
        for (Value v : liveOut) {
            Param q = new Param(v.type(), v instanceof Param p ? p.name() : "");
            merge.params().add(q);
            after.put(v, q);
        }
        merge.setTerminator(new Terminator.Jump(new BlockCall(target, List.copyOf(merge.params().subList(0, target.params().size())))));
        for (Block b : f.blocks()) {
            if (inLoop.test(b)) continue;
            for (int k = 0; k < b.insts().size(); k++) {
                Inst i = b.insts().get(k);
                Inst j = i.mapOperands(v -> after.getOrDefault(v, v));
                if (sameOperands(i, j)) continue;
                b.insts().set(k, j);
                after.put(i, j); // later users of i now use j
            }
            b.setTerminator(b.terminator().mapOperands(v -> after.getOrDefault(v, v)));
        }
        return merge;
    }

    private static boolean sameOperands(Inst a, Inst b) {
        List<Value> x = a.operands(), y = b.operands();
        for (int k = 0; k < x.size(); k++) if (x.get(k) != y.get(k)) return false;
        return true;
    }
}
