package dev.kiln.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "gc", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Removes least recently used entries, and with --stale other compilers' entries.",
                "",
                "Removes cache entries: least recently used first until the cache fits --max-size, and with "
                        + "--stale every entry made by another compiler version (which this Kiln can never load). Safe "
                        + "while workers run: an entry a process is loading or has loaded stays usable by that process.",
        })
final class GcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CacheOption cache;

    @Option(names = "--max-size", paramLabel = "SIZE", description = "Shrink the cache to at most SIZE, e.g. 500M or 2G.")
    String maxSize;

    @Option(names = "--stale", description = "Also remove entries made by other compiler versions.")
    boolean stale;

    @Override
    public Integer call() {
        if (maxSize == null && !stale) throw CliException.usage("nothing to do: give --max-size SIZE, --stale or both");
        long max = maxSize == null ? Long.MAX_VALUE : Sizes.parseSize(maxSize);
        PrintWriter out = spec.commandLine().getOut();
        CacheGateway gw = CacheGateway.open(cache.resolve(), true);
        CacheGateway.GcResult r = gw.gc(max, stale);
        for (String e : r.removed()) out.println("removed  " + e);
        out.println("Removed " + r.removed().size() + " entr" + (r.removed().size() == 1 ? "y" : "ies") + ", freed "
                + Sizes.bytes(r.freedBytes()) + "; " + Sizes.bytes(r.remainingBytes()) + " left in " + gw.dir()
                + (r.skippedBusy() > 0 ? "; " + r.skippedBusy() + " in use by other processes were kept" : ""));
        out.flush();
        return Exit.OK;
    }
}
