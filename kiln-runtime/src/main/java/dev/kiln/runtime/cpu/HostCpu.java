package dev.kiln.runtime.cpu;

import dev.kiln.Target;
import dev.kiln.KilnConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The CPU features this process may use, as LLVM feature names (the vocabulary of {@link Target}).
 *
 * <p>Read from the {@code flags} line of {@code /proc/cpuinfo}, which lists only what both the CPU and the kernel
 * enable (AVX state saving included), and mapped to LLVM's names. Only flags with a known LLVM counterpart are kept:
 * an entry never requires a feature we cannot name, and an unknown flag never becomes a bogus requirement.
 * {@code KILN_HOST_CPU} ({@link KilnConfig#hostCpu()}) replaces detection entirely, so a big machine can pretend to
 * be a smaller one.
 */
public final class HostCpu {
    /** cpuinfo flag → LLVM feature, where the names differ or the flag is known to LLVM as is. */
    private static final Map<String, String> FLAG_TO_LLVM = table(new String[][]{
            {"fpu", "x87"}, {"lm", "64bit"}, {"cx8", "cx8"}, {"cmov", "cmov"}, {"mmx", "mmx"}, {"fxsr", "fxsr"},
            {"sse", "sse"}, {"sse2", "sse2"}, {"pni", "sse3"}, {"ssse3", "ssse3"}, {"sse4_1", "sse4.1"},
            {"sse4_2", "sse4.2"}, {"sse4a", "sse4a"}, {"cx16", "cx16"}, {"popcnt", "popcnt"}, {"lahf_lm", "sahf"},
            {"abm", "lzcnt"}, {"movbe", "movbe"}, {"pclmulqdq", "pclmul"}, {"aes", "aes"}, {"xsave", "xsave"},
            {"xsaveopt", "xsaveopt"}, {"xsavec", "xsavec"}, {"xsaves", "xsaves"}, {"avx", "avx"}, {"avx2", "avx2"},
            {"f16c", "f16c"}, {"fma", "fma"}, {"fma4", "fma4"}, {"xop", "xop"}, {"tbm", "tbm"}, {"bmi1", "bmi"},
            {"bmi2", "bmi2"}, {"adx", "adx"}, {"rdrand", "rdrnd"}, {"rdseed", "rdseed"}, {"fsgsbase", "fsgsbase"},
            {"3dnowprefetch", "prfchw"}, {"prefetchw", "prfchw"}, {"clflushopt", "clflushopt"}, {"clwb", "clwb"},
            {"invpcid", "invpcid"}, {"pku", "pku"}, {"rdpid", "rdpid"}, {"sha_ni", "sha"}, {"gfni", "gfni"},
            {"vaes", "vaes"}, {"vpclmulqdq", "vpclmulqdq"}, {"movdiri", "movdiri"}, {"movdir64b", "movdir64b"},
            {"waitpkg", "waitpkg"}, {"cldemote", "cldemote"}, {"serialize", "serialize"}, {"clzero", "clzero"},
            {"mwaitx", "mwaitx"}, {"wbnoinvd", "wbnoinvd"}, {"rtm", "rtm"}, {"ptwrite", "ptwrite"},
            {"avx512f", "avx512f"}, {"avx512dq", "avx512dq"}, {"avx512cd", "avx512cd"}, {"avx512bw", "avx512bw"},
            {"avx512vl", "avx512vl"}, {"avx512ifma", "avx512ifma"}, {"avx512vbmi", "avx512vbmi"},
            {"avx512_vbmi2", "avx512vbmi2"}, {"avx512_vnni", "avx512vnni"}, {"avx512_bitalg", "avx512bitalg"},
            {"avx512_vpopcntdq", "avx512vpopcntdq"}, {"avx512_bf16", "avx512bf16"}, {"avx512_fp16", "avx512fp16"},
            {"avx512_vp2intersect", "avx512vp2intersect"}, {"avx_vnni", "avxvnni"}, {"amx_tile", "amx-tile"},
            {"amx_bf16", "amx-bf16"}, {"amx_int8", "amx-int8"},
    });

    private static volatile SortedSet<String> detected;

    private HostCpu() {
    }

    /** The real host's features (LLVM names), read once per process. */
    public static SortedSet<String> detect() {
        SortedSet<String> d = detected;
        if (d == null) {
            d = fromCpuinfo(read(Path.of("/proc/cpuinfo")));
            detected = d;
        }
        return d;
    }

    /**
     * The features Kiln assumes for this process: those of {@code KILN_HOST_CPU} when set (a level, or
     * level+features, as in {@link Target#parse}), else {@link #detect()}.
     */
    public static SortedSet<String> features(KilnConfig config) {
        if (config.hostCpu().isPresent()) return Target.parse(config.hostCpu().get()).requiredFeatures();
        return detect();
    }

    /**
     * Every feature name Kiln can detect on a host or that a level implies: the vocabulary of {@code KILN_TARGET}
     * and {@code KILN_HOST_CPU} (an entry requiring any other name could never be found runnable).
     */
    public static Set<String> knownFeatures() {
        TreeSet<String> all = new TreeSet<>(FLAG_TO_LLVM.values());
        all.addAll(java.util.List.of("nopl", "crc32", "evex512"));
        for (String level : Target.LEVELS) all.addAll(Target.levelFeatures(level));
        return Collections.unmodifiableSet(all);
    }

    /** Short description for messages: the best level plus how many extra features, or the pretended target. */
    public static String describe(KilnConfig config) {
        if (config.hostCpu().isPresent()) return config.hostCpu().get() + " (KILN_HOST_CPU)";
        try {
            return Target.bestFor(detect(), "host").level() + " (host)";
        } catch (IllegalArgumentException e) {
            return "non-x86-64 host";
        }
    }

    /** Maps the first {@code flags} line of a cpuinfo text; empty when there is none (not x86). */
    public static SortedSet<String> fromCpuinfo(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                Set<String> flags = new HashSet<>();
                String list = line.substring(colon + 1);
                int i = 0;
                while (i < list.length()) {
                    while (i < list.length() && Character.isWhitespace(list.charAt(i))) i++;
                    int start = i;
                    while (i < list.length() && !Character.isWhitespace(list.charAt(i))) i++;
                    if (i > start) flags.add(list.substring(start, i));
                }
                return fromFlags(flags);
            }
        }
        return Collections.emptySortedSet();
    }

    /** Maps cpuinfo flag names to LLVM feature names, adding what LLVM implies from them. */
    public static SortedSet<String> fromFlags(Set<String> flags) {
        TreeSet<String> f = new TreeSet<>();
        for (String flag : flags) {
            String llvm = FLAG_TO_LLVM.get(flag);
            if (llvm != null) f.add(llvm);
        }
        if (f.isEmpty()) return Collections.unmodifiableSortedSet(f);
        // Every x86-64 CPU has the long NOP; LLVM's crc32 feature is the SSE4.2 instruction; evex512 is the
        // 512-bit half of AVX-512 that LLVM 18+ splits out (implied by avx512f on all CPUs that have it).
        f.add("nopl");
        if (f.contains("sse4.2")) f.add("crc32");
        if (f.contains("avx512f")) f.add("evex512");
        return Collections.unmodifiableSortedSet(f);
    }

    /** The best target this host runs, tuned for {@code tuneCpu}. */
    public static Target bestTarget(Set<String> features, String tuneCpu) {
        return Target.bestFor(features, tuneCpu);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException | SecurityException e) {
            return "";
        }
    }

    private static Map<String, String> table(String[][] pairs) {
        Map<String, String> m = new HashMap<>();
        for (String[] p : pairs) m.put(p[0], p[1]);
        return Collections.unmodifiableMap(m);
    }

    static Map<String, String> table() {
        return FLAG_TO_LLVM;
    }
}
