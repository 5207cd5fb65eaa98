package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Dominators;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loops of a function (natural loops of the back edges that the depth-first walk of {@link Dominators} finds),
 * reduced to one fact: which blocks belong to a loop that encloses another loop and to no innermost loop. Bounds checks there run once per
 * inner loop, so splitting their loop for range check elimination would copy whole inner loops for little gain
 * (see {@code PassPipeline}); the emitter weights them so that IRCE leaves them alone. Only optimisation depends on
 * this: a wrong answer (an irreducible flow graph, say) costs speed, never correctness. The aligning pre-loops of
 * {@code StoreAlignmentPeel} (headed by their alignment test) are weighted the same way: they run a few iterations.
 */
final class LoopNest {
    private LoopNest() {
    }

    /** Blocks whose innermost enclosing loop has a loop inside it. */
    static Set<Block> outerOnlyBlocks(Function f) {
        Map<Block, Set<Block>> loops = new IdentityHashMap<>(); // header -> body (header included)
        Dominators cfg = Dominators.of(f);
        for (Block[] edge : cfg.backEdges()) {
            Set<Block> body = loops.computeIfAbsent(edge[1], h -> Collections.newSetFromMap(new IdentityHashMap<>()));
            body.add(edge[1]);
            Deque<Block> work = new ArrayDeque<>(List.of(edge[0]));
            while (!work.isEmpty()) {
                Block b = work.pop();
                if (body.add(b)) work.addAll(cfg.predecessors(b));
            }
        }
        Set<Block> inInnermost = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Block> inAny = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<Block, Set<Block>> l : loops.entrySet()) {
            inAny.addAll(l.getValue());
            boolean innermost = true;
            for (Block h : loops.keySet()) innermost &= h == l.getKey() || !l.getValue().contains(h);
            if (innermost) inInnermost.addAll(l.getValue());
        }
        inAny.removeAll(inInnermost);
        // An aligning pre-loop (StoreAlignmentPeel) runs a few iterations: splitting it too only costs compile time.
        for (Map.Entry<Block, Set<Block>> l : loops.entrySet()) {
            List<Inst> first = l.getKey().insts();
            if (!first.isEmpty() && first.getFirst() instanceof Inst.AddressAlignment) inAny.addAll(l.getValue());
        }
        return inAny;
    }
}
