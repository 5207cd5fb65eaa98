package dev.kiln.compiler.frontend;

import dev.kiln.model.UserAccess;
import dev.kiln.model.StaticTables;
import dev.kiln.runtime.abi.KernelAbi;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.OptionalInt;

/**
 * How many 1-D arrays a static table of arrays holds now. Such a table reaches native code as an array-of-arrays
 * argument does: its rows in place when all the call's arrays fit the {@link KernelAbi#CHEAP_SLOTS} pointer
 * arguments and are long enough to be worth one, else every row copied in and out at every call (for a few short
 * rows, cheaper than pointer arguments). For a large table that copy is the whole cost of a call
 * ({@code FastMath.log} reads one of the 1,024 rows of {@code LN_MANT}: 24 µs a call against HotSpot's 20 ns), so
 * the front end refuses a kernel whose table could not go in place: it runs as Java, as fast as HotSpot makes it.
 * The count is a cost estimate, not a semantic fact: a table whose rows are later replaced is still passed exactly.
 * A table proven never written ({@code ImmutableTables}) is compiled in as constants instead, at any size.
 */
final class DeepTableSize {
    private DeepTableSize() {
    }

    /** The 1-D arrays {@code t} holds now, or empty when its value cannot be read (its class fails to initialise). */
    static OptionalInt leaves(ClassLoader loader, StaticTables.Table t) {
        try {
            Class<?> c = Class.forName(t.owner().replace('/', '.'), true, loader);
            Field f = c.getDeclaredField(t.name());
            Object v = UserAccess.privateLookup(c).unreflectGetter(f).invoke();
            return OptionalInt.of(count(v));
        } catch (Throwable e) {
            return OptionalInt.empty();
        }
    }

    private static int count(Object a) {
        if (a == null) return 0;
        if (!a.getClass().getComponentType().isArray()) return 1;
        int n = 0;
        for (int i = 0, len = Array.getLength(a); i < len && n <= KernelAbi.CHEAP_SLOTS; i++) n += count(Array.get(a, i));
        return n;
    }

    /** Whether {@code t} is a table of arrays too large to go in place. */
    static boolean tooLarge(ClassLoader loader, StaticTables.Table t) {
        if (!t.descriptor().startsWith("[[")) return false;
        OptionalInt n = leaves(loader, t);
        return n.isPresent() && n.getAsInt() > KernelAbi.CHEAP_SLOTS;
    }
}
