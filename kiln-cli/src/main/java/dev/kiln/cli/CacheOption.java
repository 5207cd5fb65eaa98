package dev.kiln.cli;

import dev.kiln.KilnConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --cache DIR}, shared by every command that reads or writes a cache. */
final class CacheOption {
    @Option(names = "--cache", paramLabel = "DIR",
            description = "Cache directory (default: the first tier of KILN_CACHE_PATH, else $XDG_CACHE_HOME/kiln or ~/.cache/kiln).")
    Path dir;

    Path resolve() {
        // "redis://h:6379" arrives as the path "redis:/h:6379": say what is meant instead of making such a folder.
        if (dir != null && dir.toString().matches("[A-Za-z][A-Za-z0-9+.-]*:/.*")) {
            throw CliException.usage("--cache takes a folder; remote tiers go in KILN_REMOTE_CACHE (kiln bake fills "
                    + "them too; ls, verify and fsck do not read them yet)");
        }
        if (dir != null) return dir;
        return KilnConfig.fromEnvironment().cachePath().get(0);
    }
}
