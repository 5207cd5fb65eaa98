package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JDK table compiled as constants ({@link Value.ConstArray}) must only be read: its values live in read-only memory.
 * It may be indexed, its length taken, or passed to a function of the module whose parameter is, in turn, only read
 * (FdLibm hands {@code two_over_pi} to the Payne-Hanek reduction); a store into it, or handing it to anything that could
 * write or keep it (a store into a row, a merge of control paths, a return, a throw), is refused.
 */
final class ConstArrayUses {
    private ConstArrayUses() {
    }

    static void check(KernelGraph graph, List<Function> functions) {
        Map<String, Function> byName = new HashMap<>();
        for (Function f : functions) byName.put(f.name(), f);
        // Parameters that receive a table somewhere: each must be read-only in its own function too.
        Map<Param, String> readOnlyParams = new IdentityHashMap<>();
        Deque<Function> work = new ArrayDeque<>(functions);
        while (!work.isEmpty()) {
            Function f = work.removeFirst();
            for (Block b : f.blocks()) {
                for (Inst i : b.insts()) {
                    if (i instanceof Inst.ArrayLoad || i instanceof Inst.ArrayLength) continue;
                    List<Value> ops = i.operands();
                    for (int k = 0; k < ops.size(); k++) {
                        String table = tableOf(ops.get(k), readOnlyParams);
                        if (table == null) continue;
                        Function callee = i instanceof Inst.Call c ? byName.get(c.callee()) : null;
                        if (callee != null && k < callee.params().size()) {
                            Param p = callee.params().get(k);
                            if (readOnlyParams.putIfAbsent(p, table) == null) work.add(callee); // check its uses
                            continue;
                        }
                        throw refusal(graph, f, table, i.getClass().getSimpleName());
                    }
                }
                for (Value v : b.terminator().operands()) {
                    String table = tableOf(v, readOnlyParams);
                    if (table != null) throw refusal(graph, f, table, b.terminator().getClass().getSimpleName());
                }
                for (BlockCall c : b.terminator().successors()) {
                    for (Value v : c.args()) {
                        String table = tableOf(v, readOnlyParams);
                        if (table != null) throw refusal(graph, f, table, "a value merged at a branch");
                    }
                }
            }
        }
    }

    private static String tableOf(Value v, Map<Param, String> readOnlyParams) {
        if (v instanceof Value.ConstArray c) return c.name();
        return v instanceof Param p ? readOnlyParams.get(p) : null;
    }

    private static UnsupportedConstructException refusal(KernelGraph graph, Function f, String table, String use) {
        return new UnsupportedConstructException(f.method().className(), f.method().name(), -1, -1,
                "use of the JDK table " + table + " other than reading it (" + use + ")", graph.callPath(f.method()));
    }
}
