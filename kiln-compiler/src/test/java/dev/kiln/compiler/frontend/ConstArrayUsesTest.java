package dev.kiln.compiler.frontend;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.diff.JdkTableProbe;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.MethodRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A table compiled as constants lives in read-only memory: every use but reading it must be refused, also
 * through a callee's parameter. The JDK's own code only reads its tables, so these cases are built as IR.
 */
class ConstArrayUsesTest {
    static final KernelGraph GRAPH = KernelGraph.of(JdkTableProbe.class, "exp", null);
    static final Type DOUBLES = Type.ofDescriptor("[D");

    static Value.ConstArray table() {
        return new Value.ConstArray(DOUBLES, Elem.DOUBLE, new double[] {0.5, -0.5}, "java.lang.FdLibm$Exp.halF");
    }

    static Function function(String name, List<Param> params, List<Inst> insts, Terminator end) {
        Block b = new Block(0);
        b.params().addAll(params);
        b.insts().addAll(insts);
        b.setTerminator(end);
        return new Function(name, new MethodRef("p/K", name, "()V"), Type.Void.VOID, "()V", List.of(b));
    }

    @Test
    void readingAndLengthAreAllowed() {
        Value.ConstArray t = table();
        Function f = function("f", List.of(), List.of(new Inst.ArrayLoad(Elem.DOUBLE, t, new Value.IntConst(1), "m"),
                new Inst.ArrayLength(t, "m")), new Terminator.Return(null));
        assertDoesNotThrow(() -> ConstArrayUses.check(GRAPH, List.of(f)));
    }

    @Test
    void aStoreIsRefused() {
        Value.ConstArray t = table();
        Function f = function("f", List.of(), List.of(new Inst.ArrayStore(Elem.DOUBLE, t, new Value.IntConst(0),
                new Value.DoubleConst(2), "m")), new Terminator.Return(null));
        var e = assertThrows(UnsupportedConstructException.class, () -> ConstArrayUses.check(GRAPH, List.of(f)));
        assertTrue(e.getMessage().contains("constant table java.lang.FdLibm$Exp.halF other than reading it"), e.getMessage());
    }

    @Test
    void aCalleeThatWritesItsParameterIsRefusedOneThatReadsItIsNot() {
        Param reader = new Param(DOUBLES, "a");
        Function reads = function("reads", List.of(reader),
                List.of(new Inst.ArrayLoad(Elem.DOUBLE, reader, new Value.IntConst(0), "m")), new Terminator.Return(null));
        Param writer = new Param(DOUBLES, "a");
        Function writes = function("writes", List.of(writer), List.of(new Inst.ArrayStore(Elem.DOUBLE, writer,
                new Value.IntConst(0), new Value.DoubleConst(2), "m")), new Terminator.Return(null));
        Function callsReader = function("f", List.of(), List.of(new Inst.Call("reads", Type.Void.VOID, List.of(table()))),
                new Terminator.Return(null));
        assertDoesNotThrow(() -> ConstArrayUses.check(GRAPH, List.of(callsReader, reads)));
        Function callsWriter = function("g", List.of(), List.of(new Inst.Call("writes", Type.Void.VOID, List.of(table()))),
                new Terminator.Return(null));
        var e = assertThrows(UnsupportedConstructException.class,
                () -> ConstArrayUses.check(GRAPH, List.of(callsWriter, writes)));
        assertTrue(e.getMessage().contains("other than reading it (ArrayStore)"), e.getMessage());
    }

    @Test
    void aStoreThroughAResultOrAMergeIsRefusedReadingIsNot() {
        Function returns = function("f", List.of(), List.of(), new Terminator.Return(table()));
        Inst.Call call = new Inst.Call("f", DOUBLES, List.of(), null);
        Function readsResult = function("g", List.of(), List.of(call,
                new Inst.ArrayLoad(Elem.DOUBLE, call, new Value.IntConst(0), "m")), new Terminator.Return(null));
        assertDoesNotThrow(() -> ConstArrayUses.check(GRAPH, List.of(readsResult, returns)));
        Inst.Call call2 = new Inst.Call("f", DOUBLES, List.of(), null);
        Function writesResult = function("h", List.of(), List.of(call2, new Inst.ArrayStore(Elem.DOUBLE, call2,
                new Value.IntConst(0), new Value.DoubleConst(2), "m")), new Terminator.Return(null));
        assertThrows(UnsupportedConstructException.class, () -> ConstArrayUses.check(GRAPH, List.of(writesResult, returns)));

        // the kernel itself may not hand a table to its caller
        Function root = function(FrontEnd.functionName(GRAPH.root()), List.of(), List.of(), new Terminator.Return(table()));
        assertThrows(UnsupportedConstructException.class, () -> ConstArrayUses.check(GRAPH, List.of(root)));

        for (boolean write : new boolean[] {false, true}) {
            Block target = new Block(1);
            Param x = new Param(DOUBLES, "x");
            target.params().add(x);
            target.insts().add(write ? new Inst.ArrayStore(Elem.DOUBLE, x, new Value.IntConst(0), new Value.DoubleConst(2), "m")
                    : new Inst.ArrayLoad(Elem.DOUBLE, x, new Value.IntConst(0), "m"));
            target.setTerminator(new Terminator.Return(null));
            Block entry = new Block(0);
            entry.setTerminator(new Terminator.Jump(new BlockCall(target, List.of(table()))));
            Function merges = new Function("g", new MethodRef("p/K", "g", "()V"), Type.Void.VOID, "()V", List.of(entry, target));
            if (write) assertThrows(UnsupportedConstructException.class, () -> ConstArrayUses.check(GRAPH, List.of(merges)));
            else assertDoesNotThrow(() -> ConstArrayUses.check(GRAPH, List.of(merges)));
        }
    }
}
