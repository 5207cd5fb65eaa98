package dev.kiln.runtime.cache;

import dev.kiln.KilnStats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters and the stats file. The process has one set ({@link dev.kiln.runtime.ProcessState#stats()}), whatever
 * the number of {@code Kiln} instances.
 */
public final class CacheStats {
    private static final int MAX_LOG = 10_000;
    private static final List<String> REMOTE_COUNTERS =
            List.of("hits", "misses", "errors", "refused", "inBytes", "puts", "outBytes", "dropped", "waitMicros", "setupMicros");

    private final Map<String, AtomicLong> hitsByTier = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> missesByReason = new ConcurrentHashMap<>();
    private final AtomicLong compiles = new AtomicLong();
    private final AtomicLong compileNanos = new AtomicLong();
    private final AtomicLong loadNanos = new AtomicLong();
    private final List<String> compiledKeys = new ArrayList<>();
    private final List<String> missLog = new ArrayList<>();
    /** Remote tier counters: hits, misses, errors, refused, inBytes, puts, outBytes, dropped, waitMicros, setupMicros. */
    private final Map<String, AtomicLong> remote = new ConcurrentHashMap<>();
    /** Run before the stats file is written at exit (pending remote uploads), so the file counts them. */
    private final List<Runnable> beforeExitWrite = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<Path> statsFiles = ConcurrentHashMap.newKeySet();

    public CacheStats() {
    }

    void hit(String t) {
        AtomicLong n = hitsByTier.get(t);
        if (n == null) {
            AtomicLong fresh = new AtomicLong();
            n = hitsByTier.putIfAbsent(t, fresh);
            if (n == null) n = fresh;
        }
        n.incrementAndGet();
    }

    public void miss(String kernel, MissReason reason, String detail) {
        missesByReason.computeIfAbsent(reason.id(), r -> new AtomicLong()).incrementAndGet();
        synchronized (missLog) {
            if (missLog.size() < MAX_LOG) missLog.add(kernel + ": " + reason.id() + ": " + detail);
        }
    }

    void compiled(String key, long nanos) {
        compiles.incrementAndGet();
        compileNanos.addAndGet(nanos);
        synchronized (compiledKeys) {
            if (compiledKeys.size() < MAX_LOG) compiledKeys.add(key);
        }
    }

    void remote(String counter, long delta) {
        remote.computeIfAbsent(counter, c -> new AtomicLong()).addAndGet(delta);
    }

    void beforeExitWrite(Runnable r) {
        beforeExitWrite.add(r);
    }

    public void loaded(long nanos) {
        loadNanos.addAndGet(nanos);
    }

    public KilnStats snapshot() {
        TreeMap<String, Long> h = new TreeMap<>();
        hitsByTier.forEach((k, v) -> h.put(k, v.get()));
        TreeMap<String, Long> m = new TreeMap<>();
        missesByReason.forEach((k, v) -> m.put(k, v.get()));
        List<String> keys;
        synchronized (compiledKeys) {
            keys = List.copyOf(compiledKeys);
        }
        List<String> log;
        synchronized (missLog) {
            log = List.copyOf(missLog);
        }
        TreeMap<String, Long> r = new TreeMap<>();
        for (String c : REMOTE_COUNTERS) r.put(c, 0L);
        remote.forEach((k, v) -> r.put(k, v.get()));
        return new KilnStats(h, m, compiles.get(), compileNanos.get(), loadNanos.get(), keys, log, r);
    }

    /** Writes the stats as JSON to {@code file} when the JVM exits (once per file). */
    public void writeAtExit(Path file) {
        Path f = file.toAbsolutePath();
        if (statsFiles.add(f)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    for (Runnable r : beforeExitWrite) r.run();
                    write(f);
                } catch (IOException e) {
                    System.err.println("kiln: warning: cannot write stats file " + f + ": " + e.getMessage());
                }
            }, "kiln-stats"));
        }
    }

    /** Writes the stats JSON atomically (temp file in the same folder, then rename). */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
        Files.write(tmp, toJson(snapshot()).getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** {@code hits}, {@code misses}, {@code compiles} (integers) beside the breakdowns and times. */
    public static String toJson(KilnStats s) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"hits\": ").append(s.hits()).append(",\n");
        sb.append("  \"misses\": ").append(s.misses()).append(",\n");
        sb.append("  \"compiles\": ").append(s.compiles()).append(",\n");
        sb.append("  \"hitsByTier\": ").append(map(s.hitsByTier())).append(",\n");
        sb.append("  \"missesByReason\": ").append(map(s.missesByReason())).append(",\n");
        sb.append("  \"compileMillis\": ").append(s.compileNanos() / 1_000_000).append(",\n");
        sb.append("  \"loadMillis\": ").append(s.loadNanos() / 1_000_000).append(",\n");
        sb.append("  \"compiledKeys\": ").append(list(s.compiledKeys())).append(",\n");
        sb.append("  \"missLog\": ").append(list(s.missLog())).append(",\n");
        sb.append("  \"remote\": ").append(map(s.remote())).append(",\n");
        sb.append("  \"pid\": ").append(ProcessHandle.current().pid()).append("\n}\n");
        return sb.toString();
    }

    private static String map(Map<String, Long> m) {
        StringBuilder sb = new StringBuilder("{");
        new TreeMap<>(m).forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(str(k)).append(": ").append(v));
        return sb.append('}').toString();
    }

    private static String list(List<String> l) {
        StringBuilder sb = new StringBuilder("[");
        for (String s : l) sb.append(sb.length() > 1 ? ", " : "").append(str(s));
        return sb.append(']').toString();
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
