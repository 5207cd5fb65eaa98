package dev.kiln.runtime.abi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * One call of a kernel that takes or returns arrays of arrays ({@code double[][]}, {@code int[][][]}). Each array of
 * arrays becomes a table of {@code {ptr data, i64 length}} rows in reusable per-thread native memory (one table per
 * distinct array, so aliases stay aliases). FFM gives native code the address of a Java array only when the array is
 * itself a direct argument of the downcall, so:
 * <ul>
 * <li><b>in place</b> (up to {@link KernelAbi#DIRECT_SLOTS} distinct 1-D arrays, none a {@code boolean[]}): every
 * 1-D array is a pointer argument (the parameters first), and the entry patches the rows' addresses into the tables
 * (see {@link KernelAbi#FRAME_PATCHES}); nothing is copied;</li>
 * <li><b>copied</b> otherwise: every reachable array is copied into native memory once and back after the call.</li>
 * </ul>
 * After the call (also when it threw) the tables are read back: row references the kernel replaced become the
 * caller's own arrays, or new Java arrays holding what the kernel allocated.
 */
final class DeepMarshal {
    /** Per-thread native memory for tables, copies and patches; grown on demand, reused (kernels never call Java). */
    private static final ThreadLocal<MemorySegment[]> SCRATCH = ThreadLocal.withInitial(() -> new MemorySegment[1]);

    /** What one distinct Java array becomes. */
    private static final class Node {
        final Object array;
        final boolean table;
        long offset;
        int slot = -1;
        MemorySegment seg;

        Node(Object array, boolean table) {
            this.array = array;
            this.table = table;
        }
    }

    private final IdentityHashMap<Object, Node> nodes = new IdentityHashMap<>();
    private final List<Node> tables = new ArrayList<>();
    private final List<Node> leaves = new ArrayList<>();
    private long tableBytes;
    private long leafBytes;
    private long rowEntries;
    private boolean booleanLeaf;
    private boolean direct;
    private MemorySegment scratch;
    private long patchCount;
    private MemorySegment patches;
    private Object[] passed;
    /** Native address → Java array, built after the call (see {@link #resolve}). */
    private HashMap<Long, Object> byAddress;

    static boolean isDeep(Class<?> t) {
        return t.isArray() && t.getComponentType().isArray();
    }

    /** Records {@code a} and everything reachable from it; call for every array argument first. */
    void measure(Object a) {
        if (a == null || nodes.containsKey(a)) return;
        boolean table = a.getClass().getComponentType().isArray();
        Node n = new Node(a, table);
        nodes.put(a, n);
        if (table) {
            Object[] rows = (Object[]) a;
            n.offset = tableBytes;
            tableBytes += Math.max(16L * rows.length, 16); // at least 16: every table has its own address
            tables.add(n);
            rowEntries += rows.length;
            for (Object row : rows) measure(row);
        } else {
            long bytes = a instanceof boolean[] z ? z.length : ArrayMarshal.heapSegment(a).byteSize();
            n.offset = leafBytes;
            leafBytes += Math.max((bytes + 15) & ~15L, 16);
            leaves.add(n);
            if (a instanceof boolean[]) booleanLeaf = true;
        }
    }

    /**
     * Whether every 1-D array can go in place: the parameters in their pointer slots, the other rows after them.
     * If so, {@code ptrs} receives the heap segments of the rows that are not parameters.
     *
     * @param arrayParams the array arguments in pointer order
     */
    boolean planDirect(Object[] arrayParams, MemorySegment[] ptrs, int slots) {
        if (booleanLeaf) return false;
        for (int k = 0; k < arrayParams.length; k++) {
            Node n = arrayParams[k] == null ? null : nodes.get(arrayParams[k]);
            if (n != null && !n.table && n.slot < 0) n.slot = k;
        }
        int next = arrayParams.length;
        for (Node n : leaves) if (n.slot < 0) next++;
        if (next > slots) {
            for (Node n : leaves) n.slot = -1;
            return false;
        }
        direct = true;
        passed = new Object[slots];
        next = arrayParams.length;
        for (Node n : leaves) {
            if (n.slot < 0) n.slot = next++;
            ptrs[n.slot] = ArrayMarshal.heapSegment(n.array);
            passed[n.slot] = n.array;
        }
        return true;
    }

    private void ensureScratch() {
        if (scratch != null) return;
        long need = tableBytes + (direct ? 16 * rowEntries : leafBytes) + 16;
        MemorySegment[] holder = SCRATCH.get();
        MemorySegment s = holder[0];
        if (s == null || s.byteSize() < need) {
            s = Arena.ofAuto().allocate(Math.max(need, s == null ? 4096 : s.byteSize() * 2), 16);
            holder[0] = s;
        }
        scratch = s;
        if (direct) patches = s.asSlice(tableBytes, Math.max(16 * rowEntries, 1));
    }

    /** The pointer for an array argument: its table, or (in place) the caller's own 1-D array, or its copy. */
    MemorySegment pass(Object a) {
        if (a == null) return MemorySegment.NULL;
        ensureScratch();
        Node n = nodes.get(a);
        if (n.table) return table(n);
        return direct ? ArrayMarshal.heapSegment(a) : copy(n);
    }

    private MemorySegment table(Node n) {
        if (n.seg != null) return n.seg;
        Object[] rows = (Object[]) n.array;
        MemorySegment seg = scratch.asSlice(n.offset, Math.max(16L * rows.length, 16));
        n.seg = seg;
        for (int i = 0; i < rows.length; i++) {
            Object row = rows[i];
            long at = 16L * i;
            long address = 0;
            if (row != null) {
                Node r = nodes.get(row);
                if (r.table) {
                    address = table(r).address();
                } else if (direct) {
                    patches.set(ValueLayout.JAVA_LONG, 16 * patchCount, seg.address() + at); // the entry writes it
                    patches.set(ValueLayout.JAVA_LONG, 16 * patchCount + 8, r.slot);
                    patchCount++;
                } else {
                    address = copy(r).address();
                }
            }
            seg.set(ValueLayout.JAVA_LONG, at, address);
            seg.set(ValueLayout.JAVA_LONG, at + 8, row == null ? 0 : Array.getLength(row));
        }
        return seg;
    }

    private MemorySegment copy(Node n) {
        if (n.seg != null) return n.seg;
        MemorySegment seg;
        if (n.array instanceof boolean[] z) {
            seg = scratch.asSlice(tableBytes + n.offset, Math.max(z.length, 1));
            for (int i = 0; i < z.length; i++) seg.set(ValueLayout.JAVA_BYTE, i, z[i] ? (byte) 1 : 0);
        } else {
            long bytes = ArrayMarshal.heapSegment(n.array).byteSize();
            seg = scratch.asSlice(tableBytes + n.offset, Math.max(bytes, 1));
            ArrayMarshal.fromArray(n.array, seg, 0);
        }
        n.seg = seg;
        return seg;
    }

    /** Tells the entry where the patch list is (empty when copying). */
    void publishPatches(MemorySegment frame) {
        frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_PATCHES, direct && patches != null ? patches.address() : 0);
        frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_PATCHES + 8, direct ? patchCount : 0);
    }

    /**
     * After the call: the frame forgets the patch list, whose memory is this thread's scratch (reused, and freed by the
     * GC when it grows), so no later entry can ever apply a list that no longer describes live tables.
     */
    void retractPatches(MemorySegment frame) {
        frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_PATCHES, 0);
        frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_PATCHES + 8, 0);
    }

    /** After the call: element copies written back (when copying), then every table's rows. */
    void copyBack(MemorySegment frame) {
        byAddress = new HashMap<>();
        for (Node n : tables) if (n.seg != null) byAddress.put(n.seg.address(), n.array);
        if (direct) {
            // the addresses the 1-D arrays had during the call, as the entry recorded them
            for (int k = 0; k < passed.length; k++) {
                if (passed[k] != null) byAddress.put(frame.get(ValueLayout.JAVA_LONG, KernelAbi.FRAME_ARGS + 8L * k), passed[k]);
            }
        } else {
            for (Node n : leaves) {
                if (n.seg == null) continue;
                byAddress.put(n.seg.address(), n.array);
                if (n.array instanceof boolean[] z) {
                    for (int i = 0; i < z.length; i++) z[i] = n.seg.get(ValueLayout.JAVA_BYTE, i) != 0;
                } else {
                    ArrayMarshal.toArray(n.seg, 0, n.array);
                }
            }
        }
        for (Node n : tables) {
            if (n.seg == null) continue;
            Object[] rows = (Object[]) n.array;
            Class<?> c = rows.getClass().getComponentType();
            for (int i = 0; i < rows.length; i++) {
                Object now = resolve(n.seg.get(ValueLayout.JAVA_LONG, 16L * i), c);
                if (now != rows[i]) rows[i] = now;
            }
        }
    }

    /** The Java array for a native array address of type {@code t}: 0 is null. Call after {@link #copyBack}. */
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
