package dev.kiln.cli;

import dev.kiln.model.KernelGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Shows a kernel's cache key and whether this host would load it, compile it, or never can.",
                "",
                "Prints every component of the key (the kernel and each callee with its code hash, compile "
                        + "options, compiler version, target) and what the runtime would do here: load an entry (which "
                        + "one, from which tier; HIT), compile it, with the reason (no entry yet, inputs changed and "
                        + "which method, target not runnable, ...; MISS), or never serve it because the compiler refuses "
                        + "it, naming the construct, class, method and line (REFUSED).",
        })
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClassPathOption classPath;

    @Mixin
    CacheOption cache;

    @Mixin
    TrustOption trust;

    @Parameters(paramLabel = "KERNEL", description = "The kernel, as Class#method or Class#method(descriptor).")
    String kernel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ClassPath cp = classPath.parse();
        try (URLClassLoader loader = cp.newLoader()) {
            KernelId id = KernelSet.select(cp, loader, List.of(kernel)).get(0);
            List<KernelGraph> graphs = KernelSet.linkedGraphs(loader, id);
            CacheGateway gw = CacheGateway.open(cache.resolve(), false, trust.keys, null);
            if (graphs.size() > 1) {
                out.println("Kernel  " + id + " runs as Java around " + graphs.size()
                        + " parallel loops; each loop is a kernel of its own:");
                out.println();
            }
            for (int n = 0; n < graphs.size(); n++) {
                if (graphs.size() > 1) out.println("== parallel loop " + (n + 1) + " of " + graphs.size());
                explain(out, gw, graphs.size() > 1 ? graphs.get(n).root().toString() : id.toString(), graphs.get(n));
                if (n + 1 < graphs.size()) out.println();
            }
            out.flush();
            return Exit.OK;
        } catch (IOException e) {
            throw CliException.input("cannot close class loader: " + e.getMessage(), e);
        }
    }

    private static void explain(PrintWriter out, CacheGateway gw, String name, KernelGraph g) {
        CacheGateway.Explanation ex = gw.explain(g);
        out.println("Kernel  " + name);
        out.println("Cache   " + gw.dir());
        out.println("Host    " + CacheGateway.describeHost());
        out.println("Key     " + ex.key() + " (if compiled here)");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"COMPONENT", "VALUE"});
        for (CacheGateway.KeyPart p : ex.parts()) rows.add(new String[]{p.name(), p.value()});
        out.println();
        out.print(Table.format(rows));
        out.println();
        if (ex.entries().isEmpty()) {
            out.println("No entries of this kernel in the cache.");
        } else {
            out.println("Entries of this kernel in the cache:");
            for (String e : ex.entries()) out.println("  " + e);
        }
        out.println();
        CacheGateway.Lookup l = ex.lookup();
        if (l.hit()) {
            out.println("HIT: " + l.detail());
        } else if (l.reason().equals("refused")) {
            out.println("REFUSED: the compiler refuses it, so no entry can ever serve it: " + l.detail());
        } else {
            out.println("MISS: would compile" + (l.target() == null ? "" : " for " + l.target()) + ": " + l.reason()
                    + (l.detail() == null || l.detail().isEmpty() ? "" : " (" + l.detail() + ")"));
        }
    }
}
