package dev.kiln.cli;

import dev.kiln.KilnVersion;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.EntryInfo;
import dev.kiln.CompileOptions;
import dev.kiln.runtime.cache.EntrySignature;
import dev.kiln.runtime.cache.KernelKey;
import dev.kiln.runtime.link.KernelAnnotation;
import dev.kiln.runtime.cache.KilnCache;
import dev.kiln.runtime.cache.Verdict;
import dev.kiln.runtime.cpu.HostCpu;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where the CLI calls the runtime's cache API ({@link KilnCache}). Commands only format what this
 * returns; the cache logic (keys, lookup, miss reasons, locking, eviction, verification) lives in the runtime.
 * A gateway works on exactly one cache directory, {@code --cache DIR}.
 */
final class CacheGateway {
    /** The on-disk layout this Kiln reads and writes ({@code <dir>/kiln-v1/...}). */
    static final int LAYOUT_VERSION = 1;
    private static final Pattern LAYOUT = Pattern.compile("kiln-v(\\d+)");

    enum BakeStatus { COMPILED, CACHED }

    record BakeOutcome(BakeStatus status, long bytes) {
    }

    /** Whether a kernel would be served from the cache; for a miss, the runtime's reason code and a readable detail. */
    record Lookup(boolean hit, String target, String where, String reason, String detail) {
    }

    record KeyPart(String name, String value) {
    }

    record Explanation(String key, List<KeyPart> parts, Lookup lookup, List<String> entries) {
    }

    /** @param signedBy fingerprints of valid signers, INVALID ones marked, {@code -} when unsigned */
    record EntryRow(String kernel, String target, long size, Instant created, Instant lastUsed, String path,
                    String signedBy) {
    }

    record GcResult(List<String> removed, long freedBytes, long remainingBytes, int skippedBusy) {
    }

    /**
     * @param signers   entries per valid signer's fingerprint
     * @param unsigned  entries without a signature
     * @param untrusted entries a runtime with the trust setting would refuse, each with the reason (empty without trust)
     */
    record FsckResult(int checked, List<String> bad, Map<String, Integer> signers, int unsigned, List<String> untrusted) {
    }

    private final Path dir;
    private final KilnConfig config;
    private final KilnCache cache;
    /** Caches opened with a kernel's own options: the key includes them, as at run time. */
    private final java.util.concurrent.ConcurrentHashMap<CompileOptions, KilnCache> byOptions =
            new java.util.concurrent.ConcurrentHashMap<>();

    private CacheGateway(Path dir, KilnConfig config) {
        this.dir = dir;
        this.config = config;
        this.cache = KilnCache.open(config);
    }

    /**
     * Opens {@code dir} with the settings of the environment (compile options, KILN_HOST_CPU).
     *
     * @param write the command adds or removes entries: the directory must be writable (it is created if missing)
     * @throws CliException (input) for a missing directory (when only reading), an unwritable one (when writing),
     *                      or one whose only layout is newer than this Kiln's
     */
    static CacheGateway open(Path dir, boolean write) {
        return open(dir, write, null, null);
    }

