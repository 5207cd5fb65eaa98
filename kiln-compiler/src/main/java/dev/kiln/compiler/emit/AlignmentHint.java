package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.Inst;

import java.util.function.Consumer;
import java.util.function.Supplier;

/** The LLVM IR of {@link Inst.AddressAlignment}: arithmetic on the address only, nothing loaded or checked. */
final class AlignmentHint {
    /**
     * Loop metadata for the aligning pre-loop, which runs a few iterations: neither vectorised nor unrolled (LLVM
     * would otherwise compute its trip count from the alignment test and vectorise it too, for compile time only).
     * Numbered after the emitter's own nodes.
     */
    private static final String PRE_LOOP = "!6";
    static final String METADATA = PRE_LOOP + " = distinct !{" + PRE_LOOP + ", !7, !8}\n"
            + "!7 = !{!\"llvm.loop.vectorize.width\", i32 1}\n"
            + "!8 = !{!\"llvm.loop.unroll.disable\"}\n";

    private AlignmentHint() {
    }

    /**
     * The metadata suffix for a jump to {@code target}: the pre-loop's own when {@code target} is its alignment
     * test (the jump is then the pre-loop's back edge or its entry, where LLVM ignores it), else nothing.
     */
    static String loopMetadata(Block target) {
        boolean guard = !target.insts().isEmpty() && target.insts().getFirst() instanceof Inst.AddressAlignment;
        return guard ? ", !llvm.loop " + PRE_LOOP : "";
    }

    static void emit(Inst.AddressAlignment a, String result, String data, String index, String from, String limit,
                     String storage, Supplier<String> tmp, Consumer<String> line) {
        String wide = tmp.get(), addr = tmp.get(), bits = tmp.get(), low = tmp.get(), gap = tmp.get();
        line.accept(wide + " = sext i32 " + index + " to i64");
        // No inbounds: the index may be outside the array and the array null; the address is only compared.
        line.accept(addr + " = getelementptr " + storage + ", ptr " + data + ", i64 " + wide);
        line.accept(bits + " = ptrtoint ptr " + addr + " to i64");
        line.accept(low + " = trunc i64 " + bits + " to i32");
        line.accept(gap + " = and i32 " + low + ", " + (Inst.AddressAlignment.ALIGNMENT - 1));
        // Distance |limit - from| in i64, where no int overflows.
        String f = tmp.get(), l = tmp.get(), d = tmp.get(), up = tmp.get(), down = tmp.get(), near = tmp.get();
        line.accept(f + " = sext i32 " + from + " to i64");
        line.accept(l + " = sext i32 " + limit + " to i64");
        line.accept(d + " = sub i64 " + l + ", " + f);
        line.accept(up + " = icmp slt i64 " + d + ", " + a.minDistance());
        line.accept(down + " = icmp sgt i64 " + d + ", -" + a.minDistance());
        line.accept(near + " = and i1 " + up + ", " + down);
        line.accept(result + " = select i1 " + near + ", i32 0, i32 " + gap);
    }
}
