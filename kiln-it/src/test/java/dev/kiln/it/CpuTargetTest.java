package dev.kiln.it;

import dev.kiln.Target;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.runtime.cpu.HostCpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Entries for several CPU levels in one cache; hosts real and pretended (KILN_HOST_CPU). */
class CpuTargetTest {
    @TempDir
    Path tmp;

    @Test
    void everyFeatureOfTheHostTargetIsOneLlvmSeesOnThisHost() {
        Set<String> llvm = Arrays.stream(LlvmDriver.hostCpuFeatures().split(","))
                .filter(f -> f.startsWith("+")).map(f -> f.substring(1)).collect(Collectors.toSet());
        SortedSet<String> ours = HostCpu.detect();
        assumeTrue(ours.contains("sse2"), "x86-64 Linux only");
        Target t = Target.bestFor(ours, LlvmDriver.hostCpuName());
        TreeSet<String> extra = new TreeSet<>(t.requiredFeatures());
        extra.removeAll(llvm);
        // LLVM's host list leaves out what every x86-64 has (x87, nopl); the baseline level is always there.
        extra.removeAll(Target.levelFeatures("x86-64"));
        assertTrue(llvm.size() > 20 && ours.size() > 20, "both views should list the host's features: " + llvm);
        assertEquals(Set.of(), extra, "features Kiln would require that LLVM does not see on this host");
    }

    @Test
    void entriesNeedingMissingFeaturesAreNeverLoaded() throws Exception {
        assumeTrue(HostCpu.detect().containsAll(Target.level("x86-64-v4").requiredFeatures()), "needs an AVX-512 host");
        Path cache = tmp.resolve("cache");
        var kernels = Jvm.many(8, 11);
        Jvm.child().cache(cache).prop("kiln.target", "x86-64-v4").args(kernels).run(240).ok();

        // Told it is a v3: the v4 entries are not runnable. Strict: an error naming the kernel and reason.
        Jvm.Result r = Jvm.child().cache(cache).prop("kiln.host.cpu", "x86-64-v3").prop("kiln.strict", true)
                .args(kernels).run(120);
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().contains("KILN-ERROR CacheMissException: kernel dev.kiln.it.kernels.Many.k08([DD)D is not in the cache"), r.out());
        assertTrue(r.out().contains("target-not-runnable: no entry for x86-64-v3"), r.out());
        assertTrue(r.out().contains("entries exist for x86-64-v4 (needs avx512bw"), r.out());

        // Not strict: compiles v3 entries, reason recorded.
        Path stats = tmp.resolve("v3.json");
        r = Jvm.child().cache(cache).prop("kiln.host.cpu", "x86-64-v3").stats(stats).args("--print-target").args(kernels)
                .run(240).ok();
        Jvm.Stats s = Jvm.Stats.read(stats);
        assertEquals(Long.valueOf(3), s.missesByReason().get("target-not-runnable"));
        assertEquals(3, r.count("TARGET dev.kiln.it.kernels.Many#k0") + r.count("TARGET dev.kiln.it.kernels.Many#k1"));
        assertTrue(r.out().lines().filter(l -> l.startsWith("TARGET")).allMatch(l -> l.endsWith(" x86-64-v3")), r.out());

        // With v3 and v4 entries: v3 on the pretended v3 host, v4 on the real one; both strict.
        r = Jvm.child().cache(cache).prop("kiln.host.cpu", "x86-64-v3").prop("kiln.strict", true)
                .args("--print-target").args(kernels).run(120).ok();
        assertTrue(r.out().lines().filter(l -> l.startsWith("TARGET")).allMatch(l -> l.endsWith(" x86-64-v3")), r.out());
        r = Jvm.child().cache(cache).prop("kiln.strict", true).args("--print-target").args(kernels).run(120).ok();
        assertEquals(3, r.out().lines().filter(l -> l.startsWith("TARGET") && l.endsWith(" x86-64-v4")).count(), r.out());
    }
}
