package dev.kiln.runtime.bind;

import dev.kiln.runtime.abi.KernelAbi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Array;
import java.util.HashMap;

/**
 * One call of a kernel that takes or returns arrays of arrays ({@code double[][]}, {@code int[][][]}). Each array of
 * arrays becomes a table of {@code {ptr data, i64 length}} rows in reusable per-thread native memory (one table per
 * distinct array, so aliases stay aliases). FFM gives native code the address of a Java array only when the array is
 * itself a direct argument of the downcall, so:
 * <ul>
 * <li><b>in place</b> (up to {@link KernelAbi#DIRECT_SLOTS} distinct 1-D arrays, none a {@code boolean[]}): every
 * 1-D array is a pointer argument (the parameters first), and the entry patches the rows' addresses into the tables
 * (see {@link KernelAbi#FRAME_PATCHES}); nothing is copied;</li>
 * <li><b>mixed</b> otherwise: the 1-D parameters (but {@code boolean[]} ones) go in place, then rows take the pointer
 * arguments left, in table order, and the rest (and every {@code boolean[]} row) are copied into native memory and
 * back after the call. Every distinct array is either in place wherever it occurs or has one copy that every place it
 * occurs points to, so aliases stay aliases: a row that is also a 1-D parameter is patched to the parameter's pointer
 * argument. When the kernel neither writes rows nor compares them ({@code rowsWritten} false), nothing can tell two
 * copies of one row apart: each place a row occurs gets its own pointer argument or its own copy, found without an
 * identity lookup and never copied back, except a row that is also a 1-D parameter (the kernel may write it through
 * the parameter).</li>
 * </ul>
 * After the call (also when it threw) the tables are read back: a row still holding the pointer it was given is the
 * caller's row unchanged; any other pointer (the kernel replaced the row) becomes the caller's own array it stands for,
 * or a new Java array holding what the kernel allocated.
 *
 * <p>Per-call cost matters (a 16×16 mat-vec runs in ~100 ns on HotSpot), so one instance per thread is reused and its
 * bookkeeping is flat arrays and an identity hash table cleared entry by entry: no maps, nodes or boxing per call.
 * Kernels never call back into Java, so a thread is never inside two calls at once.
 */
final class DeepMarshal {
    private static final ThreadLocal<DeepMarshal> CURRENT = ThreadLocal.withInitial(DeepMarshal::new);
    private static final MemorySegment NATIVE = ArrayMarshal.NATIVE;

    // identity table: array -> node index + 1 (open addressing, linear probing)
    private Object[] keys = new Object[64];
    private int[] ids = new int[64];
    private int[] slotOf = new int[32]; // where each node sits in keys, to clear it after the call

    // one node per distinct array reachable from the arguments
    private int count;
    private Object[] node = new Object[32];
    private boolean[] isTable = new boolean[32];
    private long[] offset = new long[32]; // tables: in the table area; copied 1-D arrays: in the copy area
    private int[] tables = new int[8];
    private int tableCount;
    private int[] leaves = new int[32];
    private int leafCount;
    /**
     * Copied leaves that are also 1-D parameters (or {@code boolean[]} ones), which the kernel may write even when it
     * writes no row; the others are copied back only when the kernel may write rows.
     */
    private boolean[] paramLeaf = new boolean[32];
    private boolean rowsWritten;
    /**
     * The node of every row of every distinct table, in table order ({@link #NULL_ROW}, {@link #ARG_ROW}): found
     * once per call, so that laying out and reading back walk the rows again without an identity lookup per row (a
     * 3-D argument has tens of thousands of rows, and each lookup is a likely cache miss in a large table).
     */
    private int[] rowNode = new int[64];
    /**
     * Every row of every distinct table as {@link #measure} read it, in table order, and its byte size (-1 for a
     * sub-table): later passes take these instead of reading the tables (and each row's header) again, which for a
     * few thousand small rows meant a cache miss per row per pass; and a table another thread changes during the
     * call cannot make a pass copy more than the one before it reserved.
     */
    private Object[] rowObj = new Object[64];
    private long[] rowBytes = new long[64];
    private static final int NULL_ROW = -1;
    /** In place: a 1-D row, in the next pointer argument. */
    private static final int ARG_ROW = -2;
    /** Copied, read only: a 1-D row with a copy of its own for this place, at {@link #rowCopy}. */
    private static final int OWN_ROW = -3;
    /** For each {@link #OWN_ROW} place: its copy's offset in the copy area. */
    private long[] rowCopy = new long[64];
    /** For each {@link #ARG_ROW} place: its pointer argument. */
    private int[] rowSlot = new int[64];
    /** Mixed: for each 1-D node, its pointer argument when it goes in place, else -1 (copied, one of {@link #leaves}). */
    private int[] nodeSlot = new int[32];

