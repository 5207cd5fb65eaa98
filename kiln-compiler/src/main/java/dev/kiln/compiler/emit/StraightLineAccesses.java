package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Dominators;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.compiler.ir.Type;

/**
 * Modules without loops whose array accesses {@code ParamIndexVersioning} proved (an FFT butterfly such as
 * JTransforms' {@code cftf161}) are compiled without LLVM's SLP vectoriser.
 *
 * <p>Those accesses index at {@code long} offsets from one address per pattern, so their loads and stores are
 * visibly adjacent; the SLP vectoriser then packs the butterfly's scattered operands into vectors with gathers
 * and shuffles, which ran slower than the scalar code (cftf161 on AVX-512: 54 TSC ticks a call with gathers, 46
 * with shuffles only, 40 scalar). C2 vectorises loops only, so scalar straight-line code is also what HotSpot
 * runs. Modules with a loop keep the SLP vectoriser, which also widens what loop unrolling leaves.
 */
public final class StraightLineAccesses {
    /** Named metadata the emitter writes into such a module; {@code LlvmDriver} reads it. */
    public static final String NO_SLP = "kiln.no_slp";

    private StraightLineAccesses() {
    }

    static boolean applies(IrModule module) {
        boolean proven = false;
        for (Function f : module.functions()) {
            if (!Dominators.of(f.entry()).backEdges().isEmpty()) return false;
            for (Block b : f.blocks()) {
                for (Inst i : b.insts()) {
                    proven |= i instanceof Inst.ArrayLoad l && l.unchecked() && l.index().type() == Type.Prim.I64
                            || i instanceof Inst.ArrayStore s && s.unchecked() && s.index().type() == Type.Prim.I64;
                }
            }
        }
        return proven;
    }

    /** The metadata line, or nothing. */
    static String metadata(IrModule module) {
        return applies(module) ? "!" + NO_SLP + " = !{}\n" : "";
    }
}
