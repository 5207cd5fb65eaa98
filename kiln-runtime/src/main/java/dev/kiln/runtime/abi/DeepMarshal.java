package dev.kiln.runtime.abi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Array;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One call of a kernel that takes or returns arrays of arrays ({@code double[][]}, {@code int[][][]}). FFM gives
 * native code the address of a Java array only when the array is itself a direct argument of the call, so the rows
 * of a {@code double[][]} cannot be passed in place: every array the kernel can reach from its parameters is copied
 * into native memory once (one copy per distinct array, so rows aliased to each other or to another parameter stay
 * aliased), a table of {@code {ptr data, i64 length}} stands for each array of arrays, and after the call (also when
 * it threw) every copy is written back: elements, and row references the kernel replaced, by the caller's own arrays
 * or by new Java arrays holding what the kernel allocated.
 */
final class DeepMarshal {
    /** Per-thread native memory for the copies, grown on demand and reused (kernels never call back into Java). */
    private static final ThreadLocal<MemorySegment[]> SCRATCH = ThreadLocal.withInitial(() -> new MemorySegment[1]);

    /** Java array → its native copy. */
    private final IdentityHashMap<Object, MemorySegment> copies = new IdentityHashMap<>();
    /** Java array → offset of its copy in the scratch memory, from {@link #measure}. */
    private final IdentityHashMap<Object, Long> offsets = new IdentityHashMap<>();
    private long size;
    private MemorySegment scratch;
    /** Distinct 1-D arrays reachable from the parameters, and whether one is a boolean[] (never in place). */
    private final IdentityHashMap<Object, Integer> leafSlots = new IdentityHashMap<>();
    private boolean booleanLeaf;
    private boolean direct;
    private long patchBytes;
    private long patchCount;
    private MemorySegment patches;
    private Object[] passed;
    /** Native address → the Java array it stands for (copies in, and kernel allocations already copied out). */
    private final Map<Long, Object> byAddress = new HashMap<>();

    static boolean isDeep(Class<?> t) {
        return t.isArray() && t.getComponentType().isArray();
    }

    /** Reserves room for {@code a} and everything reachable from it; call for every argument before {@link #copyIn}. */
    void measure(Object a) {
        if (a == null || offsets.containsKey(a)) return;
        int n = Array.getLength(a);
        Class<?> c = a.getClass().getComponentType();
        long bytes = c.isArray() ? 16L * n : a instanceof boolean[] ? n : ArrayMarshal.heapSegment(a).byteSize();
        offsets.put(a, size);
        size += Math.max((bytes + 15) & ~15L, 16); // at least 16: every copy has its own address
        if (c.isArray()) {
            for (Object row : (Object[]) a) {
                measure(row);
                if (row != null && !row.getClass().getComponentType().isArray()) patchBytes += 16;
            }
        } else {
            leafSlots.putIfAbsent(a, -1);
            if (a instanceof boolean[]) booleanLeaf = true;
        }
    }

    /**
     * Decides whether the 1-D arrays can all be passed in place: as the parameters they are, the others in the pointer
     * slots after the parameters. Returns whether they can; {@code ptrs} then holds every heap segment.
     *
     * @param arrayParams the array arguments in pointer order
     */
    boolean planDirect(Object[] arrayParams, MemorySegment[] ptrs, int slots) {
        int next = arrayParams.length;
        for (int k = 0; k < arrayParams.length; k++) {
            Object a = arrayParams[k];
            if (a != null && !a.getClass().getComponentType().isArray() && leafSlots.get(a) == -1) leafSlots.put(a, k);
        }
        for (var e : leafSlots.entrySet()) if (e.getValue() == -1) next++;
        if (booleanLeaf || next > slots) return false;
        direct = true;
        passed = new Object[slots];
        next = arrayParams.length;
        for (var e : leafSlots.entrySet()) {
            if (e.getValue() == -1) e.setValue(next++);
            int slot = e.getValue();
            ptrs[slot] = ArrayMarshal.heapSegment(e.getKey());
            passed[slot] = e.getKey();
        }
        size += patchBytes;
        return true;
    }

    /** In place: the pointer for an array parameter (a table built in native memory, or the caller's own array). */
    MemorySegment pass(Object a) {
        if (a == null) return MemorySegment.NULL;
        if (!a.getClass().getComponentType().isArray()) return ArrayMarshal.heapSegment(a);
        return table(a);
    }

    private MemorySegment table(Object a) {
        MemorySegment seg = copies.get(a);
        if (seg != null) return seg;
        Object[] rows = (Object[]) a;
        seg = allocate(a, 16L * rows.length);
        remember(a, seg);
        if (patches == null) patches = scratch.asSlice(size - patchBytes, Math.max(patchBytes, 1));
        for (int i = 0; i < rows.length; i++) {
            Object row = rows[i];
            long at = 16L * i;
            if (row == null) {
                seg.set(ValueLayout.JAVA_LONG, at, 0);
            } else if (row.getClass().getComponentType().isArray()) {
                seg.set(ValueLayout.JAVA_LONG, at, table(row).address());
            } else {
                seg.set(ValueLayout.JAVA_LONG, at, 0); // the entry writes the row's address here
                patches.set(ValueLayout.JAVA_LONG, 16 * patchCount, seg.address() + at);
                patches.set(ValueLayout.JAVA_LONG, 16 * patchCount + 8, leafSlots.get(row));
                patchCount++;
            }
            seg.set(ValueLayout.JAVA_LONG, at + 8, row == null ? 0 : Array.getLength(row));
        }
        return seg;
    }