    private void ensureRows(long n) {
        if (n <= rowObj.length) return;
        int m = (int) Math.max(n, 2L * rowObj.length);
        rowObj = java.util.Arrays.copyOf(rowObj, m);
        rowBytes = java.util.Arrays.copyOf(rowBytes, m);
        rowNode = new int[m]; // filled by planDirect, after every measure
        rowCopy = new long[m];
        rowSlot = new int[m];
    }

    private long tableBytes;
    private long leafBytes;
    private long rowEntries;
    private boolean booleanLeaf;
    private boolean direct;
    private long base; // scratch address: tables, then patches (in place) or copies
    private long patchCount;
    private long rowLeaves; // rows that are 1-D arrays, once per place they occur in a distinct table
    private long rowLeafBytes; // their bytes, as many times
    private int firstRow; // in place: the pointer argument of the first such row
    private Object[] passed = new Object[KernelAbi.DIRECT_SLOTS]; // in place: the array in each pointer argument
    private int used; // pointer arguments in use
    /** The pointer arguments' addresses during the call as the entry recorded them, read after it. */
    private long frameArgs;
    private MemorySegment frame;
    /** Scratch address -> the caller's table or copy there, built only when the kernel moved such an address (a row replaced, an array of arrays returned). */
    private HashMap<Long, Object> byAddress;
    /** Native address -> the Java array made for an array the kernel allocated, so that each is made once. */
    private HashMap<Long, Object> made;
    /** The end of the scratch memory in use: every table and copy of this call lies in [base, scratchEnd). */
    private long scratchEnd;
    private boolean busy;
    /** This thread's native memory for tables, copies and patches; grown on demand, reused. */
    private MemorySegment scratch;

    static boolean isDeep(Class<?> t) {
        return t.isArray() && t.getComponentType().isArray();
    }

    /** This thread's instance, reset; {@link #close()} it after the call. */
    static DeepMarshal open() {
        DeepMarshal d = CURRENT.get();
        if (d.busy) d = new DeepMarshal(); // never expected (no nesting), but never share state
        d.busy = true;
        return d;
    }

    /** The empty slot where the last {@link #find} that missed stopped: {@link #add} fills it without probing again. */
    private int missAt;

    private int find(Object a) {
        int mask = keys.length - 1;
        for (int h = System.identityHashCode(a) & mask; ; h = (h + 1) & mask) {
            Object k = keys[h];
            if (k == a) return ids[h] - 1;
            if (k == null) {
                missAt = h;
                return -1;
            }
        }
    }

    private void insert(Object a, int id) {
        int mask = keys.length - 1;
        int h = System.identityHashCode(a) & mask;
        while (keys[h] != null) h = (h + 1) & mask;
        keys[h] = a;
        ids[h] = id + 1;
        slotOf[id] = h;
    }

    /** A new node for {@code a}; call right after {@link #find} missed it (thousands of rows: one probe each, not two). */
    private int add(Object a, boolean table) {
        int id = count++;
        if (id == node.length) {
            int n = id * 2;
            node = java.util.Arrays.copyOf(node, n);
            isTable = java.util.Arrays.copyOf(isTable, n);
            offset = java.util.Arrays.copyOf(offset, n);
            slotOf = java.util.Arrays.copyOf(slotOf, n);
            nodeSlot = java.util.Arrays.copyOf(nodeSlot, n);
        }
        nodeSlot[id] = -1;
        node[id] = a;
        isTable[id] = table;
        if (2 * count > keys.length) {
            rehash(keys.length * 2);
            insert(a, id);
        } else {
            keys[missAt] = a;
            ids[missAt] = id + 1;
            slotOf[id] = missAt;
        }
        return id;
    }

    private void rehash(int size) {
        keys = new Object[size];
        ids = new int[size];
        for (int i = 0; i < count - 1; i++) insert(node[i], i);
    }

