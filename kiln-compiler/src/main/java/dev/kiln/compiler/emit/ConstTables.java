package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Value;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tables compiled as constants ({@link Value.ConstArray}: JDK tables, provably immutable application tables): one
 * private constant global per array, shared by every function of the module. A table of arrays is laid out as an
 * array-of-arrays argument is, one {@code { ptr, i64 }} (data, length) per row, each row its own constant (a row shared
 * by two tables, or twice in one, is emitted once); a null row is {@code { null, 0 }}. Being constant, loads from
 * them at known indices fold away.
 */
final class ConstTables {
    private final Map<Object, String> globals = new IdentityHashMap<>();   // array -> global name
    private final StringBuilder definitions = new StringBuilder();

    /** The global holding {@code c}'s values (defined on first use). */
    String global(Value.ConstArray c) {
        return global(c.values());
    }

    private String global(Object values) {
        String g = globals.get(values);
        if (g != null) return g;
        int n = java.lang.reflect.Array.getLength(values);
        StringBuilder body = new StringBuilder();
        String storage;
        if (values instanceof Object[] rows) {
            storage = ArrayHelpers.ROW;
            for (int i = 0; i < n; i++) {
                if (i > 0) body.append(", ");
                body.append(storage).append(rows[i] == null ? " zeroinitializer" : " { ptr " + global(rows[i]) + ", i64 "
                        + java.lang.reflect.Array.getLength(rows[i]) + " }");
            }
        } else {
            storage = storage(values);
            for (int i = 0; i < n; i++) {
                if (i > 0) body.append(", ");
                body.append(storage).append(' ').append(literal(values, i));
            }
        }
        g = "@kiln.table." + globals.size();
        globals.put(values, g);
        // 16-byte aligned: vector loads of a row need no peeling
        definitions.append(g).append(" = private unnamed_addr constant [").append(n).append(" x ").append(storage)
                .append("] ").append(n == 0 ? "zeroinitializer" : "[" + body + "]").append(", align 16\n");
        return g;
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
