package dev.kiln.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The control-flow facts of one function that the front end, the verifier and the emitter share: the blocks reachable
 * from the entry in reverse post-order, their predecessors, the back edges of the depth-first walk and the immediate
 * dominators (Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm"). One walk computes the order and the
 * back edges, so they agree with each other everywhere they are used.
 */
public final class Dominators {
    private final Block entry;
    private final List<Block> rpo;
    private final List<Block[]> backEdges;
    private final Map<Block, Integer> rpoIndex = new IdentityHashMap<>();
    private final Map<Block, List<Block>> preds = new IdentityHashMap<>();
    private final Map<Block, Block> idom = new IdentityHashMap<>();

    private Dominators(Block entry) {
        this.entry = entry;
        this.backEdges = new ArrayList<>();
        this.rpo = walk(entry, backEdges);
        for (int k = 0; k < rpo.size(); k++) rpoIndex.put(rpo.get(k), k);
        // In block and edge order, never a hash order: what is derived from it must not change between compiles.
        for (Block b : rpo) {
            for (BlockCall e : b.terminator().successors()) preds.computeIfAbsent(e.target(), x -> new ArrayList<>()).add(b);
        }
        immediateDominators();
    }

    /** The analysis of the blocks reachable from {@code entry} (every block must have its terminator). */
    public static Dominators of(Block entry) {
        return new Dominators(entry);
    }

    public static Dominators of(Function f) {
        return new Dominators(f.entry());
    }

    /** Blocks reachable from {@code entry} in reverse post-order (so each comes after its dominators), without the rest of the analysis. */
    public static List<Block> reversePostOrder(Block entry) {
        return walk(entry, null);
    }

    /** The reachable blocks in reverse post-order. */
    public List<Block> reversePostOrder() {
        return Collections.unmodifiableList(rpo);
    }

    public boolean reachable(Block b) {
        return rpoIndex.containsKey(b);
    }

    /** Reachable predecessors of {@code b}, in reverse post-order of the source and then edge order (a block twice for two edges). */
    public List<Block> predecessors(Block b) {
        return preds.getOrDefault(b, List.of());
    }

    /**
     * Edges {@code [from, to]} to a block on the depth-first walk's current path, in the order the walk meets them.
     * In a reducible flow graph (everything javac emits) these are exactly the edges to a dominator.
     */
    public List<Block[]> backEdges() {
        return Collections.unmodifiableList(backEdges);
    }

    /** The immediate dominator of a reachable block; the entry's is itself. */
    public Block idom(Block b) {
        return idom.get(b);
    }

    /** Whether every path from the entry to reachable block {@code b} passes through {@code d} (a block dominates itself). */
    public boolean dominates(Block d, Block b) {
        for (Block x = b; ; x = idom.get(x)) {
            if (x == d) return true;
            if (x == entry) return false;
        }
    }

    private void immediateDominators() {
        idom.put(entry, entry);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Block b : rpo) {
                if (b == entry) continue;
                Block d = null;
                for (Block p : predecessors(b)) {
                    if (!idom.containsKey(p)) continue;
                    d = d == null ? p : intersect(p, d);
                }
                if (d != idom.get(b)) {
                    idom.put(b, d);
                    changed = true;
                }
            }
        }
    }

    private Block intersect(Block a, Block b) {
        while (a != b) {
            while (rpoIndex.get(a) > rpoIndex.get(b)) a = idom.get(a);
            while (rpoIndex.get(b) > rpoIndex.get(a)) b = idom.get(b);
        }
        return a;
    }

    /** Iterative depth-first walk (deep loop nests must not overflow the compiler's stack); collects back edges when asked. */
    private static List<Block> walk(Block entry, List<Block[]> backEdges) {
        List<Block> post = new ArrayList<>();
        Set<Block> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Block> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Block> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        stack.add(entry);
        next.add(0);
        seen.add(entry);
        onPath.add(entry);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Block b = stack.get(top);
            List<BlockCall> succ = b.terminator().successors();
            int i = next.get(top);
            if (i < succ.size()) {
                next.set(top, i + 1);
                Block s = succ.get(i).target();
                if (backEdges != null && onPath.contains(s)) {
                    backEdges.add(new Block[] {b, s});
                } else if (seen.add(s)) {
                    stack.add(s);
                    next.add(0);
                    onPath.add(s);
                }
            } else {
                post.add(b);
                stack.removeLast();
                next.removeLast();
                onPath.remove(b);
            }
        }
        Collections.reverse(post);
        return post;
    }
}
