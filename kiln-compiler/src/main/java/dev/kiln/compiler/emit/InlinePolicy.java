package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which kernel-internal methods are always inlined into their callers. C2 inlines a hot callee of up to 325 bytecodes
 * (FreqInlineSize); LLVM's cost model, which sees every null and bounds check with its out-of-line fault call, refuses
 * the same small Java methods (a 60-bytecode binary search and interpolation measured cost 905 against threshold
 * 250), and the call then costs its argument shuffling, the fault flag test and every invariant check it re-does.
 * A method is marked when its body with its own marked callees already expanded stays within {@link #LIMIT} Kiln IR
 * instructions, so no chain of marked calls grows a caller by more than {@code LIMIT} per call site. Methods on a
 * call cycle are never marked.
 *
 * <p>A small method on a call cycle is instead <em>unrolled</em>: the emitter writes it {@link #LEVELS} times, the
 * copies always inlined, and each call around the cycle goes from one body to the next, the last back to the
 * original, so each native frame runs several levels of the recursion, as C2 inlines a recursive call one level deep.
 * A level then costs a fraction of a call, return, prologue and stack check: Commons Math's {@code digamma}, about
 * 50 levels deep, ran 0.71x HotSpot with one level per frame.
 */
final class InlinePolicy {
    /** Expanded Kiln IR instructions (about one per bytecode that computes something) a marked method may have. */
    static final int LIMIT = 200;

    /**
     * Expanded instructions an unrolled method may have times the bodies one frame holds ({@code 1 + c + c^2} for
     * {@code c} calls around the cycle at three levels): a method with two recursive calls holds seven.
     */
    static final int RECURSIVE_LIMIT = 3 * LIMIT;

    private final Map<String, Function> byName = new HashMap<>();
    private final Map<String, Integer> expanded = new HashMap<>();
    private final Set<String> marked = new HashSet<>();
    private final Set<String> unrolled = new HashSet<>();

    InlinePolicy(IrModule module, CallGraph calls) {
        for (Function f : module.functions()) byName.put(f.name(), f);
        for (Function f : module.functions()) {
            if (!calls.inCycle(f.name()) && size(f.name(), calls) <= LIMIT) marked.add(f.name());
        }
        for (Function f : module.functions()) {
            if (!calls.inCycle(f.name())) continue;
            long n = 0, cycleCalls = 0;
            for (Block b : f.blocks()) {
                n += 1 + b.insts().size();
                for (Inst i : b.insts()) {
                    if (!(i instanceof Inst.Call c)) continue;
                    if (calls.sameCycle(f.name(), c.callee())) cycleCalls++;
                    else if (marked.contains(c.callee())) n += size(c.callee(), calls);
                }
            }
            long bodies = 0, level = 1;
            for (int k = 0; k < LEVELS; k++, level *= cycleCalls) bodies += level;
            if (n * bodies <= RECURSIVE_LIMIT) unrolled.add(f.name());
        }
    }

    boolean alwaysInline(String function) {
        return marked.contains(function);
    }

    /** Whether {@code function} (on a call cycle) is written {@link #LEVELS} times, its cycle's calls stepping on. */
    boolean unrolled(String function) {
        return unrolled.contains(function);
    }

    /**
     * Levels of an unrolled recursion each frame runs: C2 runs two (MaxRecursiveInlineLevel=1); Commons Math's
     * {@code digamma} measured 0.98x HotSpot with two, 1.03x with three and four.
     */
    static final int LEVELS = 3;

    /** The name of the always-inlined copy {@code k} (1 to LEVELS - 1) of an unrolled function. */
    static String copyName(String function, int k) {
        return k == 0 ? function : function + "$rec" + k;
    }

    /** Instructions of {@code name} with the calls to marked (small, acyclic) callees replaced by their bodies. */
    private int size(String name, CallGraph calls) {
        Integer known = expanded.get(name);
        if (known != null) return known;
        Function f = byName.get(name);
        if (f == null || calls.inCycle(name)) return Integer.MAX_VALUE / 4; // not ours, or recursive: never expanded
        expanded.put(name, Integer.MAX_VALUE / 4);
        long n = 0;
        for (Block b : f.blocks()) {
            n += 1 + b.insts().size();
            for (Inst i : b.insts()) {
                if (i instanceof Inst.Call c && !c.callee().equals(name)) {
                    int s = size(c.callee(), calls);
                    if (s <= LIMIT) n += s;
                }
            }
        }
        int result = (int) Math.min(n, Integer.MAX_VALUE / 4);
        expanded.put(name, result);
        return result;
    }
}
