package dev.kiln.runtime;

import dev.kiln.KilnConfig;
import dev.kiln.Kiln;
import dev.kiln.KilnSettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every setting is checked when read: a bad value is one line naming the setting, the value and what is allowed. */
class SettingsTest {
    @TempDir
    Path tmp;

    private static KilnConfig env(String... kv) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) env.put(kv[i], kv[i + 1]);
        return KilnConfig.from(env, new Properties());
    }

    private static String bad(String... kv) {
        KilnSettingsException e = assertThrows(KilnSettingsException.class, () -> env(kv));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(kv[0], e.setting());
        assertEquals(kv[1], e.value());
        return e.getMessage();
    }

    @Test
    void optLevel() {
        assertEquals("KILN_OPT=5: expected 0, 1, 2 or 3 (or O0 to O3)", bad("KILN_OPT", "5"));
        assertEquals("KILN_OPT=fast: expected 0, 1, 2 or 3 (or O0 to O3)", bad("KILN_OPT", "fast"));
        assertEquals(2, env("KILN_OPT", "O2").options().optLevel());
        assertEquals(0, env("KILN_OPT", "0").options().optLevel());
    }

    @Test
    void aPropertyWinsAndIsNamedAsGiven() {
        Properties p = new Properties();
        p.setProperty("kiln.opt", "9");
        KilnSettingsException e = assertThrows(KilnSettingsException.class,
                () -> KilnConfig.from(Map.of("KILN_OPT", "1"), p));
        assertTrue(e.getMessage().startsWith("kiln.opt=9: "), e.getMessage());
        p.setProperty("kiln.opt", "1");
        assertEquals(1, KilnConfig.from(Map.of("KILN_OPT", "9"), p).options().optLevel());
    }

    @Test
    void targetsAndCpusAreKnownNamesOrErrors() {
        assertEquals("KILN_TARGET=x86_64-v3: expected host or one of x86-64, x86-64-v2, x86-64-v3, x86-64-v4, "
                + "optionally followed by +feature... and @tune-cpu", bad("KILN_TARGET", "x86_64-v3"));
        assertEquals("KILN_HOST_CPU=skylake: expected one of x86-64, x86-64-v2, x86-64-v3, x86-64-v4, "
                + "optionally followed by +feature... and @tune-cpu", bad("KILN_HOST_CPU", "skylake"));
        assertTrue(bad("KILN_HOST_CPU", "host").startsWith("KILN_HOST_CPU=host: expected one of x86-64,"));
        assertTrue(bad("KILN_TARGET", "x86-64-v3+avx512+fma").startsWith(
                "KILN_TARGET=x86-64-v3+avx512+fma: unknown CPU feature avx512 "));
        assertEquals("x86-64-v4+avx512vnni@cascadelake",
                env("KILN_TARGET", "x86-64-v4+avx512vnni@cascadelake").target());
        assertEquals("host", env("KILN_TARGET", "host").target());
        assertEquals("x86-64-v2+popcnt", env("KILN_HOST_CPU", "x86-64-v2+popcnt").hostCpu().orElseThrow());
    }

    @Test
    void flags() {
        assertEquals("KILN_STRICT=maybe: expected 1, true, yes or on; 0, false, no or off", bad("KILN_STRICT", "maybe"));
        assertTrue(bad("KILN_FAST_MATH", "2").startsWith("KILN_FAST_MATH=2: expected 1, true"));
        assertTrue(bad("KILN_BOUNDS_CHECKS", "enabled").startsWith("KILN_BOUNDS_CHECKS=enabled: "));
        assertTrue(bad("KILN_DISABLE", "y").startsWith("KILN_DISABLE=y: "));
        assertTrue(bad("KILN_REMOTE_WRITE", "never").startsWith("KILN_REMOTE_WRITE=never: "));
        assertEquals("KILN_PERF_MAP=perf: expected 1, true, yes or on; 0, false, no or off", bad("KILN_PERF_MAP", "perf"));
        env("KILN_PERF_MAP", "1");
        assertTrue(env("KILN_STRICT", "ON").strict());
        assertFalse(env("KILN_STRICT", "off").strict());
        assertFalse(env("KILN_BOUNDS_CHECKS", "0").options().boundsChecks());
        assertTrue(env("KILN_FAST_MATH", "yes").options().fastMath());
    }

    @Test
    void logLevel() {
        assertEquals("KILN_LOG=debug: expected warn or info", bad("KILN_LOG", "debug"));
        Properties p = new Properties();
        p.setProperty("kiln.log", "verbose");
        KilnSettingsException e = assertThrows(KilnSettingsException.class, () -> KilnConfig.from(Map.of(), p));
        assertEquals("kiln.log=verbose: expected warn or info", e.getMessage());
        assertEquals("info", new Settings(Map.of("KILN_LOG", "INFO"), new Properties()).logLevel());
        assertEquals("warn", new Settings(Map.of(), new Properties()).logLevel());
    }

    @Test
    void numbersAndFiles() {
        assertEquals("KILN_REMOTE_TIMEOUT_MS=1s: expected a whole number of milliseconds, at least 1",
                bad("KILN_REMOTE_TIMEOUT_MS", "1s"));
        assertTrue(bad("KILN_REMOTE_FLUSH_MS", "0").startsWith("KILN_REMOTE_FLUSH_MS=0: "));
        assertEquals("KILN_THREADS=0: expected a whole number from 1 to 4096", bad("KILN_THREADS", "0"));
        assertEquals("KILN_THREADS=two: expected a whole number from 1 to 4096", bad("KILN_THREADS", "two"));
        Properties p = new Properties();
        p.setProperty("kiln.cache.useMarkMillis", "-5");
        KilnSettingsException e = assertThrows(KilnSettingsException.class, () -> KilnConfig.from(Map.of(), p));
        assertEquals("kiln.cache.useMarkMillis=-5: expected a whole number of milliseconds, 0 or more", e.getMessage());
        String key = tmp.resolve("no-such.pem").toString();
        assertEquals("KILN_SIGN_KEY=" + key + ": no such file (expected a PEM PKCS#8 Ed25519 private key)",
                bad("KILN_SIGN_KEY", key));
    }

    @Test
    void kilnCreateChecksTheSettingsEvenWithoutAKernel() {
        String before = System.getProperty("kiln.opt");
        System.setProperty("kiln.opt", "5");
        try {
            KilnSettingsException e = assertThrows(KilnSettingsException.class, Kiln::create);
            assertEquals("kiln.opt=5: expected 0, 1, 2 or 3 (or O0 to O3)", e.getMessage());
        } finally {
            if (before == null) System.clearProperty("kiln.opt");
            else System.setProperty("kiln.opt", before);
        }
    }
}
