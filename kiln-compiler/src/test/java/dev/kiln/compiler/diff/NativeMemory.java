package dev.kiln.compiler.diff;

import javax.management.ObjectName;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Native memory that code outside the JVM's own bookkeeping holds: what glibc's malloc has handed out and not had
 * back ({@code mallinfo2}), less what HotSpot itself has malloc'd for the JIT, GC, code cache, symbols... as Native
 * Memory Tracking counts it. The JVM's share moves by tens of MB while C2 compiles (its arenas), so a figure that
 * includes it cannot tell a leak from a compilation in flight. Allocations through {@code Unsafe} and FFM arenas
 * (NMT's "Other": the per-thread kernel frames and marshalling scratch) stay in the figure, as do the blocks kernels
 * {@code calloc}. Needs {@code -XX:NativeMemoryTracking=summary}.
 */
final class NativeMemory {
    private NativeMemory() {
    }

    private static final Pattern TOTAL_MALLOC = Pattern.compile("Total:[^\\n]*\\n\\s*malloc: (\\d+)KB");
    private static final Pattern OTHER_MALLOC = Pattern.compile("\\(malloc=(\\d+)KB tag=Other ");
    /** Two readings of the JVM's malloc further apart than this bracket a burst (a compilation): read again. */
    private static final long STEADY_KB = 256;

    /** Whether the JVM tracks its native memory (else {@link #outsideJvmKb()} cannot be measured). */
    static boolean tracked() {
        return nmtSummary().contains("Total:");
    }

    /** Kilobytes malloc'd and not freed by everything but HotSpot's internal (non-"Other") allocations. */
    static long outsideJvmKb() throws Throwable {
        long result = 0;
        for (int attempt = 0; attempt < 50; attempt++) {
            long before = jvmInternalKb();
            long glibc = glibcInUse() / 1024;
            long after = jvmInternalKb();
            result = glibc - (before + after) / 2;
            if (Math.abs(after - before) <= STEADY_KB) return result;
            Thread.sleep(20);
        }
        return result;
    }

    /** HotSpot's malloc'd kilobytes (NMT), without "Other" (Unsafe and FFM allocations made for Java code). */
    static long jvmInternalKb() {
        String s = nmtSummary();
        Matcher total = TOTAL_MALLOC.matcher(s);
        Matcher other = OTHER_MALLOC.matcher(s);
        if (!total.find() || !other.find()) throw new IllegalStateException("unexpected NMT summary:\n" + s);
        return Long.parseLong(total.group(1)) - Long.parseLong(other.group(1));
    }

    static String nmtSummary() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary", "scale=KB"}}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException("cannot read Native Memory Tracking", e);
        }
    }

    /** Bytes glibc's malloc has handed out and not had back, over all arenas ({@code mallinfo2}). */
    static long glibcInUse() throws Throwable {
        Linker linker = Linker.nativeLinker();
        MemoryLayout fields = MemoryLayout.sequenceLayout(10, ValueLayout.JAVA_LONG);
        MemorySegment sym = linker.defaultLookup().find("mallinfo2").orElseThrow();
        MethodHandle h = linker.downcallHandle(sym, FunctionDescriptor.of(MemoryLayout.structLayout(fields)));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) h.invoke((SegmentAllocator) arena);
            long hblkhd = info.getAtIndex(ValueLayout.JAVA_LONG, 4);   // mmap'd blocks
            long uordblks = info.getAtIndex(ValueLayout.JAVA_LONG, 7); // chunks in use
            return hblkhd + uordblks;
        }
    }
}
