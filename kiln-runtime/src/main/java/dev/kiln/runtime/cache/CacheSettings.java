package dev.kiln.runtime.cache;

import dev.kiln.runtime.Settings;

import java.util.Map;
import java.util.Properties;

/**
 * The cache's timers, read once when a cache is opened (each {@code Kiln} opens its own), from the same system
 * properties {@link dev.kiln.KilnConfig#from} checks, instead of from constants each class read for itself.
 *
 * @param useMarkMillis        a hit rewrites an entry's last-use marker at most this often
 *                             ({@code kiln.cache.useMarkMillis}, 1 h)
 * @param remoteCoolDownMillis a remote tier that failed is left alone this long ({@code kiln.remote.coolDownMillis},
 *                             30 s)
 * @param remoteSetupMillis    a remote tier's client may take this long to set up ({@code kiln.remote.setupMillis},
 *                             5 s)
 */
record CacheSettings(long useMarkMillis, long remoteCoolDownMillis, long remoteSetupMillis) {
    static final CacheSettings DEFAULTS = new CacheSettings(3_600_000L, 30_000L, 5_000L);

    static CacheSettings fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    static CacheSettings from(Map<String, String> env, Properties props) {
        Settings get = new Settings(env, props);
        return new CacheSettings(get.millis("kiln.cache.useMarkMillis", null, DEFAULTS.useMarkMillis, 0),
                get.millis("kiln.remote.coolDownMillis", null, DEFAULTS.remoteCoolDownMillis, 0),
                get.millis("kiln.remote.setupMillis", null, DEFAULTS.remoteSetupMillis, 1));
    }
}
