package dev.kiln.compiler.frontend;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** SSA clean-up after construction: block order and removal of parameters that only ever receive one value. */
final class Ssa {
    private Ssa() {
    }

    /** Blocks reachable from {@code entry} in reverse post-order (so each comes after its dominators). */
    static List<Block> reversePostOrder(Block entry) {
        List<Block> post = new ArrayList<>();
        Set<Block> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        // Iterative DFS: deep loop nests must not overflow the compiler's stack.
        List<Block> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        stack.add(entry);
        next.add(0);
        seen.add(entry);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Block b = stack.get(top);
            List<BlockCall> succ = b.terminator().successors();
            int i = next.get(top);
            if (i < succ.size()) {
                next.set(top, i + 1);
                Block s = succ.get(i).target();
                if (seen.add(s)) {
                    stack.add(s);
                    next.add(0);
                }
            } else {
                post.add(b);
                stack.removeLast();
                next.removeLast();
            }
        }
        Collections.reverse(post);
        return post;
    }

    /**
     * Replaces every block parameter whose incoming arguments are all one value (or the parameter itself) by that
     * value, to a fixed point, and rewrites the function. Returns the blocks in reverse post-order.
     */
    static List<Block> removeTrivialParams(Block entry) {
        List<Block> blocks = reversePostOrder(entry);
        Map<Value, Value> subst = new IdentityHashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            Map<Param, Set<Value>> incoming = new IdentityHashMap<>();
            for (Block b : blocks) {
                for (BlockCall e : b.terminator().successors()) {
                    List<Param> ps = e.target().params();
                    for (int k = 0; k < ps.size(); k++) {
                        incoming.computeIfAbsent(ps.get(k), p -> Collections.newSetFromMap(new IdentityHashMap<>()))
                                .add(resolve(subst, e.args().get(k)));
                    }
                }
            }
            for (Block b : blocks) {
                if (b == entry) continue;
                for (Param p : b.params()) {
                    if (subst.containsKey(p)) continue;
                    Set<Value> in = incoming.getOrDefault(p, Set.of());
                    // By identity: two equal-looking instructions (the identical arms of a branch) are two values.
                    Set<Value> others = Collections.newSetFromMap(new IdentityHashMap<>());
                    Value constant = null;
                    for (Value v : in) {
                        if (v == p) continue;
                        // Equal constants count as one value.
                        if (v instanceof Value.Const c) {
                            if (constant != null && constant.equals(c)) continue;
                            constant = c;
                        }
                        others.add(v);
                    }
                    if (others.size() == 1) {
                        subst.put(p, others.iterator().next());
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

    private static Value resolve(Map<Value, Value> subst, Value v) {
        Value r = v;
        for (Value n = subst.get(r); n != null; n = subst.get(r)) r = n;
        return r;
    }
}
