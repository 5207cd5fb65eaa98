package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Type;

import java.util.ArrayList;
import java.util.List;

import static dev.kiln.compiler.emit.LlvmEmitter.valueType;
import static dev.kiln.compiler.emit.LlvmEmitter.zero;

/**
 * The one return of a function that can fault with a value: every return path and {@code unwind} jump to it, and it
 * joins the value and the fault flag as two scalar phis, put together only for the {@code ret}. With a return per
 * path the inliner joined the pairs in a phi of pairs, which LLVM never splits: the caller's flag test stayed in the
 * hot path as a constant it could not fold.
 */
final class ReturnBlock {
    private final String valueType;
    private final String zero;
    private final String retType;
    private final List<String> values = new ArrayList<>(); // "[ value, %label ]"
    private final List<String> labels = new ArrayList<>();

    /** For a function returning {@code returnType}, whose LLVM return type (value and flag) is {@code retType}. */
    ReturnBlock(Type returnType, String retType) {
        this.valueType = valueType(returnType);
        this.zero = Type.isArray(returnType) ? "zeroinitializer" : zero(returnType);
        this.retType = retType;
    }

    /** A return of {@code operand} (an LLVM operand without its type) from the block labelled {@code label}. */
    void add(String operand, String label) {
        values.add("[ " + operand + ", %" + label + " ]");
        labels.add(label);
    }

    /** The {@code unwind} and {@code ret} blocks. */
    String text() {
        List<String> vs = new ArrayList<>(values);
        vs.add("[ " + zero + ", %unwind ]");
        List<String> flags = new ArrayList<>();
        for (String l : labels) flags.add("[ false, %" + l + " ]");
        flags.add("[ true, %unwind ]");
        return "unwind:\n  br label %ret\nret:\n"
                + "  %ret.v = phi " + valueType + " " + String.join(", ", vs) + "\n"
                + "  %ret.f = phi i1 " + String.join(", ", flags) + "\n"
                + "  %ret.p = insertvalue " + retType + " poison, " + valueType + " %ret.v, 0\n"
                + "  %ret.r = insertvalue " + retType + " %ret.p, i1 %ret.f, 1\n"
                + "  ret " + retType + " %ret.r\n";
    }
}
