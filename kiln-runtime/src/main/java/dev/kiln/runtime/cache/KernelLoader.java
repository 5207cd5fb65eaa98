package dev.kiln.runtime.cache;

import dev.kiln.KilnException;
import dev.kiln.KilnVersion;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import dev.kiln.runtime.KilnConfig;
import dev.kiln.runtime.cpu.HostCpu;

import java.lang.invoke.MethodHandle;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * graph → key → best runnable verified entry in any tier → load and bind; on a miss: strict? error : lock →
 * re-check → compile → publish → load. A kernel asked for twice in one instance is looked up (and compiled) once.
 */
public final class KernelLoader {
    private final KilnConfig config;
    private final KilnCache cache;
    /** KILN_REMOTE_CACHE; an empty set (nothing asked, nothing published) when unset. */
    private final RemoteTiers remote;
    private final ConcurrentHashMap<String, CompletableFuture<MethodHandle>> handles = new ConcurrentHashMap<>();

    public KernelLoader(KilnConfig config) {
        this(config, RemoteTiers.fromEnvironment());
    }

    KernelLoader(KilnConfig config, RemoteTiers remote) {
        this.config = config;
        this.cache = KilnCache.open(config);
        this.remote = remote;
        dev.kiln.runtime.abi.NativeBinder.prewarm();
    }

    public KilnCache cache() {
        return cache;
    }

    public MethodHandle handle(KernelGraph graph) {
        KernelKey spec = KernelKey.of(graph, config.options(), KilnVersion.COMPILER);
        String memo = spec.identity() + " " + spec.inputs() + " " + spec.options();
        CompletableFuture<MethodHandle> mine = new CompletableFuture<>();
        CompletableFuture<MethodHandle> f = handles.putIfAbsent(memo, mine);
        if (f == null) {
            try {
                mine.complete(resolve(graph, spec));
            } catch (RuntimeException | Error e) {
                handles.remove(memo, mine); // a later call may succeed (compiler added, cache fixed)
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KilnException("interrupted while waiting for kernel " + spec.identity(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error er) throw er;
            throw new KilnException(e.getCause().toString(), e.getCause());
        }
    }

    private MethodHandle resolve(KernelGraph graph, KernelKey spec) {
        SortedSet<String> host = HostCpu.features(config);
        String hostText = HostCpu.describe(config);
        long t0 = System.nanoTime();
        KilnCache.Result r = cache.find(spec, host, hostText, true);
        if (r.found() != null) return loadHit(r.found(), t0);
        KilnCache.Found fetched = remote.fetch(cache, spec, host, hostText); // null at once without remote tiers
        if (fetched != null) return loadHit(fetched, t0);
        Verdict miss = r.verdict();
        MissReason reason = miss.reason().orElseThrow();
        String kernel = KernelKey.displayMethod(spec.identity());
        if (config.strict()) {
            CacheStats.process().miss(spec.identity(), reason, miss.detail());
            throw new CacheMissException(spec.identity(), reason, miss.detail());
        }
        Target target = cache.targetOnMiss(cache.compilerIfPresent());
        if (!host.containsAll(target.requiredFeatures())) {
            Set<String> lack = new TreeSet<>(target.requiredFeatures());
            lack.removeAll(host);
            throw new KilnException("cannot compile " + kernel + " for " + target + ": this host (" + hostText
                    + ") lacks " + lack + "; use kiln bake to build for other CPUs");
        }
        KilnCache.Stored s = cache.compileInto(graph, spec, target,
                () -> cache.find(spec, host, hostText, true).found(),
                () -> CacheStats.process().miss(spec.identity(), reason, miss.detail()),
                reason.id() + ": " + miss.detail());
        if (!s.compiled()) return loadHit(s.found(), System.nanoTime());
        long t1 = System.nanoTime();
        MethodHandle mh = Loader.load(s.found(), cache.trustedKeys().isEmpty());
        CacheStats.process().loaded(System.nanoTime() - t1);
        remote.publish(s.found(), spec); // in the background
        return mh;
    }

    private MethodHandle loadHit(KilnCache.Found f, long t0) {
        MethodHandle mh = Loader.load(f, cache.trustedKeys().isEmpty());
        Tier.markUsed(f.dir());
        CacheStats.process().hit(f.tier().root);
        CacheStats.process().loaded(System.nanoTime() - t0);
        return mh;
    }
}
