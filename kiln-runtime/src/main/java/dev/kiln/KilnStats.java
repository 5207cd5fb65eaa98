package dev.kiln;

import java.util.Map;

/**
 * Per-process counters.
 *
 * @param hitsByTier   cache hits per tier directory
 * @param missesByReason misses per reason ({@code no-entry}, {@code inputs-changed}, {@code target-not-runnable},
 *                     {@code corrupt}, {@code other-compiler})
 * @param compiles     kernels compiled by this process
 * @param compileNanos total time compiling (front end to link)
 * @param loadNanos    total time loading and binding libraries
 */
public record KilnStats(Map<String, Long> hitsByTier, Map<String, Long> missesByReason, long compiles,
                        long compileNanos, long loadNanos) {
    public KilnStats {
        hitsByTier = Map.copyOf(hitsByTier);
        missesByReason = Map.copyOf(missesByReason);
    }

    public long hits() {
        return hitsByTier.values().stream().mapToLong(Long::longValue).sum();
    }

    public long misses() {
        return missesByReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
