package dev.kiln.runtime.abi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The fault record native code fills instead of throwing: {@code i32 code} at 0, {@code i32 detail} at 4,
 * {@code i64 a} at 8, {@code i64 b} at 16. Native code returns at once after filling it (callers check after every
 * call that can fault), and the Java side turns it into the exception HotSpot would have thrown.
 */
public enum Fault {
    NONE(0),
    /** a = index, b = length. */
    INDEX_OUT_OF_BOUNDS(1),
    /** Integer division or remainder by zero. */
    DIVIDE_BY_ZERO(2),
    /** {@code Math.*Exact} overflow; detail indexes the message ("integer overflow", "long overflow", ...). */
    ARITHMETIC(3),
    /** Null array dereference; detail indexes the helpful NullPointerException message. */
    NULL_POINTER(4),
    /** Recursion reached the thread's stack limit (with a safety margin); Java would run out of stack too. */
    STACK_OVERFLOW(5),
    /** {@code new T[a]} with a negative a; the message is the length. */
    NEGATIVE_ARRAY_SIZE(6),
    /** An allocation that cannot be satisfied; detail indexes the message. */
    OUT_OF_MEMORY(7),
    /** ArrayIndexOutOfBoundsException whose message is messages[detail] with {a} and {b} replaced. */
    INDEX_OUT_OF_BOUNDS_TEXT(8),
    /** IllegalArgumentException whose message is messages[detail] with {a} and {b} replaced. */
    ILLEGAL_ARGUMENT(9),
    /** ArrayStoreException with messages[detail]. */
    ARRAY_STORE(10),
    /**
     * A {@code throw} statement: detail indexes {@link KernelAbi#throwSites()}, the message's values are in the
     * frame's parameter slots, a counts the call sites recorded at {@link KernelAbi#FRAME_TRACE}.
     */
    THROW(11),
    /**
     * Not an exception: the kernel reached its result allocation with an {@linkplain ResultLength#isAsked() asked}
     * length, a = the length; the Java side allocates the array and calls again (see
     * {@link KernelAbi#FRAME_RESULT_ARRAY}). Only a call that asked for it can see it.
     */
    RESULT_WANTED(12);

    public static final long SIZE = 24;
    public final int code;

    Fault(int code) {
        this.code = code;
    }

    /**
     * Reads the record; if a fault is set, clears it and returns the exception to throw (built as HotSpot would:
     * same class, same message, the kernel's frames on top of the caller's), else null.
     */
    public static Throwable take(MemorySegment frame, FaultTable table) {
        int code = frame.get(ValueLayout.JAVA_INT, 0);
        if (code == 0) return null;
        int detail = frame.get(ValueLayout.JAVA_INT, 4);
        long a = frame.get(ValueLayout.JAVA_LONG, 8);
        long b = frame.get(ValueLayout.JAVA_LONG, 16);
        frame.set(ValueLayout.JAVA_INT, 0, 0);
        return switch (code) {
            case 1 -> new ArrayIndexOutOfBoundsException("Index " + a + " out of bounds for length " + b);
            case 2 -> new ArithmeticException("/ by zero");
            case 3 -> new ArithmeticException(message(table.messages(), detail));
            case 4 -> new NullPointerException(message(table.messages(), detail));
            case 5 -> new StackOverflowError(); // HotSpot's has no message
            case 6 -> new NegativeArraySizeException(Long.toString(a));
            case 7 -> new OutOfMemoryError(message(table.messages(), detail));
            case 8 -> new ArrayIndexOutOfBoundsException(format(message(table.messages(), detail), a, b));
            case 9 -> new IllegalArgumentException(format(message(table.messages(), detail), a, b));
            case 10 -> new ArrayStoreException(message(table.messages(), detail));
            case 11 -> table.thrown(frame, detail, (int) Math.min(a, KernelAbi.TRACE_MAX), a);
            default -> new IllegalStateException("kernel reported unknown fault code " + code);
        };
    }

    private static String format(String template, long a, long b) {
        return template == null ? null : template.replace("{a}", Long.toString(a)).replace("{b}", Long.toString(b));
    }

    private static String message(List<String> messages, int detail) {
        return detail >= 0 && detail < messages.size() ? messages.get(detail) : null;
    }
}
