package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Value;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What loop passes that copy a loop share: block numbers past the function's, and the merge block through which the
 * values a loop computed reach the code after it once two copies of the loop can leave to the same exit.
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
