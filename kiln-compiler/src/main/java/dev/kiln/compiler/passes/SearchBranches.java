package dev.kiln.compiler.passes;

import dev.kiln.compiler.Pipeline;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Marks the branch of a search loop as unpredictable ({@link Terminator.Expect#UNPREDICTABLE}), so that it compiles
 * to conditional moves as GCC compiles it.
 *
 * <p>The shape is a binary search step, {@code if (a[mid] <= v) lo = mid; else hi = mid;} with {@code mid} computed
 * from {@code lo} and {@code hi} (or {@code lo = mid + 1}): a two-way branch in a loop that compares an element loaded in the loop, at an index
 * computed from the loop's own variables, and each of whose two edges gives one of those variables a new value that
 * the other edge does not. Its outcome is a fresh coin toss each iteration (it halves the interval whichever way the data
 * fall), so as a branch it mispredicts about every other iteration. SimplifyCFG already turns the two edges into
 * selects, but LLVM's x86 cmov conversion turns selects in a loop back into a branch when, assuming perfect
 * prediction, the branch would shorten the loop's dependence chain (here the chain from the load through the compare
 * to the next index); {@code !unpredictable} is what keeps them {@code cmov}s. Each iteration then waits for one
 * load, where a branch cost a misprediction every other iteration: the interpolation kernel ran 3x slower than C.
 *
 * <p>Unless the search's result decides a later branch ({@link SearchResultBranches}: {@code bin = lowerBound(..);
 * if (bin == 0) ..}): then the step stays a branch ({@link Terminator.Expect#KEPT}), as C2 and Numba compile it. As
 * selects, the chain of loads and {@code cmov}s hides the search's path from the branch predictor, and each later
 * branch on the result resolves only after the whole chain, so every misprediction there costs the chain's
 * latency too; as branches, the predictor learns the later branches from the search's own history. The loss
 * worker's ground-up sampling (a 10-bin CDF, branches on the bin after the search) ran 1.55x slower as selects.
 *
 * <p>Only a hint: a wrong guess costs speed, never a different result.
 */
public final class SearchBranches implements Pipeline.Pass {
    /** How many blocks of simple arithmetic an edge may pass on its way back to the loop header. */
    private static final int MAX_HOPS = 4;

    @Override
    public String name() {
        return "search branches";
    }

    @Override
    public IrModule run(IrModule module) {
        SearchResultBranches results = new SearchResultBranches(module);
        for (Function f : module.functions()) mark(f, results);
        return module;
    }

    /** Sets the hint on every unhinted branch of {@code f} of the search shape. */
    static void mark(Function f, SearchResultBranches results) {
        NaturalLoops loops = new NaturalLoops(f);
        for (NaturalLoops.Loop l : loops.innermost()) {
            Map<Value, Block> defined = definitions(l);
            for (Block b : l.body()) {
                if (!(b.terminator() instanceof Terminator.Branch br) || br.expect() != Terminator.Expect.UNKNOWN) continue;
                List<Value> onTrue = headerArgs(l, br.ifTrue());
                List<Value> onFalse = headerArgs(l, br.ifFalse());
                if (onTrue == null || onFalse == null) continue;
                Set<Param> indexVars = loadIndexVars(loops, l, defined, br);
                if (movesAnIndex(l, indexVars, onTrue, onFalse) && movesAnIndex(l, indexVars, onFalse, onTrue)) {
                    b.setTerminator(br.withExpect(results.decidesBranch(f, l, indexVars)
                            ? Terminator.Expect.KEPT : Terminator.Expect.UNPREDICTABLE));
                }
            }
        }
    }

    /**
     * Whether the edge passing {@code mine} to the header gives some variable of {@code indexVars} a new value that
     * the other edge ({@code other}) does not: a search moves one end on each edge, while an arg-max keeps its best
     * index on one edge (its rare branch is {@code ArgExtremeBranches}'), and a scan leaves the loop on one.
     */
    private static boolean movesAnIndex(NaturalLoops.Loop l, Set<Param> indexVars, List<Value> mine, List<Value> other) {
        for (int slot = 0; slot < mine.size(); slot++) {
            Param p = l.header().params().get(slot);
            if (indexVars.contains(p) && mine.get(slot) != other.get(slot) && mine.get(slot) != p) return true;
        }
        return false;
    }

    /** An instruction SimplifyCFG may compute on both edges to make selects: integer arithmetic that cannot throw. */
    private static boolean integerArithmetic(Inst i) {
        return i instanceof Inst.Binary b && !b.type().isFloating() && !b.canThrow();
    }

    /** Each instruction of {@code l} with its block. */
    private static Map<Value, Block> definitions(NaturalLoops.Loop l) {
        Map<Value, Block> defined = new IdentityHashMap<>();
        for (Block b : l.body()) for (Inst i : b.insts()) defined.put(i, b);
        return defined;
    }

    /**
     * The arguments the header receives when {@code edge} is taken, following it through blocks of the loop that only
     * compute integers ({@code lo = mid + 1}) and jump, or null when the edge reaches anything else first.
     */
    private static List<Value> headerArgs(NaturalLoops.Loop l, BlockCall edge) {
        Map<Value, Value> bound = new IdentityHashMap<>();
        for (int hop = 0; hop <= MAX_HOPS; hop++) {
            Block t = edge.target();
            List<Value> args = edge.args().stream().map(a -> bound.getOrDefault(a, a)).toList();
            if (t == l.header()) return args;
            if (!l.contains(t) || !t.insts().stream().allMatch(SearchBranches::integerArithmetic) || !(t.terminator() instanceof Terminator.Jump j)) return null;
            bound.clear();
            for (int k = 0; k < args.size(); k++) bound.put(t.params().get(k), args.get(k));
            edge = j.to();
        }
        return null;
    }

    /**
     * The header parameters of {@code l} that the index of an array element {@code br} compares depends on, through
     * the loop's instructions and block parameters; empty when {@code br} compares no element loaded in the loop.
     */
    private static Set<Param> loadIndexVars(NaturalLoops loops, NaturalLoops.Loop l, Map<Value, Block> defined,
                                            Terminator.Branch br) {
        Set<Param> vars = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Value v : inputs(loops, l, defined, List.of(br.left(), br.right()))) {
            if (v instanceof Inst.ArrayLoad load) {
                for (Value w : inputs(loops, l, defined, List.of(load.index()))) {
                    if (w instanceof Param p && l.header().params().contains(p)) vars.add(p);
                }
            }
        }
        return vars;
    }

    /**
     * {@code roots} and every value of the loop they are computed from: operands of the loop's instructions (a loaded
     * element counts, what its address is computed from does not) and the arguments passed to parameters of the
     * loop's blocks other than the header.
     */
    private static Set<Value> inputs(NaturalLoops loops, NaturalLoops.Loop l, Map<Value, Block> defined, List<Value> roots) {
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Value> work = new ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            Value v = work.pop();
            if (!seen.add(v)) continue;
            if (v instanceof Inst.ArrayLoad) continue;
            if (v instanceof Inst i && defined.containsKey(i)) {
                work.addAll(i.operands());
            } else if (v instanceof Param p) {
                Block owner = owner(l, p);
                if (owner == null || owner == l.header()) continue;
                int k = owner.params().indexOf(p);
                for (Block pred : loops.preds(owner)) {
                    for (BlockCall c : pred.terminator().successors()) if (c.target() == owner) work.push(c.args().get(k));
                }
            }
        }
        return seen;
    }

    /** The block of the loop whose parameter {@code p} is, or null. */
    private static Block owner(NaturalLoops.Loop l, Param p) {
        for (Block b : l.body()) if (b.params().contains(p)) return b;
        return null;
    }
}
