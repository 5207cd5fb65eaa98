package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Function;

import java.util.ArrayList;
import java.util.List;

/**
 * The innermost loops of a function that have one way in and one way around: the {@link NaturalLoops} with a single
 * back edge, entered only through their header, and with no other loop inside. Loops of any other shape (several
 * latches, a second entry of an irreducible flow graph) are left out.
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
        NaturalLoops loops = new NaturalLoops(f);
        List<Loop> out = new ArrayList<>();
        for (NaturalLoops.Loop l : loops.innermost()) {
            if (l.latches().size() != 1) continue;
            boolean ok = true;
            for (Block b : l.body()) {
                if (b == l.header()) continue;
                for (Block p : loops.preds(b)) ok &= l.contains(p); // entered only at the header
            }
            if (ok) out.add(new Loop(l.header(), List.copyOf(l.body()), l.latches().getFirst()));
        }
        return out;
    }
}
