package dev.kiln.compiler.frontend;

import dev.kiln.compiler.FrontEndKernels;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Shape of the SSA the front end builds. */
class FrontEndTest {
    static IrModule lower(String kernel) {
        return FrontEnd.lower(KernelGraph.of(FrontEndKernels.class, kernel, null));
    }

    static List<Inst> insts(Function f) {
        return f.blocks().stream().flatMap(b -> b.insts().stream()).toList();
    }

    @Test
    void loopHeaderMergesOnlyWhatChanges() {
        IrModule m = lower("sum");
        Function f = m.function(m.entry());
        assertEquals(List.of(new Type.Array(Elem.DOUBLE)), f.params().stream().map(Param::type).toList());
        // The array never changes, so only the sum and the index stay block parameters.
        List<Block> merges = f.blocks().stream().filter(b -> !b.params().isEmpty() && b != f.entry()).toList();
        assertEquals(1, merges.size());
        assertEquals(List.of(Type.Prim.F64, Type.Prim.I32), merges.get(0).params().stream().map(Param::type).toList());
        assertEquals(List.of("s", "i"), merges.get(0).params().stream().map(Param::name).toList());
        assertEquals(1, insts(f).stream().filter(i -> i instanceof Inst.ArrayLoad l && l.elem() == Elem.DOUBLE).count());
    }

    @Test
    void comparisonsFeedingBranchesFoldIntoThem() {
        IrModule m = lower("compares");
        Function f = m.function(m.entry());
        assertEquals(0, insts(f).stream().filter(i -> i instanceof Inst.Compare).count());
        // a < b compiles to dcmpg + ifge: NaN must take the "not less" edge, which is the true edge of GE.
        var branches = f.blocks().stream().map(Block::terminator).filter(t -> t instanceof Terminator.Branch)
                .map(t -> (Terminator.Branch) t).toList();
        var first = branches.get(0);
        assertEquals(Terminator.Rel.GE, first.rel());
        assertTrue(first.unorderedTaken());
    }

    @Test
    void everyMethodOfTheGraphIsAFunction() {
        IrModule m = lower("isEven");
        assertEquals(2, m.functions().size());
        assertTrue(insts(m.function(m.entry())).stream().anyMatch(i -> i instanceof Inst.Call c && c.callee().endsWith("isOdd(I)Z")));
    }

    @Test
    void everyUseIsDefinedAndEveryEdgeMatchesItsTarget() {
        for (String k : List.of("classify", "nested", "mix", "conversions", "whileTrue", "pick", "bytesAndShorts")) {
            IrModule m = lower(k);
            for (Function f : m.functions()) {
                java.util.Set<Object> defined = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                for (Block b : f.blocks()) {
                    defined.addAll(b.params());
                    defined.addAll(b.insts());
                }
                for (Block b : f.blocks()) {
                    for (Inst i : b.insts()) for (var v : i.operands()) assertDefined(defined, v, k);
                    for (var v : b.terminator().operands()) assertDefined(defined, v, k);
                    for (var e : b.terminator().successors()) {
                        assertTrue(f.blocks().contains(e.target()), k);
                        for (var v : e.args()) assertDefined(defined, v, k);
                    }
                }
            }
        }
    }

    private static void assertDefined(java.util.Set<Object> defined, dev.kiln.compiler.ir.Value v, String kernel) {
        assertTrue(v instanceof dev.kiln.compiler.ir.Value.Const || defined.contains(v), kernel + ": undefined " + v);
    }
}
