package dev.kiln.runtime.abi;

import java.lang.invoke.MethodType;
import java.util.List;

/**
 * How a compiled kernel is called: the contract between the compiler's back end and {@link NativeBinder}.
 *
 * <p>The native function {@code symbol} returns void and takes one {@code ptr} per array parameter, in order (the
 * array's data, passed zero-copy and pinned for the call; null for a null array), padded with unused null pointers
 * up to {@link #arraySlots(int)}, then a last {@code ptr} to this thread's <em>frame</em>. The frame holds the 24-byte
 * {@link Fault} record at offset 0 (zero on entry; native code fills it instead of throwing), the result at
 * {@link #FRAME_RESULT} (the Java return type widened to the JVM's computational type: {@code i32} for boolean,
 * byte, char, short and int; {@code i64}, {@code float}, {@code double}), and from {@link #FRAME_PARAMS} one 8-byte
 * slot per Java parameter in order: {@code i32} for boolean (0/1), byte, char, short and int (widened like the
 * JVM's stack), {@code i64}, {@code float}, {@code double}, and for an array its length as {@code i32} (0 for null).
 *
 * <p>So every kernel with up to eight arrays has one native signature, and the FFM downcall handle, costly to create,
 * is made once per process rather than once per kernel.
 *
 * @param symbol      the exported function, named from the cache key so two different kernels never share a name
 * @param descriptor  the kernel's Java method descriptor, e.g. {@code ([DI)D}
 * @param faultRecord whether native code can fill the fault record (false when nothing reachable can throw)
 * @param messages    exception messages a fault's {@code detail} field indexes (null-pointer and overflow messages)
 */
public record KernelAbi(String symbol, String descriptor, boolean faultRecord, List<String> messages) {
    /** Offset in the frame of the result slot (after the fault record). */
    public static final long FRAME_RESULT = 24;
    /** Offset in the frame of the first parameter slot. */
    public static final long FRAME_PARAMS = 32;

    /** Pointer parameters for {@code arrays} arrays: 8, or the next power of two above. */
    public static int arraySlots(int arrays) {
        return arrays <= 8 ? 8 : Integer.highestOneBit(arrays - 1) << 1;
    }

    public KernelAbi {
        if (!isIdentifier(symbol)) throw new IllegalArgumentException("bad symbol " + symbol);
        messages = List.copyOf(messages);
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
