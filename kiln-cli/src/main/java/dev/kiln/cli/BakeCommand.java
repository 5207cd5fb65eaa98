package dev.kiln.cli;

import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import dev.kiln.KilnConfig;
import dev.kiln.runtime.KilnContext;
import dev.kiln.runtime.cache.CacheStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "bake", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Compiles kernels into a cache ahead of time.",
                "",
                "Without KERNEL arguments, bakes every method annotated @dev.kiln.Kernel in the classpath's jars "
                        + "and directories. Each kernel is compiled once per target, in parallel; kernels already in the "
                        + "cache are not compiled again. Several bakes may run at once on one cache: each entry is "
                        + "compiled once. Compile options (optimisation level, fast math, bounds checks) come from "
                        + "KILN_OPT, KILN_FAST_MATH and KILN_BOUNDS_CHECKS, exactly as the runtime reads them, so what is "
                        + "baked is what the runtime asks for.",
        })
final class BakeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClassPathOption classPath;

    @Mixin
    CacheOption cache;

    @Option(names = "--target", paramLabel = "LIST",
            description = "Comma-separated targets to compile for, e.g. x86-64-v3,x86-64-v4 or host"
                    + " (default: KILN_TARGET, else host).")
    String targets;

    @Option(names = {"--jobs", "-j"}, paramLabel = "N", description = "Compilations to run at once (default: the number of cores).")
    Integer jobs;

    @Option(names = "--sign", paramLabel = "KEY",
            description = "Sign every entry with this Ed25519 private key (PEM PKCS#8, from 'kiln keygen'; default: "
                    + "KILN_SIGN_KEY). An entry already cached but not signed by this key is compiled again and signed "
                    + "only if it is byte for byte what this compiler makes; otherwise it is replaced.")
    java.nio.file.Path sign;

    @Option(names = {"--keep-going", "-k"},
            description = "Compile everything that can be compiled and exit 0 even if some kernels fail (they are still listed).")
    boolean keepGoing;

    @Parameters(paramLabel = "KERNEL", arity = "0..*",
            description = "Kernels to bake, as Class#method or Class#method(descriptor) (default: every @Kernel method).")
    List<String> kernels = new ArrayList<>();

    private record Task(KernelId kernel, Target target) {
    }

    private record Result(Task task, CacheGateway.BakeStatus status, long nanos, String error) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int n = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (n < 1) throw CliException.usage("--jobs must be at least 1, got " + n);
        KilnConfig config = KilnConfig.fromEnvironment();
        ClassPath cp = classPath.parse();
        List<Target> ts = Targets.parse(targets != null ? targets : config.target());
        long start = System.nanoTime();
        CacheStats stats = KilnContext.of(config).process().stats(); // the process's counters
        Map<String, Long> remoteBefore = stats.snapshot().remote();
        try (URLClassLoader loader = cp.newLoader()) {
            List<KernelId> ids = KernelSet.select(cp, loader, kernels);
            Map<KernelId, String> names = KernelSet.displayNames(ids);
            CacheGateway gw = CacheGateway.open(cache.resolve(), true, null, sign);

            List<Task> tasks = new ArrayList<>();
            for (KernelId id : ids) for (Target t : ts) tasks.add(new Task(id, t));
            out.printf(Locale.ROOT, "Baking %d kernel%s × %d target%s (%s) into %s with %d job%s%n", ids.size(),
                    ids.size() == 1 ? "" : "s", ts.size(), ts.size() == 1 ? "" : "s",
                    String.join(", ", ts.stream().map(Target::toString).toList()), gw.dir(), n, n == 1 ? "" : "s");
            gw.signer().ifPresent(f -> out.println("Signing every entry with " + f));
            out.flush();

            Progress progress = Progress.forOutput(out, spec.commandLine().getOut() == KilnCli.stdout());
            progress.started(tasks.size());
            Map<KernelId, Object> graphs = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<Result>> futures = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, tasks.size()), r -> {
                Thread t = new Thread(r, "kiln-bake");
                t.setDaemon(true);
                return t;
            });
            try {
                for (Task task : tasks) {
                    futures.add(pool.submit(() -> {
                        String label = names.get(task.kernel()) + " for " + task.target();
                        if (stop.get()) return new Result(task, null, 0, null);
                        long t0 = System.nanoTime();
                        try {
                            Object g = graphs.computeIfAbsent(task.kernel(), id -> graphsOf(loader, id));
                            if (g instanceof RuntimeException e) throw e;
                            CacheGateway.BakeOutcome o = bakeAll(gw, (List<?>) g, task.target());
                            long dt = System.nanoTime() - t0;
                            progress.finished(o.status() == CacheGateway.BakeStatus.COMPILED ? "compiled" : "cached",
                                    label, dt, null);
                            return new Result(task, o.status(), dt, null);
                        } catch (RuntimeException | LinkageError e) {
                            if (!keepGoing) stop.set(true);
                            long dt = System.nanoTime() - t0;
                            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                            if (isVerbose()) e.printStackTrace(spec.commandLine().getErr());
                            progress.finished("failed", label, dt, msg);
                            return new Result(task, null, dt, msg);
                        }
                    }));
                }
                List<Result> results = new ArrayList<>();
                for (Future<Result> f : futures) results.add(f.get());
                progress.done();
                if (!gw.remoteTiers().isEmpty()) {
                    int left = gw.awaitRemoteUploads();
                    Map<String, Long> r = stats.snapshot().remote();
                    remoteLine = String.format(Locale.ROOT, "  published       %d new to %s (%d errors%s)",
                            r.getOrDefault("puts", 0L) - remoteBefore.getOrDefault("puts", 0L),
                            String.join(", ", gw.remoteTiers()),
                            r.getOrDefault("errors", 0L) - remoteBefore.getOrDefault("errors", 0L),
                            left > 0 ? ", " + left + " not finished" : "");
                }
                return summary(out, results, names, ids.size(), ts.size(), System.nanoTime() - start);
            } finally {
                pool.shutdownNow();
            }
        } catch (IOException e) {
            throw CliException.input("cannot close class loader: " + e.getMessage(), e);
        }
    }

    /** What went to the remote tiers, when KILN_REMOTE_CACHE is set. */
    private String remoteLine;

    private int summary(PrintWriter out, List<Result> results, Map<KernelId, String> names, int kernels, int targets,
                        long nanos) {
        int compiled = 0, cached = 0, failed = 0, skipped = 0;
        List<Result> failures = new ArrayList<>();
        for (Result r : results) {
            if (r.error() != null) {
                failed++;
                failures.add(r);
            } else if (r.status() == null) skipped++;
            else if (r.status() == CacheGateway.BakeStatus.COMPILED) compiled++;
            else cached++;
        }
        out.println();
        out.printf(Locale.ROOT, "%d kernel%s × %d target%s = %d%n", kernels, kernels == 1 ? "" : "s", targets,
                targets == 1 ? "" : "s", results.size());
        out.printf(Locale.ROOT, "  compiled        %d%n", compiled);
        out.printf(Locale.ROOT, "  already cached  %d%n", cached);
        out.printf(Locale.ROOT, "  failed          %d%n", failed);
        if (skipped > 0) out.printf(Locale.ROOT, "  not attempted   %d (stopped at the first failure; --keep-going runs them all)%n", skipped);
        if (remoteLine != null) out.println(remoteLine);
        out.printf(Locale.ROOT, "  wall time       %s%n", Sizes.duration(nanos));
        for (Result r : failures) {
            out.println("failed: " + names.get(r.task().kernel()) + " for " + r.task().target() + ": "
                    + KilnCli.oneLine(r.error()));
        }
        out.flush();
        if (failed > 0 && !keepGoing) {
            throw new CliException(Exit.CHECK_FAILED, failed + " of " + results.size() + " compilation"
                    + (results.size() == 1 ? "" : "s") + " failed; first: " + names.get(failures.get(0).task().kernel())
                    + " for " + failures.get(0).task().target() + ": " + KilnCli.oneLine(failures.get(0).error()));
        }
        return Exit.OK;
    }

    /**
     * What a kernel links to: its own graph, or for a kernel with parallel loops (which runs as Java around them)
     * the graph of each loop's chunk.
     */
    private static Object graphsOf(ClassLoader loader, KernelId id) {
        try {
            return KernelSet.linkedGraphs(loader, id);
        } catch (RuntimeException e) {
            return e; // reported once per target, without retrying
        }
    }

    /** Bakes each graph; compiled when any of them was. */
    private static CacheGateway.BakeOutcome bakeAll(CacheGateway gw, List<?> graphs, Target target) {
        boolean compiled = false;
        long bytes = 0;
        for (Object g : graphs) {
            CacheGateway.BakeOutcome o = gw.bake((KernelGraph) g, target);
            compiled |= o.status() == CacheGateway.BakeStatus.COMPILED;
            bytes += o.bytes();
        }
        return new CacheGateway.BakeOutcome(compiled ? CacheGateway.BakeStatus.COMPILED
                : CacheGateway.BakeStatus.CACHED, bytes);
    }

    private boolean isVerbose() {
        return KilnCli.verbose(spec);
    }
}
