package dev.kiln.runtime;

import dev.kiln.KilnConfig;
import dev.kiln.KilnSettingsException;
import dev.kiln.runtime.cache.CacheSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A context holds every setting the public KilnConfig does not, read from the settings it is given, and no others. */
class KilnContextTest {
    private static KilnContext context(Map<String, String> env, String... props) {
        Properties p = new Properties();
        for (int i = 0; i < props.length; i += 2) p.setProperty(props[i], props[i + 1]);
        return KilnContext.of(KilnConfig.defaults(), new Settings(env, p));
    }

    @Test
    void readsTheSettingsItIsGivenPropertiesFirst() {
        KilnContext c = context(Map.of("KILN_THREADS", "3", "KILN_LOG", "info", "KILN_DISABLE", "1",
                        "KILN_REMOTE_CACHE", "file:///env"),
                "kiln.perfMap", "on", "kiln.remote.cache", "file:///prop", "kiln.remote.timeoutMillis", "250",
                "kiln.cache.useMarkMillis", "7", "java.io.tmpdir", "/some/tmp");
        assertEquals(3, c.threads());
        assertTrue(c.logInfo());
        assertTrue(c.disabled());
        assertTrue(c.perfMap());
        assertEquals(Optional.of("file:///prop"), c.cache().remoteCache());
        assertEquals(250, c.cache().remoteTimeoutMillis());
        assertEquals(7, c.cache().useMarkMillis());
        assertEquals(Path.of("/some/tmp"), c.tempDir());
    }

    @Test
    void unsetSettingsAreTheDefaults() {
        KilnContext c = context(Map.of(), "java.io.tmpdir", "/t");
        assertEquals(Runtime.getRuntime().availableProcessors(), c.threads());
        assertFalse(c.logInfo());
        assertFalse(c.disabled());
        assertFalse(c.perfMap());
        assertEquals(CacheSettings.DEFAULTS, c.cache());
    }

    @Test
    void aBadValueIsNamedWhenTheContextIsBuilt() {
        var e = assertThrows(KilnSettingsException.class, () -> context(Map.of("KILN_THREADS", "0")));
        assertEquals("KILN_THREADS", e.setting());
        e = assertThrows(KilnSettingsException.class, () -> context(Map.of(), "kiln.remote.flushMillis", "-1"));
        assertEquals("kiln.remote.flushMillis", e.setting());
    }

    @Test
    void everyContextSharesTheProcessStateAndOptionsChangeOnlyTheConfig() {
        KilnContext a = context(Map.of("KILN_THREADS", "2"));
        KilnContext b = context(Map.of());
        assertSame(a.process(), b.process(), "one set of counters and shared tiers per process");
        KilnContext fast = a.withOptions(a.config().options().withFastMath(true));
        assertTrue(fast.config().options().fastMath());
        assertEquals(a.threads(), fast.threads());
        assertSame(a.process(), fast.process());
    }
}
