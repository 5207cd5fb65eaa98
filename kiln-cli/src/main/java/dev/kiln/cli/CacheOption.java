package dev.kiln.cli;

import dev.kiln.runtime.KilnConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --cache DIR}, shared by every command that reads or writes a cache. */
final class CacheOption {
    @Option(names = "--cache", paramLabel = "DIR",
            description = "Cache directory (default: the first tier of KILN_CACHE_PATH, else $XDG_CACHE_HOME/kiln or ~/.cache/kiln).")
    Path dir;

    Path resolve() {
        if (dir != null) return dir;
        return KilnConfig.fromEnvironment().cachePath().get(0);
    }
}
