package dev.kiln.compiler.llvm;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An integer-to-double conversion writes only the low lane of its register and so waits for that register's last
 * writer, which at a function's entry or after a call is unknown to LLVM (typically the end of the previous call's
 * floating-point chain). The generated code must zero the register first ({@code PassPipeline.LLVM_OPTIONS}).
 */
class FalseDependencyTest {
    /**
     * (double) n at a function's entry, and (double) m after a call whose result is still needed, in internal
     * functions as the emitter makes them (an exported function starts with a vzeroupper, which LLVM counts as a
     * write to every vector register, so it would hide the problem).
     */
    static final String IR = """
            declare double @g(double)

            define internal fastcc double @at_entry(i32 %n) noinline {
              %d = sitofp i32 %n to double
              ret double %d
            }

            define internal fastcc double @after_call(i64 %m, double %x) noinline {
              %a = call double @g(double %x)
              %d = sitofp i64 %m to double
              %s = fadd double %a, %d
              ret double %s
            }

            define double @k(i32 %n, i64 %m, double %x) {
              %a = call fastcc double @at_entry(i32 %n)
              %b = call fastcc double @after_call(i64 %m, double %x)
              %s = fadd double %a, %b
              ret double %s
            }
            """;

    private static final Pattern VEX = Pattern.compile("vcvtsi2sd[lq]?\\s+%\\w+, (%xmm\\d+), %xmm\\d+");
    private static final Pattern SSE = Pattern.compile("\\bcvtsi2sd[lq]?\\s+%\\w+, (%xmm\\d+)");
    private static final Pattern ZERO = Pattern.compile("v?(xorps|xorpd|pxor)\\s+(%xmm\\d+), (%xmm\\d+)(, (%xmm\\d+))?");

    @Test
    void avxConversionsStartFromAZeroedRegister() {
        List<String> code = instructions(LlvmDriver.assembly(IR, Target.level("x86-64-v3"), CompileOptions.DEFAULT));
        assertEquals(2, zeroedBeforeEach(code, VEX), String.join("\n", code));
    }

    @Test
    void sseConversionsStartFromAZeroedRegister() {
        List<String> code = instructions(LlvmDriver.assembly(IR, Target.level("x86-64"), CompileOptions.DEFAULT));
        assertEquals(2, zeroedBeforeEach(code, SSE), String.join("\n", code));
    }

    /** Counts the conversions, asserting the instruction before each zeroes the register whose old lanes it keeps. */
    private static int zeroedBeforeEach(List<String> code, Pattern conversion) {
        int n = 0;
        for (int i = 0; i < code.size(); i++) {
            Matcher m = conversion.matcher(code.get(i));
            if (!m.find()) continue;
            n++;
            String kept = m.group(1);
            assertTrue(i > 0, "conversion first in the file");
            Matcher z = ZERO.matcher(code.get(i - 1));
            assertTrue(z.find(), "no zeroing before `" + code.get(i) + "`, after `" + code.get(i - 1) + "`");
            List<String> regs = new ArrayList<>(List.of(z.group(2), z.group(3)));
            if (z.group(5) != null) regs.add(z.group(5));
            assertTrue(regs.stream().allMatch(kept::equals), "`" + code.get(i - 1) + "` does not zero " + kept);
        }
        assertFalse(n == 0, "no conversion found");
        return n;
    }

    /** The instruction lines of an assembly listing, without labels, directives and comments. */
    private static List<String> instructions(String asm) {
        List<String> out = new ArrayList<>();
        for (String line : asm.split("\n")) {
            String t = line.replaceAll("#.*", "").trim();
            if (t.isEmpty() || t.startsWith(".") || t.endsWith(":")) continue;
            out.add(t);
        }
        return out;
    }
}
