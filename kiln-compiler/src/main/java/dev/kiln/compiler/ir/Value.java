package dev.kiln.compiler.ir;

/**
 * An SSA value: a constant, a block parameter, or the result of an instruction. Values are compared by identity
 * (instructions are records, so two equal-looking adds are still two values): use identity maps.
 */
public sealed interface Value permits Value.Const, Param, Inst {
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

    /** The null array reference. */
    record NullConst(Type type) implements Const {
    }
}
