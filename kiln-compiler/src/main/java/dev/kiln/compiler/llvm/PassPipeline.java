package dev.kiln.compiler.llvm;

import dev.kiln.CompileOptions;

/**
 * The new pass manager's pipeline text for an optimisation level.
 *
 * <p>At O2 and O3 a short function pipeline runs before {@code default<On>}: it brings each loop into rotated form
 * with its invariants (array lengths, rows of a 2-D array) hoisted, then runs inductive range check elimination
 * ({@code irce}). IRCE splits a loop whose array index is an affine function of the induction variable with a
 * constant step (e.g. {@code a[i]}, {@code a[i + off]}, {@code g[i][j - 1]}) into a pre-loop, a main loop over the
 * iterations where every bounds check is known to pass, and a post-loop; the pre- and post-loops keep every check
 * in its original order, so an out-of-bounds index still faults at the same iteration after the same stores. The
 * main loop, free of compare-and-branch per access, is what the O3 pipeline then unrolls and vectorises. LLVM's own
 * passes already remove the checks of simple {@code i < a.length} loops; IRCE handles the rest: several arrays of
 * unrelated lengths, offsets, bounds that are parameters, and loops whose body reads loop-invariant rows.
 * IRCE only runs on checks the emitter marks cold with branch weights.
 */
public final class PassPipeline {
    /** instcombine's fix-point check is a debugging aid that aborts the process when it trips; never on here. */
    static final String LOOP_PREP = "function(sroa,early-cse,simplifycfg,instcombine<no-verify-fixpoint>,"
            + "loop-mssa(loop-rotate,licm),irce)";

    /**
     * LLVM's process-wide options, set once when libLLVM loads. {@code unroll-runtime-multi-exit}: loops with more
     * than one exit (a scan that throws or returns on the first bad element, {@code checkPositive},
     * {@code equals}) are unrolled by the runtime trip count like single-exit ones, each copy keeping its own exit
     * test; by default LLVM leaves them rolled on x86 and such a loop ran at half C2's speed (one compare and branch
     * on the counter per element).
     *
     * <p>{@code undef-reg-clearance}, {@code partial-reg-update-clearance}: an instruction that writes only the low
     * lane of a vector register ({@code cvtsi2sd} from an integer register, {@code sqrtsd} from memory) waits for
     * the register's last writer. LLVM breaks that false dependency with a zeroing {@code xor} only when it saw a
     * write to the register less than 128 (64) instructions earlier in the same function; a write before the
     * function's entry or inside a callee does not count, so it assumes none. In a kernel the last writer is then
     * typically the end of the previous call's longest floating-point chain: {@code log((double) n)} after a
     * call could not start before the previous call's {@code log} had finished, so calls that overlap under C2
     * ran one after another. A clearance beyond any distance LLVM assumes makes it break every such dependency
     * whose register is not live, as GCC does; the {@code xor} is a zero idiom the CPU eliminates at rename.
     *
     * <p>{@code force-ordered-reductions}: a loop that adds into a strict {@code double} or {@code float} sum
     * ({@code total += Math.log(1 + Math.exp(x[i]))}) may still be vectorised, its adds done in element order as an
     * in-order reduction (one scalar add per lane, the same additions as Java's). Without it LLVM vectorises such a
     * loop only if it may reassociate the sum, which Java forbids, and the whole loop, exp and log included, stayed
     * scalar. The cost model still decides per loop: a loop whose only work is the sum gains nothing and stays as it
     * was. LLVM keeps only sums in order this way; a strict product chain stays scalar.
     *
     * <p>{@code x86-cmov-converter=false}: a select LLVM made out of a short branch stays a {@code cmov}. The
     * converter turns a {@code cmov} in a loop back into a branch when the compare is the longer of its inputs'
     * dependency chains, which pays only while the branch predicts; Kiln has no profile to tell, and in the loops
     * it met the outcome depended on the data: the upper clamp of a histogram's bin index ({@code b >= bins}, one
     * value in eight) and the halving step of a binary search. Kept as {@code cmov}, the suite's {@code histogram}
     * ran in 2.5 instead of 4.0 ns per element at 1,048,576 elements and {@code interp} about three times as fast;
     * with inputs the predictor has learnt (4,096 elements, repeated) the histogram lost up to 5 %
     * (docs/bench/notes/suite-gaps.md). Branches LLVM keeps as branches (weighted ones, loop exits) are unaffected.
     * ({@code SearchBranches}' {@code !unpredictable} on a binary search's step asks the same for that branch alone,
     * and is what keeps it a {@code cmov} with the converter on.)
     */
    public static final java.util.List<String> LLVM_OPTIONS = java.util.List.of("-unroll-runtime-multi-exit=true",
            "-force-ordered-reductions=true", "-undef-reg-clearance=1073741824",
            "-partial-reg-update-clearance=1073741824", "-x86-cmov-converter=false");

    private PassPipeline() {
    }

    /** The pipeline for {@code options}' optimisation level. */
    public static String of(CompileOptions options) {
        String standard = "default<O" + options.optLevel() + ">";
        return options.optLevel() >= 2 && options.boundsChecks() ? LOOP_PREP + "," + standard : standard;
    }
}
