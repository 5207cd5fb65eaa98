package dev.kiln.compiler.frontend;

import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.KernelObjects;
import dev.kiln.model.MethodRef;
import dev.kiln.model.StaticTables;

import java.util.ArrayList;
import java.util.List;

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
        Function root = new MethodLowerer(graph, graph.root(), FrontEnd::functionName, tables, fields).lower();
        for (MethodRef ref : graph.methods().keySet()) {
            functions.add(ref.equals(graph.root()) ? root
                    : new MethodLowerer(graph, ref, FrontEnd::functionName, tables, fields).lower());
        }
        ConstArrayUses.check(graph, functions);
        return new IrModule(functionName(graph.root()), functions);
    }

    /** The module-internal name of a Java method; the slashes keep it apart from intrinsic symbols. */
    public static String functionName(MethodRef ref) {
        return ref.owner() + "." + ref.name() + ref.descriptor();
    }
}