    /**
     * Records {@code a} and every table reachable from it; call for every array argument first. 1-D arrays are only
     * counted: in place, each occurrence simply gets its own pointer argument (the same array passed twice is the same
     * address, so aliases stay aliases without an identity lookup); only the copying path makes them nodes.
     */
    void measure(Object a) {
        if (a == null) return;
        if (!(a instanceof Object[] rows)) {
            if (a instanceof boolean[]) booleanLeaf = true;
            return;
        }
        if (find(a) >= 0) return;
        int id = add(a, true);
        if (tableCount == tables.length) tables = java.util.Arrays.copyOf(tables, tableCount * 2);
        tables[tableCount++] = id;
        offset[id] = tableBytes;
        tableBytes += Math.max(16L * rows.length, 16); // at least 16: every table has its own address
        int first = (int) rowEntries;
        rowEntries += rows.length;
        ensureRows(rowEntries);
        for (int i = 0; i < rows.length; i++) {
            Object row = rows[i];
            rowObj[first + i] = row;
            if (row instanceof Object[]) {
                rowBytes[first + i] = -1;
                measure(row);
            } else if (row != null) {
                rowLeaves++;
                if (row instanceof boolean[]) booleanLeaf = true;
                long b = byteSize(row);
                rowBytes[first + i] = b;
                rowLeafBytes += b;
            }
        }
    }

    /** A distinct 1-D array to copy (the copying path): its node, new or already there. */
    private int leaf(Object a) {
        int known = find(a);
        if (known >= 0) return known;
        int id = add(a, false);
        if (leafCount == leaves.length) {
            leaves = java.util.Arrays.copyOf(leaves, leafCount * 2);
            paramLeaf = java.util.Arrays.copyOf(paramLeaf, leafCount * 2);
        }
        paramLeaf[leafCount] = false;
        leaves[leafCount++] = id;
        offset[id] = leafBytes;
        leafBytes += Math.max((byteSize(a) + 15) & ~15L, 16);
        return id;
    }

    private int indexOfLeaf(int id) {
        for (int i = leafCount - 1; i >= 0; i--) if (leaves[i] == id) return i;
        throw new IllegalStateException("not a leaf");
    }

    private static long byteSize(Object a) {
        return switch (a) {
            case double[] x -> 8L * x.length;
            case long[] x -> 8L * x.length;
            case int[] x -> 4L * x.length;
            case float[] x -> 4L * x.length;
            case short[] x -> 2L * x.length;
            case char[] x -> 2L * x.length;
            case byte[] x -> x.length;
            case boolean[] x -> x.length;
            default -> ArrayMarshal.heapSegment(a).byteSize(); // throws the "cannot cross" message
        };
    }

    /**
     * Decides which 1-D arrays go in place within {@code slots} pointer arguments (all of them when they fit: the
     * parameters in their pointer slots, the other rows after them) and which are copied. Call {@link #layOut} next.
     *
     * @param arrayParams the array arguments in pointer order
     * @param rowsWritten whether the kernel may store into rows (else rows that are not parameters are not copied back)
     * @param reserve     pointer arguments to leave free (see {@link #passResult})
     * @return the pointer arguments the call needs
     */
    int planDirect(Object[] arrayParams, int slots, boolean rowsWritten, int reserve) {
        this.rowsWritten = rowsWritten;
        slots = affordable(arrayParams.length, slots) - reserve;
        direct = !booleanLeaf && arrayParams.length + rowLeaves <= slots;
        if (passed.length < slots) passed = new Object[slots];
        used = firstRow = arrayParams.length;
        if (direct) {
            for (int k = 0; k < arrayParams.length; k++) if (!(arrayParams[k] instanceof Object[])) passed[k] = arrayParams[k];
            for (int r = 0; r < rowEntries; r++) {
                Object row = rowObj[r];
                // a sub-table is a node already (measure); each place of a 1-D row has a pointer argument of its own
                if (row == null) rowNode[r] = NULL_ROW;
                else if (rowBytes[r] < 0) rowNode[r] = find(row);
                else {
                    rowNode[r] = ARG_ROW;
                    rowSlot[r] = used++;
                }
            }
            return used;
        }
        // the 1-D parameters first: in place in their own pointer argument, but boolean[] ones (copied)
        for (int k = 0; k < arrayParams.length; k++) {
            Object a = arrayParams[k];
            if (a == null || a instanceof Object[]) continue;
            int known = find(a);
            if (a instanceof boolean[]) {
                paramLeaf[indexOfLeaf(leaf(a))] = true;
            } else if (known < 0) {
                int id = add(a, false); // before indexing nodeSlot: add may grow it
                nodeSlot[id] = k;
                passed[k] = a;
            }
            // else the same array as an earlier parameter: its own pointer argument holds the same address
        }
        boolean own = !rowsWritten;
        // rows go in place only when read only and long (see affordable); the others are copied
        int rowSlots = own && worth(WORTH_READ) ? slots : used;
        for (int r = 0; r < rowEntries; r++) {
            Object row = rowObj[r];
            int id;
            if (row == null) id = NULL_ROW;
            else if (rowBytes[r] < 0) id = find(row);
            else if (own && !isParam(row, arrayParams)) {
                // read only and not a parameter: its own pointer argument while one is left, else its own copy
                if (used < rowSlots && !(row instanceof boolean[])) {
                    id = ARG_ROW;
                    rowSlot[r] = used;
                    passed[used++] = row;
                } else {
                    id = OWN_ROW;
                    rowCopy[r] = leafBytes;
                    leafBytes += Math.max((rowBytes[r] + 15) & ~15L, 16);
                }
            } else {
                int known = find(row);
                if (known < 0) {
                    if (used < rowSlots && !(row instanceof boolean[])) {
                        known = add(row, false);
                        nodeSlot[known] = used;
                        passed[used++] = row;
                    } else {
                        known = leaf(row);
                    }
                }
                if (nodeSlot[known] >= 0) {
                    id = ARG_ROW;
                    rowSlot[r] = nodeSlot[known];
                } else {
                    id = known;
                }
            }
            rowNode[r] = id;
        }
        return used;
    }

