package dev.kiln.compiler.emit;

import dev.kiln.runtime.abi.Fault;
import dev.kiln.runtime.abi.KernelAbi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * LLVM text of the runtime pieces arrays need inside a kernel module: allocation into the call's list of native
 * blocks (see {@link KernelAbi#FRAME_ALLOCS}) and the encoding of an array result for the Java side. Each helper is
 * emitted once, only when used.
 */
final class ArrayHelpers {
    static final String NEW_ARRAY = "@kiln.newarray";

    private final ToIntFunction<String> message;
    private final Map<String, String> definitions = new LinkedHashMap<>();

    ArrayHelpers(ToIntFunction<String> message) {
        this.message = message;
    }

    boolean used() {
        return !definitions.isEmpty();
    }

    String definitions() {
        StringBuilder sb = new StringBuilder();
        for (String d : definitions.values()) sb.append(d).append('\n');
        return sb.toString();
    }

    /** {@code ptr @kiln.newarray(ptr frame, i32 length, i64 elementBytes)}: the zeroed data, or null after a fault. */
    String newArray() {
        definitions.computeIfAbsent(NEW_ARRAY, k -> {
            int tooBig = message.applyAsInt("Requested array size exceeds VM limit");
            int heap = message.applyAsInt("Java heap space");
            return "declare ptr @calloc(i64, i64) nounwind\n\n"
                    + "define internal ptr " + NEW_ARRAY + "(ptr %frame, i32 %n, i64 %size) #0 {\n"
                    + "entry:\n"
                    + "  %neg = icmp slt i32 %n, 0\n"
                    + "  br i1 %neg, label %negative, label %sized, !prof !0\n"
                    + "negative:\n"
                    + "  %a = sext i32 %n to i64\n"
                    + "  call void @kiln.raise(ptr %frame, i32 " + Fault.NEGATIVE_ARRAY_SIZE.code + ", i32 0, i64 %a, i64 0)\n"
                    + "  ret ptr null\n"
                    + "sized:\n"
                    + "  %huge = icmp sge i32 %n, " + KernelAbi.MAX_ARRAY_LENGTH + "\n"
                    + "  br i1 %huge, label %vmlimit, label %limited, !prof !0\n"
                    + "vmlimit:\n"
                    + "  call void @kiln.raise(ptr %frame, i32 " + Fault.OUT_OF_MEMORY.code + ", i32 " + tooBig + ", i64 0, i64 0)\n"
                    + "  ret ptr null\n"
                    + "limited:\n"
                    + "  %n64 = zext i32 %n to i64\n"
                    + "  %bytes = mul i64 %n64, %size\n"
                    + "  %plimit = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_HEAP_LIMIT + "\n"
                    + "  %limit = load i64, ptr %plimit, align 8\n"
                    + "  %over = icmp ugt i64 %bytes, %limit\n"
                    + "  br i1 %over, label %oom, label %alloc, !prof !0\n"
                    + "alloc:\n"
                    + "  %total = add i64 %bytes, " + KernelAbi.ARRAY_HEADER + "\n"
                    + "  %blk = call ptr @calloc(i64 1, i64 %total)\n"
                    + "  %none = icmp eq ptr %blk, null\n"
                    + "  br i1 %none, label %oom, label %link, !prof !0\n"
                    + "oom:\n"
                    + "  call void @kiln.raise(ptr %frame, i32 " + Fault.OUT_OF_MEMORY.code + ", i32 " + heap + ", i64 0, i64 0)\n"
                    + "  ret ptr null\n"
                    + "link:\n"
                    + "  %phead = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_ALLOCS + "\n"
                    + "  %old = load ptr, ptr %phead, align 8\n"
                    + "  store ptr %old, ptr %blk, align 8\n"
                    + "  %plen = getelementptr inbounds i8, ptr %blk, i64 8\n"
                    + "  store i64 %n64, ptr %plen, align 8\n"
                    + "  store ptr %blk, ptr %phead, align 8\n"
                    + "  %data = getelementptr inbounds i8, ptr %blk, i64 " + KernelAbi.ARRAY_HEADER + "\n"
                    + "  ret ptr %data\n"
                    + "}\n";
        });
        return NEW_ARRAY;
    }

    /**
     * Entry-wrapper lines storing an array result ({@code pair}, a {@code { ptr, i32 }}) into the frame's result slot
     * as {@link KernelAbi} says: 0 for null, {@code -(k+1)} for the k-th pointer argument, else the data pointer.
     */
    static List<String> encodeResult(String pair, List<String> pointerParams) {
        List<String> out = new ArrayList<>();
        out.add("%rd = extractvalue " + LlvmEmitter.ARRAY_PAIR + " " + pair + ", 0");
        out.add("%rbits = ptrtoint ptr %rd to i64");
        String current = "%rbits";
        for (int k = pointerParams.size() - 1; k >= 0; k--) {
            String param = pointerParams.get(k).substring("ptr ".length());
            out.add("%req" + k + " = icmp eq ptr %rd, " + param);
            out.add("%rsel" + k + " = select i1 %req" + k + ", i64 " + (-(k + 1)) + ", i64 " + current);
            current = "%rsel" + k;
        }
        // null stays 0 even when a null array was passed
        out.add("%rnull = icmp eq ptr %rd, null");
        out.add("%renc = select i1 %rnull, i64 0, i64 " + current);
        out.add("%rslot = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_RESULT);
        out.add("store i64 %renc, ptr %rslot, align 8");
        return out;
    }
}
