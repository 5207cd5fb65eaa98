package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;

import java.util.List;

/**
 * A JDK table compiled as constants ({@link Value.ConstArray}) must only be read: its values are baked into read-only
 * memory, so a write, or handing the array to anything that could write it or keep it (a call, a phi, a store, a
 * return, a throw), is refused. Reading it by index and taking its length is all FdLibm does.
 */
final class ConstArrayUses {
    private ConstArrayUses() {
    }

    static void check(KernelGraph graph, List<Function> functions) {
        for (Function f : functions) {
            for (Block b : f.blocks()) {
                for (Inst i : b.insts()) {
                    if (i instanceof Inst.ArrayLoad || i instanceof Inst.ArrayLength) continue;
                    for (Value v : i.operands()) refuse(graph, f, v, i.getClass().getSimpleName());
                }
                for (Value v : b.terminator().operands()) refuse(graph, f, v, b.terminator().getClass().getSimpleName());
                for (BlockCall c : b.terminator().successors()) {
                    for (Value v : c.args()) refuse(graph, f, v, "a value merged at a branch");
                }
            }
        }
    }

    private static void refuse(KernelGraph graph, Function f, Value v, String use) {
        if (v instanceof Value.ConstArray c) {
            throw new UnsupportedConstructException(f.method().className(), f.method().name(), -1, -1,
                    "use of the JDK table " + c.name() + " other than reading it (" + use + ")",
                    graph.callPath(f.method()));
        }
    }
}
