package dev.kiln.compiler.intrinsics;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.kiln.compiler.intrinsics.IntrinsicFamily.DOUBLE;
import static dev.kiln.compiler.intrinsics.IntrinsicFamily.FLOAT;
import static dev.kiln.compiler.intrinsics.IntrinsicFamily.INTEGER;
import static dev.kiln.compiler.intrinsics.IntrinsicFamily.LONG;
import static dev.kiln.compiler.intrinsics.IntrinsicFamily.MATH;
import static dev.kiln.compiler.intrinsics.IntrinsicFamily.STRICT;

/**
 * The registry of JDK methods Kiln compiles as {@link Intrinsic}s. Everything not here is refused by the front end,
 * unless the kernel graph read the method's own bytecode.
 *
 * <p>Every entry is a small {@code internal} LLVM function with exactly Java's semantics, written by its family:
 * {@link MathIntrinsics} (Math and StrictMath), {@link IntegerIntrinsics} (Integer and Long) and
 * {@link FloatingIntrinsics} (Double and Float). A new family extends {@link IntrinsicFamily} and is listed here.
 * Every entry must also be listed in {@link dev.kiln.model.JdkLeaves}, which the cache key reads.
 */
public final class Intrinsics {
    private static final Map<String, Intrinsic> TABLE;

    static {
        IntrinsicTable table = new IntrinsicTable();
        List<IntrinsicFamily> families = List.of(
                new MathIntrinsics(table, MATH),
                new MathIntrinsics(table, STRICT),
                new IntegerIntrinsics(table, INTEGER, "i32", 32),
                new IntegerIntrinsics(table, LONG, "i64", 64),
                new FloatingIntrinsics(table, DOUBLE, "double", "i64", "9221120237041090560", "doubleToRawLongBits",
                        "doubleToLongBits", "longBitsToDouble", "D", "J"),
                new FloatingIntrinsics(table, FLOAT, "float", "i32", "2143289344", "floatToRawIntBits", "floatToIntBits",
                        "intBitsToFloat", "F", "I"));
        for (IntrinsicFamily f : families) f.register();
        TABLE = Collections.unmodifiableMap(table.entries());
    }

    private Intrinsics() {
    }

    /** The intrinsic for an invokestatic of {@code owner.name descriptor} (owner in internal form), if Kiln has one. */
    public static Optional<Intrinsic> find(String owner, String name, String descriptor) {
        return Optional.ofNullable(TABLE.get(owner + "." + name + descriptor));
    }

    /**
     * Why a JDK method that is not in the table and whose bytecode was not read is refused, when there is more to say
     * than "not supported": for StrictMath's transcendentals, that the table does not reproduce their exact results.
     */
    public static Optional<String> refusal(String owner, String name, String descriptor) {
        if (owner.equals(STRICT) && TABLE.containsKey(MATH + "." + name + descriptor)) {
            return Optional.of("call to StrictMath." + name + descriptor + ": its bit-exact fdlibm results are not"
                    + " reproduced; Math." + name + " compiles (within Java's documented ulp bound)");
        }
        return Optional.empty();
    }

    /** Every entry, keyed {@code owner.name descriptor} (e.g. {@code java/lang/Math.pow(DD)D}); for tests and docs. */
    public static Map<String, Intrinsic> all() {
        return TABLE;
    }
}
