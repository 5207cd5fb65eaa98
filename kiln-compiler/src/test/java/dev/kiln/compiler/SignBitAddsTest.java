package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.ir.Printer;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.compiler.passes.SignBitAdds;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kiln.compiler.OptimisedCodeTest.count;
import static dev.kiln.compiler.OptimisedCodeTest.function;
import static org.junit.jupiter.api.Assertions.*;

/** What {@code SignBitAdds} rewrites, and that LLVM then vectorises a branch-free absolute value as {@code abs}. */
class SignBitAddsTest {
    static final class Loops {
        static int absBits(int x) {
            final int i = x >>> 31;
            return (x ^ (~i + 1)) + i;
        }

        static int distance(int[] p, int[] q) {
            int s = 0;
            for (int i = 0; i < p.length; i++) s += absBits(p[i] - q[i]);
            return s;
        }

        static long absBitsLong(long x) {
            final long l = x >>> 63;
            return (x ^ (~l + 1)) + l;
        }

        static int notSignBit(int x, int y) {
            return (x >>> 30) + y;
        }
    }

    static String ir(String kernel) {
        return Printer.print(new Pipeline(List.of(new SignBitAdds()), true).ir(KernelGraph.of(Loops.class, kernel, null)));
    }

    @Test
    void theSignBitAddBecomesASubtractionOfTheSign() {
        String i = ir("absBits");
        // ~i + 1 is the sign; x ^ sign - sign: no add is left
        assertEquals(2, count(i, "Binary SHR I32 v\\d+ 31"), i);
        assertEquals(1, count(i, "Binary SUB I32"), i);
        assertEquals(0, count(i, "Binary ADD"), i);
        String l = ir("absBitsLong");
        assertEquals(2, count(l, "Binary SHR I64 v\\d+ 63"), l);
        assertEquals(1, count(l, "Binary SUB I64"), l);
        assertEquals(0, count(l, "Binary ADD"), l);
        String n = ir("notSignBit");
        assertEquals(0, count(n, "Binary (SUB|SHR) "), n);
    }

    @Test
    void distanceVectorisesWithAbs() {
        String raw = KernelLowering.lower(KernelGraph.of(Loops.class, "distance", null), CompileOptions.DEFAULT, "kiln_test").llvmIr();
        String f = function(LlvmDriver.optimisedIr(raw, Target.level("x86-64-v3"), CompileOptions.DEFAULT), "kiln_test");
        assertTrue(count(f, "@llvm.abs.v\\d+i32") > 0, f);
        assertEquals(0, count(f, "lshr <"), f);
    }
}
