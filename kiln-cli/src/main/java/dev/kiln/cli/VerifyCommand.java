package dev.kiln.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import dev.kiln.KilnConfig;
import picocli.CommandLine.ArgGroup;
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

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Checks that a cache serves every kernel without compiling.",
                "",
                "Exits 0 only if every kernel (every @Kernel method on the classpath, or the ones named) would "
                        + "be loaded from the cache: for this host (the default, or --host: the entry the runtime would "
                        + "pick here, honouring KILN_HOST_CPU) or, with --target, for exactly each named target. For each "
                        + "kernel it prints hit or miss and, for a miss, the runtime's reason; a kernel the compiler refuses is "
                        + "REFUSED, with the construct, class, method and line (no bake can help it). The cache is only "
                        + "read, so "
                        + "a read-only cache works. Run this in CI against a built image.",
        })
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClassPathOption classPath;

    @Mixin
    CacheOption cache;

    @Mixin
    TrustOption trust;

    static final class Where {
        @Option(names = "--target", paramLabel = "LIST", description = "Comma-separated targets that must each have an entry, e.g. x86-64-v3,x86-64-v4.")
        String targets;

        @Option(names = "--host", description = "Check what this host would load (the default).")
        boolean host;
    }

    @ArgGroup(exclusive = true)
    Where where = new Where();

    @Option(names = "--json", description = "Print the result as JSON (for machines) instead of a table.")
    boolean json;

    @Parameters(paramLabel = "KERNEL", arity = "0..*",
            description = "Kernels to check, as Class#method (default: every @Kernel method).")
    List<String> kernels = new ArrayList<>();

    record Row(KernelId kernel, String target, String status, String reason, String detail, String entry) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        KilnConfig config = KilnConfig.fromEnvironment();
        ClassPath cp = classPath.parse();
        List<Target> ts = where.targets == null ? null : Targets.parse(where.targets);
        List<Row> rows = new ArrayList<>();
        List<KernelId> ids;
        CacheGateway gw;
        try (URLClassLoader loader = cp.newLoader()) {
            ids = KernelSet.select(cp, loader, kernels);
            gw = CacheGateway.open(cache.resolve(), false, trust.keys, null);
            for (KernelId id : ids) {
                List<KernelGraph> gs;
                try {
                    gs = KernelSet.linkedGraphs(loader, id);
                } catch (RuntimeException e) {
                    String t = ts == null ? "host" : String.join(",", ts.stream().map(Target::toString).toList());
                    rows.add(new Row(id, t, "error", "unreadable", KilnCli.oneLine(e.getMessage()), null));
                    continue;
                }
                if (ts == null) {
                    rows.add(row(id, all(gs.stream().map(gw::lookupForHost).toList())));
                } else {
                    for (Target t : ts) rows.add(row(id, all(gs.stream().map(g -> gw.lookup(g, t)).toList())));
                }
            }
        } catch (IOException e) {
            throw CliException.input("cannot close class loader: " + e.getMessage(), e);
        }
        long bad = rows.stream().filter(r -> !r.status().equals("hit")).count();
        Map<KernelId, String> names = KernelSet.displayNames(ids);
        String scope = ts == null ? "this host, " + CacheGateway.describeHost()
                : String.join(", ", ts.stream().map(Target::toString).toList());
        if (json) {
            printJson(out, gw, scope, rows, bad == 0);
        } else {
            out.println("Verifying " + ids.size() + " kernel" + (ids.size() == 1 ? "" : "s") + " in " + gw.dir()
                    + " for " + scope);
            if (!gw.trustedKeys().isEmpty()) {
                out.println("Only entries signed by " + String.join(", ", gw.trustedKeys()) + " count (trust setting)");
            }
            List<String[]> table = new ArrayList<>();
            table.add(new String[]{"STATUS", "KERNEL", "TARGET", "REASON"});
            for (Row r : rows) {
                String why = r.status().equals("hit") ? r.detail()
                        : r.reason() + (r.detail() == null || r.detail().isEmpty() ? "" : ": " + r.detail());
                table.add(new String[]{r.status().equals("hit") ? "hit" : r.status().toUpperCase(Locale.ROOT),
                        names.get(r.kernel()), r.target() == null ? "-" : r.target(), why});
            }
            out.print(Table.format(table));
            out.println(bad == 0 ? "OK: all " + rows.size() + " would be served from the cache"
                    : "FAILED: " + bad + " of " + rows.size() + " would not be served from the cache");
        }
        out.flush();
        if (bad > 0) {
            Row first = rows.stream().filter(r -> !r.status().equals("hit")).findFirst().orElseThrow();
            throw new CliException(Exit.CHECK_FAILED, "verify failed: " + bad + " of " + rows.size()
                    + " would not be served from the cache; first: " + names.get(first.kernel())
                    + (first.target() == null ? "" : " for " + first.target()) + ": " + first.reason()
                    + (first.detail() == null || first.detail().isEmpty() ? "" : " (" + first.detail() + ")"));
        }
        return Exit.OK;
    }

    /** A kernel with parallel loops is served when each loop's entry is; the first that is not says why. */
    private static CacheGateway.Lookup all(List<CacheGateway.Lookup> loops) {
        if (loops.size() == 1) return loops.get(0);
        for (int i = 0; i < loops.size(); i++) {
            CacheGateway.Lookup l = loops.get(i);
            if (!l.hit()) {
                return new CacheGateway.Lookup(false, l.target(), null, l.reason(),
                        "parallel loop " + (i + 1) + " of " + loops.size() + ": " + l.detail());
            }
        }
        List<String> each = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) each.add("loop " + (i + 1) + " " + loops.get(i).detail());
        return new CacheGateway.Lookup(true, loops.get(0).target(), loops.get(0).where(), null, String.join("; ", each));
    }

    private static Row row(KernelId id, CacheGateway.Lookup l) {
        return new Row(id, l.target(), l.hit() ? "hit" : "refused".equals(l.reason()) ? "refused" : "miss", l.reason(),
                l.detail(), l.where());
    }

    private static void printJson(PrintWriter out, CacheGateway gw, String scope, List<Row> rows, boolean ok) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("ok", ok);
        root.put("cache", gw.dir().toString());
        root.put("for", scope);
        ArrayNode arr = root.putArray("kernels");
        for (Row r : rows) {
            ObjectNode o = arr.addObject();
            o.put("kernel", r.kernel().toString());
            o.put("target", r.target());
            o.put("status", r.status());
            if (r.reason() != null) o.put("reason", r.reason());
            if (r.detail() != null) o.put("detail", r.detail());
            if (r.entry() != null) o.put("entry", r.entry());
        }
        try {
            out.println(m.writeValueAsString(root));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
