package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.util.HashSet;
import java.util.Set;

/**
 * Innermost loops that carry a float or double sum or product from one iteration to the next (without fastMath, in
 * Java's order) and call neither Math.exp nor Math.log. LLVM may vectorise such a loop with the sum kept in order
 * (PassPipeline's {@code force-ordered-reductions}); that pays when the rest of the body is heavy (exp and log on
 * vectors) and loses when it is light: a dot product ran at 1.0x HotSpot vectorised so against 1.7x scalar. The
 * emitter keeps these loops scalar.
 */
public final class StrictReductions {
    private static final Set<String> VECTOR_MATH = Set.of("kiln.Math.exp(D)D", "kiln.Math.log(D)D");

    private StrictReductions() {
    }

    /** The headers of the loops to keep scalar. */
    public static Set<Block> scalarLoopHeaders(Function f) {
        Set<Block> out = new HashSet<>();
        for (InnermostLoops.Loop loop : InnermostLoops.of(f)) {
            if (carriesFloatingReduction(loop) && !callsVectorMath(loop)) out.add(loop.header());
        }
        return out;
    }

    private static boolean carriesFloatingReduction(InnermostLoops.Loop loop) {
        Set<Inst> body = new HashSet<>();
        for (Block b : loop.blocks()) body.addAll(b.insts());
        for (BlockCall s : loop.latch().terminator().successors()) {
            if (s.target() != loop.header()) continue;
            for (int k = 0; k < s.args().size(); k++) {
                Param p = loop.header().params().get(k);
                Value v = s.args().get(k);
                if ((p.type() == Type.Prim.F64 || p.type() == Type.Prim.F32) && v instanceof Inst.Binary b
                        && body.contains(b) && (b.op() == Inst.BinOp.ADD || b.op() == Inst.BinOp.SUB
                        || b.op() == Inst.BinOp.MUL)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean callsVectorMath(InnermostLoops.Loop loop) {
        for (Block b : loop.blocks()) {
            for (Inst i : b.insts()) {
                if (i instanceof Inst.IntrinsicCall c && VECTOR_MATH.contains(c.intrinsic().symbol())) return true;
            }
        }
        return false;
    }
}
