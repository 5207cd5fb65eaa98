package dev.kiln.compiler.frontend;

import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.KernelObjects;
import dev.kiln.model.MethodRef;
import dev.kiln.model.StaticTables;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Inst;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A kernel graph to an IR module: every method of the graph, each checked for constructs Kiln refuses. */
public final class FrontEnd {
    private FrontEnd() {
    }

    /** @throws dev.kiln.UnsupportedConstructException for the first construct Kiln does not compile */
    public static IrModule lower(KernelGraph graph) {
        List<Function> functions = new ArrayList<>();
        List<StaticTables.Table> tables = StaticTables.of(graph);
        List<KernelObjects.Field> fields = KernelObjects.fields(graph);
        // The kernel first: when it and a callee both hold refused constructs, the report names the kernel's.
        // Then the methods the lowered code calls: a method called only from a path that runs as Java (ColdPaths)
        // is not compiled.
        Map<String, MethodRef> byName = new HashMap<>();
        for (MethodRef ref : graph.methods().keySet()) byName.put(functionName(ref), ref);
        Map<MethodRef, Function> lowered = new HashMap<>();
        Deque<Function> work = new ArrayDeque<>();
        ObjectParams objectParams = new ObjectParams();
        Function root = new MethodLowerer(graph, graph.root(), FrontEnd::functionName, tables, fields, objectParams, null).lower();
        lowered.put(graph.root(), root);
        work.add(root);
        Map<String, Function> specialised = new java.util.TreeMap<>(); // callees typed by their arguments (ObjectParams)
        while (!work.isEmpty()) {
            Function f = work.removeFirst();
            for (Block b : f.blocks()) {
                for (Inst i : b.insts()) {
                    if (!(i instanceof Inst.Call c)) continue;
                    MethodRef callee = byName.get(c.callee());
                    ObjectParams.Spec spec = callee == null ? objectParams.get(c.callee()) : null;
                    if (spec != null && !specialised.containsKey(c.callee())) {
                        Function g = new MethodLowerer(graph, spec.ref(), FrontEnd::functionName, tables, fields,
                                objectParams, spec).lower();
                        specialised.put(c.callee(), g);
                        work.add(g);
                    }
                    if (callee == null || lowered.containsKey(callee)) continue;
                    Function g = new MethodLowerer(graph, callee, FrontEnd::functionName, tables, fields, objectParams, null).lower();
                    lowered.put(callee, g);
                    work.add(g);
                }
            }
        }
        for (MethodRef ref : graph.methods().keySet()) if (lowered.containsKey(ref)) functions.add(lowered.get(ref));
        functions.addAll(specialised.values());
        ConstArrayUses.check(graph, functions);
        return new IrModule(functionName(graph.root()), functions);
    }

    /** The module-internal name of a Java method; the slashes keep it apart from intrinsic symbols. */
    public static String functionName(MethodRef ref) {
        return ref.owner() + "." + ref.name() + ref.descriptor();
    }
}
