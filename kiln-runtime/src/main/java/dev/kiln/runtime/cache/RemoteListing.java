package dev.kiln.runtime.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * What the remote tiers of {@code KILN_REMOTE_CACHE} hold, as their object names tell (kernel, key, target), for
 * {@code kiln ls --remote}. Listing reads names only; entries are verified when a host fetches them.
 */
public final class RemoteListing {
    /** One remote entry. */
    public record Entry(String tier, String kernel, String key, String target, String name) {
    }

    /** The entries found, and one line per tier that could not be listed. */
    public record Listing(List<String> tiers, List<Entry> entries, List<String> errors) {
    }

    private RemoteListing() {
    }

    /** Lists at most {@code limit} objects of each remote tier of {@code ctx}. */
    public static Listing list(dev.kiln.runtime.KilnContext ctx, int limit) {
        RemoteTiers remote = RemoteTiers.of(ctx);
        List<String> tiers = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (RemoteTier t : remote.tiers) {
            tiers.add(t.name);
            try {
                for (String n : t.call("list", s -> s.list(RemoteTiers.LAYOUT + "/", limit))) {
                    Entry e = parse(t.name, n);
                    if (e != null) entries.add(e);
                }
            } catch (RemoteTier.RemoteFailure e) {
                errors.add(t.name + ": " + e.getMessage());
            }
        }
        return new Listing(List.copyOf(tiers), List.copyOf(entries), List.copyOf(errors));
    }

    /** {@code kiln-v1/<kernel folder>/<digest>/<key>.<target>}, or null for an object that is not an entry. */
    static Entry parse(String tier, String name) {
        String[] parts = name.split("/");
        if (parts.length != 4 || !parts[0].equals(RemoteTiers.LAYOUT)) return null;
        String last = parts[3];
        if (last.length() < 66 || last.charAt(64) != '.' || !Tier.isKey(last.substring(0, 64))) return null;
        return new Entry(tier, parts[1], last.substring(0, 64), last.substring(65), name);
    }
}
