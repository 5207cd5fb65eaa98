package dev.kiln.compiler.passes;

import dev.kiln.compiler.Pipeline;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Dominators;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites {@code a + (x >>> 31)} as {@code a - (x >> 31)}, and {@code -(x >>> 31)} or {@code ~(x >>> 31) + 1} as
 * {@code x >> 31} ({@code 63} for {@code long}): the sign bit as 0 or 1 is minus the sign as 0 or -1, so each pair
 * is the same value for every input.
 *
 * <p>The second forms are the ones LLVM recognises as a branch-free absolute value,
 * {@code (x ^ (x >> 31)) - (x >> 31)}, and turns into {@code abs} (one {@code vpabsd} per vector). The first are how
 * libraries write it ({@code i = x >>> 31; (x ^ (~i + 1)) + i}, Commons Math's {@code FastMath.abs}); LLVM
 * canonicalises that to {@code (x ^ (x >> 31)) + (x >>> 31)}, which it does not match, and leaves three shifts and
 * two adds per element, a quarter slower in a vectorised sum of absolute differences. Both halves are rewritten
 * here, before LLVM sees either: given one alone, instcombine turns it back before it looks for {@code abs}.
 */
public final class SignBitAdds implements Pipeline.FunctionPass {
    @Override
    public String name() {
        return "sign bit adds";
    }

    @Override
    public Function transform(Function f) {
        rewrite(f);
        return f;
    }

    static void rewrite(Function f) {
        Map<Value, Value> after = new IdentityHashMap<>();
        // reverse postorder: every definition is rewritten before the instructions that use it
        List<Block> order = new java.util.ArrayList<>(Dominators.of(f).reversePostOrder());
        for (Block b : f.blocks()) if (!order.contains(b)) order.add(b); // unreachable ones last
        for (Block b : order) {
            List<Inst> insts = b.insts();
            for (int k = 0; k < insts.size(); k++) {
                Inst i = insts.get(k);
                Inst j = i.operands().stream().anyMatch(after::containsKey) ? i.mapOperands(v -> after.getOrDefault(v, v)) : i;
                Value negated = negatedSignBitOf(j);
                if (negated != null) {
                    j = new Inst.Binary(Inst.BinOp.SHR, (Type.Prim) j.type(), negated, width(j.type()));
                } else if (j instanceof Inst.Binary add && add.op() == Inst.BinOp.ADD) {
                    Value sign = signBitOf(add.right()), other = add.left();
                    if (sign == null) {
                        sign = signBitOf(add.left());
                        other = add.right();
                    }
                    if (sign != null) {
                        Inst.Binary shr = new Inst.Binary(Inst.BinOp.SHR, add.type(), sign, width(add.type()));
                        insts.add(k++, shr);
                        j = new Inst.Binary(Inst.BinOp.SUB, add.type(), other, shr);
                    }
                }
                if (j != i) {
                    insts.set(k, j);
                    after.put(i, j);
                }
            }
            b.setTerminator(b.terminator().mapOperands(v -> after.getOrDefault(v, v)));
        }
    }

    private static Value width(Type t) {
        return new Value.IntConst(t == Type.Prim.I64 ? 63 : 31);
    }

    /**
     * {@code x} when {@code v} is minus the sign bit of {@code x}: {@code -(x >>> 31)} or {@code ~(x >>> 31) + 1},
     * which is {@code x >> 31}; else null.
     */
    private static Value negatedSignBitOf(Value v) {
        Value bit = signBitSource(v);
        return bit == null ? null : signBitOf(bit);
    }

    /** The {@code x >>> 31} that {@code v} negates, as {@code -b} or {@code ~b + 1}, or null. */
    private static Value signBitSource(Value v) {
        Value b = switch (v) {
            case Inst.Neg n -> n.operand();
            case Inst.Binary s when s.op() == Inst.BinOp.SUB && isZero(s.left()) -> s.right();
            case Inst.Binary a when a.op() == Inst.BinOp.ADD && isOne(a.right()) -> complemented(a.left());
            case Inst.Binary a when a.op() == Inst.BinOp.ADD && isOne(a.left()) -> complemented(a.right());
            default -> null;
        };
        return b != null && signBitOf(b) != null ? b : null;
    }

    /** {@code b} when {@code v} is {@code b ^ -1}, else null. */
    private static Value complemented(Value v) {
        if (!(v instanceof Inst.Binary x) || x.op() != Inst.BinOp.XOR) return null;
        if (isMinusOne(x.right())) return x.left();
        if (isMinusOne(x.left())) return x.right();
        return null;
    }

    private static boolean isZero(Value v) {
        return v instanceof Value.IntConst c && c.value() == 0 || v instanceof Value.LongConst l && l.value() == 0;
    }

    private static boolean isOne(Value v) {
        return v instanceof Value.IntConst c && c.value() == 1 || v instanceof Value.LongConst l && l.value() == 1;
    }

    private static boolean isMinusOne(Value v) {
        return v instanceof Value.IntConst c && c.value() == -1 || v instanceof Value.LongConst l && l.value() == -1;
    }

    /** {@code x} when {@code v} is {@code x >>> 31} on an int or {@code x >>> 63} on a long, else null. */
    private static Value signBitOf(Value v) {
        if (!(v instanceof Inst.Binary s) || s.op() != Inst.BinOp.USHR || !(s.right() instanceof Value.IntConst c)) return null;
        if (s.type() == Type.Prim.I32 && (c.value() & 31) == 31) return s.left();
        if (s.type() == Type.Prim.I64 && (c.value() & 63) == 63) return s.left();
        return null;
    }
}
