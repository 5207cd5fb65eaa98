package dev.kiln.runtime.cache;

import java.util.Map;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Warnings about where compiled kernels would go (an unwritable tier, the private temporary cache), held back until
 * this process actually compiles a kernel. A host that only reads a read-only cache, or that has no compiler, looks
 * for a place to write before it knows it cannot compile; what it found is no news to its user unless a compiled
 * kernel is then lost or goes elsewhere.
 */
final class WriteWarnings {
    /** By id, in the order first held back. */
    private static final Map<String, String> PENDING = new LinkedHashMap<>();

    private WriteWarnings() {
    }

    /** Holds a warning (printed at most once per id, by {@link #flush()}). */
    static synchronized void defer(String id, String message) {
        PENDING.putIfAbsent(id, message);
    }

    /** Prints what was held back: a kernel is being compiled now. */
    static void flush() {
        List<Map.Entry<String, String>> now;
        synchronized (WriteWarnings.class) {
            if (PENDING.isEmpty()) return;
            now = List.copyOf(PENDING.entrySet());
            PENDING.clear();
        }
        for (Map.Entry<String, String> w : now) KilnCache.warnOnce(w.getKey(), w.getValue());
    }
}
