package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.ImmutableTables;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.StaticTables;

import java.util.function.Function;

/**
 * A {@code getstatic} of an application table proven never written once its class is initialised
 * ({@link ImmutableTables}): the kernel is compiled with its contents, read now, as a constant (the cache key holds
 * their digest), instead of being passed the array at every call.
 */
final class BakedTables {
    private BakedTables() {
    }

    static Value constant(KernelGraph graph, StaticTables.Table t, Function<String, UnsupportedConstructException> unsupported) {
        Object values = ImmutableTables.value(graph.loader(), t).orElseThrow(() -> unsupported.apply("static table "
                + t.display() + " (constant, but its class cannot be initialised or the table is null)"));
        String d = t.descriptor();
        return new Value.ConstArray(Type.ofDescriptor(d), Elem.ofDescriptor(d.charAt(d.lastIndexOf('[') + 1)), values,
                t.display());
    }
}
