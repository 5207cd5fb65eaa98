package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An {@code int} expression as an exact integer {@code constant + sum(coefficient * atom)}, where each atom is an
 * {@code int} value the caller calls an atom (a loop's induction variables and its invariants).
 *
 * <p>Java's {@code int} addition, subtraction, multiplication and left shift wrap modulo 2^32 and so agree with
 * this exact form modulo 2^32: when the exact value is known to lie in {@code [0, 2^31)}, the {@code int} the
 * program computes is that value. Coefficients and the constant are kept small enough that the form, evaluated in
 * {@code long} arithmetic over {@code int} atoms, can never overflow.
 */
record Affine(Map<Value, Long> terms, long constant) {
    /** Bounds that keep {@code |constant| + sum(|coefficient| * 2^31)} far from 2^63. */
    private static final long MAX_COEFFICIENT = 1L << 20;
    private static final long MAX_CONSTANT = 1L << 40;
    private static final int MAX_TERMS = 16;
    private static final int MAX_DEPTH = 24;

    /** {@code v} as an affine form over {@code atom}s, or null when it is not one (within the bounds above). */
    static Affine of(Value v, Predicate<Value> atom) {
        return of(v, atom, 0);
    }

    private static Affine of(Value v, Predicate<Value> atom, int depth) {
        if (v.type() != Type.Prim.I32 || depth > MAX_DEPTH) return null;
        if (v instanceof Value.IntConst c) return new Affine(Map.of(), c.value());
        if (atom.test(v)) return new Affine(Map.of(v, 1L), 0);
        return switch (v) {
            case Inst.Binary b when b.op() == Inst.BinOp.ADD -> combine(of(b.left(), atom, depth + 1), of(b.right(), atom, depth + 1), 1);
            case Inst.Binary b when b.op() == Inst.BinOp.SUB -> combine(of(b.left(), atom, depth + 1), of(b.right(), atom, depth + 1), -1);
            case Inst.Binary b when b.op() == Inst.BinOp.MUL && b.right() instanceof Value.IntConst c -> scale(of(b.left(), atom, depth + 1), c.value());
            case Inst.Binary b when b.op() == Inst.BinOp.MUL && b.left() instanceof Value.IntConst c -> scale(of(b.right(), atom, depth + 1), c.value());
            // x << c is x * 2^(c & 31) modulo 2^32; a shift by 31 makes a coefficient too large to keep anyway
            case Inst.Binary b when b.op() == Inst.BinOp.SHL && b.right() instanceof Value.IntConst c && (c.value() & 31) < 21 ->
                    scale(of(b.left(), atom, depth + 1), 1L << (c.value() & 31));
            case Inst.Neg n -> scale(of(n.operand(), atom, depth + 1), -1);
            default -> null;
        };
    }

    private static Affine combine(Affine a, Affine b, long sign) {
        if (a == null || b == null) return null;
        Map<Value, Long> t = new IdentityHashMap<>(a.terms);
        for (Map.Entry<Value, Long> e : b.terms.entrySet()) t.merge(e.getKey(), sign * e.getValue(), Long::sum);
        t.values().removeIf(c -> c == 0);
        return checked(t, a.constant + sign * b.constant);
    }

    private static Affine scale(Affine a, long k) {
        if (a == null || Math.abs(k) > MAX_COEFFICIENT) return null;
        Map<Value, Long> t = new IdentityHashMap<>();
        for (Map.Entry<Value, Long> e : a.terms.entrySet()) if (k != 0) t.put(e.getKey(), e.getValue() * k);
        return checked(t, a.constant * k);
    }

    private static Affine checked(Map<Value, Long> t, long constant) {
        if (Math.abs(constant) > MAX_CONSTANT || t.size() > MAX_TERMS) return null;
        for (long c : t.values()) if (Math.abs(c) > MAX_COEFFICIENT) return null;
        return new Affine(t, constant);
    }

    static Affine constant(long k) {
        return new Affine(Map.of(), k);
    }

    /** {@code this + o}, or null beyond the bounds. */
    Affine plus(Affine o) {
        return combine(this, o, 1);
    }

    /** {@code this * k}, or null beyond the bounds. */
    Affine times(long k) {
        return scale(this, k);
    }

    boolean isConstant() {
        return terms.isEmpty();
    }

    /** The coefficient of {@code atom} (0 when absent). */
    long coefficient(Value atom) {
        return terms.getOrDefault(atom, 0L);
    }
}
