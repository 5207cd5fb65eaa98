package dev.kiln.runtime.cache;

import dev.kiln.KilnException;
import dev.kiln.KilnVersion;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.StaticTables;
import dev.kiln.KilnConfig;
import dev.kiln.runtime.KilnContext;
import dev.kiln.runtime.cpu.HostCpu;
import dev.kiln.runtime.events.KilnEvents;
import dev.kiln.spi.CompiledKernel;
import dev.kiln.spi.KernelCompiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The native-code cache: a search path of tiers ({@link KilnConfig#cachePath()}), all read, misses written to the
 * first writable one. This class is also the API of the {@code kiln} command:
 *
 * <ul>
 *   <li>{@link #list()}: every entry (kernel, target, size, created, last used);</li>
 *   <li>{@link #explain(KernelGraph)}: key components, and whether and why this host would be served;</li>
 *   <li>{@link #check(KernelGraph, Set)}: would a kernel be served without compiling on a host with these features
 *       (a target's {@link Target#requiredFeatures()}, or {@link #hostFeatures()});</li>
 *   <li>{@link #verify()}: fsck, quarantining bad entries;</li>
 *   <li>{@link #gc(long, boolean)}: size-capped LRU and removal of other compiler versions;</li>
 *   <li>{@link #bake(KernelGraph, Target)}: compile into the cache without loading (needs kiln-compiler).</li>
 * </ul>
 *
 * Thread-safe; safe with other processes using the same directories (see {@link Tier} and {@link KeyLock}).
 */
public final class KilnCache {
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final KilnContext ctx;
    private final KilnConfig config;
    private final TieredStore store;
    /** The process's counters. */
    private final CacheStats stats;
    private final EntryLookup lookup;
    private final CompilerLookup compiler = new CompilerLookup();
    /** Null when kiln.trust is unset: then signatures are never read on a lookup. */
    private final Trust trust;
    private volatile EntrySignature.Signer signer;

    private KilnCache(KilnContext ctx) {
        this.ctx = ctx;
        this.config = ctx.config();
        this.stats = ctx.process().stats();
        this.trust = Trust.of(config);
        this.store = new TieredStore(config.cachePath(), ctx);
        this.lookup = new EntryLookup(store, trust);
    }

    /**
     * The cache as the {@code kiln} command sees it: {@code config}, the other settings read from this process now
     * ({@link KilnContext#of(KilnConfig)}), remote tiers set up at their first use.
     */
    public static KilnCache open(KilnConfig config) {
        return open(KilnContext.of(config));
    }

    /** As {@link #open(KilnConfig)}, with every setting from {@code ctx}. */
    public static KilnCache open(KilnContext ctx) {
        return new KilnCache(ctx);
    }

    /**
     * The cache a {@code Kiln} instance loads kernels through: its remote tiers ({@code KILN_REMOTE_CACHE}) are set up
     * now, for its whole life (a bad remote URI fails here).
     */
    public static KilnCache openForLoading(KilnContext ctx) {
        KilnCache c = new KilnCache(ctx);
        c.store.remote();
        return c;
    }

    /**
     * The one-time set-up of the direct mode's first lookup, done ahead: the JDK's SHA-256 provider (its security
     * providers and properties) and the stamp of the code that derives keys ({@link DirectIndex}). Idempotent and
     * thread-safe; it changes no key and no entry, only who pays the set-up and when.
     */
    public static void prepareDirectMode() {
        KeyEncoder.sha256Hex(new byte[0]);
        DirectIndex.Implementation.prepare();
    }

    public KilnConfig config() {
        return config;
    }

    /** The settings this cache was opened with. */
    public KilnContext context() {
        return ctx;
    }

    /** The process's counters ({@link dev.kiln.runtime.ProcessState#stats()}). */
    public CacheStats stats() {
        return stats;
    }

    /** The configured tiers, in search order. */
    public List<Path> tiers() {
        return store.configured().stream().map(t -> t.root).toList();
    }

    /** The first tier this process can write to, if any (probes by creating and deleting a file). */
    public Optional<Path> writableTier() {
        for (Tier t : store.configured()) if (t.unwritable() == null) return Optional.of(t.root);
        return Optional.empty();
    }

    /** CPU features this process may use: {@code KILN_HOST_CPU}, else the detected host. */
    public SortedSet<String> hostFeatures() {
        return HostCpu.features(config);
    }

    /** The target compiled for on a miss: {@code KILN_TARGET}, or the (pretended) host's best target. */
    public Target targetOnMiss(Optional<KernelCompiler> compiler) {
        if (!config.target().equals("host")) return Target.parse(config.target());
        if (config.hostCpu().isPresent()) return Target.parse(config.hostCpu().get());
        String tune = compiler.map(KernelCompiler::hostCpuName).orElse(null);
        return Target.bestFor(HostCpu.detect(), tune);
    }

    // ------------------------------------------------------------------------------------------------- lookup

    /** A verified entry, with the library bytes that were checked (and are what gets loaded). */
    public record Found(Tier tier, Path dir, EntryMeta meta, byte[] library) {
        /** The tier as named in stats and events. */
        public String tierName() {
            return tier.describe();
        }

        /** The library file in the cache (for a loader that cannot load a private copy of {@link #library()}). */
        public Path libraryFile() {
            return dir.resolve(Tier.LIBRARY);
        }

        EntryInfo info() {
            return new EntryInfo(tier.root, dir, meta, Tier.sizeOf(dir), Tier.lastUsed(dir));
        }
    }

    /** Either found, or the miss verdict. */
    public record Result(Found found, Verdict verdict) {
    }

    record Cand(Tier tier, Path dir, EntryMeta meta) {
    }

    /** The key's parts and the kernel's constant tables, from a direct-mode record (see {@link DirectIndex}). */
    public record DirectKey(KernelKey key, List<StaticTables.Table> tables) {
    }

    /**
     * Key parts from a direct-mode record whose class files are unchanged, or null: the kernel {@code name} of
     * {@code owner} ({@code descriptor} null: the only method of that name).
     */
    public DirectKey directKey(ClassLoader loader, String owner, String name, String descriptor, Class<?> ownerClass) {
        DirectIndex.Hit h = DirectIndex.lookup(store.searched(),
                new DirectIndex.Request(loader, owner, name, descriptor, ownerClass), KilnVersion.COMPILER,
                config.options());
        return h == null ? null : new DirectKey(h.key(), h.tables());
    }

    /** Records {@code graph}'s class files for direct mode in the first configured tier that takes it. */
    public void remember(KernelGraph graph, KernelKey spec) {
        DirectIndex.record(store.configured(), graph, spec);
    }

    /**
     * Finds the best verified entry for {@code spec} runnable with {@code features} in every searched tier (see
     * {@link EntryLookup}). Corrupt entries are skipped and, when {@code repair}, moved to quarantine.
     */
    public Result find(KernelKey spec, Set<String> features, String featuresText, boolean repair) {
        return lookup.find(store.searched(), spec, features, featuresText, repair);
    }

    public static String shortTarget(String target) {
        int plus = target.indexOf('+');
        int at = target.indexOf('@');
        int cut = plus >= 0 ? plus : at;
        return cut < 0 ? target : target.substring(0, cut) + (plus >= 0 ? "+…" : target.substring(at));
    }


    // ------------------------------------------------------------------------------------------------- writes

    /** Returns a found entry (another process made it while we waited for the lock), or null to compile. */
    public interface Recheck {
        Found get();
    }

    /** Result of {@link #compileInto}: the entry, whether this process compiled it, and how long that took. */
    public record Stored(Found found, boolean compiled, long nanos) {
    }

    /**
     * Single-flight compile and publish: take the key's exclusive lock in the first writable tier, re-check,
     * run {@code beforeCompile}, compile, publish atomically. Falls back to a private temporary tier when no
     * configured tier can be written.
     */
    public Stored compileInto(KernelGraph graph, KernelKey spec, Target target, Recheck recheck, Runnable beforeCompile,
                       String missText) {
        String key = spec.keyFor(target);
        String symbol = KernelKey.symbol(key);
        CompiledKernel ck = null; // compiled once, even when publishing has to move on to another tier
        long nanos = 0;
        for (int attempt = 0; ; attempt++) {
            Tier t = store.writableOrPrivate();
            Path kdir = t.kernelDir(spec.identity());
            try {
                Files.createDirectories(kdir);
            } catch (IOException e) {
                if (!store.markUnwritable(t, kdir, e) || attempt > store.fallbackAttempts()) throw fail(spec, e);
                continue;
            }
            if (ck == null) compiler.prepare();
            KeyLock lock;
            try {
                lock = KeyLock.exclusive(Tier.lockFile(kdir, key));
            } catch (KeyLock.LockFailedException e) {
                // The file system cannot lock (e.g. no lock support): publishing is atomic without the lock, only
                // single-flight is lost, so compile anyway rather than call the tier unwritable.
                warnOnce("nolock " + t, e.getMessage() + "; compiling without the single-flight lock in " + t);
                lock = null;
            } catch (IOException e) { // the lock file cannot be created: a write failure of the tier
                if (!store.markUnwritable(t, Tier.lockFile(kdir, key), e) || attempt > store.fallbackAttempts()) {
                    throw fail(spec, e);
                }
                continue;
            }
            try (KeyLock held = lock) {
                Found again = recheck.get();
                if (again != null) return new Stored(again, false, 0);
                if (ck == null) {
                    beforeCompile.run();
                    KernelCompiler c = compiler.get(spec, missText);
                    WriteWarnings.flush(); // only now is where this kernel goes news (see WriteWarnings)
                    long t0 = System.nanoTime();
                    Object event = KilnEvents.compileStarting(); // null unless a JFR recording is on
                    try {
                        ck = c.compile(graph, spec.options(), target, symbol);
                    } catch (dev.kiln.UnsupportedConstructException e) {
                        KilnEvents.refused(spec.identity(), e);
                        throw e;
                    }
                    nanos = System.nanoTime() - t0;
                    KilnEvents.compiled(event, spec.identity(), key, target.toString(), ck.phaseNanos(),
                            ck.library().length);
                    if (!ck.abi().symbol().equals(symbol)
                            || !dev.kiln.model.KernelObjects.abiMatches(spec.identity(), ck.abi().descriptor())) {
                        throw new KilnException("compiler returned " + ck.abi() + " for " + spec.identity()
                                + ", expected symbol " + symbol);
                    }
                }
                EntryMeta meta = new EntryMeta(key, spec.identity(), spec.inputs(), spec.methodDigests(),
                        spec.compiler(), target.toString(), spec.options().toString(), ck.abi(),
                        ck.library().length, KeyEncoder.sha256Hex(ck.library()), Instant.now());
                Path dir;
                try {
                    EntrySignature.Signer sg = signer();
                    dir = Tier.publish(kdir, meta, ck.library(), sg == null ? null : sg.sign(meta, ck.library()));
                } catch (IOException e) {
                    if (!store.markUnwritable(t, kdir, e) || attempt > store.fallbackAttempts()) throw fail(spec, e);
                    continue;
                }
                stats.compiled(key, nanos);
                return new Stored(new Found(t, dir, meta, ck.library()), true, nanos);
            }
        }
    }

    /**
     * After a local miss: the best entry of {@code remote} this host can run, checked as a local one and copied into
     * the tier a compile would write; null when none (at once when there are no remote tiers).
     */
    public Found fetchRemote(KernelKey spec, Set<String> features, String featuresText) {
        return store.remote().fetch(store, lookup, spec, features, featuresText);
    }

    /** Queues an entry this process compiled for the remote tiers (returns at once; nothing without them). */
    public void publishRemote(Found f, KernelKey spec) {
        store.remote().publish(f, spec);
    }

    /** Records a hit on {@code f}: its last-use marker (not in a read-only tier) and the process's stats. */
    public void served(Found f) {
        if (!f.tier().readOnly) Tier.markUsed(f.dir(), ctx.cache().useMarkMillis());
        stats.hit(f.tier().describe());
    }

    /**
     * {@code miss} made precise: the compiler's refusal when it refuses the kernel (handed to {@code refused} too),
     * "bake it" when it would compile it; a served verdict as is (see {@link Refusals}).
     */
    public Verdict qualify(Verdict miss, java.util.function.Supplier<KernelGraph> graph, KernelKey spec,
                           java.util.function.Consumer<dev.kiln.UnsupportedConstructException> refused) {
        return Refusals.qualify(miss, graph, spec.options(), compiler.ifPresent(), refused);
    }

    /** The Kiln compiler on the class path, if any. */
    public Optional<KernelCompiler> compilerIfPresent() {
        return compiler.ifPresent();
    }

    private static KilnException fail(KernelKey spec, IOException e) {
        return new KilnException("cannot write cache entry for " + spec.identity() + ": " + WriteFailure.describe(e), e);
    }

    /** The signer of kiln.sign.key, loaded (and its file permissions checked) on first use; null when unset. */
    public EntrySignature.Signer signer() {
        EntrySignature.Signer s = signer;
        if (s == null && config.signKey().isPresent()) signer = s = EntrySignature.Signer.load(config.signKey().get());
        return s;
    }

    /** Fingerprints of the trusted keys; empty when trust is not configured (every checksummed entry loads). */
    public List<String> trustedKeys() {
        return trust == null ? List.of() : trust.fingerprints();
    }

    /** An entry's signatures, each checked against its metadata and library. */
    public EntrySignature.Status signatures(EntryInfo e) {
        return EntrySignature.inspect(e);
    }

    /** Why a load with this trust setting would refuse the entry ("is unsigned", ...), empty when it would not. */
    public Optional<String> untrusted(EntryInfo e) {
        return trust == null ? Optional.empty() : Optional.ofNullable(trust.check(e));
    }

    // ------------------------------------------------------------------------------------------------- public API

    /**
     * Would {@code graph} (with this cache's options) be served without compiling on a CPU with {@code features}?
     * A miss of a kernel the compiler refuses is {@link MissReason#REFUSED} (see {@link Refusals}).
     */
    public Verdict check(KernelGraph graph, Set<String> features) {
        KernelKey spec = KernelKey.of(graph, config.options(), KilnVersion.COMPILER);
        return Refusals.qualify(check(spec, features, describe(features)), () -> graph, spec.options(), compiler.ifPresent());
    }

    /** As {@link #check(KernelGraph, Set)} for a target: would a host with exactly its features be served? */
    public Verdict check(KernelGraph graph, Target target) {
        KernelKey spec = KernelKey.of(graph, config.options(), KilnVersion.COMPILER);
        return Refusals.qualify(check(spec, target.requiredFeatures(), shortTarget(target.toString())), () -> graph,
                spec.options(), compiler.ifPresent());
    }

    private Verdict check(KernelKey spec, Set<String> features, String text) {
        Result r = find(spec, features, text, false);
        if (r.found() != null) return Verdict.served(r.found().info());
        Verdict remote = store.remote().wouldServe(lookup, spec, features, text);
        return remote != null ? remote : r.verdict();
    }

    /**
     * Why a kernel would or would not hit on this host.
     *
     * @param key         the key components of the kernel as the runtime computes them now
     * @param verdict     what a load on this host would do
     * @param entries     every entry of this kernel in every tier
     * @param targetOnMiss what a miss would compile for
     * @param keyOnMiss   the key that compile would produce
     */
    public record Explanation(KernelKey key, Verdict verdict, List<EntryInfo> entries, Target targetOnMiss,
                              String keyOnMiss) {
    }

    public Explanation explain(KernelGraph graph) {
        KernelKey spec = KernelKey.of(graph, config.options(), KilnVersion.COMPILER);
        SortedSet<String> host = hostFeatures();
        Verdict v = Refusals.qualify(check(spec, host, HostCpu.describe(config)), () -> graph, spec.options(),
                compiler.ifPresent());
        Target t = targetOnMiss(compiler.ifPresent());
        return new Explanation(spec, v, list(spec.identity()), t, spec.keyFor(t));
    }

    /** Every readable entry in every tier (entries whose metadata is unreadable are {@link #verify()}'s business). */
    public List<EntryInfo> list() {
        List<EntryInfo> out = new ArrayList<>();
        for (Tier t : store.searched()) for (Path k : t.kernelDirs()) out.addAll(entries(t, k));
        return out;
    }

    /** The entries of one kernel ({@code com.acme.Losses.clip(DDD)D}) in every tier. */
    public List<EntryInfo> list(String kernelIdentity) {
        List<EntryInfo> out = new ArrayList<>();
        for (Tier t : store.searched()) out.addAll(entries(t, t.kernelDir(kernelIdentity)));
        out.removeIf(e -> !e.kernel().equals(kernelIdentity));
        return out;
    }

    static List<EntryInfo> entries(Tier t, Path kernelDir) {
        List<EntryInfo> out = new ArrayList<>();
        for (Path d : Tier.entryDirs(kernelDir)) {
            try {
                EntryMeta m = Tier.readMeta(d);
                out.add(new EntryInfo(t.root, d, m, Tier.sizeOf(d), Tier.lastUsed(d)));
            } catch (IOException | CorruptEntryException e) {
                // listed by verify()
            }
        }
        return out;
    }

    /**
     * A problem found by {@link #verify()}.
     *
     * @param movedTo where the entry went, empty when it could not be moved (read-only tier, busy)
     */
    public record Problem(Path entry, String reason, Optional<Path> movedTo) {
    }

    /** @param checked entries examined; tempsRemoved abandoned writes cleaned up */
    public record FsckReport(int checked, List<Problem> problems, int tempsRemoved) {
        public boolean clean() {
            return problems.isEmpty();
        }
    }

    /** Checks every entry of every tier like a load does, and moves bad ones to quarantine where possible. */
    public FsckReport verify() {
        return Fsck.run(store.searched(), true);
    }

    /** As {@link #verify()}, but only reads: bad entries are reported and left in place, nothing is cleaned up. */
    public FsckReport audit() {
        return Fsck.run(store.searched(), false);
    }

    /**
     * @param removed      entries deleted
     * @param freedBytes   their size
     * @param keptBytes    size of what is left in the writable tiers
     * @param skippedBusy  entries that should have gone but were in use (locked) by another process
     * @param tempsRemoved abandoned writes cleaned up
     */
    public record GcReport(List<Path> removed, long freedBytes, long keptBytes, int skippedBusy, int tempsRemoved) {
    }

    /**
     * Garbage-collects every writable tier: removes entries of other compiler versions (when asked), then the
     * least recently used entries until the tier holds at most {@code maxBytes} (negative: no cap). Entries other
     * processes are using are skipped.
     */
    public GcReport gc(long maxBytes, boolean removeOtherCompilers) {
        return CacheGc.gc(store.configured(), maxBytes, removeOtherCompilers);
    }

    /**
     * Compiles {@code graph} (with this cache's options) for {@code target} into the first writable tier unless an
     * entry with exactly that key is already there and valid; never loads it, so any target can be baked on any
     * host. Needs kiln-compiler on the class path.
     */
    public EntryInfo bake(KernelGraph graph, Target target) {
        KernelKey spec = KernelKey.of(graph, config.options(), KilnVersion.COMPILER);
        String key = spec.keyFor(target);
        EntrySignature.Signer sg = signer();
        Recheck exact = () -> {
            Result r = find(spec, target.requiredFeatures(), target.toString(), true);
            Found f = r.found();
            if (f == null || !f.meta().key().equals(key)) return null;
            // Signing bakes vouch only for what they compiled: an entry not yet signed by this key is compiled again
            // and signed only if it is byte for byte what this compiler makes (see Tier.publish).
            return sg == null || EntrySignature.signedBy(f.dir(), f.meta(), f.library(), sg.publicKey()) ? f : null;
        };
        Found f = exact.get();
        if (f == null) f = compileInto(graph, spec, target, exact, () -> { }, "baking " + target).found();
        remember(graph, spec);
        store.remote().publish(f, spec); // with KILN_REMOTE_CACHE, a bake fills the remote tiers too
        return f.info();
    }

    /** Remote tiers of KILN_REMOTE_CACHE, as shown in messages (no credentials); empty when none. */
    public List<String> remoteTiers() {
        return store.remote().tiers.stream().map(t -> t.name).toList();
    }

    /** Waits at most {@code max} for queued uploads to remote tiers; returns how many are still pending. */
    public int awaitRemoteUploads(java.time.Duration max) {
        return store.remote().await(max.toMillis());
    }

    // ------------------------------------------------------------------------------------------------- warnings

    static String describe(Set<String> features) {
        try {
            Target best = Target.bestFor(features, null);
            return best.level() + (best.features().isEmpty() ? "" : "+" + best.features().size() + " features");
        } catch (IllegalArgumentException e) {
            return "a CPU without the x86-64 baseline";
        }
    }

    static void warn(String message) {
        System.err.println("kiln: warning: " + message);
    }

    static void warnOnce(String id, String message) {
        if (WARNED.add(id)) warn(message);
    }
}
