package dev.kiln.runtime;

import dev.kiln.KilnSettingsException;
import dev.kiln.Target;
import dev.kiln.runtime.cpu.HostCpu;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads Kiln's settings, each from a system property or else an environment variable (blank counts as unset), and
 * checks its value there and then: a value Kiln cannot use is a {@link KilnSettingsException} naming the setting as
 * given (the property or the variable), the value and what is allowed. Nothing is left to be found wrong later, at a
 * kernel's first call or never (when every kernel hits the cache).
 */
public final class Settings {
    private static final String FLAG_VALUES = "expected 1, true, yes or on; 0, false, no or off";

    private final Map<String, String> env;
    private final Properties props;

    public Settings(Map<String, String> env, Properties props) {
        this.env = env;
        this.props = props;
    }

    /** This process's properties and environment: the only place Kiln reads them (see {@link KilnContext}). */
    public static Settings ofProcess() {
        return new Settings(System.getenv(), System.getProperties());
    }

    /** {@code java.io.tmpdir}. */
    public java.nio.file.Path tempDir() {
        return java.nio.file.Path.of(props.getProperty("java.io.tmpdir", System.getProperty("java.io.tmpdir")));
    }

    /** {@code user.home}. */
    public java.nio.file.Path userHome() {
        return java.nio.file.Path.of(props.getProperty("user.home", System.getProperty("user.home")));
    }

    /** A value and the name it was given under. */
    public record Value(String name, String text) {
        KilnSettingsException bad(String problem) {
            return new KilnSettingsException(name, text, problem);
        }
    }

    /** The property, else the variable; null when both are unset or blank. */
    public Value get(String prop, String var) {
        String v = props.getProperty(prop);
        if (v != null && !v.isBlank()) return new Value(prop, v.trim());
        v = var == null ? null : env.get(var);
        if (v != null && !v.isBlank()) return new Value(var, v.trim());
        return null;
    }

    /** The environment variable {@code var}; null when unset or blank. */
    public Value variable(String var) {
        String v = env.get(var);
        return v == null || v.isBlank() ? null : new Value(var, v.trim());
    }

    /** An on/off setting; {@code dflt} when unset. */
    public boolean flag(String prop, String var, boolean dflt) {
        Value v = get(prop, var);
        if (v == null) return dflt;
        String s = v.text().toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw v.bad(FLAG_VALUES);
        };
    }

    /** A whole number from {@code min} to {@code max}; {@code dflt} when unset. */
    public int count(String prop, String var, int dflt, int min, int max) {
        Value v = get(prop, var);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v.text());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw v.bad("expected a whole number from " + min + " to " + max);
    }

    /** {@code kiln.opt} / {@code KILN_OPT}: 0 to 3, optionally written O0 to O3; null when unset. */
    public Integer optLevel() {
        Value v = get("kiln.opt", "KILN_OPT");
        if (v == null) return null;
        String s = v.text().startsWith("O") || v.text().startsWith("o") ? v.text().substring(1) : v.text();
        if (s.length() == 1 && s.charAt(0) >= '0' && s.charAt(0) <= '3') return s.charAt(0) - '0';
        throw v.bad("expected 0, 1, 2 or 3 (or O0 to O3)");
    }

    /**
     * A target's text form, checked: a known level, known features (the names {@link HostCpu} can detect), an
     * optional tuning CPU. {@code host} too when {@code hostAllowed}. Null when unset.
     */
    public String target(String prop, String var, boolean hostAllowed) {
        Value v = get(prop, var);
        if (v == null) return null;
        if (hostAllowed && v.text().equals("host")) return v.text();
        String allowed = "expected " + (hostAllowed ? "host or " : "") + "one of " + String.join(", ", Target.LEVELS)
                + ", optionally followed by +feature... and @tune-cpu";
        Target t;
        try {
            t = Target.parse(v.text());
        } catch (IllegalArgumentException e) {
            throw v.bad(allowed);
        }
        Set<String> unknown = new TreeSet<>(t.features());
        unknown.removeAll(HostCpu.knownFeatures());
        if (!unknown.isEmpty()) {
            throw v.bad("unknown CPU feature" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                    + " (features are LLVM's x86 names that Kiln detects, e.g. avx512f, fma, bmi2)");
        }
        return v.text();
    }

    /** {@code kiln.log} / {@code KILN_LOG}: {@code warn} (the default: fallbacks and problems) or {@code info}. */
    public String logLevel() {
        Value v = get("kiln.log", "KILN_LOG");
        if (v == null) return "warn";
        String s = v.text().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("warn") || s.equals("info")) return s;
        throw v.bad("expected warn or info");
    }

    /** A number of milliseconds, at least {@code min}; {@code dflt} when unset. */
    public long millis(String prop, String var, long dflt, long min) {
        Value v = get(prop, var);
        if (v == null) return dflt;
        try {
            long n = Long.parseLong(v.text());
            if (n >= min) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw v.bad("expected a whole number of milliseconds" + (min > 0 ? ", at least " + min : ", 0 or more"));
    }

    /**
     * Every other setting whose value would otherwise be read later (remote tiers, the cache's timers, KILN_DISABLE,
     * KILN_PERF_MAP, KILN_LOG).
     */
    public void checkTheRest() {
        flag("kiln.perfMap", "KILN_PERF_MAP", false);
        logLevel();
        KilnContext.of(null, this); // the rest as the context reads them
    }
}
