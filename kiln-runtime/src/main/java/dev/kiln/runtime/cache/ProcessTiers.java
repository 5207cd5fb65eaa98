package dev.kiln.runtime.cache;

import dev.kiln.KilnException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The tiers that belong to the process, not to one cache ({@link dev.kiln.runtime.ProcessState} owns the one
 * instance): the remote tiers, one set (clients, upload queue, exit flush) per set of remote settings however many
 * {@code Kiln} instances use them; and the private fallback tier, a temporary folder deleted at exit, that every cache
 * of the process writes to when none of its own tiers can be written.
 */
public final class ProcessTiers {
    private final Map<CacheSettings, RemoteTiers> remote = new ConcurrentHashMap<>();
    private volatile Tier privateTier;

    public ProcessTiers() {
    }

    /** The remote tiers of {@code settings}, made by {@code create} the first time. */
    RemoteTiers remote(CacheSettings settings, Supplier<RemoteTiers> create) {
        return remote.computeIfAbsent(settings, s -> create.get());
    }

    /** The private tier if one was needed so far, else null. */
    Tier privateTierIfAny() {
        return privateTier;
    }

    /** The private tier, made now if needed; {@code configured} names the tiers that could not be written. */
    synchronized Tier privateTier(List<Path> configured) {
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
}
