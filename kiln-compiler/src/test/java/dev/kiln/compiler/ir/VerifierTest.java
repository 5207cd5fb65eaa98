package dev.kiln.compiler.ir;

import dev.kiln.compiler.FrontEndKernels;
import dev.kiln.compiler.Pipeline;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.MethodRef;
import dev.kiln.runtime.abi.SourceFrame;
import dev.kiln.runtime.abi.ThrowSite;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/** The IR verifier: well-formed IR passes, each kind of breakage is reported naming the kernel, function and block. */
class VerifierTest {
    static final Type I = Type.Prim.I32;

    /** {@code int f(int a) { int x = a + 1; if (x < 0) return x; else return a; }} */
    static final class Fixture {
        final Block b0 = new Block(0), b1 = new Block(1), b2 = new Block(2);
        final Param a = new Param(I, "a");
        final Inst.Binary x;
        final Function f;

        Fixture() {
            b0.params().add(a);
            x = new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I32, a, new Value.IntConst(1));
            b0.insts().add(x);
            b0.setTerminator(new Terminator.Branch(Terminator.Rel.LT, false, x, new Value.IntConst(0),
                    new BlockCall(b1, List.of()), new BlockCall(b2, List.of())));
            b1.setTerminator(new Terminator.Return(x));
            b2.setTerminator(new Terminator.Return(a));
            f = new Function("t/T.f(I)I", new MethodRef("t/T", "f", "(I)I"), I, "(I)I", new ArrayList<>(List.of(b0, b1, b2)));
        }

        IrModule module() {
            return new IrModule(f.name(), List.of(f));
        }

