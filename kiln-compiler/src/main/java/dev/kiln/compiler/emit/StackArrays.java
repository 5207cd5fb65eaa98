package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
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
 * Arrays a function allocates that can live in its own stack frame: a {@code new T[c]} of a small constant size,
 * outside every loop of the function (so it runs at most once per invocation), whose reference never leaves the
 * invocation: it is only indexed, measured, copied from or into, filled, compared by identity, and passed to callees
 * that do the same with it. It is not returned, stored as a row, handed to a throw (whose message or cold path
 * outlives the frame) or to an intrinsic. Such an array, like {@code double[] hiPrec = new double[2]} that
 * {@code FastMath.log1p} passes to {@code log}, is what C2's escape analysis turns into scalars; in the frame's
 * arena it cost a bump, a memset and a free-list check per call, and its loads and stores stayed memory operations.
 * As an {@code alloca} in the entry block LLVM promotes it to registers once the callee is inlined.
 */
final class StackArrays {
    /** Larger arrays stay in the arena: a stack frame that grows with them would cost recursion depth. */
    static final int MAX_BYTES = 256;

    /** Per function, whether each entry parameter may escape (computed optimistically, to a fixed point). */
    private final Map<String, boolean[]> paramEscapes = new HashMap<>();
    private final Set<Inst> onStack = Collections.newSetFromMap(new IdentityHashMap<>());

    private StackArrays(IrModule module, Inst resultSite) {
        for (Function f : module.functions()) paramEscapes.put(f.name(), new boolean[f.params().size()]);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Function f : module.functions()) {
                boolean[] esc = paramEscapes.get(f.name());
                for (int k = 0; k < esc.length; k++) {
                    if (!esc[k] && Type.isReference(f.params().get(k).type()) && escapes(f, f.params().get(k))) {
                        esc[k] = true;
                        changed = true;
                    }
                }
            }
        }
        for (Function f : module.functions()) {
            for (Block b : f.blocks()) {
                for (Inst i : b.insts()) {
                    if (i instanceof Inst.NewArray n && n != resultSite && small(n) && !inCycle(b) && !escapes(f, n)) {
                        onStack.add(n);
                    }
                }
            }
        }
    }

    /** The allocations of {@code module} that may be stack allocations ({@code resultSite} never is). */
    static Set<Inst> of(IrModule module, Inst resultSite) {
        return new StackArrays(module, resultSite).onStack;
    }

    /** Bytes of the array's data when its length is a constant that qualifies, else -1. */
    static int bytes(Inst.NewArray n) {
        if (!(n.length() instanceof Value.IntConst c) || c.value() < 0) return -1;
        long bytes = (long) c.value() * n.elem().bytes;
        return bytes <= MAX_BYTES ? (int) bytes : -1;
    }

    private static boolean small(Inst.NewArray n) {
        return bytes(n) >= 0;
    }

    /** Whether {@code b} can reach itself, i.e. lies on a cycle of the control flow graph. */
    private static boolean inCycle(Block b) {
        Set<Block> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Block> work = new ArrayDeque<>();
        for (BlockCall s : b.terminator().successors()) work.push(s.target());
        while (!work.isEmpty()) {
            Block x = work.pop();
            if (x == b) return true;
            if (!seen.add(x)) continue;
            for (BlockCall s : x.terminator().successors()) work.push(s.target());
        }
        return false;
    }

    /** Whether the reference {@code root} (or a block parameter it flows into) may outlive an invocation of {@code f}. */
    private boolean escapes(Function f, Value root) {
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Value> work = new ArrayDeque<>();
        work.push(root);
        seen.add(root);
        while (!work.isEmpty()) {
            Value v = work.pop();
            for (Block b : f.blocks()) {
                for (Inst i : b.insts()) {
                    if (!uses(i.operands(), v)) continue;
                    if (!harmless(i, v)) return true;
                }
                Terminator t = b.terminator();
                if (uses(t.operands(), v) && !(t instanceof Terminator.Branch)) return true;
                for (BlockCall e : t.successors()) {
                    List<Param> params = e.target().params();
                    for (int k = 0; k < e.args().size(); k++) {
                        if (e.args().get(k) == v && seen.add(params.get(k))) work.push(params.get(k));
                    }
                }
            }
        }
        return false;
    }

    /** Whether instruction {@code i}, which has {@code v} among its operands, keeps no reference to it. */
    private boolean harmless(Inst i, Value v) {
        return switch (i) {
            case Inst.ArrayLength a -> true;
            case Inst.ArrayLoad a -> true;
            case Inst.ArrayStore a -> true; // its value is a primitive
            case Inst.AddressAlignment a -> true;
            case Inst.ArrayCopy c -> true;
            case Inst.ArrayCopyOf c -> true; // a copy is a new array
            case Inst.ArrayFill fl -> true;
            case Inst.RefLoad r -> r.array() != v && r.index() != v;
            case Inst.RefStore r -> r.value() != v;
            case Inst.Call c -> {
                boolean[] esc = paramEscapes.get(c.callee());
                if (esc == null) yield false;
                List<Value> args = new ArrayList<>(c.args());
                for (int k = 0; k < args.size(); k++) if (args.get(k) == v && (k >= esc.length || esc[k])) yield false;
                yield true;
            }
            default -> false;
        };
    }

    private static boolean uses(List<Value> operands, Value v) {
        for (Value o : operands) if (o == v) return true;
        return false;
    }
}