    /**
     * As {@link #open(Path, boolean)}, with a trust setting ({@code --trust}, null: the environment's) and a signing
     * key ({@code bake --sign}, null: the environment's, loaded when first needed), checked now so a bad one is a
     * one-line error.
     */
    static CacheGateway open(Path dir, boolean write, String trust, Path signKey) {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.exists(d) && !Files.isDirectory(d)) throw CliException.input("cache " + dir + " is not a directory");
        if (!write && !Files.isDirectory(d)) throw CliException.input("no cache at " + dir + " (the directory does not exist)");
        newerLayout(d).ifPresent(v -> {
            throw CliException.input("cache " + dir + " was made by a newer Kiln (layout kiln-v" + v
                    + "; this kiln " + KilnVersion.KILN + " reads kiln-v" + LAYOUT_VERSION + "); use that Kiln's kiln command");
        });
        KilnConfig config = KilnConfig.fromEnvironment().withCachePath(List.of(d));
        if (trust != null) config = config.withTrust(trust);
        if (signKey != null) config = config.withSignKey(signKey);
        CacheGateway gw = new CacheGateway(d, config);
        if (signKey != null) gw.cache.signer(); // a bad key fails before any work
        if (write) {
            Optional<Path> w = gw.cache.writableTier();
            if (w.isEmpty() || !w.get().equals(d)) {
                throw CliException.input("cache " + dir + " is not writable" + whyNotWritable(d));
            }
        }
        return gw;
    }

    /** A layout version above ours, when the directory has one and not ours. */
    static Optional<Integer> newerLayout(Path d) {
        if (!Files.isDirectory(d)) return Optional.empty();
        int newest = 0;
        boolean ours = false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, "kiln-v*")) {
            for (Path p : ds) {
                Matcher m = LAYOUT.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(p)) continue;
                int v = Integer.parseInt(m.group(1));
                if (v == LAYOUT_VERSION) ours = true;
                newest = Math.max(newest, v);
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return !ours && newest > LAYOUT_VERSION ? Optional.of(newest) : Optional.empty();
    }

    private static String whyNotWritable(Path d) {
        Path p = d;
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return "";
        if (!Files.isWritable(p)) return " (" + p + " is read-only" + (p.equals(d) ? "" : " and the cache cannot be created in it") + ")";
        return "";
    }

    /** The best target this host (or KILN_HOST_CPU) runs: what {@code --target host} bakes for. */
    static Target hostTarget() {
        KilnConfig c = KilnConfig.fromEnvironment();
        try {
            if (c.hostCpu().isPresent()) return Target.parse(c.hostCpu().get());
            return Target.bestFor(HostCpu.features(c), null);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("cannot use target host: " + e.getMessage());
        }
    }

    /** Readable host description, e.g. {@code x86-64-v4 (host)} or {@code x86-64-v3 (KILN_HOST_CPU)}. */
    static String describeHost() {
        return HostCpu.describe(KilnConfig.fromEnvironment());
    }

    Path dir() {
        return dir;
    }

    KilnConfig config() {
        return config;
    }

    /** Fingerprints of the trusted keys, empty without a trust setting. */
    List<String> trustedKeys() {
        return cache.trustedKeys();
    }

    /** The fingerprint of the signing key, when bake signs. */
    Optional<String> signer() {
        return Optional.ofNullable(cache.signer()).map(s -> s.fingerprint());
    }

    /**
     * Compiles into the cache unless exactly this entry is there. Whether this call compiled it is read from the
     * process's stats: the runtime records each key it compiles, and compiles a key at most once at a time
     * (single-flight under the key's lock), so one more record of this key after the call means this call compiled.
     */
    BakeOutcome bake(KernelGraph graph, Target target) {
        String key = KernelKey.of(graph, options(graph), KilnVersion.COMPILER).keyFor(target);
        long before = compiledCount(key);
        EntryInfo e = cacheFor(graph).bake(graph, target);
        boolean compiled = compiledCount(key) > before;
        return new BakeOutcome(compiled ? BakeStatus.COMPILED : BakeStatus.CACHED, e.size());
    }

    /** Remote tiers (KILN_REMOTE_CACHE) a bake also fills; empty when none. */
    List<String> remoteTiers() {
        return cache.remoteTiers();
    }

    /** After a bake: waits (at most 10 minutes) for the uploads; returns how many did not finish. */
    int awaitRemoteUploads() {
        return cache.awaitRemoteUploads(java.time.Duration.ofMinutes(10));
    }

    /** The environment's options with the kernel's own ({@code @Kernel(fastMath = true)}), as the runtime reads them. */
    private CompileOptions options(KernelGraph graph) {
        return KernelAnnotation.options(graph.method(graph.root()), config.options());
    }

    private KilnCache cacheFor(KernelGraph graph) {
        CompileOptions o = options(graph);
        if (o.equals(config.options())) return cache;
        return byOptions.computeIfAbsent(o, x -> KilnCache.open(config.withOptions(x)));
    }

    private long compiledCount(String key) {
        return cache.stats().snapshot().compiledKeys().stream().filter(key::equals).count();
    }

    Lookup lookup(KernelGraph graph, Target target) {
        return lookup(cacheFor(graph).check(graph, target), target.toString());
    }

    Lookup lookupForHost(KernelGraph graph) {
        return lookup(cacheFor(graph).check(graph, cache.hostFeatures()), "host");
    }

    private Lookup lookup(Verdict v, String asked) {
        if (v.served() && v.entry().isEmpty()) return new Lookup(true, asked, null, null, v.detail()); // remote tier
        if (v.served()) {
            EntryInfo e = v.entry().orElseThrow();
            EntrySignature.Status sig = cache.signatures(e);
            return new Lookup(true, asked, e.dir().toString(), null,
                    "served by the " + Targets.shortForm(e.target()) + " entry " + e.key().substring(0, 12) + " in "
                            + e.tier() + (sig.unsigned() ? ", unsigned" : ", signed by " + sig));
        }
        return new Lookup(false, asked, null, v.reason().orElseThrow().id(), v.detail());
    }

    Explanation explain(KernelGraph graph) {
        KilnCache.Explanation ex = cacheFor(graph).explain(graph);
        var k = ex.key();
        List<KeyPart> parts = new ArrayList<>();
        parts.add(new KeyPart("kernel", k.identity()));
        // The kernel's code first, then each callee; a digest no cached entry of this kernel has is marked.
        List<Map.Entry<String, String>> methods = new ArrayList<>(k.methodDigests().entrySet());
        methods.sort(Comparator.comparing((Map.Entry<String, String> m) -> !m.getKey().equals(k.identity())));
        for (Map.Entry<String, String> m : methods) {
            String role = m.getKey().equals(k.identity()) ? "  code of kernel " : "  code of callee ";
            boolean cachedElsewhere = ex.entries().stream()
                    .anyMatch(e -> e.meta().methodDigests().containsKey(m.getKey()));
            boolean same = ex.entries().stream()
                    .anyMatch(e -> m.getValue().equals(e.meta().methodDigests().get(m.getKey())));
            String note = ex.entries().isEmpty() || same ? ""
                    : cachedElsewhere ? "  <- changed (not in any cached entry)" : "  <- new callee";
            parts.add(new KeyPart(role + KernelKey.displayMethod(m.getKey()), m.getValue() + note));
        }
        parts.add(new KeyPart("inputs (all code)", k.inputs()));
        parts.add(new KeyPart("compiler", k.compiler()));
        parts.add(new KeyPart("options", k.options().toString()));
        parts.add(new KeyPart("target on a miss", ex.targetOnMiss().toString()));
        Verdict v = ex.verdict();
        Lookup l = lookup(v, "host");
        List<String> entries = new ArrayList<>();
        for (EntryInfo e : ex.entries()) {
            entries.add(e.target() + "  " + e.key().substring(0, 16) + "…  " + e.compiler() + "  "
                    + (e.meta().inputs().equals(k.inputs()) ? "same code" : "other code") + "  " + e.tier());
        }
        return new Explanation(ex.keyOnMiss(), parts, l, entries);
    }

    List<EntryRow> list() {
        List<EntryRow> rows = new ArrayList<>();
        for (EntryInfo e : cache.list()) {
            rows.add(new EntryRow(e.kernel(), e.target(), e.size(), e.created(), e.lastUsed(), e.dir().toString(),
                    cache.signatures(e).toString()));
        }
        return rows;
    }

    GcResult gc(long maxBytes, boolean stale) {
        KilnCache.GcReport r = cache.gc(maxBytes == Long.MAX_VALUE ? -1 : maxBytes, stale);
        return new GcResult(r.removed().stream().map(Path::toString).toList(), r.freedBytes(), r.keptBytes(),
                r.skippedBusy());
    }

    /** @param repair move bad entries aside; false: only read (a read-only cache) */
    FsckResult fsck(boolean repair) {
        KilnCache.FsckReport r = repair ? cache.verify() : cache.audit();
        List<String> bad = new ArrayList<>();
        for (KilnCache.Problem p : r.problems()) {
            bad.add(p.entry() + ": " + p.reason() + (!repair ? ""
                    : p.movedTo().map(m -> " -> moved to " + m).orElse(" (could not move it aside)")));
        }
        // Signatures of what is left: who signed, and what a runtime with this trust setting would refuse.
        Map<String, Integer> signers = new java.util.TreeMap<>();
        int unsigned = 0;
        List<String> untrusted = new ArrayList<>();
        for (EntryInfo e : cache.list()) {
            EntrySignature.Status s = cache.signatures(e);
            s.validBy().forEach(f -> signers.merge(f, 1, Integer::sum));
            if (s.unsigned()) unsigned++;
            cache.untrusted(e).ifPresent(why -> untrusted.add(e.dir() + ": " + why));
        }
        return new FsckResult(r.checked(), bad, signers, unsigned, untrusted);
    }


}
