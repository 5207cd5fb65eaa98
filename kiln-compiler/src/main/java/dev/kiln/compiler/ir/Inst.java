package dev.kiln.compiler.ir;

import dev.kiln.compiler.intrinsics.Intrinsic;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A non-terminating instruction. Each has Java semantics, including the exception it may raise (which the emitter
 * turns into a fault record and a return). Every instruction is also a value; those of type {@link Type.Void#VOID}
 * are used for effect only.
 */
public sealed interface Inst extends Value {
    /** The same instruction with every operand replaced by {@code f(operand)}. */
    Inst mapOperands(UnaryOperator<Value> f);

    List<Value> operands();

    /** Whether this instruction can raise a Java exception (without looking into callees). */
    default boolean canThrow() {
        return false;
    }

    enum BinOp {
        ADD, SUB, MUL,
        /** Java division: integer divisor 0 throws ArithmeticException, MIN_VALUE / -1 wraps to MIN_VALUE. */
        DIV,
        /** Java remainder: integer divisor 0 throws, x % -1 is 0; floating point truncates like fmod. */
        REM,
        AND, OR, XOR,
        /** Shifts: the count (always I32) is masked to 5 or 6 bits. */
        SHL, SHR, USHR
    }

    /** {@code left op right}; both operands have {@code type}, except a shift count, which is I32. */
    record Binary(BinOp op, Type.Prim type, Value left, Value right) implements Inst {
        public Inst mapOperands(UnaryOperator<Value> f) { return new Binary(op, type, f.apply(left), f.apply(right)); }
        public List<Value> operands() { return List.of(left, right); }
        public boolean canThrow() {
            return (op == BinOp.DIV || op == BinOp.REM) && !type.isFloating() && !isNonZeroConstant(right);
        }

        private static boolean isNonZeroConstant(Value v) {
            return (v instanceof Value.IntConst c && c.value() != 0) || (v instanceof Value.LongConst l && l.value() != 0);
        }
    }

    record Neg(Type.Prim type, Value operand) implements Inst {
        public Inst mapOperands(UnaryOperator<Value> f) { return new Neg(type, f.apply(operand)); }
        public List<Value> operands() { return List.of(operand); }
    }

    enum ConvOp {
        I2L(Type.Prim.I32, Type.Prim.I64), I2F(Type.Prim.I32, Type.Prim.F32), I2D(Type.Prim.I32, Type.Prim.F64),
        L2I(Type.Prim.I64, Type.Prim.I32), L2F(Type.Prim.I64, Type.Prim.F32), L2D(Type.Prim.I64, Type.Prim.F64),
        /** Floating to integer conversions saturate, NaN gives 0. */
        F2I(Type.Prim.F32, Type.Prim.I32), F2L(Type.Prim.F32, Type.Prim.I64), F2D(Type.Prim.F32, Type.Prim.F64),
        D2I(Type.Prim.F64, Type.Prim.I32), D2L(Type.Prim.F64, Type.Prim.I64), D2F(Type.Prim.F64, Type.Prim.F32),
        /** Narrow to byte, char or short and widen back to int. */
        I2B(Type.Prim.I32, Type.Prim.I32), I2C(Type.Prim.I32, Type.Prim.I32), I2S(Type.Prim.I32, Type.Prim.I32);

        public final Type.Prim from;
        public final Type.Prim to;

        ConvOp(Type.Prim from, Type.Prim to) {
            this.from = from;
            this.to = to;
        }
    }

    record Convert(ConvOp op, Value operand) implements Inst {
        public Type type() { return op.to; }
        public Inst mapOperands(UnaryOperator<Value> f) { return new Convert(op, f.apply(operand)); }
        public List<Value> operands() { return List.of(operand); }
    }

    enum CmpOp {
        /** lcmp. */
        LCMP,
        /** fcmpl, dcmpl: NaN gives -1. */
        CMPL,
        /** fcmpg, dcmpg: NaN gives 1. */
        CMPG
    }

    /** -1, 0 or 1 as an I32. */
    record Compare(CmpOp op, Value left, Value right) implements Inst {
        public Type type() { return Type.Prim.I32; }
        public Inst mapOperands(UnaryOperator<Value> f) { return new Compare(op, f.apply(left), f.apply(right)); }
        public List<Value> operands() { return List.of(left, right); }
    }

    /**
     * {@code array.length}.
     *
     * @param nullMessage the NullPointerException message when the array is null (HotSpot's helpful text)
     */
    record ArrayLength(Value array, String nullMessage) implements Inst {
        public Type type() { return Type.Prim.I32; }
        public Inst mapOperands(UnaryOperator<Value> f) { return new ArrayLength(f.apply(array), nullMessage); }
        public List<Value> operands() { return List.of(array); }
        public boolean canThrow() { return true; }
    }

    /**
     * {@code array[index]}, widened to the element's computational type. Null and bounds checked, unless
     * {@code unchecked}: a pass proved the array non-null and the index within bounds wherever this runs (the index
     * of an unchecked access may then be an I64, computed without {@code int} wrap-around).
     */
    record ArrayLoad(Elem elem, Value array, Value index, String nullMessage, boolean unchecked) implements Inst {
        public ArrayLoad(Elem elem, Value array, Value index, String nullMessage) {
            this(elem, array, index, nullMessage, false);
        }
        public Type type() { return elem.computational; }
        public Inst mapOperands(UnaryOperator<Value> f) {
            return new ArrayLoad(elem, f.apply(array), f.apply(index), nullMessage, unchecked);
        }
        public List<Value> operands() { return List.of(array, index); }
        public boolean canThrow() { return !unchecked; }
    }

    /**
     * {@code array[index] = value}, the value narrowed to the element's width. Null and bounds checked, unless
     * {@code unchecked} (as for {@link ArrayLoad}).
     */
    record ArrayStore(Elem elem, Value array, Value index, Value value, String nullMessage, boolean unchecked)
            implements Inst {
        public ArrayStore(Elem elem, Value array, Value index, Value value, String nullMessage) {
            this(elem, array, index, value, nullMessage, false);
        }
        public Type type() { return Type.Void.VOID; }
        public Inst mapOperands(UnaryOperator<Value> f) {
            return new ArrayStore(elem, f.apply(array), f.apply(index), f.apply(value), nullMessage, unchecked);
        }
        public List<Value> operands() { return List.of(array, index, value); }
        public boolean canThrow() { return !unchecked; }
    }

    /**
     * The address of element {@code index} of {@code array} modulo {@link #ALIGNMENT} bytes, as an I32 in
     * {@code [0, ALIGNMENT)}; 0 when fewer than {@code minDistance} integers lie between {@code from} and
     * {@code limit} (an I32, or an array standing for its length). Not a Java operation: nothing is checked or read,
     * the index may lie outside the array and the arrays may be null (the result is then meaningless but harmless).
     * Only a hint for loop splitting ({@link dev.kiln.compiler.passes.StoreAlignmentPeel}); no result may depend on it.
     */
    record AddressAlignment(Elem elem, Value array, Value index, Value from, Value limit, int minDistance) implements Inst {
        /** A cache line, and the widest vector store (AVX-512). */
        public static final int ALIGNMENT = 64;

        public Type type() { return Type.Prim.I32; }
        public Inst mapOperands(UnaryOperator<Value> f) {
            return new AddressAlignment(elem, f.apply(array), f.apply(index), f.apply(from), f.apply(limit), minDistance);
        }
        public List<Value> operands() { return List.of(array, index, from, limit); }
    }

    /**
     * {@code new elem[length]}, zero-filled: NegativeArraySizeException (message: the length) when negative,
     * OutOfMemoryError when it cannot be allocated. Native memory, released when the kernel returns; an array that
     * escapes (returned to the caller) is copied into a Java array then.
     */
    record NewArray(Elem elem, Value length) implements Inst {
        public Type type() { return new Type.Array(elem); }
        public Inst mapOperands(UnaryOperator<Value> f) { return new NewArray(elem, f.apply(length)); }
        public List<Value> operands() { return List.of(length); }
        public boolean canThrow() { return true; }
    }

    /**
     * {@code System.arraycopy(src, srcPos, dst, dstPos, length)} with HotSpot's checks in its order: null (no message),
     * element types differ (ArrayStoreException), then the bounds (ArrayIndexOutOfBoundsException "arraycopy: ...").
     * Overlapping ranges of one array copy as if through a temporary.
     */
    record ArrayCopy(Value src, Value srcPos, Value dst, Value dstPos, Value length) implements Inst {
        public Type type() { return Type.Void.VOID; }
        public Inst mapOperands(UnaryOperator<Value> f) {
            return new ArrayCopy(f.apply(src), f.apply(srcPos), f.apply(dst), f.apply(dstPos), f.apply(length));
        }
        public List<Value> operands() { return List.of(src, srcPos, dst, dstPos, length); }
        public boolean canThrow() { return true; }
    }

    enum CopyKind {
        /** {@code array.clone()}: from and to are unused. */
        CLONE,
        /** {@code Arrays.copyOf(src, to)}: from is 0. */
        COPY_OF,
        /** {@code Arrays.copyOfRange(src, from, to)}. */
        COPY_OF_RANGE
    }

    /** A new array holding a copy of (part of) {@code src}, as the JDK method {@code kind} names computes it. */
    record ArrayCopyOf(CopyKind kind, Elem elem, Value src, Value from, Value to, String nullMessage) implements Inst {
        public Type type() { return new Type.Array(elem); }
        public Inst mapOperands(UnaryOperator<Value> f) {
            return new ArrayCopyOf(kind, elem, f.apply(src), f.apply(from), f.apply(to), nullMessage);
        }
        public List<Value> operands() { return List.of(src, from, to); }
        public boolean canThrow() { return true; }
    }

    /** {@code Arrays.fill(array, value)} or, when {@code ranged}, {@code Arrays.fill(array, from, to, value)}. */
    record ArrayFill(Elem elem, Value array, Value from, Value to, Value value, boolean ranged, String nullMessage)
            implements Inst {
        public Type type() { return Type.Void.VOID; }
        public Inst mapOperands(UnaryOperator<Value> f) {
            return new ArrayFill(elem, f.apply(array), f.apply(from), f.apply(to), f.apply(value), ranged, nullMessage);
        }
        public List<Value> operands() { return List.of(array, from, to, value); }
        public boolean canThrow() { return true; }
    }

    /**
     * {@code array[index]} of an array of arrays: the row reference (possibly null). Null and bounds checked. On the
     * null constant ({@link Type.Null}) it always throws; its result, never seen, is then of type {@code Null} too.
     */
    record RefLoad(Value array, Value index, String nullMessage) implements Inst {
        public Type type() {
            return array.type() instanceof Type.RefArray r ? r.component() : Type.Null.NULL;
        }
        public Inst mapOperands(UnaryOperator<Value> f) { return new RefLoad(f.apply(array), f.apply(index), nullMessage); }
        public List<Value> operands() { return List.of(array, index); }
        public boolean canThrow() { return true; }
    }

    /** {@code array[index] = row} in an array of arrays (or the null constant: always throws). Null and bounds checked. */
    record RefStore(Value array, Value index, Value value, String nullMessage) implements Inst {
        public Type type() { return Type.Void.VOID; }
        public Inst mapOperands(UnaryOperator<Value> f) {
            return new RefStore(f.apply(array), f.apply(index), f.apply(value), nullMessage);
        }
        public List<Value> operands() { return List.of(array, index, value); }
        public boolean canThrow() { return true; }
    }

    /**
     * {@code new T[d0][d1]...} of {@code type} with the given dimensions (at least one): every dimension is checked
     * for a negative size first (NegativeArraySizeException naming the first), then the arrays are allocated, the
     * last given dimension's arrays of null rows or zeros.
     */
    record NewMultiArray(Type.RefArray type, List<Value> dims) implements Inst {
        /** Sizes one allocation may give ({@code new T[a][b][c][d]}). */
        public static final int MAX_DIMS = 4;

        public NewMultiArray {
            dims = List.copyOf(dims);
        }
        public Inst mapOperands(UnaryOperator<Value> f) { return new NewMultiArray(type, dims.stream().map(f).toList()); }
        public List<Value> operands() { return dims; }
        public boolean canThrow() { return true; }
    }

    /**
     * A call to another function of the module, by its name; {@code site} (may be null) is where it stands in the
     * source, for the stack trace of an exception thrown below it.
     */
    record Call(String callee, Type type, List<Value> args, dev.kiln.runtime.abi.SourceFrame site) implements Inst {
        public Call {
            args = List.copyOf(args);
        }
        public Call(String callee, Type type, List<Value> args) {
            this(callee, type, args, null);
        }
        public Inst mapOperands(UnaryOperator<Value> f) {
            return new Call(callee, type, args.stream().map(f).toList(), site);
        }
        public List<Value> operands() { return args; }
    }

    /** A call to a JDK method Kiln implements itself; it throws when the intrinsic has a fault. */
    record IntrinsicCall(Intrinsic intrinsic, Type type, List<Value> args) implements Inst {
        public IntrinsicCall {
            args = List.copyOf(args);
        }
        public Inst mapOperands(UnaryOperator<Value> f) {
            return new IntrinsicCall(intrinsic, type, args.stream().map(f).toList());
        }
        public List<Value> operands() { return args; }
        public boolean canThrow() { return intrinsic.fault().isPresent(); }
    }
}
