package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a kernel may store into a row of an array of arrays, or tell two rows apart by identity ({@code ==} on
 * arrays): the fact that lets the copying call path skip copying rows back, and copy a row that occurs twice twice
 * instead of looking every row up ({@code KernelAbi.rowsWritten}). Exact in one direction only: "no" is a proof,
 * "yes" may be wrong.
 *
 * <p>A store (element store, fill, {@code arraycopy} into a primitive array) is harmless when its array is
 * provably one the kernel allocated or one of the kernel's own 1-D parameters (a 1-D parameter that is also a row
 * is copied back by the runtime regardless): an array allocated here, a parameter of the kernel, or a block or
 * callee parameter every incoming value of which is harmless. Anything else (a row loaded from a table, a call's
 * result) may be a row. The values are found by a fixed point over the whole module, so a callee writing a row it
 * was given counts.
 */
public final class RowWrites {
    private RowWrites() {
    }

    /** Whether some function of the module may store into a 1-D array that is not provably its own or a 1-D argument. */
    public static boolean rowsWritten(IrModule module) {
        Map<String, Function> byName = new HashMap<>();
        for (Function f : module.functions()) byName.put(f.name(), f);
        // Optimistic start: every parameter harmless; a parameter turns "maybe a row" when any incoming value does.
        Map<Param, Boolean> maybeRow = new IdentityHashMap<>();
        for (Function f : module.functions()) {
            for (Block b : f.blocks()) for (Param p : b.params()) maybeRow.put(p, false);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Function f : module.functions()) {
                for (Block b : f.blocks()) {
                    for (Inst i : b.insts()) {
                        if (i instanceof Inst.Call c && byName.get(c.callee()) instanceof Function callee) {
                            changed |= flow(c.args(), callee.params(), maybeRow);
                        }
                    }
                    for (BlockCall s : b.terminator().successors()) changed |= flow(s.args(), s.target().params(), maybeRow);
                }
            }
        }
        for (Function f : module.functions()) {
            for (Block b : f.blocks()) {
                for (Inst i : b.insts()) {
                    boolean bad = switch (i) {
                        case Inst.ArrayStore s -> maybeRow(s.array(), maybeRow);
                        case Inst.ArrayFill s -> maybeRow(s.array(), maybeRow);
                        // into a table: moves rows (the runtime reads every table back), writes no row's elements
                        case Inst.ArrayCopy s -> !(s.dst().type() instanceof Type.RefArray) && maybeRow(s.dst(), maybeRow);
                        // no intrinsic takes an array today; one that did might write it
                        case Inst.IntrinsicCall s -> s.args().stream().anyMatch(a -> maybeRow(a, maybeRow));
                        default -> false;
                    };
                    if (bad) return true;
                }
                // Two copies of one row are two addresses: a comparison of arrays that may be rows could tell.
                if (b.terminator() instanceof Terminator.Branch br && Type.isArray(br.left().type())
                        && Type.isArray(br.right().type())
                        && (maybeRow(br.left(), maybeRow) || maybeRow(br.right(), maybeRow))) return true;
            }
        }
        return false;
    }

    private static boolean flow(List<Value> args, List<Param> params, Map<Param, Boolean> maybeRow) {
        boolean changed = false;
        for (int k = 0; k < args.size() && k < params.size(); k++) {
            Param p = params.get(k);
            if (!maybeRow.get(p) && maybeRow(args.get(k), maybeRow)) {
                maybeRow.put(p, true);
                changed = true;
            }
        }
        return changed;
    }

    private static boolean maybeRow(Value v, Map<Param, Boolean> maybeRow) {
        if (!(v.type() instanceof Type.Array) && !(v instanceof Param)) return false;
        return switch (v) {
            case Param p -> Type.isArray(p.type()) && maybeRow.getOrDefault(p, true);
            case Inst.NewArray n -> false;
            case Inst.ArrayCopyOf n -> false; // a new array
            case Value.NullConst n -> false;
            default -> true; // a row loaded from a table, a call's result, anything not followed
        };
    }
}
