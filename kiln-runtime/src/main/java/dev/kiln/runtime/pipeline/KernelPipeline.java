package dev.kiln.runtime.pipeline;

import dev.kiln.KilnException;
import dev.kiln.KilnVersion;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import dev.kiln.KilnConfig;
import dev.kiln.runtime.KilnContext;
import dev.kiln.model.KernelObjects;
import dev.kiln.model.StaticTables;
import dev.kiln.runtime.bind.InterfaceBinder;
import dev.kiln.runtime.bind.NativeBinder;
import dev.kiln.runtime.bind.ReceiverBinder;
import dev.kiln.runtime.cache.CacheMissException;
import dev.kiln.runtime.cache.CacheStats;
import dev.kiln.runtime.cache.KernelKey;
import dev.kiln.runtime.cache.KilnCache;
import dev.kiln.runtime.cache.MissReason;
import dev.kiln.runtime.cache.Verdict;
import dev.kiln.runtime.cpu.HostCpu;
import dev.kiln.runtime.events.KilnEvents;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The load path of a kernel: graph → key → lookup (best runnable verified entry in any tier, then the remote tiers)
 * → on a miss: strict? error : compile (single-flight, into the cache) → load → bind. The cache
 * ({@link KilnCache}) only keeps and checks entries; this class decides what happens and binds what it loads
 * ({@code abi}). A kernel asked for twice in one instance is looked up (and compiled) once.
 */
public final class KernelPipeline {
    private final KilnContext ctx;
    private final KilnConfig config;
    private final KilnCache cache;
    /** The pipeline's load step: verified bytes to a mapped library. */
    private final LibraryLoader libraries;
    /** The process's counters. */
    private final CacheStats stats;
    private final ConcurrentHashMap<String, CompletableFuture<NativeBinder.Bound>> handles = new ConcurrentHashMap<>();
    /** Fixed for the life of this pipeline (the host does not change, nor does KILN_HOST_CPU). */
    private volatile SortedSet<String> hostFeatures;
    private volatile String hostText;

    private SortedSet<String> hostFeatures() {
        SortedSet<String> f = hostFeatures;
        if (f == null) hostFeatures = f = HostCpu.features(config);
        return f;
    }

    private String hostText() {
        String t = hostText;
        if (t == null) hostText = t = HostCpu.describe(config);
        return t;
    }

    public KernelPipeline(KilnContext ctx) {
        this.ctx = ctx;
        this.config = ctx.config();
        this.cache = KilnCache.openForLoading(ctx); // KILN_REMOTE_CACHE set up now, for this pipeline's life
        this.libraries = new LibraryLoader(ctx.tempDir(), ctx.perfMap());
        this.stats = ctx.process().stats();
        NativeBinder.prewarm();
    }

    public KilnCache cache() {
        return cache;
    }

    public MethodHandle handle(KernelGraph graph) {
        return bound(() -> graph, KernelKey.of(graph, config.options(), KilnVersion.COMPILER), true, graph.loader())
                .handle();
    }

    /** As {@link #kernel(Class, String, MethodType)}, as a method handle of the kernel's exact type. */
    public MethodHandle handle(Class<?> owner, String name, MethodType type) {
        return kernel(owner, name, type).handle();
    }

    /**
     * A loaded kernel: its entry point, and the constant tables ({@link StaticTables}) its exported function takes
     * after the kernel's own parameters, read from their static fields at every call.
     */
    public record Kernel(NativeBinder.Bound bound, List<StaticTables.Table> tables, ClassLoader loader,
                         String descriptor) {
        /** A method handle of the kernel's own type (tables filled per call). */
        public MethodHandle handle() {
            return StaticTables.bind(bound.handle(), tables, loader, descriptor);
        }

        /** The kernel as an instance of {@code iface}; one class doing the downcall itself when there are no tables. */
        public <T> T implement(Class<T> iface, Method sam) {
            if (tables.isEmpty()) return bound.implement(iface, sam);
            return InterfaceBinder.bind(iface, sam, handle());
        }
    }

