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
                "Verifies every cache entry (checksums, metadata, library, and signatures: one that no longer "
                        + "matches its entry means it was changed after signing) and moves bad ones aside (quarantine), "
                        + "reporting each. Then counts the entries per signer. With a trust setting (--trust or "
                        + "KILN_TRUST) it lists every entry a runtime would refuse (UNTRUSTED; left in place, another "
                        + "runtime may trust it). Exits 1 if any entry was bad or untrusted.",
        })
final class FsckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CacheOption cache;

    @Mixin
    TrustOption trust;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CacheGateway gw = CacheGateway.open(cache.resolve(), true, trust.keys, null);
        CacheGateway.FsckResult r = gw.fsck();
        for (String b : r.bad()) out.println("BAD  " + b);
        for (String u : r.untrusted()) out.println("UNTRUSTED  " + u);
        out.println("Checked " + r.checked() + " entr" + (r.checked() == 1 ? "y" : "ies") + " in " + gw.dir() + ": "
                + (r.bad().isEmpty() ? "all good" : r.bad().size() + " bad, moved aside"));
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
                    + (r.bad().size() == 1 ? "y" : "ies") + " (moved aside)");
        }
        if (!r.untrusted().isEmpty()) {
            throw new CliException(Exit.CHECK_FAILED, "fsck found " + r.untrusted().size() + " entr"
                    + (r.untrusted().size() == 1 ? "y" : "ies") + " the trust setting refuses; first: "
                    + r.untrusted().get(0));
        }
        return Exit.OK;
    }
}
