package dev.kiln.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "fsck", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Checks every cache entry and moves bad ones aside.",
                "",
                "Verifies every cache entry (checksums, metadata, library, and signatures: one that no longer "
                        + "matches its entry means it was changed after signing) and moves bad ones aside (quarantine), "
                        + "reporting each. Then counts the entries per signer. With a trust setting (--trust or "
                        + "KILN_TRUST) it lists every entry a runtime would refuse (UNTRUSTED; left in place, another "
                        + "runtime may trust it). Exits 1 if any entry was bad or untrusted.",
                "",
                "With --check it only reads: bad entries are reported and left in place, so a read-only cache (an "
                        + "image's) can be audited.",
        })
final class FsckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CacheOption cache;

    @Mixin
    TrustOption trust;

    @Option(names = "--check", description = "Only audit: report bad entries, move and remove nothing (works on a read-only cache).")
    boolean check;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CacheGateway gw;
        try {
            gw = CacheGateway.open(cache.resolve(), !check, trust.keys, null);
        } catch (CliException e) {
            if (check || e.exitCode() != Exit.INPUT || !e.getMessage().contains("is not writable")) throw e;
            throw CliException.input(e.getMessage() + "; kiln fsck --check audits it without writing");
        }
        CacheGateway.FsckResult r = gw.fsck(!check);
        String fate = check ? "left in place (--check)" : "moved aside";
        for (String b : r.bad()) out.println("BAD  " + b);
        for (String u : r.untrusted()) out.println("UNTRUSTED  " + u);
        out.println("Checked " + r.checked() + " entr" + (r.checked() == 1 ? "y" : "ies") + " in " + gw.dir() + ": "
                + (r.bad().isEmpty() ? "all good" : r.bad().size() + " bad, " + fate));
        StringBuilder sig = new StringBuilder("Signatures: ");
        r.signers().forEach((f, n) -> sig.append(n).append(" signed by ").append(f).append(", "));
        sig.append(r.unsigned()).append(" unsigned");
        if (!gw.trustedKeys().isEmpty()) {
            sig.append("; trusting ").append(String.join(", ", gw.trustedKeys())).append(": ")
                    .append(r.untrusted().size()).append(" untrusted");
        }
        out.println(sig);
        out.flush();
        if (!r.bad().isEmpty()) {
            throw new CliException(Exit.CHECK_FAILED, "fsck found " + r.bad().size() + " bad entr"
                    + (r.bad().size() == 1 ? "y" : "ies") + " (" + fate + ")");
        }
        if (!r.untrusted().isEmpty()) {
            throw new CliException(Exit.CHECK_FAILED, "fsck found " + r.untrusted().size() + " entr"
                    + (r.untrusted().size() == 1 ? "y" : "ies") + " the trust setting refuses; first: "
                    + r.untrusted().get(0));
        }
        return Exit.OK;
    }
}
