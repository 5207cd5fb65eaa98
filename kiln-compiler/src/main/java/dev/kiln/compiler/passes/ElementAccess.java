package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

/**
 * Whether a kernel reads and writes no element of any primitive array ({@code KernelAbi.zeroArrays}): then every
 * array it allocates is still zero when it returns, and the Java side makes the arrays it returns (blocks of a
 * matrix laid out, say) as new zeroed arrays of their lengths instead of copying them out of native memory. Lengths,
 * allocations and moving rows between arrays of arrays are not element accesses.
 */
public final class ElementAccess {
    private ElementAccess() {
    }

    /** Whether no instruction of the module reads or writes an element of a primitive array. */
    public static boolean none(IrModule module) {
        for (Function f : module.functions()) {
            for (Block b : f.blocks()) {
                for (Inst i : b.insts()) {
                    boolean touches = switch (i) {
                        case Inst.ArrayLoad l -> true;
                        case Inst.ArrayStore s -> true;
                        case Inst.ArrayFill fl -> true;
                        case Inst.ArrayCopyOf c -> true;
                        // between arrays of arrays it moves rows, not elements
                        case Inst.ArrayCopy c -> !(c.dst().type() instanceof Type.RefArray);
                        case Inst.IntrinsicCall c -> c.args().stream().map(Value::type).anyMatch(Type::isArray);
                        default -> false;
                    };
                    if (touches) return false;
                }
            }
        }
        return true;
    }
}
