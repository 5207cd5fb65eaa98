package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Straight-line guard code: each failed test jumps to the original loop, the last block falls through to the copy. */
final class LoopGuard {
    final List<Block> blocks = new ArrayList<>();
    final java.util.function.Supplier<Block> newBlock;
    final BlockCall slow;
    final Set<Value> nonNull = Collections.newSetFromMap(new IdentityHashMap<>());
    final ValueOrder order;
    Block current;

    LoopGuard(java.util.function.Supplier<Block> newBlock, BlockCall slow, ValueOrder order) {
        this.newBlock = newBlock;
        this.slow = slow;
        this.order = order;
        current = newBlock.get();
        blocks.add(current);
    }

    Value add(Inst i) {
        current.insts().add(i);
        return i;
    }

    void failUnless(Terminator.Rel rel, Value left, Value right) {
        Block next = newBlock.get();
        blocks.add(next);
        current.setTerminator(new Terminator.Branch(rel, false, left, right, new BlockCall(next, List.of()), slow,
                Terminator.Expect.FALSE_RARE));
        current = next;
    }

    void failUnlessNonNull(Value array) {
        if (nonNull.add(array)) failUnless(Terminator.Rel.NE, array, new Value.NullConst(array.type()));
    }

    /** {@code v} (an {@code int} computed before the loop) as a {@code long}. */
    Value widen(Value v) {
        return add(new Inst.Convert(Inst.ConvOp.I2L, v));
    }

    /** The affine form as a {@code long}; a length read in the loop is read again here (its array is non-null). */
    Value materialise(Affine x, Map<Object, Value> lengths, Set<Value> definedInLoop) {
        Value sum = x.constant() != 0 || x.terms().isEmpty() ? new Value.LongConst(x.constant()) : null;
        List<Map.Entry<Value, Long>> terms = new ArrayList<>(x.terms().entrySet());
        terms.sort(java.util.Comparator.comparingInt(e -> order.position(e.getKey()))); // the same code on every compile
        for (Map.Entry<Value, Long> e : terms) {
            Value atom = e.getKey();
            if (atom instanceof Inst.ArrayLength al && definedInLoop.contains(atom)) {
                atom = lengths.computeIfAbsent(new Identity(al), k -> add(new Inst.ArrayLength(al.array(), al.nullMessage())));
            }
            Value term = add(new Inst.Convert(Inst.ConvOp.I2L, atom));
            if (e.getValue() != 1) term = add(new Inst.Binary(Inst.BinOp.MUL, Type.Prim.I64, term, new Value.LongConst(e.getValue())));
            sum = sum == null ? term : add(new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, sum, term));
        }
        return sum;
    }

    /** Where each value of a function is defined, as a number: params and instructions in block order, constants after. */
    static final class ValueOrder {
        private final Map<Value, Integer> at = new IdentityHashMap<>();

        ValueOrder(Function f) {
            for (Block b : f.blocks()) {
                for (Param p : b.params()) at.put(p, at.size());
                for (Inst i : b.insts()) at.put(i, at.size());
            }
        }

        int position(Value v) {
            Integer n = at.get(v);
            if (n != null) return n;
            return v instanceof Value.IntConst c ? Integer.MAX_VALUE - 1 : Integer.MAX_VALUE; // constants: one per form
        }
    }
}
