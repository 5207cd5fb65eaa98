package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.ir.Printer;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.compiler.passes.StickyFlagBranches;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kiln.compiler.OptimisedCodeTest.count;
import static dev.kiln.compiler.OptimisedCodeTest.function;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Which branches {@code StickyFlagBranches} marks, and what LLVM makes of them: a validation scan with a sticky flag
 * keeps a branch on the flag instead of a select chain through it, and, over a sub-range, loses its bounds checks.
 */
class StickyFlagBranchesTest {
    static final class Loops {
        /** A check of each weight with a sticky "some weight is positive" flag, over [begin, begin + length). */
        static boolean weights(double[] w, int begin, int length) {
            boolean positive = false;
            for (int i = begin; i < begin + length; i++) {
                if (Double.isNaN(w[i]) || w[i] < 0) throw new IllegalArgumentException();
                if (!positive && w[i] > 0) positive = true;
            }
            return positive;
        }

        /** An int flag set to 3, tested with == and with <. */
        static int seen(int[] a) {
            int state = 0, n = 0;
            for (int x : a) {
                if (state < 3 && x == 42) state = 3;
                if (state == 3) n++;
            }
            return n;
        }

        /** Toggled, not sticky. */
        static int toggles(int[] a) {
            boolean odd = false;
            int s = 0;
            for (int x : a) {
                if (x < 0) odd = !odd;
                if (odd) s += x;
            }
            return s;
        }

        /** Reset to another constant: two values, not sticky. */
        static int resets(int[] a) {
            int run = 0, best = 0;
            for (int x : a) {
                if (run == 0 && x > 0) run = 1;
                else if (x < 0) run = 0;
                best += run;
            }
            return best;
        }

        /** Set from data, not a constant. */
        static int fromData(int[] a) {
            int last = 0, n = 0;
            for (int x : a) {
                if (last == 0 && x > 5) last = x;
                if (last != 0) n++;
            }
            return n;
        }
    }

    static String ir(String kernel) {
        // this pass alone: later passes (loop versioning) add rare-weighted guards of their own
        return Printer.print(new Pipeline(List.of(new StickyFlagBranches()), true).ir(KernelGraph.of(Loops.class, kernel, null)));
    }

    @Test
    void marksEveryTestOfAStickyFlag() {
        assertEquals(1, count(ir("weights"), "_RARE"), ir("weights"));
        String seen = ir("seen");
        assertEquals(2, count(seen, "_RARE"), seen);
        // the rare edge is the one a set flag (state == 3) does not take
        for (String line : seen.lines().filter(l -> l.contains("_RARE")).toList()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("branch (\\w+) v\\d+, (-?\\d+) ").matcher(line);
            assertTrue(m.find(), line);
            int c = Integer.parseInt(m.group(2));
            boolean takenWhenSet = switch (m.group(1)) {
                case "EQ" -> 3 == c;
                case "NE" -> 3 != c;
                case "LT" -> 3 < c;
                case "GE" -> 3 >= c;
                case "GT" -> 3 > c;
                case "LE" -> 3 <= c;
                default -> throw new AssertionError(line);
            };
            assertTrue(line.endsWith(takenWhenSet ? "FALSE_RARE" : "TRUE_RARE"), line);
        }
    }

    @Test
    void leavesFlagsThatAreNotStickyUnmarked() {
        for (String k : List.of("toggles", "resets", "fromData")) assertEquals(0, count(ir(k), "_RARE"), ir(k));
    }

    @Test
    void validationScanBranchesOnTheFlagAndHasNoBoundsCheckInItsMainLoop() {
        String raw = KernelLowering.lower(KernelGraph.of(Loops.class, "weights", null), CompileOptions.DEFAULT, "kiln_test").llvmIr();
        String f = function(LlvmDriver.optimisedIr(raw, Target.level("x86-64-v3"), CompileOptions.DEFAULT), "kiln_test");
        LlvmCfg cfg = new LlvmCfg(f);
        // no select through the flag in any loop: the flag's test is a weighted branch
        assertEquals(List.of(), cfg.loopBlocksMatching("= select "), f);
        assertFalse(cfg.loopBlocksMatching("br i1 [^\\n]*!prof").isEmpty(), f);
        // the check-free copy: loads in loops outnumber the bounds checks (the checked loop has one per load)
        int loads = 0, checks = 0;
        for (String b : cfg.blocks.keySet()) {
            if (!cfg.inLoop(b)) continue;
            loads += count(cfg.blocks.get(b), "load double");
            checks += count(cfg.blocks.get(b), "icmp u[lg]t i32");
        }
        assertTrue(loads > checks, loads + " loads, " + checks + " checks:\n" + f);
    }
}
