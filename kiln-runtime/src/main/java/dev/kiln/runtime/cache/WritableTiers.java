package dev.kiln.runtime.cache;

import dev.kiln.KilnException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where compiled entries go: the first configured tier that can be written (probed, and remembered when a write
 * fails), else a private temporary tier of this process, deleted at exit.
 */
final class WritableTiers {
    private static volatile Tier privateTier;

    private final List<Tier> tiers;
    private final Set<Tier> unwritable = ConcurrentHashMap.newKeySet();

    WritableTiers(List<Tier> tiers) {
        this.tiers = tiers;
    }

    /** This process's private tier, or null while nothing had to go there. */
    static Tier privateTierIfAny() {
        return privateTier;
    }

    /** Remembers that a tier failed a write, warning once with the cause; false if it was the private tier. */
    boolean markUnwritable(Tier t, Path where, IOException e) {
        if (t == privateTier) return false;
        if (unwritable.add(t)) WriteWarnings.defer("unwritable " + t, "cache tier " + t + " is not writable: "
                + WriteFailure.describe(e) + " (at " + where + "); trying the next");
        return true;
    }

    Tier writableOrPrivate() {
        for (Tier t : tiers) {
            if (!unwritable.contains(t)) {
                IOException e = probe(t);
                if (e == null) return t;
                markUnwritable(t, t.kernels(), e);
            }
        }
        return privateTier(tiers.stream().map(t -> t.root).toList());
    }

    private static synchronized Tier privateTier(List<Path> configured) {
        if (privateTier == null) {
            try {
                Path dir = Files.createTempDirectory("kiln-private-cache-");
                Tier t = new Tier(dir, Integer.MAX_VALUE);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Tier.deleteTree(dir), "kiln-private-cache"));
                privateTier = t;
            } catch (IOException e) {
                throw new KilnException("no writable cache tier in " + configured
                        + " and no temporary folder either: " + e.getMessage(), e);
            }
        }
        WriteWarnings.defer("private", "no writable cache tier in " + configured + "; compiled kernels go to "
                + privateTier.root + " and are lost at exit");
        return privateTier;
    }

    /** Null if a file can be created in the tier, else why not. */
    static IOException probe(Tier t) {
        try {
            Files.createDirectories(t.kernels());
            Path tag = t.root.resolve("CACHEDIR.TAG");
            if (!Files.exists(tag)) {
                try {
                    Files.writeString(tag, "Signature: 8a477f597d28d172789f06886806bc55\n"
                            + "# This file is a cache directory tag created by Kiln (native-code cache).\n");
                } catch (IOException ignored) {
                    // a tag is a courtesy to backup tools
                }
            }
            Path p = Files.createTempFile(t.kernels(), ".probe-", "");
            Files.delete(p);
            return null;
        } catch (IOException e) {
            return e;
        } catch (SecurityException | UnsupportedOperationException e) {
            return new IOException(e.toString(), e);
        }
    }
}
