package dev.kiln.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "fsck", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Checks every cache entry and moves bad ones aside.",
                "",
                "Verifies every cache entry (checksums, metadata, library) and moves bad ones aside "
                        + "(quarantine), reporting each. Exits 1 if any entry was bad.",
        })
final class FsckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CacheOption cache;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CacheGateway gw = CacheGateway.open(cache.resolve(), true);
        CacheGateway.FsckResult r = gw.fsck();
        for (String b : r.bad()) out.println("BAD  " + b);
        out.println("Checked " + r.checked() + " entr" + (r.checked() == 1 ? "y" : "ies") + " in " + gw.dir() + ": "
                + (r.bad().isEmpty() ? "all good" : r.bad().size() + " bad, moved aside"));
        out.flush();
        if (!r.bad().isEmpty()) {
            throw new CliException(Exit.CHECK_FAILED, "fsck found " + r.bad().size() + " bad entr"
                    + (r.bad().size() == 1 ? "y" : "ies") + " (moved aside)");
        }
        return Exit.OK;
    }
}
