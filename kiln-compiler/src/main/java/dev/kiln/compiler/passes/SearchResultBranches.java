package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Value;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Whether the result of a search loop decides a conditional branch after the loop: in its own function, or, when the
 * function returns it, in a function of the module that calls it ({@code bin = lowerBound(..); if (bin == 0) ..}).
 * "Decides" is data flow: the branch compares a value computed from the loop's index variables, through arithmetic,
 * block parameters and elements loaded at such an index.
 */
final class SearchResultBranches {
    /** How many returns a result may pass through on its way to a branch. */
    private static final int MAX_CALL_DEPTH = 3;

    private final IrModule module;

    SearchResultBranches(IrModule module) {
        this.module = module;
    }

    /** Whether a value computed from {@code vars} (header parameters of {@code loop}) decides a branch outside it. */
    boolean decidesBranch(Function f, NaturalLoops.Loop loop, Collection<Param> vars) {
        return decides(f, loop.body(), vars, MAX_CALL_DEPTH);
    }

    private boolean decides(Function f, Collection<Block> exclude, Collection<? extends Value> seeds, int depth) {
        Set<Value> tainted = taint(f, seeds);
        Set<Block> skip = Collections.newSetFromMap(new IdentityHashMap<>());
        skip.addAll(exclude);
        boolean returned = false;
        for (Block b : f.blocks()) {
            if (skip.contains(b)) continue;
            switch (b.terminator()) {
                case Terminator.Branch br -> {
                    if (tainted.contains(br.left()) || tainted.contains(br.right())) return true;
                }
                case Terminator.Switch s -> {
                    if (tainted.contains(s.key())) return true;
                }
                case Terminator.Return r -> returned |= r.value() != null && tainted.contains(r.value());
                default -> { }
            }
        }
        if (!returned || depth == 0) return false;
        for (Function caller : module.functions()) {
            List<Value> calls = caller.blocks().stream().flatMap(b -> b.insts().stream())
                    .filter(i -> i instanceof Inst.Call c && c.callee().equals(f.name())).map(i -> (Value) i).toList();
            if (!calls.isEmpty() && decides(caller, List.of(), calls, depth - 1)) return true;
        }
        return false;
    }

    /** {@code seeds} and every value of {@code f} computed from them, to a fixed point (loops carry them around). */
    private static Set<Value> taint(Function f, Collection<? extends Value> seeds) {
        Set<Value> tainted = Collections.newSetFromMap(new IdentityHashMap<>());
        tainted.addAll(seeds);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Block b : f.blocks()) {
                for (Inst i : b.insts()) {
                    if (!tainted.contains(i) && i.operands().stream().anyMatch(tainted::contains)) changed |= tainted.add(i);
                }
                for (BlockCall c : b.terminator().successors()) {
                    List<Param> params = c.target().params();
                    for (int k = 0; k < params.size(); k++) {
                        if (tainted.contains(c.args().get(k)) && !tainted.contains(params.get(k))) changed |= tainted.add(params.get(k));
                    }
                }
            }
        }
        return tainted;
    }
}
