package dev.kiln.cli;

import picocli.CommandLine.Option;

/** {@code --trust KEYS}, for the commands that check entries the way a trusting runtime would. */
final class TrustOption {
    @Option(names = "--trust", paramLabel = "KEYS",
            description = "Check as a runtime with this trust setting would: comma-separated public key PEM files or "
                    + "base64 keys (default: KILN_TRUST / -Dkiln.trust; unset: signatures are reported, not required).")
    String keys;
}
