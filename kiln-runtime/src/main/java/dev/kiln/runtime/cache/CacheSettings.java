package dev.kiln.runtime.cache;

import dev.kiln.runtime.Settings;

import java.util.Optional;

/**
 * The cache's timers and remote tiers, read with the rest of a {@link dev.kiln.runtime.KilnContext} (each
 * {@code Kiln} opens its own cache) and checked as {@link dev.kiln.KilnConfig#from} checks them.
 *
 * @param useMarkMillis        a hit rewrites an entry's last-use marker at most this often
 *                             ({@code kiln.cache.useMarkMillis}, 1 h)
 * @param remoteCoolDownMillis a remote tier that failed is left alone this long ({@code kiln.remote.coolDownMillis},
 *                             30 s)
 * @param remoteSetupMillis    a remote tier's client may take this long to set up ({@code kiln.remote.setupMillis},
 *                             5 s)
 * @param remoteCache          the remote tiers' URIs, comma-separated ({@code kiln.remote.cache} /
 *                             {@code KILN_REMOTE_CACHE}); empty: none
 * @param remoteTimeoutMillis  the deadline of each remote call ({@code kiln.remote.timeoutMillis} /
 *                             {@code KILN_REMOTE_TIMEOUT_MS}, 1 s)
 * @param remoteWrite          whether compiled entries are uploaded ({@code kiln.remote.write} /
 *                             {@code KILN_REMOTE_WRITE}, on)
 * @param remoteFlushMillis    at exit, pending uploads get at most this long ({@code kiln.remote.flushMillis} /
 *                             {@code KILN_REMOTE_FLUSH_MS}, 3 s)
 */
public record CacheSettings(long useMarkMillis, long remoteCoolDownMillis, long remoteSetupMillis,
                            Optional<String> remoteCache, long remoteTimeoutMillis, boolean remoteWrite,
                            long remoteFlushMillis) {
    public static final CacheSettings DEFAULTS =
            new CacheSettings(3_600_000L, 30_000L, 5_000L, Optional.empty(), 1000L, true, 3000L);

    public static CacheSettings from(Settings get) {
        Settings.Value remote = get.get("kiln.remote.cache", "KILN_REMOTE_CACHE");
        return new CacheSettings(get.millis("kiln.cache.useMarkMillis", null, DEFAULTS.useMarkMillis, 0),
                get.millis("kiln.remote.coolDownMillis", null, DEFAULTS.remoteCoolDownMillis, 0),
                get.millis("kiln.remote.setupMillis", null, DEFAULTS.remoteSetupMillis, 1),
                remote == null ? Optional.empty() : Optional.of(remote.text()), // no method reference: start-up
                get.millis("kiln.remote.timeoutMillis", "KILN_REMOTE_TIMEOUT_MS", DEFAULTS.remoteTimeoutMillis, 1),
                get.flag("kiln.remote.write", "KILN_REMOTE_WRITE", DEFAULTS.remoteWrite),
                get.millis("kiln.remote.flushMillis", "KILN_REMOTE_FLUSH_MS", DEFAULTS.remoteFlushMillis, 1));
    }
}