    /**
     * The pointer arguments worth taking of the {@code slots} the kernel's largest entry has: past
     * {@link KernelAbi#CHEAP_SLOTS} (unless the parameters alone need more) only for rows read only that average
     * {@link #WORTH_READ} bytes. A pointer argument costs about what copying a 100-double row in costs (30-40 ns), so
     * longer rows are cheaper in place (per call, 47 rows of 400 doubles: 3.9-4.1 µs copied, 1.7 µs in place). Rows
     * written cost a copy in and out, and in place the marshalling of 47 rows of 100 doubles fell from 3.2-3.4 µs to
     * 1.6-2.1 µs, but a 100×100 LU factorisation ran 10-25% slower with 31 or 47 of its rows in place than with all
     * copied (ArrayCost lu, 3 alternating runs; SOR 5-15%): rows written stay copied past the limit.
     */
    private int affordable(int params, int slots) {
        int cheap = KernelAbi.CHEAP_SLOTS;
        if (slots <= cheap || params > cheap || rowLeaves == 0) return slots; // then no smaller entry holds them
        return !rowsWritten && worth(WORTH_READ) ? slots : cheap;
    }

    /** Whether the 1-D rows average at least {@code bytes}. */
    private boolean worth(long bytes) {
        return rowLeafBytes >= bytes * rowLeaves;
    }

    /** Average row bytes from which rows read only take pointer arguments past the in-place limit. */
    static final long WORTH_READ = 1024;

    private static boolean isParam(Object row, Object[] arrayParams) {
        for (Object p : arrayParams) if (p == row) return true;
        return false;
    }

