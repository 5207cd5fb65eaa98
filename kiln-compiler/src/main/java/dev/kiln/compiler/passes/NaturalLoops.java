package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The control-flow facts loop passes need: predecessors, a reverse postorder, immediate dominators (Cooper, Harvey
 * and Kennedy's iteration over the reverse postorder) and the natural loops (a header and every block that reaches
 * one of its back edges without passing the header; a back edge is an edge to a block that dominates its source).
 * A snapshot: it describes the function as it was when computed.
 */
final class NaturalLoops {
    /** One natural loop: its header, its blocks (header included) in function order, and the sources of its back edges. */
    record Loop(Block header, Set<Block> body, List<Block> latches) {
        boolean contains(Block b) {
            return body.contains(b);
        }
    }

    final Map<Block, List<Block>> preds = new IdentityHashMap<>();
    final List<Block> rpo;
    private final Map<Block, Integer> order = new IdentityHashMap<>();
    private final Map<Block, Block> idom = new IdentityHashMap<>();
    final List<Loop> loops = new ArrayList<>();

    NaturalLoops(Function f) {
        for (Block b : f.blocks()) preds.put(b, new ArrayList<>());
        for (Block b : f.blocks()) for (BlockCall s : b.terminator().successors()) preds.get(s.target()).add(b);
        rpo = reversePostorder(f.entry());
        for (int i = 0; i < rpo.size(); i++) order.put(rpo.get(i), i);
        dominators();
        Map<Block, Loop> byHeader = new IdentityHashMap<>();
        for (Block b : rpo) {
            for (BlockCall s : b.terminator().successors()) {
                Block h = s.target();
                if (!dominates(h, b)) continue;
                Loop l = byHeader.computeIfAbsent(h, k -> new Loop(k, new LinkedHashSet<>(), new ArrayList<>()));
                if (!l.latches().contains(b)) l.latches().add(b);
            }
        }
        for (Block header : rpo) { // in a fixed order: identity hashes differ from run to run
            Loop l = byHeader.get(header);
            if (l == null) continue;
            Set<Block> body = Collections.newSetFromMap(new IdentityHashMap<>());
            body.add(l.header());
            Deque<Block> work = new ArrayDeque<>(l.latches());
            while (!work.isEmpty()) {
                Block b = work.pop();
                if (body.add(b)) for (Block p : preds.get(b)) if (order.containsKey(p)) work.push(p);
            }
            for (Block b : f.blocks()) if (body.contains(b)) l.body().add(b); // function order
            loops.add(l);
        }
    }

    /** Loops containing no other loop's header. */
    List<Loop> innermost() {
        List<Loop> out = new ArrayList<>();
        for (Loop l : loops) {
            boolean inner = true;
            for (Loop o : loops) inner &= o == l || !l.contains(o.header());
            if (inner) out.add(l);
        }
        return out;
    }

    /** Whether {@code a} dominates {@code b} (every block dominates itself); unreachable blocks dominate nothing. */
    boolean dominates(Block a, Block b) {
        if (!order.containsKey(a) || !order.containsKey(b)) return false;
        for (Block x = b; x != null; x = idom.get(x)) if (x == a) return true;
        return false;
    }

    static List<Block> reversePostorder(Block entry) {
        List<Block> post = new ArrayList<>();
        Set<Block> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>(); // {block, index of the next successor}
        stack.push(new Object[] {entry, 0});
        seen.add(entry);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Block b = (Block) top[0];
            List<BlockCall> succ = b.terminator().successors();
            int i = (int) top[1];
            if (i == succ.size()) {
                stack.pop();
                post.add(b);
                continue;
            }
            top[1] = i + 1;
            Block s = succ.get(i).target();
            if (seen.add(s)) stack.push(new Object[] {s, 0});
        }
        Collections.reverse(post);
        return post;
    }

    private void dominators() {
        Block entry = rpo.getFirst();
        idom.put(entry, null);
        Map<Block, Block> doms = new IdentityHashMap<>();
        doms.put(entry, entry);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Block b : rpo.subList(1, rpo.size())) {
                Block d = null;
                for (Block p : preds.get(b)) {
                    if (!doms.containsKey(p)) continue;
                    d = d == null ? p : intersect(doms, p, d);
                }
                if (doms.get(b) != d) {
                    doms.put(b, d);
                    changed = true;
                }
            }
        }
        for (Block b : rpo.subList(1, rpo.size())) idom.put(b, doms.get(b));
    }

    private Block intersect(Map<Block, Block> doms, Block a, Block b) {
        while (a != b) {
            while (order.get(a) > order.get(b)) a = doms.get(a);
            while (order.get(b) > order.get(a)) b = doms.get(b);
        }
        return a;
    }
}
