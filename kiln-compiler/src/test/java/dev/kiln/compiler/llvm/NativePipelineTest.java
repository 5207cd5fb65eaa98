package dev.kiln.compiler.llvm;

import dev.kiln.CompileOptions;
import dev.kiln.KilnVersion;
import dev.kiln.Target;
import dev.kiln.compiler.link.Lld;
import dev.kiln.runtime.abi.KernelAbi;
import dev.kiln.runtime.bind.NativeBinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The back half of the compiler on hand-written IR: LLVM driver, lld, FFM binding and the fault protocol. */
class NativePipelineTest {
    /**
     * sum(double[] a, int upTo): a bounds-checked loop that faults like Java on a bad index. Kernel ABI: the array's
     * data, then the frame (fault record at 0, result at 24, a's length at 32, upTo at 40).
     */
    static final String SUM_IR = """
            define void @kiln_test_sum(ptr %a, ptr %fault) {
            entry:
              %plen = getelementptr i8, ptr %fault, i64 32
              %len = load i32, ptr %plen
              %pn = getelementptr i8, ptr %fault, i64 40
              %n = load i32, ptr %pn
              br label %loop
            loop:
              %i = phi i32 [ 0, %entry ], [ %i1, %body ]
              %s = phi double [ 0.0, %entry ], [ %s1, %body ]
              %more = icmp slt i32 %i, %n
              br i1 %more, label %check, label %done
            check:
              %ok = icmp ult i32 %i, %len
              br i1 %ok, label %body, label %oob
            body:
              %idx = zext i32 %i to i64
              %p = getelementptr double, ptr %a, i64 %idx
              %x = load double, ptr %p
              %s1 = fadd double %s, %x
              %i1 = add i32 %i, 1
              br label %loop
            oob:
              store i32 1, ptr %fault
              %fa = getelementptr i8, ptr %fault, i64 8
              %i64 = sext i32 %i to i64
              store i64 %i64, ptr %fa
              %fb = getelementptr i8, ptr %fault, i64 16
              %len64 = sext i32 %len to i64
              store i64 %len64, ptr %fb
              ret void
            done:
              %pr = getelementptr i8, ptr %fault, i64 24
              store double %s, ptr %pr
              ret void
            }
            """;

    @Test
    void llvmIsThePinnedVersion() {
        LlvmDriver.ensureLoaded();
        assertEquals(KilnVersion.LLVM, LlvmDriver.version());
    }

    @Test
    void compilesLinksLoadsAndFaultsLikeJava(@TempDir Path dir) throws Throwable {
        var obj = LlvmDriver.compile(SUM_IR, "sum", Target.level("x86-64-v3"), CompileOptions.DEFAULT);
        assertTrue(obj.bytes().length > 0);
        byte[] so = Lld.linkShared(obj.bytes(), "kiln_test_sum");
        assertEquals(0x7f, so[0]);
        assertEquals('E', so[1]);
        Path lib = dir.resolve("sum.so");
        Files.write(lib, so);
        MethodHandle mh = NativeBinder.bind(lib, new KernelAbi("kiln_test_sum", "([DI)D", true, List.of())).handle();
        double[] a = {1.5, 2.5, -1.0};
        assertEquals(3.0, (double) mh.invokeExact(a, 3));
        assertEquals(0.0, (double) mh.invokeExact(new double[0], 0));
        var e = assertThrows(ArrayIndexOutOfBoundsException.class, () -> {
            double ignored = (double) mh.invokeExact(a, 4);
        });
        assertEquals("Index 3 out of bounds for length 3", e.getMessage());
        // The record is cleared after a fault: the next call on this thread is clean.
        assertEquals(3.0, (double) mh.invokeExact(a, 3));
    }

    /** Public, so the hidden-class binding is used. */
    public interface SumFn {
        double sum(double[] a, int n);
    }

    /** Package-private: Kiln cannot implement it and says so. */
    interface HiddenSumFn {
        double sum(double[] a, int n);
    }

    @Test
    void bindsToFunctionalInterfaces(@TempDir Path dir) throws Throwable {
        var obj = LlvmDriver.compile(SUM_IR, "sum", Target.level("x86-64-v3"), CompileOptions.DEFAULT);
        Path lib = dir.resolve("sum.so");
        Files.write(lib, Lld.linkShared(obj.bytes(), "kiln_test_sum"));
        MethodHandle mh = NativeBinder.bind(lib, new KernelAbi("kiln_test_sum", "([DI)D", true, List.of())).handle();
        SumFn fast = dev.kiln.runtime.bind.InterfaceBinder.bind(SumFn.class, SumFn.class.getMethod("sum", double[].class, int.class), mh);
        var refused = assertThrows(dev.kiln.KilnException.class, () -> dev.kiln.runtime.bind.InterfaceBinder.bind(
                HiddenSumFn.class, HiddenSumFn.class.getMethod("sum", double[].class, int.class), mh));
        assertTrue(refused.getMessage().contains("must be public"), refused.getMessage());
        double[] a = {1, 2, 4};
        assertEquals(7.0, fast.sum(a, 3));
        assertEquals(3.0, fast.sum(a, 2));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> fast.sum(a, 5));
    }

    /** Numba's forked processes crashed loading two libraries with one symbol name; Kiln's libraries never interpose. */
    @Test
    void twoLibrariesExportingTheSameNameStayApart(@TempDir Path dir) throws Throwable {
        MethodHandle[] handles = new MethodHandle[2];
        for (int v = 1; v <= 2; v++) {
            String ir = "define void @kiln_same(ptr %frame) {\n  %p = getelementptr i8, ptr %frame, i64 32\n  %x = load i32, ptr %p\n"
                    + "  %r = add i32 %x, " + v + "\n  %q = getelementptr i8, ptr %frame, i64 24\n"
                    + "  store i32 %r, ptr %q\n  ret void\n}\n";
            var obj = LlvmDriver.compile(ir, "same" + v, Target.level("x86-64"), CompileOptions.DEFAULT);
            Path lib = dir.resolve("same" + v + ".so");
            Files.write(lib, Lld.linkShared(obj.bytes(), "kiln_same"));
            handles[v - 1] = NativeBinder.bind(lib, new KernelAbi("kiln_same", "(I)I", false, List.of())).handle();
        }
        assertEquals(11, (int) handles[0].invokeExact(10));
        assertEquals(12, (int) handles[1].invokeExact(10));
    }

    @Test
    void sameInputGivesSameLibraryBytes() {
        var a = LlvmDriver.compile(SUM_IR, "sum", Target.level("x86-64-v3"), CompileOptions.DEFAULT);
        var b = LlvmDriver.compile(SUM_IR, "sum", Target.level("x86-64-v3"), CompileOptions.DEFAULT);
        assertArrayEquals(Lld.linkShared(a.bytes(), "kiln_test_sum"), Lld.linkShared(b.bytes(), "kiln_test_sum"));
    }

    @Test
    void tuningIsAnAttributeNotAnInstructionSet() {
        String plain = LlvmDriver.optimisedIr(SUM_IR, Target.level("x86-64-v4"), CompileOptions.DEFAULT);
        String tuned = LlvmDriver.optimisedIr(SUM_IR, Target.parse("x86-64-v4@cascadelake"), CompileOptions.DEFAULT);
        assertFalse(plain.contains("tune-cpu"), plain);
        assertTrue(tuned.contains("\"tune-cpu\"=\"cascadelake\""), tuned);
    }
}