        IrModule moduleWith(List<Block> blocks) {
            Function g = new Function(f.name(), f.method(), f.returnType(), f.descriptor(), blocks);
            return new IrModule(g.name(), List.of(g));
        }
    }

    static String rejected(IrModule m) {
        var e = assertThrows(Verifier.Invalid.class, () -> Verifier.verify(m, "test stage"));
        assertTrue(e.getMessage().startsWith("internal error: invalid IR for kernel t/T.f(I)I after test stage"), e.getMessage());
        return e.getMessage();
    }

    static void assertRejected(Consumer<Fixture> breakIt, String... expected) {
        Fixture fx = new Fixture();
        breakIt.accept(fx);
        String msg = rejected(fx.module());
        for (String s : expected) assertTrue(msg.contains(s), "expected \"" + s + "\" in:\n" + msg);
    }

    @Test
    void wellFormedIrPasses() {
        Verifier.verify(new Fixture().module(), "test stage");
    }

    @Test
    void theMessagePrintsTheFunction() {
        Fixture fx = new Fixture();
        fx.b1.setTerminator(new Terminator.Return(new Value.LongConst(3)));
        String msg = rejected(fx.module());
        assertTrue(msg.contains("in function t/T.f(I)I: block b1: return 3L: returns a I64 from a function returning I32"), msg);
        assertTrue(msg.contains("function \"t/T.f(I)I\" returns I32\nb0(v0: I32 a):\n  v1 = Binary ADD I32 v0 1\n"
                + "  branch LT v1, 0 -> b1(), b2()\n"), msg);
    }

    @Test
    void missingTerminator() {
        assertRejected(fx -> fx.b2.setTerminator(null), "block b2: no terminator");
    }

    @Test
    void edgeToABlockOutsideTheFunction() {
        Fixture fx = new Fixture();
        Block stray = new Block(9);
        stray.setTerminator(new Terminator.Return(fx.a));
        fx.b2.setTerminator(new Terminator.Jump(new BlockCall(stray, List.of())));
        String msg = rejected(fx.module());
        assertTrue(msg.contains("block b2: edge to b9, which is not in the function"), msg);
    }

    @Test
    void unreachableBlock() {
        Fixture fx = new Fixture();
        Block dead = new Block(3);
        dead.setTerminator(new Terminator.Return(new Value.IntConst(0)));
        List<Block> blocks = new ArrayList<>(fx.f.blocks());
        blocks.add(dead);
        assertTrue(rejected(fx.moduleWith(blocks)).contains("block b3: unreachable from the entry"));
    }

    @Test
    void blockBeforeItsDominator() {
        Fixture fx = new Fixture();
        Block tail = new Block(3);
        tail.setTerminator(new Terminator.Return(fx.a));
        fx.b2.setTerminator(new Terminator.Jump(new BlockCall(tail, List.of())));
        assertTrue(rejected(fx.moduleWith(List.of(fx.b0, fx.b1, tail, fx.b2)))
                .contains("block b3: listed before its immediate dominator b2"));
    }

    @Test
    void useNotDominatedByItsDefinition() {
        // x defined in b1, used in b2: b1 does not dominate b2.
        Fixture fx = new Fixture();
        var y = new Inst.Binary(Inst.BinOp.MUL, Type.Prim.I32, fx.a, fx.a);
        fx.b1.insts().add(y);
        fx.b2.setTerminator(new Terminator.Return(y));
        assertTrue(rejected(fx.module()).contains("block b2: use of v2 (defined in b1) not dominated by its definition, in return v2"));
    }

    @Test
    void useBeforeDefinitionInOneBlock() {
        Fixture fx = new Fixture();
        fx.b0.insts().addFirst(new Inst.Binary(Inst.BinOp.MUL, Type.Prim.I32, fx.x, fx.x)); // before x
        String msg = rejected(fx.module());
        assertTrue(msg.contains("block b0: use of v2 (defined in b0) not dominated by its definition"), msg);
    }

    @Test
    void valueFromAnotherFunction() {
        assertRejected(fx -> fx.b1.setTerminator(new Terminator.Return(new Param(I, "elsewhere"))),
                "block b1: ?param elsewhere is not defined in this function, used in return ?param elsewhere");
    }

    @Test
    void parameterCountOfAnEdge() {
        // Parameters added after the edge was built: the edge no longer matches (BlockCall checks only when built).
        assertRejected(fx -> fx.b1.params().add(new Param(I, "late")), "block b0: edge to b1 passes 0 arguments for 1 parameters");
    }

    @Test
    void argumentTypeOfAnEdge() {
        Fixture fx = new Fixture();
        Block join = new Block(3);
        Param p = new Param(Type.Prim.F64, "p");
        join.params().add(p);
        join.setTerminator(new Terminator.Return(fx.a));
        fx.b1.setTerminator(new Terminator.Jump(new BlockCall(join, List.of(fx.x))));
        fx.b2.setTerminator(new Terminator.Jump(new BlockCall(join, List.of(new Value.DoubleConst(0)))));
        String msg = rejected(fx.moduleWith(List.of(fx.b0, fx.b1, fx.b2, join)));
        assertTrue(msg.contains("block b1: edge to b3 passes v1 of type I32 for parameter 1 of type F64"), msg);
    }

    @Test
    void edgeIntoTheEntry() {
        assertRejected(fx -> fx.b2.setTerminator(new Terminator.Jump(new BlockCall(fx.b0, List.of(fx.a)))),
                "block b2: edge into the entry block");
    }

    @Test
    void operandTypes() {
        assertRejected(fx -> fx.b0.insts().set(0, new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, fx.a, new Value.IntConst(1))),
                "left operand v0 is I32, not I64", "right operand 1 is I32, not I64");
        assertRejected(fx -> fx.b1.insts().add(new Inst.ArrayLoad(Elem.INT, fx.a, new Value.IntConst(0), "npe")),
                "array v0 is I32, not int[]");
        assertRejected(fx -> fx.b1.insts().add(new Inst.Binary(Inst.BinOp.XOR, Type.Prim.F64, new Value.DoubleConst(1),
                new Value.DoubleConst(2))), "bitwise operation on F64");
        assertRejected(fx -> fx.b1.insts().add(new Inst.Convert(Inst.ConvOp.D2I, fx.a)), "operand v0 is I32, not F64");
        assertRejected(fx -> fx.b1.insts().add(new Inst.NewArray(Elem.DOUBLE, new Value.LongConst(4))), "length 4L is I64, not I32");
        assertRejected(fx -> fx.b1.insts().add(new Inst.RefLoad(new Value.NullConst(new Type.Array(Elem.INT)), fx.a, "npe")),
                "null is Array[INT], not an array of arrays");
        assertRejected(fx -> fx.b0.setTerminator(new Terminator.Branch(Terminator.Rel.LT, false, fx.x,
                new Value.NullConst(Type.Null.NULL), new BlockCall(fx.b1, List.of()), new BlockCall(fx.b2, List.of()))),
                "compares a reference with a scalar", "orders references");
    }

    @Test
    void frontEndOnlyValues() {
        assertRejected(fx -> fx.b1.setTerminator(new Terminator.Return(new Value.Opaque("a message"))),
                "front-end-only value opaque(String) in return");
    }

    @Test
    void throwSiteValues() {
        ThrowSite site = new ThrowSite("java/lang/IllegalArgumentException", "(Ljava/lang/String;)V",
                List.of("\"n = ", "J"), new SourceFrame("t.T", "f", "T.java", 3));
        assertRejected(fx -> fx.b1.setTerminator(new Terminator.Throw(site, List.of(fx.x))), "message value 1 v1 is I32, not I64");
        assertRejected(fx -> fx.b1.setTerminator(new Terminator.Throw(site, List.of())), "1 message values expected, 0 given");
    }

    @Test
    void callsMatchTheirCallee() {
        Fixture fx = new Fixture();
        fx.b1.insts().add(new Inst.Call(fx.f.name(), Type.Prim.I32, List.of(fx.a, fx.a)));
        assertTrue(rejected(fx.module()).contains("2 arguments for 1 parameters"));
        Fixture fy = new Fixture();
        fy.b1.insts().add(new Inst.Call("t/T.g()V", Type.Void.VOID, List.of()));
        assertTrue(rejected(fy.module()).contains("calls a function not in the module"));
        Fixture fz = new Fixture();
        fz.b1.insts().add(new Inst.Call(fz.f.name(), Type.Prim.F32, List.of(fz.a)));
        assertTrue(rejected(fz.module()).contains("result type F32 but the callee returns I32"));
    }

    @Test
    void nullStandsForAnyArray() {
        Fixture fx = new Fixture();
        Value nul = new Value.NullConst(Type.Null.NULL);
        var row = new Inst.RefLoad(nul, fx.a, "npe");
        fx.b1.insts().add(row);
        fx.b1.insts().add(new Inst.ArrayLoad(Elem.SHORT, row, fx.a, "npe"));
        fx.b1.insts().add(new Inst.ArrayLength(nul, "npe"));
        Verifier.verify(fx.module(), "test stage");
    }

    /** Every kernel of the front end's test class verifies (the suite verifies every compile; this needs no LLVM). */
    @Test
    void everyFrontEndKernelVerifies() {
        int n = 0;
        for (Method m : FrontEndKernels.class.getDeclaredMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) continue;
            IrModule module;
            try {
                module = new Pipeline(List.of(), true).ir(KernelGraph.of(FrontEndKernels.class, m.getName(),
                        java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes())));
            } catch (dev.kiln.UnsupportedConstructException refused) {
                continue;
            }
            assertFalse(Printer.print(module).isEmpty());
            n++;
        }
        assertTrue(n > 20, n + " kernels");
    }

    /** Past Kiln's verifier, LLVM's own (before optimisation) is an internal error naming the kernel, not a crash. */
    @Test
    void llvmsVerifierFailureNamesTheKernel() {
        String ir = """
                define i32 @f(i32 %a) {
                entry:
                  br label %loop
                loop:
                  %p = phi i32 [ %a, %elsewhere ]
                  ret i32 %p
                elsewhere:
                  br label %loop
                }
                """;
        var e = assertThrows(dev.kiln.KilnException.class, () -> dev.kiln.compiler.llvm.LlvmDriver.compile(ir,
                "p.K.k(I)I", dev.kiln.Target.level("x86-64"), dev.kiln.CompileOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith("internal error: generated LLVM IR for p.K.k(I)I is invalid: "), e.getMessage());
        assertTrue(e.getMessage().contains("PHINode should have one entry for each predecessor"), e.getMessage());
    }

    @Test
    void theSuiteVerifiesEveryCompile() {
        assertTrue(Boolean.getBoolean(Pipeline.VERIFY_PROPERTY),
                "surefire must run with -D" + Pipeline.VERIFY_PROPERTY + "=true (kiln.test.argLine in the parent pom)");
    }
}
