package dev.kiln.compiler.frontend;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Trivial block parameters: one value by identity (instructions are records) or equal constants bit for bit. */
class SsaTest {
    /** entry(b) branches to two arms; each passes its own value to join(p), which returns p. */
    private static Block join(Value fromThen, Value fromElse, Inst... armInsts) {
        Param b = new Param(Type.Prim.I32, "b");
        Block entry = new Block(0);
        entry.params().add(b);
        Block then = new Block(1);
        Block otherwise = new Block(2);
        Block join = new Block(3);
        Param p = new Param(fromThen.type(), "p");
        join.params().add(p);
        for (Inst i : armInsts) (i == fromElse ? otherwise : then).insts().add(i);
        entry.setTerminator(new Terminator.Branch(Terminator.Rel.NE, false, b, new Value.IntConst(0),
                new BlockCall(then, List.of()), new BlockCall(otherwise, List.of())));
        then.setTerminator(new Terminator.Jump(new BlockCall(join, List.of(fromThen))));
        otherwise.setTerminator(new Terminator.Jump(new BlockCall(join, List.of(fromElse))));
        join.setTerminator(new Terminator.Return(p));
        Ssa.removeTrivialParams(entry);
        return join;
    }

    @Test
    void equalLookingInstructionsInTwoArmsStayAMerge() {
        Param field = new Param(Type.Prim.I32, "this.f");
        Inst a = new Inst.Neg(Type.Prim.I32, field);
        Inst b = new Inst.Neg(Type.Prim.I32, field);
        assertEquals(a, b); // records: equal, yet two values defined in different blocks
        Block join = join(a, b, a, b);
        assertEquals(1, join.params().size());
        assertSame(join.params().getFirst(), ((Terminator.Return) join.terminator()).value());
    }

    @Test
    void floatingConstantsMergeOnlyWhenTheirBitsAreEqual() {
        Value nan1 = new Value.DoubleConst(Double.longBitsToDouble(0x7ff8_0000_0000_0001L));
        Value nan2 = new Value.DoubleConst(Double.longBitsToDouble(0x7ff8_0000_0000_0002L));
        assertEquals(1, join(nan1, nan2).params().size());
        assertEquals(1, join(new Value.FloatConst(0.0f), new Value.FloatConst(-0.0f)).params().size());
    }

    @Test
    void equalConstantsAndOneValueAreTrivial() {
        Block join = join(new Value.IntConst(7), new Value.IntConst(7));
        assertEquals(0, join.params().size());
        assertEquals(new Value.IntConst(7), ((Terminator.Return) join.terminator()).value());
        Param x = new Param(Type.Prim.I64, "x");
        Block same = join(x, x);
        assertEquals(0, same.params().size());
        assertSame(x, ((Terminator.Return) same.terminator()).value());
    }
}
