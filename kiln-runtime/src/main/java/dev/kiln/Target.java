package dev.kiln;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What machine code may assume: an x86-64 micro-architecture level plus extra features (LLVM feature names), and a
 * CPU name used only for tuning. The instruction set is always explicit, so the features an entry requires are
 * exactly {@link #requiredFeatures()} and a host can be checked against them before anything is loaded.
 *
 * <p>Text form, as in {@code KILN_TARGET}: {@code x86-64-v3}, {@code x86-64-v3+avx512f+avx512vl},
 * {@code x86-64-v4@cascadelake} (tuned for that CPU), or {@code host} (resolved by {@link dev.kiln.runtime.cpu.HostCpu}).
 *
 * @param level    one of {@code x86-64}, {@code x86-64-v2}, {@code x86-64-v3}, {@code x86-64-v4}
 * @param features extra LLVM feature names beyond the level, without a leading '+'
 * @param tuneCpu  LLVM CPU name for scheduling only; equal to {@code level} when not tuned
 */
public record Target(String level, SortedSet<String> features, String tuneCpu) {
    public static final String TRIPLE = "x86_64-unknown-linux-gnu";
    public static final List<String> LEVELS = List.of("x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4");

    /** Features each level implies (LLVM names, implied features spelled out), per the x86-64 psABI and LLVM's X86.td. */
    private static final Map<String, Set<String>> LEVEL_FEATURES;

    static {
        Set<String> v1 = Set.of("64bit", "cmov", "cx8", "fxsr", "mmx", "nopl", "sse", "sse2", "x87");
        Set<String> v2 = union(v1, Set.of("crc32", "cx16", "popcnt", "sahf", "sse3", "sse4.1", "sse4.2", "ssse3"));
        Set<String> v3 = union(v2, Set.of("avx", "avx2", "bmi", "bmi2", "f16c", "fma", "lzcnt", "movbe", "xsave"));
        Set<String> v4 = union(v3, Set.of("avx512bw", "avx512cd", "avx512dq", "avx512f", "avx512vl", "evex512"));
        LEVEL_FEATURES = Map.of("x86-64", v1, "x86-64-v2", v2, "x86-64-v3", v3, "x86-64-v4", v4);
    }

    public Target {
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("unknown target level '" + level + "' (expected one of " + LEVELS + ")");
        }
        TreeSet<String> extra = new TreeSet<>();
        for (String f : features) {
            if (!isFeatureName(f)) {
                throw new IllegalArgumentException("bad target feature '" + f + "'");
            }
            if (!LEVEL_FEATURES.get(level).contains(f)) extra.add(f);
        }
        features = Collections.unmodifiableSortedSet(extra);
        if (tuneCpu == null || tuneCpu.isBlank()) tuneCpu = level;
    }

    /** {@code [a-z0-9.-]+}, without a regex (targets are parsed on every cache hit). */
    private static boolean isFeatureName(String f) {
        if (f.isEmpty()) return false;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
        }
        return true;
    }

    public static Target level(String level) {
        return new Target(level, new TreeSet<>(), level);
    }

    /**
     * Parses the text form. {@code host} is not accepted here: ask {@code HostCpu} for the host's target.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static Target parse(String text) {
        String s = text.trim();
        String tune = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            tune = s.substring(at + 1);
            s = s.substring(0, at);
        }
        String[] parts = s.split("\\+");
        TreeSet<String> extra = new TreeSet<>(Arrays.asList(parts).subList(1, parts.length));
        if (!LEVELS.contains(parts[0])) {
            throw new IllegalArgumentException("unknown target '" + text + "': expected host, "
                    + String.join(", ", LEVELS) + ", optionally +feature... and @tune-cpu");
        }
        return new Target(parts[0], extra, tune);
    }

    /** The best target whose required features are all in {@code available}, tuned for {@code tuneCpu}. */
    public static Target bestFor(Set<String> available, String tuneCpu) {
        String best = null;
        for (String level : LEVELS) {
            if (available.containsAll(LEVEL_FEATURES.get(level))) best = level;
        }
        if (best == null) {
            throw new IllegalArgumentException("CPU lacks the x86-64 baseline features " + LEVEL_FEATURES.get("x86-64"));
        }
        return new Target(best, new TreeSet<>(available), tuneCpu);
    }

    /** Every feature the code may use: the level's plus the extras. A host must have all of them to run it. */
    public SortedSet<String> requiredFeatures() {
        TreeSet<String> all = new TreeSet<>(LEVEL_FEATURES.get(level));
        all.addAll(features);
        return Collections.unmodifiableSortedSet(all);
    }

    /** Features implied by a level name. */
    public static Set<String> levelFeatures(String level) {
        Set<String> f = LEVEL_FEATURES.get(level);
        if (f == null) throw new IllegalArgumentException("unknown target level '" + level + "'");
        return f;
    }

    /** LLVM feature string for the extras, e.g. {@code +avx512vnni,+clwb}. */
    public String llvmFeatureString() {
        return String.join(",", features.stream().map(f -> "+" + f).toList());
    }

    /** Canonical text form; {@code parse(t.toString()).equals(t)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(level);
        for (String f : features) sb.append('+').append(f);
        if (!tuneCpu.equals(level)) sb.append('@').append(tuneCpu);
        return sb.toString();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        TreeSet<String> u = new TreeSet<>(a);
        u.addAll(b);
        return Collections.unmodifiableSet(u);
    }
}
