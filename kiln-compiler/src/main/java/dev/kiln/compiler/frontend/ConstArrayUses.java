package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table compiled as constants ({@link Value.ConstArray}) must only be read: its values live in read-only memory.
 * Its arrays are followed wherever they flow in the module: into a row read from it, a callee's parameter, a merge of
 * control paths (a block parameter), a function's result at its call sites. Reading any of them (a load, a length, a
 * row) is allowed; every other use (a store, a copy out, an escape into the kernel's result or an exception) is
 * refused. The front end proves application tables read-only before compiling them in ({@code ImmutableTables});
 * this check keeps a write from ever reaching read-only memory.
 */
final class ConstArrayUses {
    private ConstArrayUses() {
    }

    static void check(KernelGraph graph, List<Function> functions) {
        Map<String, Function> byName = new HashMap<>();
        for (Function f : functions) byName.put(f.name(), f);
        String root = FrontEnd.functionName(graph.root());
        Map<Value, String> tainted = new IdentityHashMap<>();   // a value holding a table's array -> the table
        Map<String, String> returning = new HashMap<>();         // function returning a table's array -> the table
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Function f : functions) {
                for (Block b : f.blocks()) {
                    for (Inst i : b.insts()) {
                        if (i instanceof Inst.Call c && returning.containsKey(c.callee()) && !tainted.containsKey(i)) {
                            tainted.put(i, returning.get(c.callee()));
                            changed = true;
                        }
                        List<Value> ops = i.operands();
                        for (int k = 0; k < ops.size(); k++) {
                            String table = tableOf(ops.get(k), tainted);
                            if (table == null) continue;
                            if (i instanceof Inst.ArrayLoad || i instanceof Inst.ArrayLength) continue;
                            if (i instanceof Inst.RefLoad r && k == 0) {
                                changed |= tainted.putIfAbsent(r, table) == null;
                                continue;
                            }
                            Function callee = i instanceof Inst.Call c ? byName.get(c.callee()) : null;
                            if (callee != null && k < callee.params().size()) {
                                changed |= tainted.putIfAbsent(callee.params().get(k), table) == null;
                                continue;
                            }
                            throw refusal(graph, f, table, i.getClass().getSimpleName());
                        }
                    }
                    Terminator t = b.terminator();
                    for (Value v : t.operands()) {
                        String table = tableOf(v, tainted);
                        if (table == null) continue;
                        if (t instanceof Terminator.Return && !f.name().equals(root)) {
                            changed |= returning.putIfAbsent(f.name(), table) == null;
                            continue;
                        }
                        throw refusal(graph, f, table, t.getClass().getSimpleName());
                    }
                    for (BlockCall c : t.successors()) {
                        for (int k = 0; k < c.args().size(); k++) {
                            String table = tableOf(c.args().get(k), tainted);
                            if (table != null) changed |= tainted.putIfAbsent(c.target().params().get(k), table) == null;
                        }
                    }
                }
            }
        }
    }

    private static String tableOf(Value v, Map<Value, String> tainted) {
        if (v instanceof Value.ConstArray c) return c.name();
        return v instanceof Param || v instanceof Inst ? tainted.get(v) : null;
    }

    private static UnsupportedConstructException refusal(KernelGraph graph, Function f, String table, String use) {
        return new UnsupportedConstructException(f.method().className(), f.method().name(), -1, -1,
                "use of the constant table " + table + " other than reading it (" + use + ")", graph.callPath(f.method()));
    }
}
