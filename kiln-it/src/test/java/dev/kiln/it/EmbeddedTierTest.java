package dev.kiln.it;

import dev.kiln.maven.Embedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.*;

/** Cache entries embedded in jars on the class path: a read-only, lowest-priority tier per jar. */
class EmbeddedTierTest {
    @TempDir
    Path tmp;

    @Test
    void twoJarsServeTheirKernelsAndACorruptEmbeddedEntryIsRecompiledWhileOthersHit() throws Exception {
        Path cacheA = tmp.resolve("a"), cacheB = tmp.resolve("b");
        Jvm.child().cache(cacheA).args(Jvm.many(0, 2)).run(240).ok();
        Jvm.child().cache(cacheB).args(Jvm.many(2, 3)).run(240).ok();
        Path jarA = jarWith(cacheA, tmp.resolve("jars/a.jar"));
        Path jarB = jarWith(cacheB, tmp.resolve("jars/b.jar"));

        // A fresh empty cache, no compiler, strict: the two jars serve all three kernels.
        Path stats = tmp.resolve("embedded.json");
        Jvm.child().runtimeOnly().cache(tmp.resolve("fresh")).stats(stats).prop("kiln.strict", true)
                .classPathLast(jarA, jarB).args(Jvm.many(0, 3)).run(120).ok();
        Jvm.Stats s = Jvm.Stats.read(stats);
        assertEquals(3, s.hits(), s.toString());
        assertEquals(0, s.compiles(), s.toString());
        assertFalse(Files.exists(tmp.resolve("fresh/kiln-v1/kernels")), "nothing was written to the configured tier");
        // Hits are counted for the jars' own folders, read in place (no temporary copy stands in for them).
        assertEquals(java.util.Set.of("jar:" + jarA.toUri() + "!/META-INF/kiln", "jar:" + jarB.toUri() + "!/META-INF/kiln"),
                s.hitsByTier().keySet(), s.toString());

        // Damage k00's library inside jar A: that kernel misses (corrupt) and compiles into the configured tier; the
        // others still hit; the jar is never written.
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jarA.toUri()), Map.of())) {
            Path so;
            try (var files = Files.walk(zip.getPath("/META-INF/kiln"))) {
                so = files.filter(p -> p.toString().contains("Many.k00-") && p.toString().endsWith("kernel.so"))
                        .findFirst().orElseThrow();
            }
            byte[] b = Files.readAllBytes(so);
            b[b.length / 2] ^= 0x5a;
            Files.write(so, b);
        }
        long jarTime = Files.getLastModifiedTime(jarA).toMillis();
        stats = tmp.resolve("corrupt.json");
        Jvm.Result r = Jvm.child().cache(tmp.resolve("fresh")).stats(stats).classPathLast(jarA, jarB)
                .args(Jvm.many(0, 3)).run(240).ok();
        s = Jvm.Stats.read(stats);
        assertEquals(2, s.hits(), s + "\n" + r);
        assertEquals(1, s.compiles(), s.toString());
        assertEquals(Long.valueOf(1), s.missesByReason().get("corrupt"), s.toString());
        assertEquals(jarTime, Files.getLastModifiedTime(jarA).toMillis());

        // Strict and without a compiler, the corrupt kernel is an error naming it; the repaired tier now serves it.
        r = Jvm.child().runtimeOnly().cache(tmp.resolve("other")).prop("kiln.strict", true).classPathLast(jarA, jarB)
                .args(Jvm.many(0, 1)).run(120);
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().contains("Many.k00([DD)D is not in the cache and strict mode forbids compiling: corrupt"), r.out());
    }

    private static Path jarWith(Path cache, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest mf = new Manifest();
        mf.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            // an application jar with nothing else in it
        }
        assertEquals(count(cache), Embedder.embed(cache, jar));
        return jar;
    }

    private static int count(Path cache) throws IOException {
        try (var s = Files.walk(cache)) {
            return (int) s.filter(p -> p.getFileName().toString().equals("kernel.so")).count();
        }
    }
}
