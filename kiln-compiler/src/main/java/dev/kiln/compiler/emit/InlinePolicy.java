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
 */
final class InlinePolicy {
    /** Expanded Kiln IR instructions (about one per bytecode that computes something) a marked method may have. */
    static final int LIMIT = 200;

    private final Map<String, Function> byName = new HashMap<>();
    private final Map<String, Integer> expanded = new HashMap<>();
    private final Set<String> marked = new HashSet<>();

    InlinePolicy(IrModule module, CallGraph calls) {
        for (Function f : module.functions()) byName.put(f.name(), f);
        for (Function f : module.functions()) {
            if (!calls.inCycle(f.name()) && size(f.name(), calls) <= LIMIT) marked.add(f.name());
        }
    }

    boolean alwaysInline(String function) {
        return marked.contains(function);
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
