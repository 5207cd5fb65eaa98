package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Value;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JDK tables compiled as constants ({@link Value.ConstArray}): one private constant global per table, shared by every
 * function of the module. Being constant, loads from it at known indices fold away.
 */
final class ConstTables {
    private final Map<String, String> globals = new LinkedHashMap<>();   // table name -> global name
    private final StringBuilder definitions = new StringBuilder();

    /** The global holding {@code c}'s values (defined on first use). */
    String global(Value.ConstArray c) {
        return globals.computeIfAbsent(c.name(), k -> {
            String g = "@kiln.jdktable." + globals.size();
            String storage = storage(c.values());
            StringBuilder sb = new StringBuilder(g).append(" = private unnamed_addr constant [").append(c.length())
                    .append(" x ").append(storage).append("] [");
            for (int i = 0; i < c.length(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(storage).append(' ').append(literal(c.values(), i));
            }
            definitions.append(sb.append("], align 8\n"));
            return g;
        });
    }

    String definitions() {
        return definitions.toString();
    }

    private static String storage(Object values) {
        return switch (values) {
            case double[] a -> "double";
            case float[] a -> "float";
            case long[] a -> "i64";
            case int[] a -> "i32";
            case short[] a -> "i16";
            case char[] a -> "i16";
            case byte[] a -> "i8";
            default -> throw new IllegalArgumentException("not a primitive table: " + values.getClass());
        };
    }

    private static String literal(Object values, int i) {
        return switch (values) {
            case double[] a -> LlvmEmitter.doubleLiteral(a[i]);
            case float[] a -> LlvmEmitter.floatLiteral(a[i]);
            case long[] a -> Long.toString(a[i]);
            case int[] a -> Integer.toString(a[i]);
            case short[] a -> Short.toString(a[i]);
            case char[] a -> Integer.toString((short) a[i]); // i16 as LLVM prints it: signed
            case byte[] a -> Byte.toString(a[i]);
            default -> throw new IllegalArgumentException("not a primitive table: " + values.getClass());
        };
    }
}
