package dev.kiln.compiler.frontend;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Dominators;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** SSA clean-up after construction: block order and removal of parameters that only ever receive one value. */
final class Ssa {
    private Ssa() {
    }

    /**
     * Replaces every block parameter whose incoming arguments are all one value (or the parameter itself) by that
     * value, to a fixed point, and rewrites the function. Returns the blocks in reverse post-order.
     */
    static List<Block> removeTrivialParams(Block entry) {
        List<Block> blocks = Dominators.reversePostOrder(entry);
        Map<Value, Value> subst = new IdentityHashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            // Incoming arguments in block and edge order (never a hash order: which value a parameter is replaced
            // by must not change from one compile to the next).
            Map<Param, List<Value>> incoming = new IdentityHashMap<>();
            for (Block b : blocks) {
                for (BlockCall e : b.terminator().successors()) {
                    List<Param> ps = e.target().params();
                    for (int k = 0; k < ps.size(); k++) {
                        incoming.computeIfAbsent(ps.get(k), p -> new ArrayList<>()).add(resolve(subst, e.args().get(k)));
                    }
                }
            }
            for (Block b : blocks) {
                if (b == entry) continue;
                for (Param p : b.params()) {
                    if (subst.containsKey(p)) continue;
                    // Distinct values by identity: instructions are records, so two loads of this.p[0] at
                    // different points are equal yet different values. Only constants merge by equality.
                    List<Value> others = new ArrayList<>();
                    for (Value v : incoming.getOrDefault(p, List.of())) {
                        if (v != p && others.stream().noneMatch(o -> sameValue(o, v))) others.add(v);
                        if (others.size() > 1) break; // a real merge
                    }
                    if (others.size() == 1) {
                        subst.put(p, others.getFirst());
                        changed = true;
                    }
                }
            }
        }
        if (subst.isEmpty()) return blocks;

        // Drop substituted parameters and the matching arguments of every edge into them.
        Map<Block, List<Integer>> kept = new IdentityHashMap<>();
        for (Block b : blocks) {
            List<Integer> keep = new ArrayList<>();
            for (int k = 0; k < b.params().size(); k++) if (!subst.containsKey(b.params().get(k))) keep.add(k);
            kept.put(b, keep);
        }
        for (Block b : blocks) {
            List<Param> remaining = new ArrayList<>();
            for (int k : kept.get(b)) remaining.add(b.params().get(k));
            b.params().clear();
            b.params().addAll(remaining);
        }
        // Instructions are records: a rewritten one is a new value, so later uses must be redirected to it too.
        // Reverse post-order visits every definition before its uses.
        for (Block b : blocks) {
            List<Inst> rewritten = new ArrayList<>();
            for (Inst i : b.insts()) {
                Inst n = i.mapOperands(v -> resolve(subst, v));
                if (n != i) subst.put(i, n);
                rewritten.add(n);
            }
            b.insts().clear();
            b.insts().addAll(rewritten);
        }
        for (Block b : blocks) {
            b.setTerminator(b.terminator().rewrite(v -> resolve(subst, v), e -> {
                List<Value> args = new ArrayList<>();
                for (int k : kept.get(e.target())) args.add(resolve(subst, e.args().get(k)));
                return new BlockCall(e.target(), args);
            }));
        }
        return blocks;
    }

    /** The same SSA value: the same object, or equal constants (floating ones bit for bit: NaN payloads, -0.0). */
    private static boolean sameValue(Value a, Value b) {
        if (a == b) return true;
        if (a instanceof Value.DoubleConst x && b instanceof Value.DoubleConst y) {
            return Double.doubleToRawLongBits(x.value()) == Double.doubleToRawLongBits(y.value());
        }
        if (a instanceof Value.FloatConst x && b instanceof Value.FloatConst y) {
            return Float.floatToRawIntBits(x.value()) == Float.floatToRawIntBits(y.value());
        }
        return a instanceof Value.Const && a.equals(b);
    }

    private static Value resolve(Map<Value, Value> subst, Value v) {
        Value r = v;
        for (Value n = subst.get(r); n != null; n = subst.get(r)) r = n;
        return r;
    }
}
