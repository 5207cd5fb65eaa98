package dev.kiln.compiler.emit;

import dev.kiln.runtime.abi.KernelAbi;
import dev.kiln.runtime.abi.ResultLength;

import java.util.ArrayList;
import java.util.List;

/**
 * The array bookkeeping of a kernel's entry wrapper ({@link EntryStub}), as lines of LLVM IR: the Java side's result
 * array, the pointer arguments an array-of-arrays result refers to, rows patched in, the bump arena reset, every
 * allocation freed, an array result encoded for the frame ({@link KernelAbi}).
 */
final class EntryArrays {
    private EntryArrays() {
    }

    /**
     * Entry-wrapper lines for a kernel with a {@link ResultSite}: the array the Java side passed as pointer argument
     * {@code pointer} (null when none) and its length, from the parameter slot after the kernel's {@code params},
     * stored where {@code @kiln.newresult} looks; for a copy already made, its {@code source} and, when a
     * {@code System.arraycopy} fills it ({@code filled}), the array again, where {@code @kiln.arraycopy.result} looks.
     */
    static List<String> recordResultArray(String pointer, int params, String source, boolean filled) {
        List<String> out = new ArrayList<>(List.of(
                "%rap = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_RESULT_ARRAY,
                "store ptr " + pointer + ", ptr %rap, align 8",
                "%rnp = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_PARAMS + 8L * params),
                "%rn = load i32, ptr %rnp, align 8",
                "%ranp = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_RESULT_ARRAY + 8),
                "store i32 %rn, ptr %ranp, align 8"));
        if (source != null) { // a clone already made: of this array
            out.add("%rsp = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_RESULT_ARRAY + 16));
            out.add("store ptr " + source + ", ptr %rsp, align 8");
        }
        if (filled) { // a copy the first System.arraycopy into it may leave as it is (ResultSite.fill)
            out.add("%rfp = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_RESULT_ARRAY + 24));
            out.add("store ptr " + pointer + ", ptr %rfp, align 8");
        }
        return out;
    }

    /**
     * Entry-body lines for a kernel with arrays of arrays and an asked result length, after {@code %args}: the
     * pointer argument the Java side names at {@code FRAME_RESULT_ARRAY + 36} ({@code k+1}), else null, stored where
     * {@code @kiln.newresult} looks (the Java side wrote its length).
     */
    static List<String> askedResultArray() {
        return List.of(
                "%rqp = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_RESULT_ARRAY + 36),
                "%rq = load i32, ptr %rqp, align 4",
                "%rqhas = icmp sgt i32 %rq, 0",
                "%rqk = add i32 %rq, -1",
                "%rqi = select i1 %rqhas, i32 %rqk, i32 0", // args[0] is always there to load
                "%rqi64 = zext i32 %rqi to i64",
                "%rqe = getelementptr inbounds ptr, ptr %args, i64 %rqi64",
                "%rqv = load ptr, ptr %rqe, align 8",
                "%rqa = select i1 %rqhas, ptr %rqv, ptr null",
                "%rap = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_RESULT_ARRAY,
                "store ptr %rqa, ptr %rap, align 8");
    }

    /**
     * Entry-wrapper lines, after the parameters' loads ({@code %s<k>} slots, {@code %n<k>} lengths), for a result the Java
     * side passes as a copy that a {@code System.arraycopy} fills: the index in the source the Java side's copy
     * started at ({@code from} evaluated as the Java side did, in wrapping {@code i32} arithmetic) stored where
     * {@code @kiln.arraycopy.result} looks.
     */
    static List<String> recordCopyFrom(List<ResultLength.Term> from) {
        List<String> out = new ArrayList<>();
        String sum = "0";
        for (int i = 0; i < from.size(); i++) {
            ResultLength.Term t = from.get(i);
            String v = switch (t.kind()) {
                case 'P' -> {
                    out.add("%rft" + i + " = load i32, ptr %s" + t.value() + ", align 8"); // widened like the stack
                    yield "%rft" + i;
                }
                case 'L' -> "%n" + t.value();
                default -> Integer.toString(t.value());
            };
            out.add("%rfs" + i + " = " + (t.negative() ? "sub" : "add") + " i32 " + sum + ", " + v);
            sum = "%rfs" + i;
        }
        out.add("%rffp = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_RESULT_ARRAY + 32));
        out.add("store i32 " + sum + ", ptr %rffp, align 8");
        return out;
    }

    /**
     * Entry-wrapper lines for kernels that take or return arrays of arrays: every pointer argument stored at
     * {@link KernelAbi#FRAME_ARGS}, where the Java side reads which caller array an address left in a row stands for
     * (FFM never tells it a heap array's address).
     */
    static List<String> recordArgs(List<String> pointerParams) {
        if (pointerParams.size() > KernelAbi.ARGS_SLOTS) throw new IllegalStateException("too many pointer arguments");
        List<String> out = new ArrayList<>();
        out.add("%args = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_ARGS);
        for (int k = 0; k < pointerParams.size(); k++) {
            String p = pointerParams.get(k).substring("ptr ".length());
            out.add("%argp" + k + " = getelementptr inbounds ptr, ptr %args, i64 " + k);
            out.add("store ptr " + p + ", ptr %argp" + k + ", align 8");
        }
        return out;
    }

    /**
     * Entry-body lines for kernels with array-of-arrays parameters, after {@code %args} (the pointer arguments as the
     * entry recorded them, see {@link KernelAbi#DIRECT_SLOTS}): the patch list applied. Ends in a new block,
     * {@code patched}.
     */
    static List<String> patchRows() {
        List<String> out = new ArrayList<>();
        out.add("%pp = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_PATCHES);
        out.add("%plist = load ptr, ptr %pp, align 8");
        out.add("%pcountp = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_PATCHES + 8));
        out.add("%pcount = load i64, ptr %pcountp, align 8");
        // The loop's phi names its own preheader, not whichever block the wrapper's earlier lines ended in.
        out.add("br label %patch.start");
        out.add("patch.start:");
        out.add("br label %patch.loop");
        out.add("patch.loop:");
        out.add("%pi = phi i64 [ 0, %patch.start ], [ %pi1, %patch.one ]");
        out.add("%pdone = icmp sge i64 %pi, %pcount");
        out.add("br i1 %pdone, label %patched, label %patch.one");
        out.add("patch.one:");
        out.add("%pe = getelementptr inbounds [2 x i64], ptr %plist, i64 %pi");
        out.add("%paddr = load ptr, ptr %pe, align 8");
        out.add("%pslotp = getelementptr inbounds i8, ptr %pe, i64 8");
        out.add("%pslot = load i64, ptr %pslotp, align 8");
        out.add("%parg = getelementptr inbounds ptr, ptr %args, i64 %pslot");
        out.add("%pv = load ptr, ptr %parg, align 8");
        out.add("store ptr %pv, ptr %paddr, align 8");
        out.add("%pi1 = add i64 %pi, 1");
        out.add("br label %patch.loop");
        out.add("patched:");
        return out;
    }

    /**
     * Entry-wrapper lines (straight-line, for the entry block) that empty the frame's arena: the previous call's
     * blocks are dead by now (see {@link KernelAbi#FRAME_ARENA}).
     */
    static List<String> resetArena() {
        return List.of(
                "%arstartp = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_ARENA,
                "%arstart = load i64, ptr %arstartp, align 8",
                "%arcurp = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_ARENA + 8),
                "store i64 %arstart, ptr %arcurp, align 8");
    }


    /**
     * Entry-wrapper lines that free every array the call allocated, for kernels from which none can escape (no array
     * result, no array-of-arrays parameter): then the Java side finds the list empty and pays no downcall.
     */
    static List<String> freeAll() {
        return List.of(
                "%ph = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_ALLOCS,
                "%h0 = load ptr, ptr %ph, align 8",
                // Its own preheader: the wrapper's lines before may end in another block (the stack-limit set-up).
                "br label %free.start",
                "free.start:",
                "br label %free.loop",
                "free.loop:",
                "%blk = phi ptr [ %h0, %free.start ], [ %nx, %free.one ]",
                "%end = icmp eq ptr %blk, null",
                "br i1 %end, label %free.done, label %free.one",
                "free.one:",
                "%nx = load ptr, ptr %blk, align 8",
                "call void @free(ptr %blk)",
                "br label %free.loop",
                "free.done:",
                "store ptr null, ptr %ph, align 8");
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