    /**
     * Lays out the scratch memory and fills the tables (and, when copying, the copies); in place, {@code ptrs}
     * receives the heap segments of the rows that are not parameters.
     */
    void layOut(MemorySegment[] ptrs) {
        long need = tableBytes + leafBytes + 16 * rowEntries + 16; // tables, copies, patches
        MemorySegment s = scratch;
        if (s == null || s.byteSize() < need) {
            s = Arena.ofAuto().allocate(Math.max(need, s == null ? 4096 : s.byteSize() * 2), 16);
            scratch = s;
        }
        base = s.address();
        scratchEnd = base + need;
        for (int i = 0; i < leafCount; i++) {
            int n = leaves[i];
            long at = copyAddress(n);
            if (node[n] instanceof boolean[] z) {
                for (int j = 0; j < z.length; j++) NATIVE.set(ValueLayout.JAVA_BYTE, at + j, z[j] ? (byte) 1 : 0);
            } else {
                ArrayMarshal.fromArray(node[n], NATIVE, at);
            }
        }
        long patches = patchList();
        int r = 0;
        for (int t = 0; t < tableCount; t++) {
            int n = tables[t];
            Object[] rows = (Object[]) node[n];
            long table = base + offset[n];
            for (int i = 0; i < rows.length; i++) {
                Object row = rowObj[r];
                int id = rowNode[r++];
                long at = table + 16L * i;
                long address = 0;
                long length = 0;
                if (row instanceof Object[] sub) {
                    length = sub.length;
                    address = base + offset[id];
                } else if (row != null) {
                    length = Array.getLength(row);
                    if (id == ARG_ROW) {
                        int k = rowSlot[r - 1];
                        if (k >= firstRow) { // else a parameter's pointer argument, filled by pass
                            ptrs[k] = ArrayMarshal.heapSegment(row);
                            passed[k] = row;
                        }
                        NATIVE.set(ValueLayout.JAVA_LONG, patches + 16 * patchCount, at); // the entry writes it
                        NATIVE.set(ValueLayout.JAVA_LONG, patches + 16 * patchCount + 8, k);
                        patchCount++;
                    } else if (id == OWN_ROW) {
                        address = base + tableBytes + rowCopy[r - 1];
                        if (row instanceof boolean[] z) {
                            for (int j = 0; j < z.length; j++) NATIVE.set(ValueLayout.JAVA_BYTE, address + j, z[j] ? (byte) 1 : 0);
                        } else {
                            ArrayMarshal.fromArray(row, NATIVE, address);
                        }
                    } else {
                        address = copyAddress(id);
                    }
                }
                NATIVE.set(ValueLayout.JAVA_LONG, at, address);
                NATIVE.set(ValueLayout.JAVA_LONG, at + 8, length);
            }
        }
    }

    private long copyAddress(int leaf) {
        return base + tableBytes + offset[leaf];
    }

    /** The patch list: after the tables and the copies. */
    private long patchList() {
        return base + tableBytes + leafBytes;
    }

    /** The pointer for an array argument: its table, or (in place) the caller's own 1-D array, or its copy. */
    MemorySegment pass(Object a) {
        if (a == null) return MemorySegment.NULL;
        if (a instanceof Object[]) return MemorySegment.ofAddress(base + offset[find(a)]);
        int n = direct ? -1 : find(a);
        return n < 0 || nodeSlot[n] >= 0 ? ArrayMarshal.heapSegment(a) : MemorySegment.ofAddress(copyAddress(n));
    }

    /**
     * Passes {@code array}, the result array the Java side allocated for the kernel, in the next pointer argument
     * (which the planning left free) and returns its index; a result the kernel returns at that address resolves to
     * it, like a caller's array in place.
     */
    int passResult(Object array) {
        if (used == passed.length) passed = java.util.Arrays.copyOf(passed, used + 1);
        passed[used] = array;
        return used++;
    }