    /**
     * The kernel {@code name} of {@code owner} ({@code type} null: the only method of that name). When a direct-mode
     * record matches the class files byte for byte, no class file is parsed unless the kernel must be compiled;
     * otherwise the kernel graph and key are derived in full and recorded for next time.
     */
    public Kernel kernel(Class<?> owner, String name, MethodType type) {
        ClassLoader loader = owner.getClassLoader() != null ? owner.getClassLoader() : ClassLoader.getSystemClassLoader();
        return kernel(loader, owner.getName().replace('.', '/'), name, type == null ? null : type.toMethodDescriptorString(),
                owner);
    }

    /**
     * As {@link #kernel(Class, String, MethodType)} for a kernel class that {@code loader} serves but this JVM never
     * defines: a parallel loop's chunk ({@link dev.kiln.runtime.parallel.ParallelKernels}), whose class file is made
     * anew from the kernel's class in each process. Its direct-mode record names the chunk's bytes like any class
     * file, so a changed loop, lambda or callee misses it as any edit does.
     */
    public Kernel kernel(ClassLoader loader, String internal, String name, String descriptor) {
        return kernel(loader, internal, name, descriptor, null);
    }

    private Kernel kernel(ClassLoader loader, String internal, String name, String descriptor, Class<?> owner) {
        if (descriptor != null) NativeBinder.prepare(descriptor); // made while the entry is looked up and checked
        KilnCache.DirectKey direct = cache.directKey(loader, internal, name, descriptor, owner);
        if (direct != null) {
            Graph lazy = new Graph(loader, internal, name, descriptor);
            return new Kernel(bound(lazy, direct.key(), false, loader), direct.tables(), loader,
                    direct.key().kernel().descriptor());
        }
        KernelGraph graph = KernelGraph.of(loader, internal, name, descriptor);
        NativeBinder.Bound b = bound(() -> graph, KernelKey.of(graph, config.options(), KilnVersion.COMPILER), true,
                loader);
        return new Kernel(b, StaticTables.of(graph), loader, graph.root().descriptor());
    }

    /**
     * The kernel object {@code receiver.name} ({@link KernelObjects}): a handle of type {@code (receiver,
     * params...)ret} reading the receiver's fields at every call. No direct-mode record: its key is always derived
     * from the class files.
     */
    public MethodHandle instanceHandle(Class<?> receiver, String name, MethodType type) {
        ClassLoader loader = receiver.getClassLoader() != null ? receiver.getClassLoader() : ClassLoader.getSystemClassLoader();
        KernelGraph graph = KernelGraph.ofInstance(loader, receiver.getName().replace('.', '/'), name,
                type == null ? null : type.toMethodDescriptorString());
        NativeBinder.Bound b = bound(() -> graph, KernelKey.of(graph, config.options(), KilnVersion.COMPILER), false,
                loader);
        MethodHandle withFields = StaticTables.bind(b.handle(), StaticTables.of(graph), loader, graph.root().descriptor());
        return ReceiverBinder.bind(withFields, KernelObjects.fields(graph), receiver, graph.root());
    }

    /** The kernel graph, built only if a miss needs it (for the compiler). */
    private record Graph(ClassLoader loader, String owner, String name, String descriptor) implements Supplier<KernelGraph> {
        @Override
        public KernelGraph get() {
            return KernelGraph.of(loader, owner, name, descriptor);
        }
    }

