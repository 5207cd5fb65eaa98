package dev.kiln;

import java.util.List;
import java.util.Map;

/**
 * Per-process counters.
 *
 * @param hitsByTier     cache hits per tier directory
 * @param missesByReason misses per reason ({@code no-entry}, {@code inputs-changed}, {@code options-changed},
 *                       {@code target-not-runnable}, {@code corrupt}, {@code other-compiler}, {@code untrusted},
 *                       {@code refused}: see {@link dev.kiln.runtime.cache.MissReason})
 * @param compiles       kernels compiled by this process
 * @param compileNanos   total time compiling (front end to link)
 * @param loadNanos      total time verifying, loading and binding libraries
 * @param compiledKeys   cache keys this process compiled, in order
 * @param missLog        one line per miss: {@code kernel: reason: detail}
 * @param remote         remote tiers ({@code KILN_REMOTE_CACHE}): {@code hits}, {@code misses} (local misses no remote
 *                       tier could serve), {@code errors} (failed or timed-out calls), {@code refused} (remote entries
 *                       that failed verification), {@code inBytes}, {@code puts}, {@code outBytes}, {@code dropped}
 *                       (uploads dropped because the queue was full), {@code waitMicros} (time kernel loads
 *                       spent asking remote tiers, copying included; uploads run in the background and are not in it),
 *                       {@code setupMicros} (the part of any remote wait spent waiting for a client's set-up to finish)
 */
public record KilnStats(Map<String, Long> hitsByTier, Map<String, Long> missesByReason, long compiles,
                        long compileNanos, long loadNanos, List<String> compiledKeys, List<String> missLog,
                        Map<String, Long> remote) {
    public KilnStats {
        hitsByTier = Map.copyOf(hitsByTier);
        missesByReason = Map.copyOf(missesByReason);
        compiledKeys = List.copyOf(compiledKeys);
        missLog = List.copyOf(missLog);
        remote = Map.copyOf(remote);
    }

    public KilnStats(Map<String, Long> hitsByTier, Map<String, Long> missesByReason, long compiles,
                     long compileNanos, long loadNanos, List<String> compiledKeys, List<String> missLog) {
        this(hitsByTier, missesByReason, compiles, compileNanos, loadNanos, compiledKeys, missLog, Map.of());
    }

    public KilnStats(Map<String, Long> hitsByTier, Map<String, Long> missesByReason, long compiles,
                     long compileNanos, long loadNanos) {
        this(hitsByTier, missesByReason, compiles, compileNanos, loadNanos, List.of(), List.of());
    }

    public long hits() {
        return hitsByTier.values().stream().mapToLong(Long::longValue).sum();
    }

    public long misses() {
        return missesByReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
