package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The innermost loops of a function that have one way in and one way around: natural loops of the back edges a
 * depth-first walk finds, each with a single back edge, entered only through its header, and with no other loop
 * inside. Loops of any other shape (several latches, a second entry of an irreducible flow graph) are left out.
 */
final class InnermostLoops {
    /** A loop: its header, its blocks (header included, in function order) and the block whose jump goes back. */
    record Loop(Block header, List<Block> blocks, Block latch) {
        boolean contains(Block b) {
            return blocks.contains(b);
        }
    }

    private InnermostLoops() {
    }

    static List<Loop> of(Function f) {
        Map<Block, List<Block>> preds = predecessors(f);
        List<Block[]> backEdges = backEdges(f);
        Map<Block, Integer> latches = new IdentityHashMap<>();
        for (Block[] e : backEdges) latches.merge(e[1], 1, Integer::sum);
        List<Loop> out = new ArrayList<>();
        for (Block[] e : backEdges) {
            Block header = e[1];
            if (latches.get(header) != 1) continue;
            Set<Block> body = Collections.newSetFromMap(new IdentityHashMap<>());
            body.add(header);
            Deque<Block> work = new ArrayDeque<>(List.of(e[0]));
            while (!work.isEmpty()) {
                Block b = work.pop();
                if (body.add(b)) work.addAll(preds.getOrDefault(b, List.of()));
            }
            boolean ok = true;
            for (Block b : body) {
                if (b == header) continue;
                for (Block p : preds.getOrDefault(b, List.of())) ok &= body.contains(p); // entered only at the header
            }
            for (Block[] other : backEdges) {
                if (other != e && body.contains(other[0]) && body.contains(other[1])) ok = false; // a loop inside
            }
            if (!ok) continue;
            List<Block> ordered = new ArrayList<>();
            for (Block b : f.blocks()) if (body.contains(b)) ordered.add(b);
            out.add(new Loop(header, ordered, e[0]));
        }
        return out;
    }

    static Map<Block, List<Block>> predecessors(Function f) {
        Map<Block, List<Block>> preds = new IdentityHashMap<>();
        for (Block b : f.blocks()) {
            for (BlockCall s : b.terminator().successors()) preds.computeIfAbsent(s.target(), k -> new ArrayList<>()).add(b);
        }
        return preds;
    }

    /** Edges {@code [from, to]} to a block on the depth-first walk's current path. */
    private static List<Block[]> backEdges(Function f) {
        List<Block[]> out = new ArrayList<>();
        Set<Block> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Block> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>(); // {block, index of the next successor}
        stack.push(new Object[] {f.entry(), 0});
        seen.add(f.entry());
        onPath.add(f.entry());
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Block b = (Block) top[0];
            List<BlockCall> succ = b.terminator().successors();
            int i = (int) top[1];
            if (i == succ.size()) {
                stack.pop();
                onPath.remove(b);
                continue;
            }
            top[1] = i + 1;
            Block t = succ.get(i).target();
            if (onPath.contains(t)) {
                out.add(new Block[] {b, t});
            } else if (seen.add(t)) {
                onPath.add(t);
                stack.push(new Object[] {t, 0});
            }
        }
        return out;
    }
}
