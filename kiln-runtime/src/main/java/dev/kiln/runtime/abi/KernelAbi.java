package dev.kiln.runtime.abi;

import java.lang.invoke.MethodType;
import java.util.List;

/**
 * How a compiled kernel is called: the contract between the compiler's back end and {@link NativeBinder}.
 *
 * <p>The native function {@code symbol} returns void and takes one {@code ptr} per array parameter, in order (the
 * array's data, passed zero-copy and pinned for the call; null for a null array), one more for a kernel returning an
 * array (see {@link #FRAME_RESULT_ARRAY}), then a last {@code ptr} to this thread's <em>frame</em>
 * ({@link #pointerSlots(int, boolean, boolean)}; kernels with arrays of arrays take more, see {@link #DIRECT_SLOTS}). The frame holds the 24-byte
 * {@link Fault} record at offset 0 (zero on entry; native code fills it instead of throwing), the result at
 * {@link #FRAME_RESULT} (the Java return type widened to the JVM's computational type: {@code i32} for boolean,
 * byte, char, short and int; {@code i64}, {@code float}, {@code double}), and from {@link #FRAME_PARAMS} one 8-byte
 * slot per Java parameter in order: {@code i32} for boolean (0/1), byte, char, short and int (widened like the
 * JVM's stack), {@code i64}, {@code float}, {@code double}, and for an array its length as {@code i32} (0 for null).
 * A kernel returning an array leaves in the result slot an {@code i64}: 0 for null, {@code -(k+1)} when it is the
 * array passed as the k-th pointer argument, else the data pointer of an array it allocated (see {@link #FRAME_ALLOCS}).
 *
 * <p>So kernels with the same sequence of array element types share one native signature, and the FFM downcall
 * handle, costly to create, is made once per process for all of them rather than once per kernel.
 *
 * @param symbol      the exported function, named from the cache key so two different kernels never share a name
 * @param descriptor  the kernel's Java method descriptor, e.g. {@code ([DI)D}
 * @param faultRecord whether native code can fill the fault record (false when nothing reachable can throw)
 * @param throwSites  the kernel's {@code throw} statements a fault with code 11 indexes by {@code detail}
 * @param callSites   calls a thrown exception can unwind through, for its stack trace
 * @param messages    exception messages a fault's {@code detail} field indexes (null-pointer and overflow messages)
 * @param rowsWritten whether the kernel may store into a row of an array of arrays (a 1-D array it neither
 *                    allocated nor took as a 1-D parameter) or compare rows by identity; when false, the copying
 *                    call path does not copy rows back and copies a row once per place it occurs (see
 *                    {@code DeepMarshal})
 * @param resultLength the length of the new array the kernel returns, when the Java side may allocate it before the
 *                     call (or, {@linkplain ResultLength#isAsked() asked}, once the kernel says it) and pass it as the
 *                     pointer argument after the parameters' (a kernel with arrays of arrays: after the rows', named
 *                     in the frame; see {@link #FRAME_RESULT_ARRAY}); null when it may not
 * @param zeroArrays  whether the kernel reads and writes no element of any primitive array, so that every array it
 *                    allocates is zero when it returns: the Java side then makes an array it returns (or a row of
 *                    one) as a new zeroed array of its length instead of copying it out
 */
