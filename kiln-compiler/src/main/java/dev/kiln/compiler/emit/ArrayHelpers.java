package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Elem;
import dev.kiln.runtime.abi.Fault;
import dev.kiln.runtime.abi.KernelAbi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * LLVM text of the runtime pieces arrays need inside a kernel module: allocation into the call's list of native
 * blocks (see {@link KernelAbi#FRAME_ALLOCS}) and the encoding of an array result for the Java side. Each helper is
 * emitted once, only when used.
 */
final class ArrayHelpers {
    static final String NEW_ARRAY = "@kiln.newarray";
    static final String MULTI_NEW = "@kiln.multinew";
    /** An element of an array of arrays: the row's data pointer and its length (null and 0 for a null row). */
    static final String ROW = "{ ptr, i64 }";
    /** Dimensions one multianewarray may give. */
    static final int MAX_DIMS = dev.kiln.compiler.ir.Inst.NewMultiArray.MAX_DIMS;
    static final String ARRAYCOPY = "@kiln.arraycopy";
    static final String COPY_OF = "@kiln.copyof";
    static final String NEW_RESULT = "@kiln.newresult";
    static final String COPY_OF_RESULT = "@kiln.copyof.result";
    static final String CLONE_RESULT = "@kiln.clone.result";
    static final String ARRAYCOPY_RESULT = "@kiln.arraycopy.result";

    private final ToIntFunction<String> message;
    private final Map<String, String> definitions = new LinkedHashMap<>();

    /**
     * Whether {@link #newArray()} leaves the data as it finds it: in a kernel that reads and writes no element
     * ({@code KernelAbi.zeroArrays}), whose arrays the Java side makes zeroed instead of copying them out.
     */
    private final boolean uninitialised;

    ArrayHelpers(ToIntFunction<String> message, boolean uninitialised) {
        this.message = message;
        this.uninitialised = uninitialised;
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
            return "declare ptr @calloc(i64, i64) nounwind\ndeclare ptr @malloc(i64) nounwind\ndeclare void @free(ptr) nounwind\n"
                    + "declare ptr @memset(ptr, i32, i64) nounwind\n\n"
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
                    // the frame's bump arena when the block fits (KernelAbi.FRAME_ARENA), else calloc
                    + "  %total15 = add i64 %total, 15\n"
                    + "  %total16 = and i64 %total15, -16\n"
                    + "  %pcur = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_ARENA + 8) + "\n"
                    + "  %cur = load i64, ptr %pcur, align 8\n"
                    + "  %pend = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_ARENA + 16) + "\n"
                    + "  %end = load i64, ptr %pend, align 8\n"
                    + "  %room = sub i64 %end, %cur\n"
                    + "  %fits = icmp ule i64 %total16, %room\n"
                    + "  br i1 %fits, label %bump, label %heap\n"
                    + "bump:\n"
                    + "  %next = add i64 %cur, %total16\n"
                    + "  store i64 %next, ptr %pcur, align 8\n"
                    + "  %ablk = inttoptr i64 %cur to ptr\n"
                    + (uninitialised
                            // a table's 16-byte rows start null; a primitive array's data is never read: its header
                            ? "  %atbl = icmp uge i64 %size, 16\n"
                            + "  %azero = select i1 %atbl, i64 %total16, i64 " + KernelAbi.ARRAY_HEADER + "\n"
                            + "  call ptr @memset(ptr %ablk, i32 0, i64 %azero)\n"
                            : "  call ptr @memset(ptr %ablk, i32 0, i64 %total16)\n")
                    + "  %alen = getelementptr inbounds i8, ptr %ablk, i64 8\n"
                    + "  store i64 %n64, ptr %alen, align 8\n"
                    + "  %adata = getelementptr inbounds i8, ptr %ablk, i64 " + KernelAbi.ARRAY_HEADER + "\n"
                    + "  ret ptr %adata\n"
                    + "heap:\n"
                    + (uninitialised ? "  %blk = call ptr @malloc(i64 %total)\n" : "  %blk = call ptr @calloc(i64 1, i64 %total)\n")
                    + "  %none = icmp eq ptr %blk, null\n"
                    + "  br i1 %none, label %oom, label %link, !prof !0\n"
                    + "oom:\n"
                    + "  call void @kiln.raise(ptr %frame, i32 " + Fault.OUT_OF_MEMORY.code + ", i32 " + heap + ", i64 0, i64 0)\n"
                    + "  ret ptr null\n"
                    + "link:\n"
                    + (uninitialised // as in the arena: only a table's rows need zeroing
                            ? "  %htbl = icmp uge i64 %size, 16\n"
                            + "  %hzero = select i1 %htbl, i64 %total, i64 0\n"
                            + "  call ptr @memset(ptr %blk, i32 0, i64 %hzero)\n"
                            : "")
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
     * {@code ptr @kiln.newresult(ptr frame, i32 length, i64 elementBytes)}: the allocation of the kernel's
     * {@link ResultSite}. Takes the array the Java side passed (see {@link KernelAbi#FRAME_RESULT_ARRAY}) when there is
     * one of this length, and clears it so nothing takes it twice; else, when the Java side asks for the length
     * ({@code ResultLength.isAsked()}) and Java would not throw for it, stops the call with {@code RESULT_WANTED} and
     * the length (null, as after a fault); else allocates as {@link #newArray()} does.
     */
    String newResult() {
        newArray();
        definitions.computeIfAbsent(NEW_RESULT, k -> "define internal ptr " + NEW_RESULT + "(ptr %frame, i32 %n, i64 %size) #0 {\n"
                + "entry:\n"
                + "  %pp = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_RESULT_ARRAY + "\n"
                + "  %p = load ptr, ptr %pp, align 8\n"
                + "  %has = icmp ne ptr %p, null\n"
                + "  br i1 %has, label %check, label %none\n"
                + "none:\n"
                + "  %qp = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_RESULT_ARRAY + 36) + "\n"
                + "  %q = load i32, ptr %qp, align 4\n"
                + "  %asks = icmp eq i32 %q, -1\n"
                + "  %valid = icmp sge i32 %n, 0\n"
                + "  %ask = and i1 %asks, %valid\n"
                + "  br i1 %ask, label %want, label %own\n"
                + "want:\n"
                + "  %n64w = sext i32 %n to i64\n"
                + "  call void @kiln.raise(ptr %frame, i32 " + Fault.RESULT_WANTED.code + ", i32 0, i64 %n64w, i64 0)\n"
                + "  ret ptr null\n"
                + "check:\n"
                + "  %pl = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_RESULT_ARRAY + 8) + "\n"
                + "  %l = load i32, ptr %pl, align 8\n"
                + "  %same = icmp eq i32 %l, %n\n"
                + "  br i1 %same, label %take, label %own\n"
                + "take:\n"
                + "  store ptr null, ptr %pp, align 8\n"
                + "  ret ptr %p\n"
                + "own:\n"
                + "  %d = call ptr " + NEW_ARRAY + "(ptr %frame, i32 %n, i64 %size)\n"
                + "  ret ptr %d\n"
                + "}\n");
        return NEW_RESULT;
    }

    /**
     * {@code ptr @kiln.clone.result(ptr frame, ptr s, i32 sn, i64 elementBytes, i32 mnull)}: {@code s.clone()} as the
     * kernel's {@link ResultSite} when the Java side passes that clone already made ({@code ResultLength.copyOf}):
     * takes it as it is when there is one and {@code s} is the array it was cloned from (a callee's clone can run on
     * other arrays too), else allocates and copies; null after a fault.
     */
    String cloneResult() {
        newArray();
        arraycopy(); // declares llvm.memmove
        definitions.computeIfAbsent(CLONE_RESULT, k -> "define internal ptr " + CLONE_RESULT + "(ptr %frame, ptr %s, i32 %sn, i64 %size, i32 %mnull) #0 {\n"
                + "entry:\n"
                + "  %snull = icmp eq ptr %s, null\n"
                + "  br i1 %snull, label %npe, label %look, !prof !0\n"
                + "npe:\n"
                + "  call void @kiln.raise(ptr %frame, i32 " + Fault.NULL_POINTER.code + ", i32 %mnull, i64 0, i64 0)\n"
                + "  ret ptr null\n"
                + "look:\n"
                + "  %pp = getelementptr inbounds i8, ptr %frame, i64 " + KernelAbi.FRAME_RESULT_ARRAY + "\n"
                + "  %p = load ptr, ptr %pp, align 8\n"
                + "  %has = icmp ne ptr %p, null\n"
                + "  br i1 %has, label %check, label %own\n"
                + "check:\n"
                + "  %pl = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_RESULT_ARRAY + 8) + "\n"
                + "  %l = load i32, ptr %pl, align 8\n"
                + "  %same = icmp eq i32 %l, %sn\n"
                + "  %psp = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_RESULT_ARRAY + 16) + "\n"
                + "  %src = load ptr, ptr %psp, align 8\n"
                + "  %ofit = icmp eq ptr %src, %s\n"
                + "  %both = and i1 %same, %ofit\n"
                + "  br i1 %both, label %take, label %own\n"
                + "take:\n"
                + "  store ptr null, ptr %pp, align 8\n"
                + "  ret ptr %p\n"
                + "own:\n"
                + "  %d = call ptr " + NEW_ARRAY + "(ptr %frame, i32 %sn, i64 %size)\n"
                + "  %fail = icmp eq ptr %d, null\n"
                + "  br i1 %fail, label %failed, label %copy\n"
                + "copy:\n"
                + "  %sn64 = sext i32 %sn to i64\n"
                + "  %bytes = mul i64 %sn64, %size\n"
                + "  call void @llvm.memmove.p0.p0.i64(ptr %d, ptr %s, i64 %bytes, i1 false)\n"
                + "  ret ptr %d\n"
                + "failed:\n"
                + "  ret ptr null\n"
                + "}\n");
        return CLONE_RESULT;
    }

    /** Whether the module allocates arrays. */
    boolean allocates() {
        return definitions.containsKey(NEW_ARRAY);
    }

    /** The message indexes {@code @kiln.arraycopy} takes for arrays of {@code e}, as {@code i32} arguments. */
    String arraycopyMessages(Elem e) {
        return arraycopyMessages(e.javaName);
    }

    /** As {@link #arraycopyMessages(Elem)} for arrays HotSpot names {@code type} ("int", "object array"). */
    String arraycopyMessages(String type) {
        String t = " out of bounds for " + type + "[{b}]";
        return "i32 " + message.applyAsInt("arraycopy: source index {a}" + t)
                + ", i32 " + message.applyAsInt("arraycopy: destination index {a}" + t)
                + ", i32 " + message.applyAsInt("arraycopy: last source index {a}" + t)
                + ", i32 " + message.applyAsInt("arraycopy: last destination index {a}" + t)
                + ", i32 " + message.applyAsInt("arraycopy: length {a} is negative");
    }

    int message(String m) {
        return message.applyAsInt(m);
    }

    /**
     * {@code i1 @kiln.arraycopy(ptr frame, ptr s, i32 sn, i32 sp, ptr d, i32 dn, i32 dp, i32 len, i64 size, messages)}:
     * System.arraycopy between arrays of one element type, with HotSpot's checks in its order; true after a fault.
     */
    String arraycopy() {
        definitions.computeIfAbsent(ARRAYCOPY, k -> "declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)\n\n"
                + "define internal i1 " + ARRAYCOPY + "(ptr %frame, ptr %s, i32 %sn, i32 %sp, ptr %d, i32 %dn, i32 %dp,"
                + " i32 %len, i64 %size, i32 %msrc, i32 %mdst, i32 %mlastsrc, i32 %mlastdst, i32 %mneg) #0 {\n"
                + "entry:\n"
                + "  %snull = icmp eq ptr %s, null\n"
                + "  %dnull = icmp eq ptr %d, null\n"
                + "  %anynull = or i1 %snull, %dnull\n"
                + "  br i1 %anynull, label %npe, label %c1, !prof !0\n"
                + "npe:\n"
                + "  call void @kiln.raise(ptr %frame, i32 " + Fault.NULL_POINTER.code + ", i32 -1, i64 0, i64 0)\n"
                + "  ret i1 1\n"
                + "c1:\n"
                + "  %sp64 = sext i32 %sp to i64\n"
                + "  %dp64 = sext i32 %dp to i64\n"
                + "  %len64 = sext i32 %len to i64\n"
                + "  %sn64 = sext i32 %sn to i64\n"
                + "  %dn64 = sext i32 %dn to i64\n"
                + "  %x1 = icmp slt i32 %sp, 0\n"
                + "  br i1 %x1, label %e1, label %c2, !prof !0\n"
                + "e1:\n"
                + raise(Fault.INDEX_OUT_OF_BOUNDS_TEXT, "%msrc", "%sp64", "%sn64")
                + "c2:\n"
                + "  %x2 = icmp slt i32 %dp, 0\n"
                + "  br i1 %x2, label %e2, label %c3, !prof !0\n"
                + "e2:\n"
                + raise(Fault.INDEX_OUT_OF_BOUNDS_TEXT, "%mdst", "%dp64", "%dn64")
                + "c3:\n"
                + "  %x3 = icmp slt i32 %len, 0\n"
                + "  br i1 %x3, label %e3, label %c4, !prof !0\n"
                + "e3:\n"
                + raise(Fault.INDEX_OUT_OF_BOUNDS_TEXT, "%mneg", "%len64", "0")
                + "c4:\n"
                + "  %send = add i64 %sp64, %len64\n" // both non-negative here: HotSpot's unsigned sum
                + "  %x4 = icmp sgt i64 %send, %sn64\n"
                + "  br i1 %x4, label %e4, label %c5, !prof !0\n"
                + "e4:\n"
                + raise(Fault.INDEX_OUT_OF_BOUNDS_TEXT, "%mlastsrc", "%send", "%sn64")
                + "c5:\n"
                + "  %dend = add i64 %dp64, %len64\n"
                + "  %x5 = icmp sgt i64 %dend, %dn64\n"
                + "  br i1 %x5, label %e5, label %copy, !prof !0\n"
                + "e5:\n"
                + raise(Fault.INDEX_OUT_OF_BOUNDS_TEXT, "%mlastdst", "%dend", "%dn64")
                + "copy:\n"
                + "  %soff = mul i64 %sp64, %size\n"
                + "  %doff = mul i64 %dp64, %size\n"
                + "  %bytes = mul i64 %len64, %size\n"
                + "  %from = getelementptr inbounds i8, ptr %s, i64 %soff\n"
                + "  %to = getelementptr inbounds i8, ptr %d, i64 %doff\n"
                + "  call void @llvm.memmove.p0.p0.i64(ptr %to, ptr %from, i64 %bytes, i1 false)\n"
                + "  ret i1 0\n"
                + "}\n");
        return ARRAYCOPY;
    }

    /**
     * As {@link #arraycopy()}, for the first copy into the kernel's result site when the Java side passed that array as
     * {@code Arrays.copyOfRange(source, from, from + n)} (see {@link ResultSite#fill()}; the entry left it at
     * {@code FRAME_RESULT_ARRAY + 24}, the source at +16, {@code from} at +32): into that array, the copy of
     * {@code min(dn, sn - from)} elements of the source from {@code from} to 0 is already done (its checks pass), and
     * any other copy first zeroes it, as the {@code new} it took left it.
     */
    String arraycopyResult() {
        arraycopy();
        newArray(); // declares memset
        definitions.computeIfAbsent(ARRAYCOPY_RESULT, k -> "define internal i1 " + ARRAYCOPY_RESULT + "(ptr %frame, ptr %s,"
                + " i32 %sn, i32 %sp, ptr %d, i32 %dn, i32 %dp, i32 %len, i64 %size, i32 %msrc, i32 %mdst, i32 %mlastsrc,"
                + " i32 %mlastdst, i32 %mneg) #0 {\n"
                + "entry:\n"
                + "  %pfp = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_RESULT_ARRAY + 24) + "\n"
                + "  %pf = load ptr, ptr %pfp, align 8\n"
                + "  %isf = icmp eq ptr %d, %pf\n"
                + "  %dset = icmp ne ptr %d, null\n"
                + "  %filled = and i1 %isf, %dset\n"
                + "  br i1 %filled, label %check, label %copy\n"
                + "check:\n"
                + "  store ptr null, ptr %pfp, align 8\n" // only the first copy into it
                + "  %psp = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_RESULT_ARRAY + 16) + "\n"
                + "  %src = load ptr, ptr %psp, align 8\n"
                + "  %ss = icmp eq ptr %s, %src\n"
                + "  %pfr = getelementptr inbounds i8, ptr %frame, i64 " + (KernelAbi.FRAME_RESULT_ARRAY + 32) + "\n"
                + "  %from = load i32, ptr %pfr, align 8\n"
                + "  %sp0 = icmp eq i32 %sp, %from\n"
                + "  %dp0 = icmp eq i32 %dp, 0\n"
                + "  %rest = sub i32 %sn, %from\n" // not negative: the Java side copied from there
                + "  %short = icmp slt i32 %rest, %dn\n"
                + "  %prefix = select i1 %short, i32 %rest, i32 %dn\n"
                + "  %lp = icmp eq i32 %len, %prefix\n"
                + "  %a1 = and i1 %ss, %sp0\n"
                + "  %a2 = and i1 %dp0, %lp\n"
                + "  %done = and i1 %a1, %a2\n"
                + "  br i1 %done, label %same, label %zero\n"
                + "same:\n"
                + "  ret i1 0\n"
                + "zero:\n"
                + "  %dn64 = sext i32 %dn to i64\n"
                + "  %bytes = mul i64 %dn64, %size\n"
                + "  call ptr @memset(ptr %d, i32 0, i64 %bytes)\n"
                + "  br label %copy\n"
                + "copy:\n"
                + "  %r = call i1 " + ARRAYCOPY + "(ptr %frame, ptr %s, i32 %sn, i32 %sp, ptr %d, i32 %dn, i32 %dp, i32 %len,"
                + " i64 %size, i32 %msrc, i32 %mdst, i32 %mlastsrc, i32 %mlastdst, i32 %mneg)\n"
                + "  ret i1 %r\n"
                + "}\n");
        return ARRAYCOPY_RESULT;
    }

    private static String raise(Fault f, String detail, String a, String b) {
        return "  call void @kiln.raise(ptr %frame, i32 " + f.code + ", i32 " + detail + ", i64 " + a + ", i64 " + b + ")\n"
                + "  ret i1 1\n";
    }

    /**
     * {@code ptr @kiln.copyof(ptr frame, ptr s, i32 sn, i32 from, i32 to, i32 kind, i64 size, i32 mnull, i32 miae,
     * arraycopy messages)}: clone (kind 0), Arrays.copyOf (1) or copyOfRange (2) as the JDK computes them; the new
     * array's data, or null after a fault. Its length is sn (clone), to (copyOf) or to - from (copyOfRange).
     */
    String copyOf() {
        newArray();
        arraycopy();
        definitions.computeIfAbsent(COPY_OF, k -> copyOfDefinition(COPY_OF, NEW_ARRAY));
        return COPY_OF;
    }

    /** As {@link #copyOf()}, for the kernel's {@link ResultSite}: allocates through {@code @kiln.newresult}. */
    String copyOfResult() {
        newResult();
        arraycopy();
        definitions.computeIfAbsent(COPY_OF_RESULT, k -> copyOfDefinition(COPY_OF_RESULT, NEW_RESULT));
        return COPY_OF_RESULT;
    }

    private static String copyOfDefinition(String name, String allocate) {
        return "define internal ptr " + name + "(ptr %frame, ptr %s, i32 %sn,"
                + " i32 %from, i32 %to, i32 %kind, i64 %size, i32 %mnull, i32 %miae, i32 %m0, i32 %m1, i32 %m2, i32 %m3,"
                + " i32 %m4) #0 {\n"
                + "entry:\n"
                // copyOfRange reads original.length first only when from == 0 (`from == 0 && to == original.length`)
                + "  %isrange0 = icmp eq i32 %kind, 2\n"
                + "  %fromnz = icmp ne i32 %from, 0\n"
                + "  %late = and i1 %isrange0, %fromnz\n"
                + "  br i1 %late, label %part, label %nullcheck\n"
                + "nullcheck:\n"
                + "  %snull = icmp eq ptr %s, null\n"
                + "  br i1 %snull, label %npe, label %k, !prof !0\n"
                + "npe:\n"
                + "  call void @kiln.raise(ptr %frame, i32 " + Fault.NULL_POINTER.code + ", i32 %mnull, i64 0, i64 0)\n"
                + "  ret ptr null\n"
                + "k:\n"
                + "  %isclone = icmp eq i32 %kind, 0\n"
                + "  %fromzero = icmp eq i32 %from, 0\n"
                + "  %whole = icmp eq i32 %to, %sn\n"
                + "  %same = and i1 %fromzero, %whole\n"            // copyOf/copyOfRange of the whole array: clone()
                + "  %c = or i1 %isclone, %same\n"
                + "  br i1 %c, label %clone, label %part\n"
                + "clone:\n"
                + "  %cd = call ptr " + allocate + "(ptr %frame, i32 %sn, i64 %size)\n"
                + "  %cfail = icmp eq ptr %cd, null\n"
                + "  br i1 %cfail, label %fail, label %cdo\n"
                + "cdo:\n"
                + "  %sn64 = sext i32 %sn to i64\n"
                + "  %cbytes = mul i64 %sn64, %size\n"
                + "  call void @llvm.memmove.p0.p0.i64(ptr %cd, ptr %s, i64 %cbytes, i1 false)\n"
                + "  ret ptr %cd\n"
                + "part:\n"
                + "  %n = sub i32 %to, %from\n"
                + "  %isrange = icmp eq i32 %kind, 2\n"
                + "  %neg = icmp slt i32 %n, 0\n"
                + "  %iae = and i1 %isrange, %neg\n"
                + "  br i1 %iae, label %eiae, label %alloc, !prof !0\n"
                + "eiae:\n"
                + "  %f64 = sext i32 %from to i64\n"
                + "  %t64 = sext i32 %to to i64\n"
                + "  call void @kiln.raise(ptr %frame, i32 " + Fault.ILLEGAL_ARGUMENT.code + ", i32 %miae, i64 %f64, i64 %t64)\n"
                + "  ret ptr null\n"
                + "alloc:\n"
                + "  %d = call ptr " + allocate + "(ptr %frame, i32 %n, i64 %size)\n"
                + "  %dfail = icmp eq ptr %d, null\n"
                + "  br i1 %dfail, label %fail, label %nullcheck2\n"
                + "nullcheck2:\n"
                + "  %snull2 = icmp eq ptr %s, null\n"
                + "  br i1 %snull2, label %npe, label %copy, !prof !0\n"
                + "copy:\n"
                + "  %avail = sub i32 %sn, %from\n"
                + "  %less = icmp slt i32 %avail, %n\n"
                + "  %len = select i1 %less, i32 %avail, i32 %n\n"
                + "  %bad = call i1 " + ARRAYCOPY + "(ptr %frame, ptr %s, i32 %sn, i32 %from, ptr %d, i32 %n, i32 0, i32 %len,"
                + " i64 %size, i32 %m0, i32 %m1, i32 %m2, i32 %m3, i32 %m4)\n"
                + "  br i1 %bad, label %fail, label %done\n"
                + "done:\n"
                + "  ret ptr %d\n"
                + "fail:\n"
                + "  ret ptr null\n"
                + "}\n";
    }

    /**
     * {@code i1 @kiln.fill.<elem>(ptr frame, ptr a, i32 n, i32 from, i32 to, T v, i32 ranged, i32 mnull, i32 miae,
     * i32 mrange)}: Arrays.fill, whole or ranged with the JDK's rangeCheck; true after a fault.
     */
    String fill(Elem e, String storage, String valueType) {
        String name = "@kiln.fill." + e.javaName;
        definitions.computeIfAbsent(name, k -> {
            String narrow = switch (e) {
                case BOOLEAN -> "  %bit = and i32 %v, 1\n  %sv = trunc i32 %bit to i8\n";
                case BYTE -> "  %sv = trunc i32 %v to i8\n";
                case SHORT, CHAR -> "  %sv = trunc i32 %v to i16\n";
                default -> "  %sv = bitcast " + valueType + " %v to " + storage + "\n";
            };
            return "define internal i1 " + name + "(ptr %frame, ptr %a, i32 %n, i32 %from, i32 %to, " + valueType
                    + " %v, i32 %ranged, i32 %mnull, i32 %miae, i32 %mrange) #0 {\n"
                    + "entry:\n"
                    + narrow
                    + "  %anull = icmp eq ptr %a, null\n"
                    + "  br i1 %anull, label %npe, label %r, !prof !0\n"
                    + "npe:\n"
                    + "  call void @kiln.raise(ptr %frame, i32 " + Fault.NULL_POINTER.code + ", i32 %mnull, i64 0, i64 0)\n"
                    + "  ret i1 1\n"
                    + "r:\n"
                    + "  %isr = icmp ne i32 %ranged, 0\n"
                    + "  br i1 %isr, label %c1, label %whole\n"
                    + "whole:\n"
                    + "  br label %go\n"
                    + "c1:\n"
                    + "  %f64 = sext i32 %from to i64\n"
                    + "  %t64 = sext i32 %to to i64\n"
                    + "  %x1 = icmp sgt i32 %from, %to\n"
                    + "  br i1 %x1, label %e1, label %c2, !prof !0\n"
                    + "e1:\n"
                    + "  call void @kiln.raise(ptr %frame, i32 " + Fault.ILLEGAL_ARGUMENT.code + ", i32 %miae, i64 %f64, i64 %t64)\n"
                    + "  ret i1 1\n"
                    + "c2:\n"
                    + "  %x2 = icmp slt i32 %from, 0\n"
                    + "  br i1 %x2, label %e2, label %c3, !prof !0\n"
                    + "e2:\n"
                    + "  call void @kiln.raise(ptr %frame, i32 " + Fault.INDEX_OUT_OF_BOUNDS_TEXT.code + ", i32 %mrange, i64 %f64, i64 0)\n"
                    + "  ret i1 1\n"
                    + "c3:\n"
                    + "  %x3 = icmp sgt i32 %to, %n\n"
                    + "  br i1 %x3, label %e3, label %go, !prof !0\n"
                    + "e3:\n"
                    + "  call void @kiln.raise(ptr %frame, i32 " + Fault.INDEX_OUT_OF_BOUNDS_TEXT.code + ", i32 %mrange, i64 %t64, i64 0)\n"
                    + "  ret i1 1\n"
                    + "go:\n"
                    + "  %lo = phi i32 [ 0, %whole ], [ %from, %c3 ]\n"
                    + "  %hi = phi i32 [ %n, %whole ], [ %to, %c3 ]\n"
                    + "  br label %loop\n"
                    + "loop:\n"
                    + "  %i = phi i32 [ %lo, %go ], [ %i1, %body ]\n"
                    + "  %done = icmp sge i32 %i, %hi\n"
                    + "  br i1 %done, label %exit, label %body\n"
                    + "body:\n"
                    + "  %i64 = sext i32 %i to i64\n"
                    + "  %p = getelementptr inbounds " + storage + ", ptr %a, i64 %i64\n"
                    + "  store " + storage + " %sv, ptr %p, align " + e.bytes + "\n"
                    + "  %i1 = add nsw i32 %i, 1\n"
                    + "  br label %loop\n"
                    + "exit:\n"
                    + "  ret i1 0\n"
                    + "}\n";
        });
        return name;
    }

    /**
     * {@code ptr @kiln.multinew(ptr frame, i32 count, i32 depth, i64 leafBytes, i32 d0 .. d3)}: {@code new T[d0]..[dcount-1]}
     * of an array type with {@code depth} dimensions. Every given dimension is checked before anything is allocated
     * (HotSpot names the first negative one); null after a fault.
     */
    String multiNew() {
        newArray();
        definitions.computeIfAbsent(MULTI_NEW, k -> {
            StringBuilder sb = new StringBuilder();
            sb.append("define internal ptr ").append(MULTI_NEW).append(".level(ptr %frame, ptr %dims, i32 %count, i32 %depth,")
                    .append(" i64 %leaf, i32 %level) #0 {\n")
                    .append("entry:\n")
                    .append("  %l64 = sext i32 %level to i64\n")
                    .append("  %dp = getelementptr inbounds i32, ptr %dims, i64 %l64\n")
                    .append("  %n = load i32, ptr %dp, align 4\n")
                    .append("  %deepest = sub i32 %depth, 1\n")
                    .append("  %isleaf = icmp eq i32 %level, %deepest\n")
                    .append("  %size = select i1 %isleaf, i64 %leaf, i64 16\n")
                    .append("  %a = call ptr ").append(NEW_ARRAY).append("(ptr %frame, i32 %n, i64 %size)\n")
                    .append("  %afail = icmp eq ptr %a, null\n")
                    .append("  br i1 %afail, label %fail, label %check\n")
                    .append("check:\n")
                    .append("  %next = add i32 %level, 1\n")
                    .append("  %more = icmp slt i32 %next, %count\n")
                    .append("  br i1 %more, label %rows, label %done\n")
                    .append("rows:\n")
                    .append("  %n64 = sext i32 %next to i64\n")
                    .append("  %dq = getelementptr inbounds i32, ptr %dims, i64 %n64\n")
                    .append("  %m = load i32, ptr %dq, align 4\n")
                    .append("  %m64 = sext i32 %m to i64\n")
                    .append("  br label %loop\n")
                    .append("loop:\n")
                    .append("  %i = phi i32 [ 0, %rows ], [ %i1, %store ]\n")
                    .append("  %fin = icmp sge i32 %i, %n\n")
                    .append("  br i1 %fin, label %done, label %body\n")
                    .append("body:\n")
                    .append("  %row = call ptr ").append(MULTI_NEW).append(".level(ptr %frame, ptr %dims, i32 %count, i32 %depth, i64 %leaf, i32 %next)\n")
                    .append("  %rfail = icmp eq ptr %row, null\n")
                    .append("  br i1 %rfail, label %fail, label %store\n")
                    .append("store:\n")
                    .append("  %i64 = sext i32 %i to i64\n")
                    .append("  %slot = getelementptr inbounds ").append(ROW).append(", ptr %a, i64 %i64\n")
                    .append("  store ptr %row, ptr %slot, align 8\n")
                    .append("  %slen = getelementptr inbounds i8, ptr %slot, i64 8\n")
                    .append("  store i64 %m64, ptr %slen, align 8\n")
                    .append("  %i1 = add nsw i32 %i, 1\n")
                    .append("  br label %loop\n")
                    .append("done:\n")
                    .append("  ret ptr %a\n")
                    .append("fail:\n")
                    .append("  ret ptr null\n")
                    .append("}\n\n");
            sb.append("define internal ptr ").append(MULTI_NEW).append("(ptr %frame, i32 %count, i32 %depth, i64 %leaf");
            for (int d = 0; d < MAX_DIMS; d++) sb.append(", i32 %d").append(d);
            sb.append(") #0 {\nentry:\n  %dims = alloca [").append(MAX_DIMS).append(" x i32], align 4\n");
            for (int d = 0; d < MAX_DIMS; d++) {
                sb.append("  %p").append(d).append(" = getelementptr inbounds i32, ptr %dims, i64 ").append(d).append('\n')
                        .append("  store i32 %d").append(d).append(", ptr %p").append(d).append(", align 4\n");
            }
            sb.append("  br label %c0\n");
            for (int d = 0; d < MAX_DIMS; d++) {
                String next = d + 1 < MAX_DIMS ? "%c" + (d + 1) : "%go";
                sb.append("c").append(d).append(":\n")
                        .append("  %given").append(d).append(" = icmp slt i32 ").append(d).append(", %count\n")
                        .append("  %neg").append(d).append(" = icmp slt i32 %d").append(d).append(", 0\n")
                        .append("  %bad").append(d).append(" = and i1 %given").append(d).append(", %neg").append(d).append('\n')
                        .append("  br i1 %bad").append(d).append(", label %e").append(d).append(", label ").append(next).append('\n')
                        .append("e").append(d).append(":\n")
                        .append("  %v").append(d).append(" = sext i32 %d").append(d).append(" to i64\n")
                        .append("  call void @kiln.raise(ptr %frame, i32 ").append(Fault.NEGATIVE_ARRAY_SIZE.code)
                        .append(", i32 0, i64 %v").append(d).append(", i64 0)\n")
                        .append("  ret ptr null\n");
            }
            sb.append("go:\n  %r = call ptr ").append(MULTI_NEW).append(".level(ptr %frame, ptr %dims, i32 %count, i32 %depth, i64 %leaf, i32 0)\n")
                    .append("  ret ptr %r\n}\n");
            return sb.toString();
        });
        return MULTI_NEW;
    }
}
