package dev.kiln.runtime.bind;

import java.util.Arrays;

/**
 * Array identity to node id for one call of {@link DeepMarshal}: open addressing with linear probing on
 * {@link System#identityHashCode}, no boxing, and cleared entry by entry after the call, so a table of thousands of
 * rows costs one probe per row and the instance serves the thread's next call without reallocating.
 */
final class IdentityIds {
    private Object[] keys = new Object[64];
    private int[] ids = new int[64]; // id + 1; 0 is empty
    private int[] slotOf = new int[32]; // where each id sits in keys, to clear it after the call
    private int size;
    /** The empty slot where the last {@link #find} that missed stopped: {@link #add} fills it without probing again. */
    private int missAt;

    /** {@code a}'s id, or -1. */
    int find(Object a) {
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

    /** Records {@code a} as the next id ({@code id} equals the number recorded so far); call right after {@link #find} missed it. */
    void add(Object a, int id) {
        if (id == slotOf.length) slotOf = Arrays.copyOf(slotOf, 2 * id);
        size++;
        if (2 * size > keys.length) {
            grow();
            insert(a, id);
        } else {
            keys[missAt] = a;
            ids[missAt] = id + 1;
            slotOf[id] = missAt;
        }
    }

    /** Forgets every array (the caller's arrays must not stay reachable from the thread). */
    void clear() {
        for (int n = 0; n < size; n++) keys[slotOf[n]] = null;
        size = 0;
    }

    private void insert(Object a, int id) {
        int mask = keys.length - 1;
        int h = System.identityHashCode(a) & mask;
        while (keys[h] != null) h = (h + 1) & mask;
        keys[h] = a;
        ids[h] = id + 1;
        slotOf[id] = h;
    }

    private void grow() {
        Object[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new Object[2 * oldKeys.length];
        ids = new int[2 * oldKeys.length];
        for (int h = 0; h < oldKeys.length; h++) if (oldKeys[h] != null) insert(oldKeys[h], oldIds[h] - 1);
    }
}