public record KernelAbi(String symbol, String descriptor, boolean faultRecord, List<String> messages,
                        List<ThrowSite> throwSites, List<SourceFrame> callSites, boolean rowsWritten,
                        ResultLength resultLength, boolean zeroArrays) {
    /** Offset in the frame of the result slot (after the fault record). */
    public static final long FRAME_RESULT = 24;
    /** Offset in the frame of the first parameter slot. */
    public static final long FRAME_PARAMS = 32;
    /**
     * Offset in the frame of the head of the list of native arrays the call allocated (null on entry). Each block is
     * {@code [ptr next][i64 length][data]} and the array value is its data pointer; the Java side copies out what
     * escapes and frees every block after the call, on every exit path.
     */
    public static final long FRAME_ALLOCS = FRAME_PARAMS + 8L * 255;
    /** Offset in the frame of the byte limit for one allocation (the JVM's maximum heap): above it, OutOfMemoryError. */
    public static final long FRAME_HEAP_LIMIT = FRAME_ALLOCS + 8;
    /**
     * Kernels with an array-of-arrays parameter take up to {@link #DIRECT_SLOTS} pointers: the parameters', then rows
     * passed in place (zero-copy). Such a kernel exports one entry per {@link #entrySlots row bucket} (the largest
     * under {@code symbol}, the others under {@link #entrySymbol}), so that a call pays FFM for the pointer arguments
     * it has, not for the most any call has; each entry stores its pointer arguments at {@link #FRAME_ARGS} (so the
     * Java side can tell which caller array a pointer left in a row table stands for) and runs the kernel's one body,
     * which reads them from there and applies the {@link #FRAME_PATCHES} list of {@code (i64 address, i64 slot)}
     * pairs, writing pointer argument {@code slot} at each address (the rows' data pointers in the tables the Java
     * side built). 48, not FFM's limit of 84 (255 slots of a method type, three per heap segment): a critical
     * downcall with 64 heap segments cost 5 µs more a call than one with 48 (its adapter no longer compiles), while
     * each segment up to 48 costs about as much as copying a 100-double row in (30-40 ns); so the entries above
     * {@link #CHEAP_SLOTS} are taken only where they save more than they cost (see {@code DeepMarshal}).
     */
    public static final int DIRECT_SLOTS = 48;
    /**
     * The largest row bucket a call takes whatever its rows: up to here a row in place costs no more than a copy of
     * it, from here on only long rows a kernel reads only are worth a pointer argument (see {@code DeepMarshal}).
     */
    public static final int CHEAP_SLOTS = 32;
    /** Pointer counts of the row buckets below {@link #DIRECT_SLOTS}. */
    private static final int[] ROW_BUCKETS = {4, 8, 16, CHEAP_SLOTS};
    /** Offset in the frame of the patch list pointer; the patch count follows at +8. */
    public static final long FRAME_PATCHES = FRAME_HEAP_LIMIT + 8;
    /**
     * Offset in the frame of the copies of the pointer arguments, {@link #ARGS_SLOTS} of them: the entry of every
     * kernel that takes or returns an array of arrays stores its pointer arguments here, so that the Java side can
     * resolve an address left in a row table or a returned array of arrays to the caller's array it stands for (FFM
     * never tells Java a heap array's address). The Java side zeroes them after the call: none outlives it.
     */
    public static final long FRAME_ARGS = FRAME_PATCHES + 16;
    /** Pointer arguments {@link #FRAME_ARGS} has room for: the most a kernel can take (255 parameters, padded). */
    public static final int ARGS_SLOTS = 256;
    /**
     * Offset in the frame of the stack limit (an address, {@code i64}) that recursive functions check: 0 until native
     * code computes it from the thread's stack; the Java side zeroes it on virtual threads (their carrier can change).
     */
    public static final long FRAME_STACK_LIMIT = FRAME_ARGS + 8L * ARGS_SLOTS;
    /** Call sites a thrown exception unwound through ({@code i32} each, innermost first; fault code 11). */
    public static final long FRAME_TRACE = FRAME_STACK_LIMIT + 8;
    /** Call sites recorded per throw at most (HotSpot's MaxJavaStackTraceDepth: its traces stop at 1024 frames). */
    public static final int TRACE_MAX = 1024;
    /**
     * Offset in the frame of the per-thread bump arena for small arrays: {@code i64 start, i64 cur, i64 end} (native
     * addresses; the memory is the end of the frame, {@link #ARENA_DATA}). Every entry of a kernel that allocates
     * resets {@code cur} to {@code start}; an allocation that fits takes {@code [cur, cur + size)} (zeroed, header
     * {@code [null][length]}, never on the allocation list), one that does not falls back to {@code calloc}. Calls on
     * one thread never overlap, and the Java side reads what a call returned before the thread's next call, so no
     * block outlives its use. A {@code malloc}/{@code free} pair costs 50-180 ns from a JVM thread; a bump, a few.
     */
    public static final long FRAME_ARENA = FRAME_TRACE + 4L * TRACE_MAX;
    /**
     * Offset in the frame of the result array the Java side allocated ({@code ptr}, null when none; its length follows
     * as an {@code i32} at +8). A kernel with a {@link #resultLength} takes it as the pointer argument after its array
     * parameters' and its length from the parameter slot after its parameters'; its entry stores both here. The
     * allocation the compiler marked takes the array instead of allocating when the pointer is not null and the
     * length is the one it needs, and clears the pointer: it is taken at most once per call. When the array is a
     * clone already made ({@link ResultLength#isClone()}), the entry stores the source parameter's pointer at +16, and
     * only a clone of that very array takes it. When it is another copy of a parameter ({@link ResultLength#copyOf()}),
     * the entry stores the source's pointer at +16, the array's again at +24, where it stays until the first
     * {@code System.arraycopy} into it, and the index the copy starts at in the source ({@code i32}) at +32: that
     * copy leaves the array as it is when it copies what the Java side did, and zeroes it first when not.
     *
     * <p>For an {@linkplain ResultLength#isAsked() asked} length (kernels with arrays of arrays, whose entries take
     * their pointers by row bucket) the Java side sets the {@code i32} at +36 before each call: -1 asks (the allocation,
     * finding no array, stops the call with {@link Fault#RESULT_WANTED} when its length is not negative), {@code k+1}
     * passes the result array as pointer argument {@code k} (its length at +8, written by the Java side), 0 neither;
     * the entry stores that pointer argument (or null) at +0, and the Java side sets +36 back to 0 after the call.
     */
    public static final long FRAME_RESULT_ARRAY = FRAME_ARENA + 24;
    /** Offset in the frame of the arena's memory (16-byte aligned within a 16-byte aligned frame). */
    public static final long ARENA_DATA = (FRAME_RESULT_ARRAY + 40 + 15) & ~15L;
    /** Bytes in the arena: arrays up to about 2,000 doubles in all per call. */
    public static final long ARENA_BYTES = 16384;
    public static final long FRAME_SIZE = ARENA_DATA + ARENA_BYTES;
    /** Bytes before an allocated array's data: the next pointer and the length. */
    public static final long ARRAY_HEADER = 16;
    /** Lengths from this one up are refused like HotSpot does ("Requested array size exceeds VM limit"). */
    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 1;

    /** Pointer parameters of a kernel of this Java type (its largest entry's, under {@code symbol}). */
    public static int pointerSlots(java.lang.invoke.MethodType t) {
        int arrays = 0;
        boolean deep = false;
        for (Class<?> p : t.parameterList()) {
            if (p.isArray()) arrays++;
            if (p.isArray() && p.getComponentType().isArray()) deep = true;
        }
        return pointerSlots(arrays, deep, t.returnType().isArray());
    }

    /**
     * Pointer parameters of a kernel with {@code arrays} array parameters, {@code deep} if one is an array of arrays,
     * {@code arrayResult} if it returns an array: one per array parameter, and for an array result one more, where
     * the Java side may pass the result array ({@link #FRAME_RESULT_ARRAY}). Not padded: every pointer argument of a
     * critical downcall costs (FFM splits each into a base and an offset, nine of them spill to the stack, and the
     * more segments a call takes, the likelier C2 stops inlining their unboxing and allocates them), and the downcall
     * handle is one per sequence of element types anyway, which fixes the count.
     */
    public static int pointerSlots(int arrays, boolean deep, boolean arrayResult) {
        return deep ? Math.max(DIRECT_SLOTS, deepSlots(arrays)) : arrays + (arrayResult ? 1 : 0);
    }

    /**
     * The pointer counts of the kernel's entries, ascending: for a kernel with an array-of-arrays parameter every row
     * bucket that holds its array parameters, then {@link #pointerSlots(int, boolean, boolean)}; else that one alone.
     */
    public static int[] entrySlots(int arrays, boolean deep, boolean arrayResult) {
        int last = pointerSlots(arrays, deep, arrayResult);
        if (!deep) return new int[] {last};
        int n = 0;
        for (int b : ROW_BUCKETS) if (b >= arrays && b < last) n++;
        int[] out = new int[n + 1];
        int i = 0;
        for (int b : ROW_BUCKETS) if (b >= arrays && b < last) out[i++] = b;
        out[n] = last;
        return out;
    }

    /** The exported name of the entry taking {@code slots} pointers, one of {@link #entrySlots} but the last. */
    public static String entrySymbol(String symbol, int slots) {
        return symbol + "_p" + slots;
    }

    /** Pointer parameters of the largest entry of a kernel with arrays of arrays: 8, or the next power of two above. */
    private static int deepSlots(int arrays) {
        return arrays <= 8 ? 8 : Integer.highestOneBit(arrays - 1) << 1;
    }

    public KernelAbi {
        if (!isIdentifier(symbol)) throw new IllegalArgumentException("bad symbol " + symbol);
        messages = List.copyOf(messages);
        throwSites = List.copyOf(throwSites);
        callSites = List.copyOf(callSites);
        if (resultLength != null && !resultLength.fits(MethodType.fromMethodDescriptorString(descriptor,
                KernelAbi.class.getClassLoader()))) {
            throw new IllegalArgumentException("result length " + resultLength.encode() + " does not fit " + descriptor);
        }
    }

    /** A kernel that may touch array elements. */
    public KernelAbi(String symbol, String descriptor, boolean faultRecord, List<String> messages,
                     List<ThrowSite> throwSites, List<SourceFrame> callSites, boolean rowsWritten,
                     ResultLength resultLength) {
        this(symbol, descriptor, faultRecord, messages, throwSites, callSites, rowsWritten, resultLength, false);
    }

    /** A kernel that may write rows, whose result (if an array) the Java side never passes in. */
    public KernelAbi(String symbol, String descriptor, boolean faultRecord, List<String> messages,
                     List<ThrowSite> throwSites, List<SourceFrame> callSites) {
        this(symbol, descriptor, faultRecord, messages, throwSites, callSites, true, null);
    }

    /** A kernel that may write rows, with the length of a result array the Java side may pass in. */
    public KernelAbi(String symbol, String descriptor, boolean faultRecord, List<String> messages,
                     List<ThrowSite> throwSites, List<SourceFrame> callSites, ResultLength resultLength) {
        this(symbol, descriptor, faultRecord, messages, throwSites, callSites, true, resultLength);
    }

    /** A kernel whose result (if an array) the Java side never passes in. */
    public KernelAbi(String symbol, String descriptor, boolean faultRecord, List<String> messages,
                     List<ThrowSite> throwSites, List<SourceFrame> callSites, boolean rowsWritten) {
        this(symbol, descriptor, faultRecord, messages, throwSites, callSites, rowsWritten, null);
    }

    /** A kernel without throw statements that may write rows. */
    public KernelAbi(String symbol, String descriptor, boolean faultRecord, List<String> messages) {
        this(symbol, descriptor, faultRecord, messages, List.of(), List.of());
    }

    /** {@code [A-Za-z_][A-Za-z0-9_]*}, checked without a regex (every cache hit parses one). */
    private static boolean isIdentifier(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) return false;
        }
        return true;
    }

    public MethodType javaType() {
        return MethodType.fromMethodDescriptorString(descriptor, KernelAbi.class.getClassLoader());
    }
}
