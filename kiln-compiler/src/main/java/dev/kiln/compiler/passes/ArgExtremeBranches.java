package dev.kiln.compiler.passes;

import dev.kiln.compiler.Pipeline;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Marks the update edge of an arg-extreme branch as rarely taken ({@link Terminator.Expect}), so that LLVM keeps it a
 * branch instead of turning it into selects.
 *
 * <p>The shape is {@code if (v > max) { max = v; best = i; }} in a loop: the branch compares against a loop-carried
 * running extreme {@code max}, one edge leaves it unchanged, the other replaces it and, by the same decision, changes
 * at least one other value ({@code best}). SimplifyCFG folds such a branch into one select per changed value unless
 * branch weights call it predictable, and the selects make every iteration wait for the previous compare: a
 * {@code maxsd}/{@code cmov} chain bound by latency. As a branch, the compare of one iteration no longer waits for
 * the one before, and on most data it predicts well: over values in random order the running extreme changes about
 * {@code ln n} times in {@code n} iterations, and over sorted values it changes every time. (Data that alternates
 * between changing and not changing it is the case the branch loses.)
 *
 * <p>Keeping the branch costs no vectorisation: LLVM 20 vectorises a min/max reduction only when the compare
 * decides nothing but the extreme, and the other changed value is exactly what rules that out. A plain max
 * ({@code if (x > m) m = x}, one changed value) over integers is left unmarked, so its selects still vectorise; over
 * {@code float} or {@code double} it is marked too: LLVM vectorises a floating-point max reduction only with
 * no-NaN and no-signed-zero flags, which Java's semantics (and Kiln's fastMath, reassociation and contraction only)
 * never give, so its selects would stay the same latency-bound chain.
 *
 * <p>Only a hint: a wrong guess costs speed, never a different result.
 */
public final class ArgExtremeBranches implements Pipeline.FunctionPass {
    /** Blocks an edge may pass through on its way to the join: a block with no parameters ending in a jump. */
    private static final int MAX_HOPS = 2;

    @Override
    public String name() {
        return "arg-extreme branches";
    }

    @Override
    public Function transform(Function f) {
        mark(f);
        return f;
    }

    /** Sets the hint on every arg-extreme branch of {@code f} (its blocks are updated in place). */
    static void mark(Function f) {
        Map<Block, Integer> preds = predecessorCounts(f);
        for (Block b : f.blocks()) {
            if (!(b.terminator() instanceof Terminator.Branch br) || br.expect() != Terminator.Expect.UNKNOWN) continue;
            BlockCall t = toJoin(br.ifTrue(), preds);
            BlockCall e = toJoin(br.ifFalse(), preds);
            if (t.target() != e.target()) continue;
            List<Integer> changed = new ArrayList<>();
            for (int k = 0; k < t.args().size(); k++) if (t.args().get(k) != e.args().get(k)) changed.add(k);
            // One changed value is a plain max or min: integers vectorise as selects and stay unmarked; floating
            // ones never vectorise (no NaN-free flags under Java's rules, fastMath included) and are a latency chain.
            if (changed.isEmpty() || changed.size() == 1 && !floating(t.args().get(changed.getFirst()))) continue;
            for (int k : changed) {
                // The edge passing a compared, loop-carried value through unchanged is the one that keeps the extreme.
                Boolean keepsOnTrue = keeps(br, t.args().get(k)) ? Boolean.TRUE : keeps(br, e.args().get(k)) ? Boolean.FALSE : null;
                if (keepsOnTrue == null) continue;
                Param extreme = (Param) (keepsOnTrue ? t.args().get(k) : e.args().get(k));
                if (!flowsBack(f, t.target().params().get(k), extreme)) continue;
                b.setTerminator(br.withExpect(keepsOnTrue ? Terminator.Expect.FALSE_RARE : Terminator.Expect.TRUE_RARE));
                break;
            }
        }
    }

    private static boolean floating(Value v) {
        return v.type() instanceof dev.kiln.compiler.ir.Type.Prim p && p.isFloating();
    }

    /** Whether {@code v} is one of the compared operands and a block parameter (a candidate running extreme). */
    private static boolean keeps(Terminator.Branch br, Value v) {
        return v instanceof Param && (v == br.left() || v == br.right());
    }

    /**
     * The edge that {@code c} amounts to at its join: through up to {@link #MAX_HOPS} blocks that only this path
     * enters, that take no parameters and end in a jump (the arm of an {@code if}, which may compute the new values).
     */
    private static BlockCall toJoin(BlockCall c, Map<Block, Integer> preds) {
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            Block t = c.target();
            if (!t.params().isEmpty() || preds.getOrDefault(t, 0) != 1 || !(t.terminator() instanceof Terminator.Jump j)) break;
            c = j.to();
        }
        return c;
    }

    /**
     * Whether {@code joined} (a parameter of the join) reaches the parameter {@code extreme} of its own block again,
     * passed on from block to block: then {@code extreme} is carried around a loop through this branch.
     */
    private static boolean flowsBack(Function f, Param joined, Param extreme) {
        Block header = owner(f, extreme);
        int slot = header.params().indexOf(extreme);
        Set<Value> carried = Collections.newSetFromMap(new IdentityHashMap<>());
        carried.add(joined);
        Deque<Block> work = new ArrayDeque<>(List.of(owner(f, joined)));
        while (!work.isEmpty()) {
            Block b = work.pop();
            for (BlockCall c : b.terminator().successors()) {
                for (int k = 0; k < c.args().size(); k++) {
                    if (!carried.contains(c.args().get(k))) continue;
                    if (c.target() == header && k == slot) return true;
                    if (c.target() != header && carried.add(c.target().params().get(k))) work.push(c.target());
                }
            }
        }
        return false;
    }

    private static Block owner(Function f, Param p) {
        for (Block b : f.blocks()) if (b.params().contains(p)) return b;
        throw new IllegalStateException("parameter of no block");
    }

    private static Map<Block, Integer> predecessorCounts(Function f) {
        Map<Block, Integer> n = new HashMap<>();
        for (Block b : f.blocks()) for (BlockCall s : b.terminator().successors()) n.merge(s.target(), 1, Integer::sum);
        return n;
    }
}
