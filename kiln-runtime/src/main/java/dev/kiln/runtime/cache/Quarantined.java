package dev.kiln.runtime.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Finds the quarantined entry that explains a miss. When several processes meet one corrupt entry, one moves it
 * aside and the others then find no entry at all, or see it vanish while they read it: without this, they would
 * report "no-entry" (or a runnable target with nothing missing) when the truth is that the entry was corrupt.
 * Read only on a miss.
 */
final class Quarantined {
    private Quarantined() {
    }

    /** "entry for T was corrupt (reason) and was moved to quarantine", for a runnable entry of {@code spec}; or null. */
    static String explain(List<Tier> tiers, KernelKey spec, Set<String> features) {
        for (Tier t : tiers) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(t.quarantine())) {
                for (Path d : ds) {
                    EntryMeta m = meta(d);
                    if (m == null || !m.kernel().equals(spec.identity()) || !m.inputs().equals(spec.inputs())
                            || !m.compiler().equals(spec.compiler())
                            || !m.options().equals(spec.options().toString())
                            || !features.containsAll(m.requiredFeatures())) {
                        continue;
                    }
                    return "entry for " + KilnCache.shortTarget(m.target()) + " was corrupt (" + reason(d)
                            + ") and was moved to quarantine (" + t.root.relativize(d) + ")";
                }
            } catch (IOException | RuntimeException e) {
                // no quarantine in this tier
            }
        }
        return null;
    }

    private static EntryMeta meta(Path quarantined) {
        try {
            return EntryMeta.parse(Tier.readCapped(quarantined.resolve(Tier.META), Tier.MAX_META_BYTES));
        } catch (IOException | EntryMeta.MalformedEntryException | RuntimeException e) {
            return null; // the metadata itself was what broke: nothing to match on
        }
    }

    private static String reason(Path quarantined) {
        try {
            String r = Files.readString(quarantined.resolve("reason.txt"), StandardCharsets.UTF_8).strip();
            return r.isEmpty() ? "reason not recorded" : r;
        } catch (IOException e) {
            return "reason not recorded";
        }
    }
}
