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
     * A JDK table whose values are known constants (see {@link dev.kiln.model.JdkTables}): emitted as a constant
     * global; the front end allows it only as the array of a load or a length.
     *
     * @param values a primitive array ({@code double[]}, {@code int[]} …), not modified
     * @param name   the field, for messages ({@code java.lang.FdLibm$Exp.ln2HI})
     */
    record ConstArray(Type type, Elem elem, Object values, String name) implements Const {
        public int length() { return java.lang.reflect.Array.getLength(values); }
    }

    /** The null array reference. */
    record NullConst(Type type) implements Const {
    }
}
