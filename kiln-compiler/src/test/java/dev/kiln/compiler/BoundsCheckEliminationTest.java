package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kiln.compiler.OptimisedCodeTest.count;
import static dev.kiln.compiler.OptimisedCodeTest.function;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Loop shapes whose bounds checks LLVM's own passes leave in the loop, and that the pipeline's range check
 * elimination moves out of the main loop (see {@code PassPipeline}). A main loop without checks shows in the optimised
 * IR as a vector body, or as a one-block loop (its only branch is the back edge), unrolled.
 */
class BoundsCheckEliminationTest {
    static final class Loops {
        static void dscal(int n, double a, double[] x) {
            for (int i = 0; i < n; i++) x[i] *= a;
        }

        static void dscalOff(int n, double a, double[] x, int off) {
            for (int i = 0; i < n; i++) x[i + off] *= a;
        }

        static void saxpy(int n, float a, float[] x, float[] y) {
            for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
        }

        static void fill(int[] a, int from, int to, int v) {
            for (int i = from; i < to; i++) a[i] = v;
        }

        static double sum(int n, double[] x) {
            double s = 0;
            for (int i = 0; i < n; i++) s += x[i];
            return s;
        }

        static double dot(int n, double[] x, int xo, double[] y, int yo) {
            double s = 0;
            for (int i = 0; i < n; i++) s += x[i + xo] * y[i + yo];
            return s;
        }

        static int idamax(int n, double[] x, int off) {
            double max = Math.abs(x[off]);
            int best = 0;
            for (int i = 1; i < n; i++) {
                double v = Math.abs(x[i + off]);
                if (v > max) {
                    best = i;
                    max = v;
                }
            }
            return best;
        }

        static void rowSums(double[] x, int rows, int cols, double[] out) {
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int c = 0; c < cols; c++) s += x[r * cols + c];
                out[r] = s;
            }
        }

        static void sor(double omega, double[][] g) {
            int m = g.length;
            int n = g[0].length;
            for (int i = 1; i < m - 1; i++) {
                double[] up = g[i - 1];
                double[] gi = g[i];
                double[] down = g[i + 1];
                for (int j = 1; j < n - 1; j++) {
                    gi[j] = omega * 0.25 * (up[j] + down[j] + gi[j - 1] + gi[j + 1]) + (1 - omega) * gi[j];
                }
            }
        }
    }

    static String lowered(String kernel) {
        KernelGraph g = KernelGraph.of(Loops.class, kernel, null);
        return KernelLowering.lower(g, CompileOptions.DEFAULT, "kiln_test").llvmIr();
    }

    static String optimised(String kernel) {
        String ir = LlvmDriver.optimisedIr(lowered(kernel), Target.level("x86-64-v3"), CompileOptions.DEFAULT);
        // a kernel with array-of-arrays parameters runs in the body its row-bucket entries call
        // (O3 may give it another calling convention: "define internal fastcc void")
        Matcher body = Pattern.compile("(?m)^define [^\n]*@kiln_test\\.body\\(").matcher(ir);
        return body.find() ? ir.substring(body.start(), ir.indexOf("\n}", body.start())) : function(ir, "kiln_test");
    }

    /** The blocks of {@code f} that branch back to themselves: loops of one block, whose one branch is the latch. */
    static List<String> oneBlockLoops(String f) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^([\\w.\"/()\\[\\];-]+):").matcher(f);
        List<int[]> starts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start()});
            labels.add(m.group(1));
        }
        for (int k = 0; k < labels.size(); k++) {
            String body = f.substring(starts.get(k)[0], k + 1 < labels.size() ? starts.get(k + 1)[0] : f.length());
            if (body.contains("label %" + labels.get(k) + ",") || body.contains("label %" + labels.get(k) + "\n")) {
                out.add(body);
            }
        }
        return out;
    }

    static void assertVectorBody(String f, String vectorOp) {
        List<String> vector = oneBlockLoops(f).stream().filter(b -> b.startsWith("vector.body")).toList();
        assertFalse(vector.isEmpty(), f);
        assertTrue(count(vector.get(0), vectorOp) > 0, vector.get(0));
    }

    /** Some one-block loop does {@code times} of {@code op}: the main loop, unrolled, with no check inside. */
    static void assertCheckFreeLoop(String f, String op, int times) {
        for (String b : oneBlockLoops(f)) {
            if (count(b, op) >= times && count(b, "br i1") == 1) return;
        }
        fail("no one-block loop with " + times + " x " + op + " in\n" + f);
    }

    @Test
    void countParameterLoopsVectorise() {
        assertVectorBody(optimised("dscal"), "fmul <4 x double>");
        assertVectorBody(optimised("dscalOff"), "fmul <4 x double>");
        assertVectorBody(optimised("saxpy"), "fmul <8 x float>");
        assertVectorBody(optimised("fill"), "store <8 x i32>");
    }

    @Test
    void strictReductionsRunWithoutChecks() {
        // vectorised loads, the adds in element order (in-order reductions: PassPipeline.LLVM_OPTIONS)
        assertCheckFreeLoop(optimised("sum"), "@llvm\\.vector\\.reduce\\.fadd\\.v4f64\\(double", 4);
        assertCheckFreeLoop(optimised("dot"), "fmul <4 x double>", 4);
    }

    @Test
    void argMaxAtAnOffsetRunsWithoutChecks() {
        // The arg-max keeps its compare-and-branch per element (ArgExtremeBranches), so the main loop is not one
        // block: instead, only the checked pre- and post-loop may branch to a fault, and the main loop, unrolled,
        // compares four elements per iteration.
        LlvmCfg cfg = new LlvmCfg(optimised("idamax"));
        List<String> checked = cfg.loopBlocksMatching("label %fault");
        assertFalse(checked.isEmpty(), "no checked loop: " + cfg.blocks.keySet());
        for (String b : checked) assertTrue(b.contains("preloop") || b.contains("postloop"), b + " checks in the main loop");
        List<String> main = cfg.loopBlocksMatching("fcmp ").stream()
                .filter(b -> !b.contains("preloop") && !b.contains("postloop") && !b.contains("prol")).toList();
        assertTrue(main.size() >= 4, "main loop compares: " + main);
    }

    @Test
    void stencilOverRowsRunsWithoutChecks() {
        // Three rows of unrelated lengths: four checks per point before range check elimination.
        assertCheckFreeLoop(optimised("sor"), "store double", 4);
    }

    @Test
    void outerLoopChecksAreLeftInPlaceAndInnerOnesEliminated() {
        // out[r] runs once per inner loop: weighted below IRCE's threshold, so the inner loop is not copied for it.
        String raw = lowered("rowSums");
        String metadata = raw.substring(raw.indexOf("\n!0 = "));
        String outerWeight = metadata.lines().filter(l -> l.contains("i32 14, i32 1")).findFirst().orElseThrow();
        String outer = outerWeight.substring(0, outerWeight.indexOf(' '));
        assertEquals(1, count(raw, "!prof " + outer + "\\b"), raw);
        assertCheckFreeLoop(optimised("rowSums"), "fadd double", 4);
    }
}
