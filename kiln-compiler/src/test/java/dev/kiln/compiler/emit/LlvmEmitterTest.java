package dev.kiln.compiler.emit;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.intrinsics.Intrinsic;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.link.Lld;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.MethodRef;
import dev.kiln.runtime.abi.Fault;
import dev.kiln.runtime.abi.KernelAbi;
import dev.kiln.runtime.bind.NativeBinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The emitter on hand-built IR: text conventions, and the faulting-intrinsic protocol run natively. */
class LlvmEmitterTest {
    static final Intrinsic ADD_EXACT = new Intrinsic("kiln.test.addExact(II)I", """
            define internal { i32, i1 } @"kiln.test.addExact(II)I"(i32 %a, i32 %b) {
              %r = call { i32, i1 } @llvm.sadd.with.overflow.i32(i32 %a, i32 %b)
              ret { i32, i1 } %r
            }""", Set.of("declare { i32, i1 } @llvm.sadd.with.overflow.i32(i32, i32)"),
            Optional.of(new Intrinsic.FaultSpec(Fault.ARITHMETIC, "integer overflow")));

    /** {@code static int f(int a, int b) { return Math.addExact(a, b) + Math.addExact(b, a); }} by hand. */
    static IrModule addExactTwice() {
        Block entry = new Block(0);
        Param a = new Param(Type.Prim.I32, "a");
        Param b = new Param(Type.Prim.I32, "b");
        entry.params().addAll(List.of(a, b));
        var x = new Inst.IntrinsicCall(ADD_EXACT, Type.Prim.I32, List.of(a, b));
        var y = new Inst.IntrinsicCall(ADD_EXACT, Type.Prim.I32, List.of(b, a));
        var sum = new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I32, x, y);
        entry.insts().addAll(List.of(x, y, sum));
        entry.setTerminator(new Terminator.Return(sum));
        Function f = new Function("t/T.f(II)I", new MethodRef("t/T", "f", "(II)I"), Type.Prim.I32, "(II)I", List.of(entry));
        return new IrModule(f.name(), List.of(f));
    }

    @Test
    void intrinsicDefinedOnceAndItsFlagRaisesTheFault() {
        var r = LlvmEmitter.emit(addExactTwice(), CompileOptions.DEFAULT, "kiln_t");
        assertTrue(r.faultRecord());
        assertEquals(List.of("integer overflow"), r.messages());
        String ir = r.llvmIr();
        assertEquals(1, ir.split("define internal \\{ i32, i1 } @\"kiln.test.addExact", -1).length - 1, ir);
        assertEquals(1, ir.split("declare \\{ i32, i1 } @llvm.sadd.with.overflow.i32", -1).length - 1, ir);
        assertEquals(2, ir.split("extractvalue \\{ i32, i1 } %t\\d+, 1", -1).length - 1, ir);
        assertTrue(ir.contains("define void @kiln_t(ptr %frame)"), ir); // no arrays: the frame alone
        // A function that can fault returns its result with the fault flag.
        assertTrue(ir.contains("define internal { i32, i1 } @\"t/T.f(II)I\"("), ir);
    }

    @Test
    void faultingIntrinsicRunsNatively(@TempDir Path dir) throws Throwable {
        var r = LlvmEmitter.emit(addExactTwice(), CompileOptions.DEFAULT, "kiln_t");
        var obj = LlvmDriver.compile(r.llvmIr(), "t", Target.level("x86-64"), CompileOptions.DEFAULT);
        Path lib = dir.resolve("t.so");
        Files.write(lib, Lld.linkShared(obj.bytes(), "kiln_t"));
        MethodHandle mh = NativeBinder.bind(lib, new KernelAbi("kiln_t", "(II)I", r.faultRecord(), r.messages())).handle();
        assertEquals(6, (int) mh.invokeExact(1, 2));
        var e = assertThrows(ArithmeticException.class, () -> {
            int ignored = (int) mh.invokeExact(Integer.MAX_VALUE, 1);
        });
        assertEquals("integer overflow", e.getMessage());
        assertEquals(-2, (int) mh.invokeExact(-1, 0));
    }

    @Test
    void literalsAreExactBitPatterns() {
        assertEquals("0x7FF8000000000000", LlvmEmitter.doubleLiteral(Double.NaN));
        assertEquals("0x8000000000000000", LlvmEmitter.doubleLiteral(-0.0));
        assertEquals("0x3FF0000000000000", LlvmEmitter.floatLiteral(1f));
        assertEquals("0x7FF8000000000000", LlvmEmitter.floatLiteral(Float.NaN));
        assertEquals("0x36A0000000000000", LlvmEmitter.floatLiteral(Float.MIN_VALUE));
        assertEquals("@\"a\\22b\\5Cc\"", LlvmEmitter.global("a\"b\\c"));
    }
}