    /** Looked up (and compiled) once per instance, then loaded and bound: racing callers wait for the first. */
    private NativeBinder.Bound bound(Supplier<KernelGraph> graph, KernelKey spec, boolean remember, ClassLoader loader) {
        String memo = spec.identity() + " " + spec.inputs() + " " + spec.options();
        CompletableFuture<NativeBinder.Bound> mine = new CompletableFuture<>();
        CompletableFuture<NativeBinder.Bound> f = handles.putIfAbsent(memo, mine);
        if (f == null) {
            try {
                mine.complete(lookUpOrCompile(graph, spec, loader));
            } catch (RuntimeException | Error e) {
                handles.remove(memo, mine); // a later call may succeed (compiler added, cache fixed)
                mine.completeExceptionally(e);
                throw e;
            }
            if (remember) cache.remember(graph.get(), spec);
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

    private NativeBinder.Bound lookUpOrCompile(Supplier<KernelGraph> graph, KernelKey spec, ClassLoader loader) {
        SortedSet<String> host = hostFeatures();
        String hostText = hostText();
        long t0 = System.nanoTime();
        Object event = KilnEvents.loadStarting(); // null unless a JFR recording is on
        KilnCache.Result r = cache.find(spec, host, hostText, true);
        if (r.found() != null) return loadHit(r.found(), loader, t0, event, "cache");
        KilnCache.Found fetched = cache.fetchRemote(spec, host, hostText); // null at once without remote tiers
        if (fetched != null) return loadHit(fetched, loader, t0, event, "remote");
        Verdict miss = r.verdict();
        MissReason reason = miss.reason().orElseThrow();
        String kernel = KernelKey.displayMethod(spec.identity());
        if (config.strict()) {
            // Why, not just "no entry": the compiler's refusal when it refuses the kernel, "bake it" when it would not.
            Verdict why = cache.qualify(namingAbsentTiers(miss), graph, spec,
                    e -> KilnEvents.refused(spec.identity(), e));
            stats.miss(spec.identity(), why.reason().orElseThrow(), why.detail());
            KilnEvents.missed(spec.identity(), why.reason().orElseThrow().id(), why.detail());
            throw new CacheMissException(spec.identity(), why.reason().orElseThrow(), why.detail());
        }
        Target target = cache.targetOnMiss(cache.compilerIfPresent());
        if (!host.containsAll(target.requiredFeatures())) {
            Set<String> lack = new TreeSet<>(target.requiredFeatures());
            lack.removeAll(host);
            throw new KilnException("cannot compile " + kernel + " for " + target + ": this host (" + hostText
                    + ") lacks " + lack + "; use kiln bake to build for other CPUs");
        }
        KilnCache.Stored s = cache.compileInto(graph.get(), spec, target,
                () -> cache.find(spec, host, hostText, true).found(),
                () -> {
                    stats.miss(spec.identity(), reason, miss.detail());
                    KilnEvents.missed(spec.identity(), reason.id(), miss.detail());
                },
                reason.id() + ": " + miss.detail());
        if (!s.compiled()) return loadHit(s.found(), loader, System.nanoTime(), event, "cache"); // another process's
        long t1 = System.nanoTime();
        NativeBinder.Bound b = libraries.load(s.found(), loader, cache.trustedKeys().isEmpty());
        long loadNanos = System.nanoTime() - t1;
        stats.loaded(loadNanos);
        observe(event, s.found(), "compiled", b, loadNanos, s.nanos(), reason.id());
        cache.publishRemote(s.found(), spec); // in the background
        return b;
    }

    /**
     * A no-entry miss with the configured cache folders that do not exist named: in strict mode nothing creates them,
     * so one is most likely a mistyped KILN_CACHE_PATH. (Without strict mode a missing folder is normal: it is created
     * when the first kernel is compiled into it.)
     */
    private Verdict namingAbsentTiers(Verdict miss) {
        if (miss.reason().orElseThrow() != MissReason.NO_ENTRY) return miss;
        List<String> absent = new java.util.ArrayList<>();
        for (java.nio.file.Path p : cache.tiers()) if (!java.nio.file.Files.isDirectory(p)) absent.add(p.toString());
        if (absent.isEmpty()) return miss;
        return Verdict.miss(MissReason.NO_ENTRY, miss.detail() + "; cache folder" + (absent.size() == 1 ? " " : "s ")
                + String.join(", ", absent) + (absent.size() == 1 ? " does" : " do") + " not exist");
    }

    private NativeBinder.Bound loadHit(KilnCache.Found f, ClassLoader loader, long t0, Object event, String source) {
        NativeBinder.Bound mh = libraries.load(f, loader, cache.trustedKeys().isEmpty());
        cache.served(f);
        long nanos = System.nanoTime() - t0;
        stats.loaded(nanos);
        observe(event, f, source, mh, nanos, 0, null);
        return mh;
    }

    /** JFR, the perf map and KILN_LOG (see {@link KilnEvents}). */
    private void observe(Object event, KilnCache.Found f, String source, NativeBinder.Bound b, long nanos,
                                long compileNanos, String missReason) {
        KilnEvents.loaded(ctx, event, f.meta().kernel(), source, f.tierName(), f.meta().key(), f.meta().target(),
                f.library(), f.meta().symbol(), b.address(), nanos, compileNanos, missReason);
    }
}
