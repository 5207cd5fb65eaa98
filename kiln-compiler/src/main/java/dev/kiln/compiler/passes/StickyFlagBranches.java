package dev.kiln.compiler.passes;

import dev.kiln.compiler.Pipeline;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Marks a branch on a sticky loop flag as predictable ({@link Terminator.Expect}), so that LLVM keeps it a branch
 * instead of turning it into selects.
 *
 * <p>The shape is {@code if (!found && x) found = true;} in a loop: a loop-carried integer that goes around the loop
 * unchanged or is set to one constant, so that once set it stays set for the rest of the loop. A test of it changes
 * outcome at most once per run of the loop and predicts almost perfectly. SimplifyCFG folds the two tests into
 * {@code select(found != 0 | !x, found, 1)}, which makes every iteration wait for the previous one's compare and two
 * {@code cmov}s: a latency chain that bounded such a scan (a validation loop whose other tests all branch to a
 * throw) at about two cycles per element. As a branch, the iterations overlap. The edge the flag takes once set is
 * the likely one; in a run that never sets it the other edge is taken every time, which predicts just as well.
 *
 * <p>No vectorisation is lost: a select whose condition reads the flag itself is no reduction LLVM vectorises (an
 * "any-of" reduction selects between the flag and a constant on a condition that does not involve it, and a test
 * of that shape, {@code if (x) found = true}, has no branch on the flag to mark).
 *
 * <p>Only a hint: a wrong guess costs speed, never a different result.
 */
public final class StickyFlagBranches implements Pipeline.FunctionPass {
    @Override
    public String name() {
        return "sticky flag branches";
    }

    @Override
    public Function transform(Function f) {
        mark(f);
        return f;
    }

    /** Sets the hint on every unhinted branch of {@code f} that compares a sticky flag with a constant. */
    static void mark(Function f) {
        NaturalLoops loops = new NaturalLoops(f);
        for (NaturalLoops.Loop l : loops.loops) {
            Block h = l.header();
            for (int slot = 0; slot < h.params().size(); slot++) {
                if (h.params().get(slot).type() != Type.Prim.I32) continue; // booleans, and ints used as flags
                Set<Value> flag = Collections.newSetFromMap(new IdentityHashMap<>());
                Value.IntConst set = setValue(loops, l, slot, flag);
                if (set == null) continue;
                for (Block b : l.body()) {
                    if (!(b.terminator() instanceof Terminator.Branch br) || br.expect() != Terminator.Expect.UNKNOWN) continue;
                    Boolean once = outcomeWhenSet(br, flag, set);
                    if (once == null) continue;
                    b.setTerminator(br.withExpect(once ? Terminator.Expect.FALSE_RARE : Terminator.Expect.TRUE_RARE));
                }
            }
        }
    }

    /**
     * The one constant the header's parameter {@code slot} is ever set to around the loop, or null when some back
     * edge brings it anything else: the value of the parameter itself, passed on through block parameters inside
     * the loop, or that constant. {@code flag} receives the parameter and those block parameters: each holds either
     * the flag's value or the constant.
     */
    private static Value.IntConst setValue(NaturalLoops loops, NaturalLoops.Loop l, int slot, Set<Value> flag) {
        Block h = l.header();
        flag.add(h.params().get(slot));
        Value.IntConst set = null;
        Deque<Value> work = new ArrayDeque<>();
        for (Block latch : l.latches()) {
            for (BlockCall c : latch.terminator().successors()) if (c.target() == h) work.push(c.args().get(slot));
        }
        while (!work.isEmpty()) {
            Value v = work.pop();
            if (v instanceof Value.IntConst k) {
                if (set != null && set.value() != k.value()) return null;
                set = k;
                continue;
            }
            if (!flag.add(v)) continue;
            Block owner = paramOwner(l, v);
            if (owner == null || owner == h) return null;
            int k = owner.params().indexOf((Param) v);
            for (Block pred : loops.preds(owner)) {
                if (!l.contains(pred)) return null;
                for (BlockCall c : pred.terminator().successors()) if (c.target() == owner) work.push(c.args().get(k));
            }
        }
        return set;
    }

    /** The block of the loop whose parameter {@code v} is, or null. */
    private static Block paramOwner(NaturalLoops.Loop l, Value v) {
        if (!(v instanceof Param p)) return null;
        for (Block b : l.body()) if (b.params().contains(p)) return b;
        return null;
    }

    /** Whether {@code br} takes its true edge when the flag holds {@code set}; null if it does not test the flag. */
    private static Boolean outcomeWhenSet(Terminator.Branch br, Set<Value> flag, Value.IntConst set) {
        Terminator.Rel rel = br.rel();
        long x = set.value(), y;
        if (flag.contains(br.left()) && br.right() instanceof Value.IntConst c) {
            y = c.value();
        } else if (flag.contains(br.right()) && br.left() instanceof Value.IntConst c) {
            y = x;
            x = c.value();
        } else {
            return null;
        }
        return switch (rel) {
            case EQ -> x == y;
            case NE -> x != y;
            case LT -> x < y;
            case GE -> x >= y;
            case GT -> x > y;
            case LE -> x <= y;
        };
    }
}
