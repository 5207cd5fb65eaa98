package dev.kiln;

/** Versions that go into every cache key; bump {@link #ABI} whenever generated code or metadata changes meaning. */
public final class KilnVersion {
    /** Kiln release. */
    public static final String KILN = "0.1.0";
    /** Layout of IR, native calling convention and cache metadata. */
    public static final int ABI = 15; // 4: frame holds the allocation list and heap limit; array results. 5: small-array arena in the frame. 6: entries returning arrays of arrays record their pointer arguments; room for 256 pointer arguments. 7: a throw site can be a cold path run as Java (ThrowSite.javaPath). 8: entries say whether the kernel may write rows (abi-rows-read-only). 9: kernels with array-of-arrays parameters export one entry per row bucket (KernelAbi.entrySlots). 10: a kernel's new array result can be allocated by the Java side and passed in place (KernelAbi.resultLength, FRAME_RESULT_ARRAY) 11: no padding: one pointer per array parameter, one more for an array result (KernelAbi.pointerSlots) 12: abi-rows-read-only also says the kernel compares no rows by identity (a read-only row occurring twice may be copied twice) 13: a result may be a copy of a parameter made by the Java side (ResultLength "=k:", "=k@from:"), its first arraycopy skipped (FRAME_RESULT_ARRAY + 24, + 32) 14: kernels with array-of-arrays parameters take up to 48 pointers (KernelAbi.DIRECT_SLOTS, entries 4, 8, 16, 32 and 48) 15: kernels with arrays of arrays may ask for their 1-D result's length (ResultLength "?", Fault.RESULT_WANTED, FRAME_RESULT_ARRAY + 36); kernels touching no element leave arrays unzeroed (abi-zero-arrays)
    /** LLVM that kiln-compiler pins (checked by a compiler test against the loaded library). */
    public static final String LLVM = "20.1.7";
    /**
     * Revision of the code generator's output for the same input (the LLVM pass pipeline, emission choices): a change
     * that makes different machine code without changing the ABI bumps it, so no cache serves the older code under
     * the same key. 2: range checks split out of loops (irce) before O3; 512-bit vectors on x86-64-v4. 3: small
     * acyclic callees always inlined (InlinePolicy); arg-extreme branches (a running max/min and its index) weighted
     * as rarely taken, so they stay branches. 4: plain floating-point max/min branches weighted the same way. 5: loops
     * versioned for range checks irce cannot remove (RangeCheckVersioning). 6: store loops split so that the vectorised
     * part stores 64-byte aligned (StoreAlignmentPeel). 7: loops with several exits unrolled by their runtime trip
     * count (LLVM option unroll-runtime-multi-exit). 8: exported functions clear the upper vector state on entry
     * (vzeroupper, on targets with AVX). 9: whole functions versioned for accesses at parameter-relative indices
     * (ParamIndexVersioning). 10: Math.exp and Math.log are Kiln's own functions with vector variants that loops
     * vectorise into, instead of glibc's exp and log. 11: float-to-integer conversions are x86's truncating
     * conversion with a cold fix-up on its MIN_VALUE sentinel where they stay scalar, branch-free vector variants in
     * vectorised loops (FloatOps); a store loop peeled for alignment from a constant start enters its aligned
     * part with max(i, start), so that LLVM drops its bounds checks and vectorises the remainder too.
     * 12: a throw in a method lowered inline traces the inline call
     * sites around it (the stack trace's caller frames); blocks lowered in reverse postorder.
     * 13: a conversion that writes the low lane of a vector register zeroes the register first when its last writer
     * is unknown (function entry, after a call), instead of waiting for it (PassPipeline.LLVM_OPTIONS); small
     * constant-size arrays that never leave their invocation live in its stack frame (StackArrays).
     * 14: loops bounded by a sum ({@code i < begin + length}) get a check-free copy (RangeCheckVersioning); tests of
     * a sticky loop flag stay branches (StickyFlagBranches); {@code a + (x >>> 31)} is emitted as {@code a - (x >> 31)}
     * (SignBitAdds).
     * 15: on AVX-512 targets, the vector variants of (int) and (long) of doubles are x86's truncating conversion
     * with a branch to the clamp only when a lane gives the MIN_VALUE sentinel (Avx512Conversions, chosen by
     * TargetVariants).
     * 16: loops with a strict floating-point sum may be vectorised with the sum kept in element order (LLVM option
     * force-ordered-reductions, PassPipeline.LLVM_OPTIONS).
     * 17: the step of a binary search in a loop is marked {@code !unpredictable}, so it stays conditional moves
     * (SearchBranches).
     * 18: loops whose one floating-point recurrence is a strict product chain compute their factors in blocks of 16
     * (vectorised) and multiply them in in order (ProductChainBlocks).
     * 19: in a module without loops, ParamIndexVersioning's check-free copy indexes at long offsets from each
     * pattern's terms and LLVM's SLP vectoriser is off (StraightLineAccesses).
     * 20: selects LLVM makes from short branches stay cmov on x86 (no cmov-to-branch conversion; PassPipeline).
     * 21: a binary search whose result decides a later branch keeps its step a branch (SearchBranches, KEPT).
     * 22: a binary search's loop gets a copy without the bounds check of its {@code a[(lo + hi) >>> 1]}, entered when
     * the search's entry bounds are within the array (SearchIndexVersioning).
     * 23: a row an innermost loop reads at an invariant index is loaded once before the loop (InvariantRowLoads).
     * 24: inner loops that start at a value computed in the loop around them and carry no floating-point value get
     * RangeCheckVersioning's check-free copy; accesses at an index clamped into the array lose their checks behind a
     * test of the array's length (ClampedIndexChecks).
     * 25: a small method on a recursive cycle runs three levels per native frame (always-inlined copies;
     * InlinePolicy.unrolled).
     * 26: SearchIndexVersioning also for lower-bound ({@code lo = mid + 1}, {@code hi = mid} under {@code lo < hi}) and inclusive
     * ({@code low <= high}, {@code high = mid - 1}) searches (SearchBounds).
     * 27: a function that can fault and returns a value has one return block, its value and fault flag joined as
     * scalar phis (FunctionEmitter), so an inlined call's flag test folds away.
     */
    public static final int CODEGEN = 27;
    /** The code generator's identity, as recorded in cache entries. */
    public static final String COMPILER = "kiln-" + KILN + "/abi-" + ABI + "/codegen-" + CODEGEN + "/llvm-" + LLVM;

    private KilnVersion() {
    }
}
