package dev.kiln.runtime.cpu;

import dev.kiln.Target;
import dev.kiln.KilnConfig;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.SortedSet;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HostCpuTest {
    /** The flags line of this project's CI host, an AVX-512 Cascade Lake VM. */
    static final String CASCADE_LAKE = "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 "
            + "clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology "
            + "nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt "
            + "tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch cpuid_fault ssbd ibrs "
            + "ibpb stibp ibrs_enhanced fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid mpx avx512f avx512dq rdseed "
            + "adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves arat umip pku ospke "
            + "avx512_vnni md_clear flush_l1d arch_capabilities\n";

    @Test
    void mapsCpuinfoNamesToLlvmNames() {
        SortedSet<String> f = HostCpu.fromCpuinfo("processor\t: 0\n" + CASCADE_LAKE);
        for (String llvm : new String[]{"sse4.1", "sse4.2", "sse3", "sahf", "lzcnt", "pclmul", "rdrnd", "avx512vnni",
                "64bit", "x87", "bmi", "prfchw", "crc32", "evex512", "nopl", "avx512f", "avx512vl", "xsaveopt"}) {
            assertTrue(f.contains(llvm), llvm + " in " + f);
        }
        for (String raw : new String[]{"sse4_1", "pni", "lahf_lm", "abm", "pclmulqdq", "rdrand", "avx512_vnni", "lm",
                "fpu", "mpx", "ht", "hypervisor", "bmi1"}) {
            assertFalse(f.contains(raw), raw + " must not leak through unmapped");
        }
        Target best = Target.bestFor(f, "cascadelake");
        assertEquals("x86-64-v4", best.level());
        assertTrue(best.features().containsAll(Set.of("avx512vnni", "aes", "adx", "clwb")), best.toString());
    }

    @Test
    void impliedFeaturesFollowTheirBase() {
        SortedSet<String> v2 = HostCpu.fromFlags(Set.of("fpu", "lm", "cx8", "cmov", "mmx", "fxsr", "sse", "sse2",
                "pni", "ssse3", "sse4_1", "sse4_2", "cx16", "popcnt", "lahf_lm"));
        assertEquals("x86-64-v2", Target.bestFor(v2, null).level());
        assertFalse(v2.contains("evex512"));
        assertTrue(HostCpu.fromFlags(Set.of("sha_ni")).contains("sha"));
        assertTrue(HostCpu.fromCpuinfo("no flags here\n").isEmpty());
    }

    @Test
    void pretendedHostReplacesDetection() {
        KilnConfig c = KilnConfig.defaults().withHostCpu("x86-64-v3+aes");
        SortedSet<String> f = HostCpu.features(c);
        assertTrue(f.contains("avx2") && f.contains("aes"));
        assertFalse(f.contains("avx512f"));
    }

    @Test
    void realHostRunsItsOwnBestTarget() {
        SortedSet<String> host = HostCpu.detect();
        assumeTrue(host.contains("sse2"), "not an x86-64 Linux host");
        Target t = Target.bestFor(host, null);
        // Every feature an entry built here would require is one the host reports.
        assertTrue(host.containsAll(t.requiredFeatures()), () -> "missing " + t.requiredFeatures());
    }
}
