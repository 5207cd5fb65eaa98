package dev.kiln;

import dev.kiln.runtime.Settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting Kiln reads, each from a system property or else an environment variable:
 * <ul>
 *   <li>{@code kiln.cache.path} / {@code KILN_CACHE_PATH}: cache tiers, separated by ':' (default
 *       {@code $XDG_CACHE_HOME/kiln} or {@code ~/.cache/kiln})</li>
 *   <li>{@code kiln.target} / {@code KILN_TARGET}: what to compile for on a miss (default {@code host})</li>
 *   <li>{@code kiln.host.cpu} / {@code KILN_HOST_CPU}: pretend the host is this target (a level or level+features)</li>
 *   <li>{@code kiln.strict} / {@code KILN_STRICT}: any compilation is an error</li>
 *   <li>{@code kiln.stats.file} / {@code KILN_STATS_FILE}: write stats JSON there when the JVM exits</li>
 *   <li>{@code kiln.opt} / {@code KILN_OPT}, {@code kiln.fastMath} / {@code KILN_FAST_MATH},
 *       {@code kiln.boundsChecks} / {@code KILN_BOUNDS_CHECKS}: {@link CompileOptions}</li>
 *   <li>{@code kiln.trust} / {@code KILN_TRUST}: load only entries signed by one of these Ed25519 public keys
 *       (comma-separated: PEM files, each with one or more keys, or base64 X.509 keys); unset: no signature check</li>
 *   <li>{@code kiln.sign.key} / {@code KILN_SIGN_KEY}: a PEM PKCS#8 Ed25519 private key; entries this process
 *       compiles are signed with it (owner-only file permissions required)</li>
 *   <li>{@code kiln.log} / {@code KILN_LOG}: {@code warn} (default) or {@code info}, one line per kernel on standard
 *       error; {@code kiln.perfMap} / {@code KILN_PERF_MAP}: name kernels for profilers (see
 *       {@link dev.kiln.runtime.events.KilnEvents}); both read into the {@link dev.kiln.runtime.KilnContext}, checked here</li>
 * </ul>
 * Remote tiers ({@code kiln.remote.cache} / {@code KILN_REMOTE_CACHE} and their timeouts), the cache's timers,
 * {@code kiln.threads}, {@code kiln.disable}, logging and the perf map are not part of this record: a
 * {@link dev.kiln.runtime.KilnContext} reads them beside it (see {@code docs/cache.md}); a URI in the cache path is an error naming
 * the remote setting. {@link #from} checks every value, these and the rest ({@link Settings}): a bad one is a
 * {@link dev.kiln.KilnSettingsException}.
 *
 * @param target  {@code host} or a {@link dev.kiln.Target} text form
 * @param hostCpu empty for the real host, else the target text the host pretends to be
 * @param trust   the {@code kiln.trust} text (parsed by the cache when opened), empty when entries need no signature
 * @param signKey private key file signing what this process compiles
 */
public record KilnConfig(List<Path> cachePath, String target, Optional<String> hostCpu, boolean strict,
                         Optional<Path> statsFile, CompileOptions options, Optional<String> trust,
                         Optional<Path> signKey) {
    public KilnConfig {
        cachePath = List.copyOf(cachePath);
    }

    /** Without trust or signing settings. */
    public KilnConfig(List<Path> cachePath, String target, Optional<String> hostCpu, boolean strict,
                      Optional<Path> statsFile, CompileOptions options) {
        this(cachePath, target, hostCpu, strict, statsFile, options, Optional.empty(), Optional.empty());
    }

    public static KilnConfig defaults() {
        return new KilnConfig(List.of(defaultCacheDir(Settings.ofProcess())), "host", Optional.empty(), false,
                Optional.empty(), CompileOptions.DEFAULT);
    }

    public static KilnConfig fromEnvironment() {
        return from(Settings.ofProcess());
    }

    /**
     * Reads settings from the given environment and properties (properties win), checking every value: a bad one
     * is a {@link dev.kiln.KilnSettingsException} naming the setting, the value and what is allowed.
     */
    public static KilnConfig from(Map<String, String> env, java.util.Properties props) {
        return from(new Settings(env, props));
    }

    static KilnConfig from(Settings get) {
        List<Path> cache = new ArrayList<>();
        Settings.Value cp = get.get("kiln.cache.path", "KILN_CACHE_PATH");
        if (cp != null) {
            String[] parts = cp.text().split(":");
            for (int i = 0; i < parts.length; i++) {
                // "redis://h:6379" split at ':' would become folders "redis", "//h" and "6379": say where it goes.
                if (i + 1 < parts.length && parts[i].matches("[A-Za-z][A-Za-z0-9+.-]*") && parts[i + 1].startsWith("//")) {
                    throw new dev.kiln.KilnSettingsException(cp.name(), cp.text(), "holds only folders, separated by ':'; "
                            + "remote tiers (" + parts[i] + "://...) go in KILN_REMOTE_CACHE");
                }
                if (!parts[i].isBlank()) cache.add(Path.of(parts[i]));
            }
        } else {
            cache.add(defaultCacheDir(get));
        }
        String target = Optional.ofNullable(get.target("kiln.target", "KILN_TARGET", true)).orElse("host");
        Optional<String> host = Optional.ofNullable(get.target("kiln.host.cpu", "KILN_HOST_CPU", false));
        boolean strict = get.flag("kiln.strict", "KILN_STRICT", false);
        Settings.Value statsFile = get.get("kiln.stats.file", "KILN_STATS_FILE");
        Optional<Path> stats = statsFile == null ? Optional.empty() : Optional.of(Path.of(statsFile.text()));
        CompileOptions o = CompileOptions.DEFAULT;
        Integer opt = get.optLevel();
        if (opt != null) o = o.withOptLevel(opt);
        o = o.withFastMath(get.flag("kiln.fastMath", "KILN_FAST_MATH", o.fastMath()));
        o = o.withBoundsChecks(get.flag("kiln.boundsChecks", "KILN_BOUNDS_CHECKS", o.boundsChecks()));
        Settings.Value trust = get.get("kiln.trust", "KILN_TRUST");
        Settings.Value signKeyFile = get.get("kiln.sign.key", "KILN_SIGN_KEY");
        Optional<Path> signKey = Optional.empty();
        if (signKeyFile != null) {
            signKey = Optional.of(Path.of(signKeyFile.text()));
            if (!java.nio.file.Files.isRegularFile(signKey.get())) {
                throw new dev.kiln.KilnSettingsException(signKeyFile.name(), signKeyFile.text(),
                        "no such file (expected a PEM PKCS#8 Ed25519 private key)");
            }
        }
        get.checkTheRest();
        return new KilnConfig(cache, target, host, strict, stats, o, Optional.ofNullable(trust).map(Settings.Value::text),
                signKey);
    }

    public KilnConfig withCachePath(List<Path> tiers) { return new KilnConfig(tiers, target, hostCpu, strict, statsFile, options, trust, signKey); }
    public KilnConfig withTarget(String t) { return new KilnConfig(cachePath, t, hostCpu, strict, statsFile, options, trust, signKey); }
    public KilnConfig withHostCpu(String h) { return new KilnConfig(cachePath, target, Optional.ofNullable(h), strict, statsFile, options, trust, signKey); }
    public KilnConfig withStrict(boolean s) { return new KilnConfig(cachePath, target, hostCpu, s, statsFile, options, trust, signKey); }
    public KilnConfig withStatsFile(Path f) { return new KilnConfig(cachePath, target, hostCpu, strict, Optional.ofNullable(f), options, trust, signKey); }
    public KilnConfig withOptions(CompileOptions o) { return new KilnConfig(cachePath, target, hostCpu, strict, statsFile, o, trust, signKey); }
    /** {@code null} or blank: no signature check. */
    public KilnConfig withTrust(String t) { return new KilnConfig(cachePath, target, hostCpu, strict, statsFile, options, Optional.ofNullable(t).filter(x -> !x.isBlank()), signKey); }
    public KilnConfig withSignKey(Path k) { return new KilnConfig(cachePath, target, hostCpu, strict, statsFile, options, trust, Optional.ofNullable(k)); }

    static Path defaultCacheDir(Settings get) {
        Settings.Value xdg = get.variable("XDG_CACHE_HOME");
        if (xdg != null) return Path.of(xdg.text(), "kiln");
        return get.userHome().resolve(".cache").resolve("kiln");
    }
}
