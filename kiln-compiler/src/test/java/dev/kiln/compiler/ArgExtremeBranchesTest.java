package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.ir.Printer;
import dev.kiln.compiler.passes.ArgExtremeBranches;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kiln.compiler.OptimisedCodeTest.count;
import static dev.kiln.compiler.OptimisedCodeTest.function;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Which branches {@code ArgExtremeBranches} marks rarely taken, and what LLVM makes of them: an arg-max keeps a
 * compare-and-branch per element instead of a select chain, a plain max reduction is left alone and still
 * vectorises.
 */
class ArgExtremeBranchesTest {
    static final class Loops {
        static int idamax(int n, double[] x, int off, int inc) {
            double max = Math.abs(x[off]);
            int best = 0;
            for (int i = 1, ix = off + inc; i < n; i++, ix += inc) {
                double v = Math.abs(x[ix]);
                if (v > max) {
                    best = i;
                    max = v;
                }
            }
            return best;
        }

        static int argMinInt(int[] a) {
            int min = Integer.MAX_VALUE;
            int at = -1;
            for (int i = 0; i < a.length; i++) {
                if (a[i] < min) {
                    min = a[i];
                    at = i;
                }
            }
            return at;
        }

        /** The update arm computes; the compare's operands are reversed. */
        static long argMaxLong(long[] a, int base) {
            long max = Long.MIN_VALUE;
            int at = 0;
            for (int i = 0; i < a.length; i++) {
                long v = a[i];
                if (max < v) {
                    max = v;
                    at = base + 2 * i;
                }
            }
            return max ^ at;
        }

        static int maxInt(int[] a) {
            int m = Integer.MIN_VALUE;
            for (int i = 0; i < a.length; i++) {
                if (a[i] > m) m = a[i];
            }
            return m;
        }

        /** EJML-style plain max over doubles: one changed value, but floating, so it cannot vectorise. */
        static double maxDouble(double[] a, int start, int length) {
            double m = a[start];
            int end = start + length;
            for (int i = start + 1; i < end; i++) {
                double v = a[i];
                if (v > m) m = v;
            }
            return m;
        }

        static double maxMath(double[] a) {
            double m = Double.NEGATIVE_INFINITY;
            for (double v : a) m = Math.max(m, v);
            return m;
        }

        /** Two values change, but the compare is against a loop-invariant threshold: not a running extreme. */
        static double sumAbove(double[] a, double t) {
            double s = 0;
            int c = 0;
            for (double v : a) {
                if (v > t) {
                    s += v;
                    c++;
                }
            }
            return s + c;
        }

        /** Two values change at a compare of parameters, outside any loop. */
        static int straight(int a, int b) {
            int x = 1, y = 2;
            if (a > b) {
                x = a;
                y = b;
            }
            return x * 31 + y;
        }
    }

    static String ir(String kernel) {
        // this pass alone: later passes (loop versioning) add rare-weighted guards of their own
        return Printer.print(new Pipeline(List.of(new ArgExtremeBranches()), true).ir(KernelGraph.of(Loops.class, kernel, null)));
    }

    static String optimised(String kernel) {
        String raw = KernelLowering.lower(KernelGraph.of(Loops.class, kernel, null), CompileOptions.DEFAULT, "kiln_test").llvmIr();
        return function(LlvmDriver.optimisedIr(raw, Target.level("x86-64-v3"), CompileOptions.DEFAULT), "kiln_test");
    }

    @Test
    void marksTheUpdateEdgeOfArgExtremes() {
        for (String k : List.of("idamax", "argMinInt", "argMaxLong", "maxDouble")) {
            String ir = ir(k);
            assertEquals(1, count(ir, "_RARE"), ir);
            // The rare edge is the one that enters the update arm, not the one that keeps the extreme.
            String branch = ir.lines().filter(l -> l.contains("_RARE")).findFirst().orElseThrow();
            String[] edges = branch.substring(branch.indexOf("-> ") + 3, branch.lastIndexOf(' ')).split("\\), ");
            String rare = branch.endsWith("TRUE_RARE") ? edges[0] : edges[1];
            assertTrue(rare.endsWith("()") || rare.endsWith("("), k + ": " + branch);
        }
    }

    @Test
    void leavesOtherBranchesUnmarked() {
        for (String k : List.of("maxInt", "maxMath", "sumAbove", "straight")) {
            String ir = ir(k);
            assertEquals(0, count(ir, "_RARE"), ir);
        }
    }

    @Test
    void argMaxKeepsABranchPerElementInsteadOfSelects() {
        for (String k : List.of("idamax", "argMinInt", "argMaxLong", "maxDouble")) {
            String f = optimised(k);
            LlvmCfg cfg = new LlvmCfg(f);
            // No select in any loop (it would choose the running extreme or its index): the compare branches, and the
            // branch carries the weights.
            List<String> selecting = cfg.loopBlocksMatching("= select ");
            assertEquals(List.of(), selecting, k + ":\n" + f);
            assertFalse(cfg.loopBlocksMatching("br i1 [^\\n]*!prof").isEmpty(), k + ":\n" + f);
        }
    }

    @Test
    void plainMaxReductionStillVectorises() {
        String f = optimised("maxInt");
        assertTrue(count(f, "<8 x i32>") > 0 && f.contains("vector.body"), f);
    }
}
