package dev.kiln.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Shows a stats file as a readable table.",
                "",
                "A process running Kiln writes its counters (cache hits per tier, misses per reason, "
                        + "compilations, compile and load times) as JSON to KILN_STATS_FILE (or -Dkiln.stats.file) when it "
                        + "exits.",
        })
final class StatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The stats JSON a run wrote (KILN_STATS_FILE).")
    Path file;

    @Override
    public Integer call() {
        var root = StatsTable.read(file);
        spec.commandLine().getOut().print("Kiln stats from " + file + "\n\n" + StatsTable.render(root));
        spec.commandLine().getOut().flush();
        return Exit.OK;
    }
}
