package dev.kiln.runtime.cache;

import dev.kiln.KilnException;
import dev.kiln.Target;
import dev.kiln.runtime.KilnContext;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The remote tiers of this process ({@code KILN_REMOTE_CACHE}), shared by every {@code Kiln} instance with the same
 * settings. Read-through: on a local miss, {@link #fetch} asks each remote tier for an entry of the kernel that this
 * host can run, checks it with the very code that checks local entries, and copies it into the first writable local
 * tier (see {@link RemoteAdoption}). Write-back: {@link #publish} queues an entry this process compiled; a daemon
 * thread uploads it (bounded queue; a full queue drops, never blocks), and at exit pending uploads get at most
 * {@code kiln.remote.flushMillis}.
 *
 * <p>Object names: {@code kiln-v1/<kernel folder>/<spec digest>/<key>.<target>}, one immutable object per entry
 * ({@link EntryBundle}). The spec digest covers code, compiler and options, so listing it yields exactly the entries
 * that differ only by target, and the target in the name lets a reader pick the best runnable one before fetching.
 * Names are hints: everything in them is checked against the fetched metadata.
 */
final class RemoteTiers {
    static final String LAYOUT = "kiln-v1";
    static final int LIST_LIMIT = 256;

    final List<RemoteTier> tiers;
    private final boolean write;
    private final long flushMillis;
    /** The process's counters (remote hits, bytes, uploads, errors). */
    private final CacheStats stats;
    private final BlockingQueue<Upload> queue = new ArrayBlockingQueue<>(256);
    /** Queued or being uploaded. */
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread worker;

    private RemoteTiers(List<RemoteTier> tiers, boolean write, long flushMillis, CacheStats stats) {
        this.tiers = tiers;
        this.write = write;
        this.flushMillis = flushMillis;
        this.stats = stats;
    }

    /**
     * The remote tiers of the context's settings: none without {@code KILN_REMOTE_CACHE}, else the process's one set
     * for these settings ({@link ProcessTiers}), whose clients start setting up when it is made.
     */
    static RemoteTiers of(KilnContext ctx) {
        CacheSettings s = ctx.cache();
        CacheStats stats = ctx.process().stats();
        if (s.remoteCache().isEmpty()) return new RemoteTiers(List.of(), false, 0, stats);
        return ctx.process().tiers().remote(s, () -> create(s, stats));
    }

    static RemoteTiers of(List<URI> uris, CacheSettings settings, CacheStats stats) {
        List<RemoteTier> l = new ArrayList<>();
        Duration timeout = Duration.ofMillis(settings.remoteTimeoutMillis());
        for (URI u : uris) l.add(new RemoteTier(u, timeout, settings, stats));
        return new RemoteTiers(List.copyOf(l), settings.remoteWrite(), settings.remoteFlushMillis(), stats);
    }

    private static RemoteTiers create(CacheSettings settings, CacheStats stats) {
        List<URI> l = new ArrayList<>();
        for (String s : settings.remoteCache().orElseThrow().split(",")) if (!s.isBlank()) l.add(parse(s.trim()));
        RemoteTiers r = of(l, settings, stats);
        for (RemoteTier t : r.tiers) t.open(); // set up clients while the application starts
        return r;
    }

    static URI parse(String s) {
        try {
            URI u = new URI(s);
            if (u.getScheme() == null) throw new URISyntaxException(s, "no scheme (like redis:// or s3://)");
            return u;
        } catch (URISyntaxException e) {
            throw new KilnException("bad remote cache URI in KILN_REMOTE_CACHE: " + e.getMessage());
        }
    }

    boolean isEmpty() {
        return tiers.isEmpty();
    }

    // ------------------------------------------------------------------------------------------------- naming

    static String prefix(KernelKey spec) {
        String digest = KeyEncoder.sha256Hex((spec.identity() + "\n" + spec.inputs() + "\n" + spec.compiler() + "\n"
                + spec.options()).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return LAYOUT + "/" + Tier.kernelDirName(spec.identity()) + "/" + digest + "/";
    }

    /** Targets longer than this (a host's full feature list) are named by level, feature count and a digest. */
    static final int MAX_TARGET_IN_NAME = 100;

    static String name(KernelKey spec, EntryMeta m) {
        String t = m.target();
        if (t.length() > MAX_TARGET_IN_NAME) {
            Target p = m.parsedTarget();
            t = p.level() + "+" + p.features().size() + "f" + KeyEncoder.sha256Hex(t.getBytes(StandardCharsets.UTF_8))
                    .substring(0, 8);
        }
        return prefix(spec) + m.key() + "." + t;
    }

    /**
     * A listed object: its key and target, or null when the name is not one of ours. {@code extra} counts features
     * not spelled out in the name (a long target): such an entry may or may not run here, which only its metadata
     * tells.
     */
    record Listed(String name, String key, Target target, int extra) {
        private static final java.util.regex.Pattern ABBREVIATED =
                java.util.regex.Pattern.compile("([a-z0-9.-]+)\\+(\\d{1,4})f[0-9a-f]{8}");

        static Listed parse(String prefix, String name) {
            if (!name.startsWith(prefix)) return null;
            String rest = name.substring(prefix.length());
            if (rest.length() < 66 || rest.charAt(64) != '.' || !Tier.isKey(rest.substring(0, 64))) return null;
            String t = rest.substring(65);
            try {
                java.util.regex.Matcher ab = ABBREVIATED.matcher(t);
                if (ab.matches()) {
                    return new Listed(name, rest.substring(0, 64), Target.parse(ab.group(1)), Integer.parseInt(ab.group(2)));
                }
                return new Listed(name, rest.substring(0, 64), Target.parse(t), 0);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        int rank() {
            return target.requiredFeatures().size() + extra;
        }
    }

    // ------------------------------------------------------------------------------------------------- read-through

    /**
     * After a local miss: the best entry of a remote tier that this host can run, checked and copied into the first
     * writable local tier; null when no remote tier has one (or none answered in time).
     */
    KilnCache.Found fetch(TieredStore store, EntryLookup lookup, KernelKey spec, Set<String> features,
                          String featuresText) {
        if (tiers.isEmpty()) return null;
        long start = System.nanoTime();
        try {
            return fetchFrom(store, lookup, spec, features, featuresText);
        } finally {
            stats.remote("waitMicros", (System.nanoTime() - start) / 1000);
        }
    }

    private KilnCache.Found fetchFrom(TieredStore store, EntryLookup lookup, KernelKey spec, Set<String> features,
                                      String featuresText) {
        KilnCache.Found found = firstTaken(spec, features, (t, l, object) -> {
            stats.remote("inBytes", object.length);
            try {
                KilnCache.Found f = RemoteAdoption.adopt(store, lookup, spec, features, featuresText, l.key(), object);
                if (f != null) stats.remote("hits", 1);
                return f; // null: not runnable here after all, or not writable locally
            } catch (RemoteAdoption.Refused e) {
                stats.remote("refused", 1);
                KilnCache.warnOnce("refused " + l.name(), "remote cache entry " + t.name + "/" + l.name()
                        + " refused: " + e.getMessage() + "; not copied");
                return null;
            }
        });
        if (found == null) stats.remote("misses", 1);
        return found;
    }

    /** What to do with one fetched remote object: a result to stop at, or null to look further. */
    private interface Take<R> {
        R take(RemoteTier tier, Listed listed, byte[] object);
    }

    /**
     * The first non-null result of {@code take} over every answering tier's entries of this kernel that this host
     * may run, best first; tiers that fail are skipped (each reports itself once).
     */
    private <R> R firstTaken(KernelKey spec, Set<String> features, Take<R> take) {
        String prefix = prefix(spec);
        for (RemoteTier t : tiers) {
            if (t.down()) continue;
            try {
                for (Listed l : candidates(t, prefix, features)) {
                    Optional<byte[]> obj = t.call("get", s -> s.get(l.name()));
                    if (obj.isEmpty()) continue; // listed, then removed
                    R r = take.take(t, l, obj.get());
                    if (r != null) return r;
                }
            } catch (RemoteTier.RemoteFailure e) {
                continue; // reported once by the tier; local behaviour from here
            }
        }
        return null;
    }

    /** The tier's entries of this kernel whose names say this host can run them, most required features first. */
    private static List<Listed> candidates(RemoteTier t, String prefix, Set<String> features)
            throws RemoteTier.RemoteFailure {
        List<Listed> cands = new ArrayList<>();
        for (String n : t.call("list", s -> s.list(prefix, LIST_LIMIT))) {
            Listed l = Listed.parse(prefix, n);
            if (l != null && features.containsAll(l.target().requiredFeatures())) cands.add(l);
        }
        cands.sort(Comparator.<Listed>comparingInt(l -> -l.rank()).thenComparing(Listed::name));
        return cands;
    }

    /**
     * Whether, after a local miss, a remote tier would serve this kernel: its best entry this host can run, checked as
     * {@link #fetch} checks it but copied nowhere (for {@code kiln verify} and {@code explain}); null when none would.
     */
    Verdict wouldServe(EntryLookup lookup, KernelKey spec, Set<String> features, String featuresText) {
        return firstTaken(spec, features, (t, l, object) -> {
            try {
                KilnCache.Found f = RemoteAdoption.inspect(lookup, spec, features, featuresText, l.key(), object);
                return f == null ? null : Verdict.servedRemotely(f.meta(), t.name);
            } catch (RemoteAdoption.Refused | IOException e) {
                return null; // a load would refuse it too: look further
            }
        });
    }

    // ------------------------------------------------------------------------------------------------- write-back

    private record Upload(KilnCache.Found found, KernelKey spec) {
    }

    /** Queues an entry this process compiled for upload; returns at once (drops it when the queue is full). */
    void publish(KilnCache.Found f, KernelKey spec) {
        if (tiers.isEmpty() || !write) return;
        pending.incrementAndGet();
        if (!queue.offer(new Upload(f, spec))) {
            pending.decrementAndGet();
            stats.remote("dropped", 1);
            return;
        }
        if (worker == null) startWorker();
    }

    private synchronized void startWorker() {
        if (worker != null) return;
        Thread w = new Thread(this::drain, "kiln-remote-publish");
        w.setDaemon(true);
        worker = w;
        w.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::flush, "kiln-remote-flush"));
        stats.beforeExitWrite(this::flush); // hooks run concurrently: the stats file waits too
    }

    private void drain() {
        while (true) {
            Upload u;
            try {
                u = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                upload(u.found(), name(u.spec(), u.found().meta()));
            } catch (RuntimeException e) {
                KilnCache.warnOnce("publish " + e.getClass(), "publishing to the remote cache failed: " + e);
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    private void upload(KilnCache.Found f, String name) {
        byte[] bundle = EntryBundle.of(f);
        for (RemoteTier t : tiers) {
            if (t.unwritable() != null) continue;
            try {
                if (t.call("put", s -> s.putIfAbsent(name, bundle))) {
                    stats.remote("puts", 1);
                    stats.remote("outBytes", bundle.length);
                }
            } catch (RemoteTier.RemoteFailure e) {
                // reported once by the tier
            }
        }
    }

    /** At exit: waits (bounded) for queued uploads, so a short-lived process still shares what it compiled. */
    void flush() {
        await(flushMillis);
    }

    /** Waits at most {@code millis} for queued uploads; returns how many are still pending. */
    int await(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (pending.get() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return pending.get();
    }
}
