package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Dominators;
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
 * The natural loops of a function, from its {@link Dominators}: a header and every block that reaches one of its back
 * edges (an edge to a block that dominates its source) without passing the header. A snapshot: it describes the
 * function as it was when computed.
 */
final class NaturalLoops {
    /** One natural loop: its header, its blocks (header included) in function order, and the sources of its back edges. */
    record Loop(Block header, Set<Block> body, List<Block> latches) {
        boolean contains(Block b) {
            return body.contains(b);
        }
    }

    final Dominators dom;
    final List<Loop> loops = new ArrayList<>();

    NaturalLoops(Function f) {
        dom = Dominators.of(f);
        Map<Block, Loop> byHeader = new IdentityHashMap<>();
        for (Block b : dom.reversePostOrder()) {
            for (BlockCall s : b.terminator().successors()) {
                Block h = s.target();
                if (!dom.dominates(h, b)) continue;
                Loop l = byHeader.computeIfAbsent(h, k -> new Loop(k, new LinkedHashSet<>(), new ArrayList<>()));
                if (!l.latches().contains(b)) l.latches().add(b);
            }
        }
        for (Block header : dom.reversePostOrder()) { // a fixed order: identity hashes differ from run to run
            Loop l = byHeader.get(header);
            if (l == null) continue;
            Set<Block> body = Collections.newSetFromMap(new IdentityHashMap<>());
            body.add(l.header());
            Deque<Block> work = new ArrayDeque<>(l.latches());
            while (!work.isEmpty()) {
                Block b = work.pop();
                if (body.add(b)) work.addAll(dom.predecessors(b));
            }
            for (Block b : f.blocks()) if (body.contains(b)) l.body().add(b); // function order
            loops.add(l);
        }
    }

    /** Reachable predecessors of {@code b}. */
    List<Block> preds(Block b) {
        return dom.predecessors(b);
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
}