    /** Tells the entry where the patch list is (empty when copying). */
    void publishPatches(MemorySegment frame) {
        this.frame = frame;
        frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_PATCHES, patchCount > 0 ? patchList() : 0);
        frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_PATCHES + 8, patchCount);
    }

    /**
     * After the call: the frame forgets the patch list, whose memory is this thread's scratch (reused, and freed by the
     * GC when it grows), so no later entry can ever apply a list that no longer describes live tables; and the
     * pointer arguments the entry recorded, so that no later call can take this call's addresses (this thread's
     * scratch again, or a caller's array long moved) for its own arguments.
     */
    void retract(MemorySegment frame) {
        frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_PATCHES, 0);
        frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_PATCHES + 8, 0);
        for (int k = 0; k < used; k++) frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_ARGS + 8L * k, 0);
    }

    /** Where node {@code n} (a table, or when copying any array) was during the call. */
    private long addressOf(int n) {
        return isTable[n] ? base + offset[n] : copyAddress(n);
    }

    /** In place: the address pointer argument {@code k} had during the call, as the entry recorded it. */
    private long argument(int k) {
        return frame.get(ValueLayout.JAVA_LONG, KernelAbi.FRAME_ARGS + 8L * k);
    }

    /** After the call: element copies written back (when copying), then every table's replaced rows. */
    void copyBack(MemorySegment frame) {
        this.frame = frame;
        for (int i = 0; i < leafCount; i++) {
            if (!rowsWritten && !paramLeaf[i]) continue; // a row the kernel provably never stores into
            int n = leaves[i];
            long at = copyAddress(n);
            if (node[n] instanceof boolean[] z) {
                for (int j = 0; j < z.length; j++) z[j] = NATIVE.get(ValueLayout.JAVA_BYTE, at + j) != 0;
            } else {
                ArrayMarshal.toArray(NATIVE, at, node[n]);
            }
        }
        int r = 0;
        for (int t = 0; t < tableCount; t++) {
            int n = tables[t];
            Object[] rows = (Object[]) node[n];
            long table = base + offset[n];
            for (int i = 0; i < rows.length; i++) {
                long now = NATIVE.get(ValueLayout.JAVA_LONG, table + 16L * i);
                // the address the row had during the call, from what was passed (not from rows[i] read again)
                int id = rowNode[r++];
                long was = id == NULL_ROW ? 0 : id == ARG_ROW ? argument(rowSlot[r - 1])
                        : id == OWN_ROW ? base + tableBytes + rowCopy[r - 1] : addressOf(id);
                if (now != was) rows[i] = resolve(now, rows.getClass().getComponentType()); // the kernel replaced it
            }
        }
    }

    /** The Java array for a native array address of type {@code t}: 0 is null. Call after {@link #copyBack}. */
    Object resolve(long address, Class<?> t) {
        return resolve(address, t, true);
    }

    /**
     * The call's array result, as {@link #resolve}; it is not remembered by address, since nothing is resolved after
     * it but its own elements, whose type is never its own: a kernel passed no arrays then builds no address map
     * unless its result holds rows.
     */
    Object result(long address, Class<?> t) {
        return resolve(address, t, false);
    }

    /** Whether every 1-D array the kernel allocates is zero, its native memory never written ({@code KernelAbi.zeroArrays}). */
    private boolean zeroArrays;

    /** Call before {@link #copyBack}: the kernel's arrays are zero, to be made rather than copied (see {@link #result}). */
    void zeroArrays(boolean zero) {
        zeroArrays = zero;
    }

    private Object resolve(long address, Class<?> t, boolean remember) {
        if (address == 0) return null;
        Object known = known(address);
        if (known != null) return known;
        // allocated by the kernel: [next][length] header before the data
        Class<?> c = t.getComponentType();
        Object out;
        if (!c.isArray()) {
            out = zeroArrays ? ArrayMarshal.zeroed(address, c) : ArrayMarshal.copyOut(address, c);
        } else {
            int n = (int) NATIVE.get(ValueLayout.JAVA_LONG, address - KernelAbi.ARRAY_HEADER + 8);
            Object[] table = (Object[]) Array.newInstance(c, n);
            for (int i = 0; i < n; i++) table[i] = resolve(NATIVE.get(ValueLayout.JAVA_LONG, address + 16L * i), c, true);
            out = table;
        }
        if (remember) {
            if (made == null) made = new HashMap<>();
            made.put(address, out);
        }
        return out;
    }

    /**
     * The caller's array that was at {@code address} during the call, or the array already made for it; null for an
     * array the kernel allocated and not yet made. Only an address in this call's scratch memory needs the address map
     * of every table and copy; a kernel-allocated result (a concatenation, new blocks) never builds it.
     */
    private Object known(long address) {
        if (made != null) {
            Object m = made.get(address);
            if (m != null) return m;
        }
        for (int k = 0; k < used; k++) if (passed[k] != null && argument(k) == address) return passed[k]; // in place
        if (address < base || address >= scratchEnd) return null;
        if (byAddress == null) byAddress = knownAddresses();
        return byAddress.get(address);
    }

    /** Every table and copy of the caller's arrays, by its address in the scratch memory. */
    private HashMap<Long, Object> knownAddresses() {
        HashMap<Long, Object> m = new HashMap<>();
        for (int n = 0; n < count; n++) if (isTable[n] || nodeSlot[n] < 0) m.put(addressOf(n), node[n]); // in place: see known
        for (int r = 0; r < rowEntries; r++) if (rowNode[r] == OWN_ROW) m.put(base + tableBytes + rowCopy[r], rowObj[r]);
        return m;
    }

    /** Forgets the call (and the caller's arrays) so the instance can serve the thread's next call. */
    void close() {
        java.util.Arrays.fill(rowObj, 0, (int) rowEntries, null);
        for (int n = 0; n < count; n++) {
            keys[slotOf[n]] = null;
            node[n] = null;
        }
        for (int k = 0; k < used; k++) passed[k] = null;
        count = tableCount = leafCount = used = firstRow = 0;
        tableBytes = leafBytes = rowEntries = patchCount = rowLeaves = rowLeafBytes = 0;
        booleanLeaf = direct = zeroArrays = false;
        rowsWritten = true;
        base = 0;
        frame = null;
        byAddress = made = null;
        scratchEnd = 0;
        busy = false;
    }
}
