package dev.kiln.compiler.ir;

/**
 * An SSA value: a constant, a block parameter, or the result of an instruction. Values are compared by identity
 * (instructions are records, so two equal-looking adds are still two values): use identity maps.
 */
public sealed interface Value permits Value.Const, Param, Inst, Value.Opaque {
    Type type();

    sealed interface Const extends Value {
    }

    record IntConst(int value) implements Const {
        public Type type() { return Type.Prim.I32; }
    }

    record LongConst(long value) implements Const {
        public Type type() { return Type.Prim.I64; }
    }

    record FloatConst(float value) implements Const {
        public Type type() { return Type.Prim.F32; }
    }

    record DoubleConst(double value) implements Const {
        public Type type() { return Type.Prim.F64; }
    }

    /**
     * A Java object the front end follows while lowering a method (a message string, a StringBuilder, an exception
     * being constructed) and folds into a {@link Terminator.Throw}; it never reaches a finished function.
     */
    record Opaque(Object what) implements Value {
        public Type type() { return Type.Void.VOID; }
    }

    /**
     * A table whose values are known constants (a JDK table, {@link dev.kiln.model.JdkTables}, or an application table
     * proven never written, {@link dev.kiln.model.ImmutableTables}): emitted as constant globals; the front end allows
     * only reads of it and of its rows.
     *
     * @param elem   the element type of its innermost arrays
     * @param values a primitive array ({@code double[]}, {@code int[][]} …), not modified
     * @param name   the field, for messages ({@code java.lang.FdLibm$Exp.ln2HI})
     */
    record ConstArray(Type type, Elem elem, Object values, String name) implements Const {
        public int length() { return java.lang.reflect.Array.getLength(values); }
    }

    /** The null array reference. */
    record NullConst(Type type) implements Const {
    }
}
