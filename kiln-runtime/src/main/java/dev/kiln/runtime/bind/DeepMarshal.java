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
 * <li><b>in place</b> (up to {@link KernelAbi#DIRECT_SLOTS} distinct 1-D arrays, none a {@code boolean[]}, rows long
 * enough that a pointer argument costs less than a copy: {@link #DIRECT_READ}, {@link #DIRECT_WRITTEN}): every
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

    private final IdentityIds ids = new IdentityIds(); // array -> node

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
     * Bytes the copies of the 1-D rows take at most, each place padded as a copy of its own: {@link #layOut} copies
     * rows as it reads them (one pass over the rows, no snapshot of them) and never past this; a table another
     * thread changes between {@link #measure} and {@link #layOut} makes it start over rather than copy more.
     */
    private long rowCopyBytes;
    /** Mixed: pointer arguments rows read only may take; {@link #layOut} uses none past {@link #slotCap}. */
    private int rowSlots;
    private int slotCap;
    private Object[] arrayParams;
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
        if (n <= rowNode.length) return;
        int m = (int) Math.max(n, 2L * rowNode.length);
        rowNode = new int[m]; // filled by layOut, after every measure
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
    private int ownRows; // places with an OWN_ROW copy
    private long patches; // the patch list: after the tables and the copies
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

    private int find(Object a) {
        return ids.find(a);
    }

    /** A new node for {@code a}; call right after {@link #find} missed it (thousands of rows: one probe each, not two). */
    private int add(Object a, boolean table) {
        int id = count++;
        if (id == node.length) {
            int n = id * 2;
            node = java.util.Arrays.copyOf(node, n);
            isTable = java.util.Arrays.copyOf(isTable, n);
            offset = java.util.Arrays.copyOf(offset, n);
            nodeSlot = java.util.Arrays.copyOf(nodeSlot, n);
        }
        nodeSlot[id] = -1;
        node[id] = a;
        isTable[id] = table;
        ids.add(a, id);
        return id;
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
        rowEntries += rows.length;
        ensureRows(rowEntries);
        if (holdsTables(rows)) {
            for (Object row : rows) measure(row);
            return;
        }
        long n = 0, bytes = 0, copies = 0;
        for (Object row : rows) {
            if (row == null) continue;
            long b = ArrayMarshal.byteSize(row);
            n++;
            bytes += b;
            copies += copyBytes(b);
            if (row instanceof boolean[]) booleanLeaf = true;
        }
        rowLeaves += n;
        rowLeafBytes += bytes;
        rowCopyBytes += copies;
    }

    /**
     * Whether the rows of {@code rows} are arrays of arrays themselves (else 1-D arrays or null): its type says, since
     * a {@code double[][][]} holds only {@code double[][]}.
     */
    private static boolean holdsTables(Object[] rows) {
        return rows.getClass().getComponentType().getComponentType().isArray();
    }

    /** The room a copy of {@code bytes} takes in the copy area: 16-byte aligned, and its own address when empty. */
    private static long copyBytes(long bytes) {
        return Math.max((bytes + 15) & ~15L, 16);
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
        leafBytes += copyBytes(ArrayMarshal.byteSize(a));
        return id;
    }

    private int indexOfLeaf(int id) {
        for (int i = leafCount - 1; i >= 0; i--) if (leaves[i] == id) return i;
        throw new IllegalStateException("not a leaf");
    }

    /**
     * Decides whether all 1-D arrays go in place within {@code slots} pointer arguments (the parameters in their
     * pointer slots, the rows after them) or the rows are copied, some long read-only ones taking the pointer
     * arguments left ({@link #layOut} decides row by row). Call {@link #layOut} next.
     *
     * @param arrayParams the array arguments in pointer order
     * @param rowsWritten whether the kernel may store into rows (else rows that are not parameters are not copied back)
     * @param reserve     pointer arguments to leave free (see {@link #passResult})
     * @return the pointer arguments the call needs
     */
    int planDirect(Object[] arrayParams, int slots, boolean rowsWritten, int reserve) {
        this.rowsWritten = rowsWritten;
        this.arrayParams = arrayParams;
        if (leafParams.length < arrayParams.length) leafParams = new Object[arrayParams.length];
        leafParamCount = 0;
        for (Object a : arrayParams) if (a != null && !(a instanceof Object[])) leafParams[leafParamCount++] = a;
        slots = affordable(arrayParams.length, slots) - reserve;
        direct = !booleanLeaf && arrayParams.length + rowLeaves <= slots
                && (rowLeaves == 0 || worth(rowsWritten ? DIRECT_WRITTEN : DIRECT_READ));
        if (passed.length < slots) passed = new Object[slots];
        used = firstRow = arrayParams.length;
        if (direct) {
            for (int k = 0; k < arrayParams.length; k++) if (!(arrayParams[k] instanceof Object[])) passed[k] = arrayParams[k];
            // each place of a 1-D row has a pointer argument of its own
            return rowSlots = slotCap = (int) (used + rowLeaves);
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
        // rows go in place only when read only and long (see affordable); the others are copied
        rowSlots = slotCap = !rowsWritten && worth(WORTH_READ) ? slots : used;
        return (int) Math.min(rowSlots, used + rowLeaves);
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
    /**
     * Average row bytes from which rows go in place at all (when they fit), read only and written: below, copying
     * them costs less than their pointer arguments. Mat-vec over n×n (rows read only, 3 calls of 6 s each way): in
     * place against copied 263/203 ns at n = 8, 746/508 ns at 24, 1052/1067 ns at 40 (320-byte rows), 1352/1345 ns at
     * 45; LU rows (written, copied in and out): 3.3/3.1 µs at 24, 13.8/15.8 µs at 40.
     */
    static final long DIRECT_READ = 384, DIRECT_WRITTEN = 256;

    /** Whether {@code row} is one of the 1-D parameters (only those can be a row): none for most tables. */
    private boolean isParam(Object row) {
        for (int k = 0; k < leafParamCount; k++) if (leafParams[k] == row) return true;
        return false;
    }

    /** The non-null 1-D array parameters, gathered by {@link #planDirect} (cleared by {@link #close}). */
    private Object[] leafParams = new Object[8];
    private int leafParamCount;

    /**
     * Lays out the scratch memory and fills the tables, deciding for each row where it goes as it reads it: in place
     * ({@code ptrs} receives the heap segments of the rows that are not parameters), or copied (the copy made there
     * and then, so each row is read once). Returns false when a table changed since {@link #measure} (another thread
     * stored into it): more rows or longer rows than measured, or a table that is not one of the call's; the caller
     * then measures again, nothing having been copied back or passed yet.
     */
    boolean layOut(MemorySegment[] ptrs) {
        long copyLimit = leafBytes + rowCopyBytes; // the parameters' copies (planDirect), then the rows' at most
        long need = tableBytes + copyLimit + 16 * rowEntries + 16; // tables, copies, patches
        MemorySegment s = scratch;
        if (s == null || s.byteSize() < need) {
            s = Arena.ofAuto().allocate(Math.max(need, s == null ? 4096 : s.byteSize() * 2), 16);
            scratch = s;
        }
        base = s.address();
        scratchEnd = base + need;
        patches = base + tableBytes + copyLimit;
        for (int i = 0; i < leafCount; i++) ArrayMarshal.copyIn(node[leaves[i]], copyAddress(leaves[i]));
        long copies = base + tableBytes;
        int r = 0;
        for (int t = 0; t < tableCount; t++) {
            int n = tables[t];
            Object[] rows = (Object[]) node[n];
            long table = base + offset[n];
            boolean sub = holdsTables(rows);
            long[] e = entries(rows.length);
            for (int i = 0; i < rows.length; i++, r++) {
                Object row = rows[i];
                long at = table + 16L * i;
                long address = 0;
                long length = 0;
                int id;
                if (row == null) {
                    id = NULL_ROW;
                } else if (sub) {
                    id = find(row);
                    if (id < 0) return false; // a table stored since measure
                    length = ((Object[]) row).length;
                    address = base + offset[id];
                } else {
                    long bytes;
                    if (row instanceof double[] x) { // the common rows without reflection or the type switch
                        length = x.length;
                        bytes = 8L * length;
                    } else {
                        length = Array.getLength(row);
                        bytes = ArrayMarshal.byteSize(row);
                    }
                    if (direct) {
                        if (used == slotCap) return false; // more rows than measured
                        id = ARG_ROW;
                        inPlace(ptrs, r, at, row);
                    } else if (!rowsWritten && !isParam(row)) {
                        // read only and not a parameter: its own pointer argument while one is left, else its own copy
                        if (used < rowSlots && !(row instanceof boolean[])) {
                            id = ARG_ROW;
                            inPlace(ptrs, r, at, row);
                        } else {
                            id = OWN_ROW;
                            ownRows++;
                            long b = copyBytes(bytes);
                            if (leafBytes + b > copyLimit) return false; // longer rows than measured
                            rowCopy[r] = leafBytes;
                            address = copies + leafBytes;
                            leafBytes += b;
                            if (row instanceof double[] x) {
                                MemorySegment.copy(x, 0, NATIVE, ValueLayout.JAVA_DOUBLE_UNALIGNED, address, x.length);
                            } else {
                                ArrayMarshal.copyIn(row, address);
                            }
                        }
                    } else {
                        int known = find(row);
                        if (known < 0) {
                            if (used < rowSlots && !(row instanceof boolean[])) {
                                known = add(row, false);
                                nodeSlot[known] = used;
                                passed[used] = row;
                                ptrs[used++] = ArrayMarshal.heapSegment(row);
                            } else {
                                known = leaf(row);
                                if (leafBytes > copyLimit) return false;
                                ArrayMarshal.copyIn(row, copyAddress(known));
                            }
                        }
                        if (nodeSlot[known] >= 0) {
                            id = ARG_ROW;
                            rowSlot[r] = nodeSlot[known];
                            patch(at, nodeSlot[known]);
                        } else {
                            id = known;
                            address = copyAddress(known);
                        }
                    }
                }
                rowNode[r] = id;
                e[2 * i] = address;
                e[2 * i + 1] = length;
            }
            MemorySegment.copy(e, 0, NATIVE, ValueLayout.JAVA_LONG_UNALIGNED, table, 2 * rows.length);
        }
        return true;
    }

    /**
     * A buffer for the {@code {ptr, length}} entries of a table of {@code rows} rows: a table is written (and read
     * back) with one bulk copy rather than two checked stores (loads) per row.
     */
    private long[] entries(int rows) {
        if (entries.length < 2 * rows) entries = new long[Math.max(2 * rows, 2 * entries.length)];
        return entries;
    }

    private long[] entries = new long[64];

    /** Row place {@code r}, whose table entry is at {@code at}, takes the next pointer argument. */
    private void inPlace(MemorySegment[] ptrs, int r, long at, Object row) {
        int k = used++;
        rowSlot[r] = k;
        passed[k] = row;
        ptrs[k] = ArrayMarshal.heapSegment(row);
        patch(at, k);
    }

    /** The entry writes pointer argument {@code k} at {@code at}. */
    private void patch(long at, int k) {
        NATIVE.set(ValueLayout.JAVA_LONG, patches + 16 * patchCount, at);
        NATIVE.set(ValueLayout.JAVA_LONG, patches + 16 * patchCount + 8, k);
        patchCount++;
    }

    private long copyAddress(int leaf) {
        return base + tableBytes + offset[leaf];
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
        frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_PATCHES, patchCount > 0 ? patches : 0);
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
        // replaced rows are all resolved before any is stored: resolving may read the tables (copies by address)
        int changes = 0;
        int r = 0;
        for (int t = 0; t < tableCount; t++) {
            int n = tables[t];
            Object[] rows = (Object[]) node[n];
            long table = base + offset[n];
            long[] e = entries(rows.length);
            MemorySegment.copy(NATIVE, ValueLayout.JAVA_LONG_UNALIGNED, table, e, 0, 2 * rows.length);
            for (int i = 0; i < rows.length; i++, r++) {
                long now = e[2 * i];
                // the address the row had during the call, from what was passed (not from rows[i] read again)
                int id = rowNode[r];
                long was = id == NULL_ROW ? 0 : id == ARG_ROW ? argument(rowSlot[r])
                        : id == OWN_ROW ? base + tableBytes + rowCopy[r] : addressOf(id);
                if (now != was) { // the kernel replaced it
                    if (changes == changedTable.length) {
                        changedTable = java.util.Arrays.copyOf(changedTable, 2 * changes);
                        changedIndex = java.util.Arrays.copyOf(changedIndex, 2 * changes);
                        changedTo = java.util.Arrays.copyOf(changedTo, 2 * changes);
                    }
                    changedTable[changes] = t;
                    changedIndex[changes] = i;
                    changedTo[changes++] = now;
                }
            }
        }
        if (changes == 0) return;
        // copies of rows read only are known by the tables' rows (see knownAddresses): take them before any changes
        if (ownRows > 0 && byAddress == null) byAddress = knownAddresses();
        Object[] to = new Object[changes];
        for (int c = 0; c < changes; c++) {
            Object[] rows = (Object[]) node[tables[changedTable[c]]];
            to[c] = resolve(changedTo[c], rows.getClass().getComponentType());
        }
        for (int c = 0; c < changes; c++) ((Object[]) node[tables[changedTable[c]]])[changedIndex[c]] = to[c];
    }

    /** Row places the kernel replaced: the table (index in {@link #tables}), the place in it, the new address. */
    private int[] changedTable = new int[8];
    private int[] changedIndex = new int[8];
    private long[] changedTo = new long[8];

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

    /**
     * Every table and copy of the caller's arrays, by its address in the scratch memory; a copy of a row read only
     * ({@link #OWN_ROW}) by the row its table holds, so built before {@link #copyBack} replaces any row (or later,
     * when none was replaced).
     */
    private HashMap<Long, Object> knownAddresses() {
        HashMap<Long, Object> m = new HashMap<>();
        for (int n = 0; n < count; n++) if (isTable[n] || nodeSlot[n] < 0) m.put(addressOf(n), node[n]); // in place: see known
        int r = 0;
        for (int t = 0; t < tableCount; t++) {
            Object[] rows = (Object[]) node[tables[t]];
            for (int i = 0; i < rows.length; i++, r++) if (rowNode[r] == OWN_ROW) m.put(base + tableBytes + rowCopy[r], rows[i]);
        }
        return m;
    }

    /** Forgets the call (and the caller's arrays) so the instance can serve the thread's next call. */
    void close() {
        ids.clear();
        for (int n = 0; n < count; n++) node[n] = null;
        for (int k = 0; k < used; k++) passed[k] = null;
        count = tableCount = leafCount = used = firstRow = 0;
        tableBytes = leafBytes = rowEntries = patchCount = rowLeaves = rowLeafBytes = rowCopyBytes = patches = 0;
        rowSlots = slotCap = ownRows = 0;
        arrayParams = null;
        for (int k = 0; k < leafParamCount; k++) leafParams[k] = null;
        leafParamCount = 0;
        booleanLeaf = direct = zeroArrays = false;
        rowsWritten = true;
        base = 0;
        frame = null;
        byAddress = made = null;
        scratchEnd = 0;
        busy = false;
    }
}
