package dev.kiln.compiler.emit;

import dev.kiln.CompileOptions;
import dev.kiln.compiler.intrinsics.Intrinsic;
import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.passes.ElementAccess;
import dev.kiln.runtime.abi.ResultLength;
import dev.kiln.runtime.abi.SourceFrame;
import dev.kiln.runtime.abi.ThrowSite;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * IR module to LLVM IR text: the module's assembly (declarations, intrinsic and helper definitions, constant tables,
 * functions, attributes and branch weights) and the text of LLVM types and constants. Each function body is written
 * by a {@link FunctionEmitter} (Java's arithmetic in {@link JavaArithmetic}), the exported function by
 * {@link EntryStub}, and every exception follows the {@link FaultProtocol}: a fault record filled in a cold block
 * followed by a return (native code never unwinds). Arrays travel as {@code (ptr data, i32 length)}.
 */
public final class LlvmEmitter {
    /**
     * @param llvmIr      the module text
     * @param faultRecord whether the exported function takes the trailing fault-record pointer
     * @param messages    exception messages, indexed by a fault's detail
     * @param throwSites  the module's throw statements, indexed by a code-11 fault's detail
     * @param callSites   calls a thrown exception can unwind through, indexed by the trace the frame records
     * @param resultLength the length of the kernel's new array result when the Java side allocates it, or null
     * @param zeroArrays  whether the kernel touches no array element ({@code KernelAbi.zeroArrays}): its allocations
     *                    are not zeroed, and the Java side must make (not copy) every array it allocated
     */
    public record Result(String llvmIr, boolean faultRecord, List<String> messages, List<ThrowSite> throwSites,
                         List<SourceFrame> callSites, ResultLength resultLength, boolean zeroArrays) {
    }

    /** The stack pointer register, for llvm.read_register. */
    static final String RSP = "!2";
    /**
     * A branch whose {@link Terminator.Expect} names a rare edge: above the 99% at which SimplifyCFG calls a branch
     * predictable and leaves it a branch instead of selects.
     */
    static final String RARE_TRUE = "!4";
    static final String RARE_FALSE = "!5";
    /** A branch with no pattern ({@code Terminator.Expect.UNPREDICTABLE}); !6 to !8 are {@code AlignmentHint}'s. */
    static final String UNPREDICTABLE = "!9";
    /** How an array travels as a function result: data pointer and length. */
    static final String ARRAY_PAIR = "{ ptr, i32 }";

    final IrModule module;
    final CompileOptions options;
    final CallGraph calls;
    final InlinePolicy inlining;
    /** Module-level declarations, in order of first use. */
    final Set<String> declarations = new LinkedHashSet<>();
    final ConstTables constTables = new ConstTables();
    /** Intrinsics the functions call, by symbol, in order of first use: each defined once in the module. */
    final Map<String, Intrinsic> intrinsics = new LinkedHashMap<>();
    final FaultProtocol faults = new FaultProtocol();
    /** Whether no instruction reads or writes an array element ({@link ElementAccess}): allocations are not zeroed. */
    final boolean zeroArrays;
    final ArrayHelpers arrays;
    /** The allocation whose array the Java side may allocate before the call, or null. */
    final ResultSite resultSite;
    /** Allocations that live in their function's stack frame ({@link StackArrays}). */
    final java.util.Set<dev.kiln.compiler.ir.Inst> stackArrays;
    private final EntryStub entry;

    private LlvmEmitter(IrModule module, CompileOptions options) {
        this.module = module;
        this.options = options;
        this.zeroArrays = ElementAccess.none(module);
        this.arrays = new ArrayHelpers(faults::message, zeroArrays);
        this.calls = new CallGraph(module);
        this.inlining = new InlinePolicy(module, calls);
        this.resultSite = ResultSite.find(module);
        this.stackArrays = StackArrays.of(module, resultSite == null ? null : resultSite.site());
        this.entry = new EntryStub(calls, arrays, declarations);
    }

    public static Result emit(IrModule module, CompileOptions options, String symbol) {
        return new LlvmEmitter(module, options).emitModule(symbol);
    }

    private Result emitModule(String symbol) {
        StringBuilder fns = new StringBuilder();
        for (Function f : module.functions()) {
            fns.append(new FunctionEmitter(this, f).emit()).append('\n');
            if (!inlining.unrolled(f.name())) continue;
            for (int k = 1; k < InlinePolicy.LEVELS; k++) {
                fns.append(new FunctionEmitter(this, f, k).emit()).append('\n');
            }
        }
        Function root = module.function(module.entry());
        boolean faultRecord = calls.canFault(root.name());
        fns.append(entry.entryWrapper(root, symbol, faultRecord, resultSite));

        String helpers = (calls.anyThrow() ? FaultProtocol.traceFunction() : "")
                + (calls.anyCycle() ? entry.stackLimitFunction() : "");
        StringBuilder out = new StringBuilder();
        out.append("; Kiln kernel module\n\n");
        for (String d : declarations) out.append(d).append('\n');
        for (Intrinsic i : intrinsics.values()) {
            for (String d : i.declarations()) {
                if (declarations.add(d)) out.append(d).append('\n');
            }
        }
        out.append('\n');
        for (Intrinsic i : intrinsics.values()) {
            if (!i.definition().isBlank()) out.append(i.definition()).append("\n\n");
        }
        out.append(constTables.definitions());
        if (arrays.used()) out.append(arrays.definitions());
        if (calls.anyFault()) out.append(FaultProtocol.raiseFunction());
        out.append(helpers);
        out.append(fns);
        out.append("\nattributes #0 = { nounwind }\n");
        out.append("attributes #1 = { cold noinline nounwind }\n");
        out.append("attributes #2 = { alwaysinline nounwind }\n");
        out.append("attributes #3 = { noinline nounwind }\n"); // the body every row-bucket entry calls
        out.append(FaultProtocol.COLD_TRUE).append(" = !{!\"branch_weights\", i32 1, i32 2000}\n");
        out.append(FaultProtocol.COLD_FALSE).append(" = !{!\"branch_weights\", i32 2000, i32 1}\n");
        out.append(RSP).append(" = !{!\"rsp\"}\n");
        out.append(FaultProtocol.OUTER_LOOP_FALSE).append(" = !{!\"branch_weights\", i32 14, i32 1}\n");
        out.append(RARE_TRUE).append(" = !{!\"branch_weights\", i32 1, i32 1000}\n");
        out.append(RARE_FALSE).append(" = !{!\"branch_weights\", i32 1000, i32 1}\n");
        out.append(AlignmentHint.METADATA);
        out.append(UNPREDICTABLE).append(" = !{}\n");
        out.append(StraightLineAccesses.metadata(module));
        return new Result(out.toString(), faultRecord, faults.messages(), faults.throwSites(), faults.callSites(),
                resultSite == null ? null : resultSite.length(), zeroArrays);
    }

    // ---------------------------------------------------------------- text helpers

    static String llvm(Type t) {
        return switch (t) {
            case Type.Prim p -> switch (p) {
                case I32 -> "i32";
                case I64 -> "i64";
                case F32 -> "float";
                case F64 -> "double";
            };
            case Type.Void v -> "void";
            case Type.Array a -> "ptr";
            case Type.RefArray a -> "ptr";
            case Type.Null n -> "ptr";
        };
    }

    /**
     * The LLVM return type of a module function: a function that can fault also returns whether it did
     * ({@code i1} alone for void, else {@code { T, i1 }}).
     */
    static String returnType(Type t, boolean faults) {
        if (!faults) return valueType(t);
        return t == Type.Void.VOID ? "i1" : "{ " + valueType(t) + ", i1 }";
    }

    /** The LLVM type of a function's value: an array as {@code { ptr, i32 }}. */
    static String valueType(Type t) {
        if (Type.isArray(t)) return ARRAY_PAIR;
        return t == Type.Void.VOID ? "void" : llvm(t);
    }

    static String storage(Elem e) {
        return switch (e) {
            case BOOLEAN, BYTE -> "i8";
            case SHORT, CHAR -> "i16";
            case INT -> "i32";
            case LONG -> "i64";
            case FLOAT -> "float";
            case DOUBLE -> "double";
        };
    }

    static String zero(Type t) {
        return t == Type.Prim.F32 || t == Type.Prim.F64 ? "0.0" : "0";
    }

    /** A quoted global name; LLVM escapes bytes as backslash and two hex digits. */
    static String global(String name) {
        StringBuilder sb = new StringBuilder("@\"");
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) sb.append(String.format(Locale.ROOT, "\\%02X", c));
            else sb.append((char) c);
        }
        return sb.append('"').toString();
    }

    /** Doubles as exact hexadecimal bit patterns, so no value (NaN payloads, -0.0) is ever rounded or lost. */
    static String doubleLiteral(double d) {
        return String.format(Locale.ROOT, "0x%016X", Double.doubleToRawLongBits(d));
    }

    /** LLVM writes a float constant as the double with the same value (NaN: the payload moved to the top bits). */
    static String floatLiteral(float f) {
        if (Float.isNaN(f)) {
            int bits = Float.floatToRawIntBits(f);
            long sign = (long) (bits >>> 31) << 63;
            long mantissa = (long) (bits & 0x7fffff) << 29;
            return String.format(Locale.ROOT, "0x%016X", sign | 0x7ff0000000000000L | mantissa);
        }
        return doubleLiteral(f);
    }
}