    /** Tells the entry where the patch list is (empty when copying). */
    void publishPatches(MemorySegment frame) {
        frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_PATCHES, direct && patches != null ? patches.address() : 0);
        frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_PATCHES + 8, direct ? patchCount : 0);
    }

    /** After an in-place call: the addresses the arrays had during it, to recognise them in the row tables. */
    void learnAddresses(MemorySegment frame) {
        if (!direct) return;
        for (int k = 0; k < passed.length; k++) {
            if (passed[k] != null) byAddress.put(frame.get(ValueLayout.JAVA_LONG, KernelAbi.FRAME_ARGS + 8L * k), passed[k]);
        }
    }

    private MemorySegment allocate(Object a, long bytes) {
        ensureScratch();
        return scratch.asSlice(offsets.get(a), Math.max(bytes, 1));
    }

    private void ensureScratch() {
        if (scratch == null) {
            MemorySegment[] holder = SCRATCH.get();
            MemorySegment s = holder[0];
            if (s == null || s.byteSize() < size) {
                s = Arena.ofAuto().allocate(Math.max(size, s == null ? 4096 : s.byteSize() * 2), 16);
                holder[0] = s;
            }
            scratch = s;
        }
    }

    /** The native copy of {@code a} (and of everything reachable from it); NULL for null. */
    MemorySegment copyIn(Object a) {
        if (a == null) return MemorySegment.NULL;
        MemorySegment seg = copies.get(a);
        if (seg != null) return seg;
        int n = Array.getLength(a);
        Class<?> c = a.getClass().getComponentType();
        if (c.isArray()) {
            seg = allocate(a, 16L * n);
            remember(a, seg);
            Object[] rows = (Object[]) a;
            for (int i = 0; i < n; i++) {
                Object row = rows[i];
                MemorySegment r = copyIn(row);
                seg.set(ValueLayout.JAVA_LONG, 16L * i, r.address());
                seg.set(ValueLayout.JAVA_LONG, 16L * i + 8, row == null ? 0 : Array.getLength(row));
            }
        } else if (a instanceof boolean[] z) {
            seg = allocate(a, n);
            remember(a, seg);
            for (int i = 0; i < n; i++) seg.set(ValueLayout.JAVA_BYTE, i, z[i] ? (byte) 1 : 0);
        } else {
            MemorySegment heap = ArrayMarshal.heapSegment(a);
            seg = allocate(a, heap.byteSize());
            remember(a, seg);
            MemorySegment.copy(heap, 0, seg, 0, heap.byteSize());
        }
        return seg;
    }

    private void remember(Object a, MemorySegment seg) {
        copies.put(a, seg);
        byAddress.put(seg.address(), a);
    }

    /** Writes every copy back into its Java array: elements first, then the row references of arrays of arrays. */
    void copyBack() {
        for (var e : direct ? java.util.Map.<Object, MemorySegment>of().entrySet() : copies.entrySet()) {
            Object a = e.getKey();
            MemorySegment seg = e.getValue();
            if (a instanceof boolean[] z) {
                for (int i = 0; i < z.length; i++) z[i] = seg.get(ValueLayout.JAVA_BYTE, i) != 0;
            } else if (!a.getClass().getComponentType().isArray()) {
                MemorySegment heap = ArrayMarshal.heapSegment(a);
                MemorySegment.copy(seg, 0, heap, 0, heap.byteSize());
            }
        }
        for (var e : copies.entrySet()) {
            if (e.getKey() instanceof Object[] rows) {
                MemorySegment seg = e.getValue();
                Class<?> c = rows.getClass().getComponentType();
                for (int i = 0; i < rows.length; i++) {
                    Object now = resolve(seg.get(ValueLayout.JAVA_LONG, 16L * i), c);
                    if (now != rows[i]) rows[i] = now;
                }
            }
        }
    }

    /** The Java array for a native array address of type {@code t}: 0 is null. */
    Object resolve(long address, Class<?> t) {
        if (address == 0) return null;
        Object known = byAddress.get(address);
        if (known != null) return known;
        // allocated by the kernel: [next][length] header before the data
        Class<?> c = t.getComponentType();
        if (!c.isArray()) {
            Object out = ArrayMarshal.copyOut(address, c);
            byAddress.put(address, out);
            return out;
        }
        int n = (int) ArrayMarshal.NATIVE.get(ValueLayout.JAVA_LONG, address - KernelAbi.ARRAY_HEADER + 8);
        Object[] out = (Object[]) Array.newInstance(c, n);
        byAddress.put(address, out);
        for (int i = 0; i < n; i++) out[i] = resolve(ArrayMarshal.NATIVE.get(ValueLayout.JAVA_LONG, address + 16L * i), c);
        return out;
    }

    void close() {
        scratch = null;
    }
}
