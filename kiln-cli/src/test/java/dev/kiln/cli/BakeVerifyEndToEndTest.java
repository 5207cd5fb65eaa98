package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container workflow of docs/containers.md, on the file system: bake for two targets, copy with cp -r, reset every
 * timestamp, make it read-only, verify, run the application with only kiln-runtime (no compiler) in strict mode,
 * then change a callee and see verify name it.
 */
class BakeVerifyEndToEndTest {
    @TempDir
    Path tmp;
    private Path frozen;

    @AfterEach
    void unfreeze() throws Exception {
        if (frozen != null) ReadOnly.thaw(frozen);
    }

    @Test
    void bakedCacheSurvivesCopyTouchAndReadOnlyAndServesAStrictRuntimeWithoutACompiler() throws Exception {
        Path classes = TestApps.compile(tmp.resolve("app-classes"), TestApps.lossApp(TestApps.CLIP));
        Path appJar = TestApps.jar(classes, tmp.resolve("app.jar"));
        Path build = tmp.resolve("build-cache");

        // Build stage: bake for the fleet's levels (v2 for hosts whose CPU reports no lzcnt, as some VMs do).
        String fleet = "x86-64-v2,x86-64-v3,x86-64-v4";
        Cli.Result bake = Cli.run("bake", "--classpath", appJar.toString(), "--cache", build.toString(),
                "--target", fleet, "--jobs", "2");
        assertEquals(0, bake.exit(), bake::toString);
        assertTrue(bake.out().contains("2 kernels × 3 targets = 6"), bake::toString);
        assertTrue(bake.out().matches("(?s).*compiled\\s+6\\n.*already cached\\s+0\\n.*failed\\s+0\\n.*"), bake::toString);
        // Baking again compiles nothing.
        Cli.Result again = Cli.run("bake", "--classpath", appJar.toString(), "--cache", build.toString(),
                "--target", fleet);
        assertTrue(again.out().matches("(?s).*compiled\\s+0\\n.*already cached\\s+6\\n.*"), again::toString);

        // COPY --from=build: a plain recursive copy, every timestamp reset, read-only.
        Path image = tmp.resolve("image");
        Files.createDirectories(image);
        Path cache = image.resolve("kiln-cache");
        Path runtimeJar = TestApps.jar(TestApps.runtimeLocation(), image.resolve("kiln-runtime.jar"));
        Path imageApp = Files.copy(appJar, image.resolve("app.jar"));
        assertEquals(0, Procs.sh(tmp, "cp", "-r", build.toString(), cache.toString()).exit());
        Procs.Out touch = Procs.sh(tmp, "find", image.toString(), "-exec", "touch", "-h", "-d", "@0", "{}", "+");
        assertEquals(0, touch.exit(), touch::toString);
        frozen = cache;
        if (ReadOnly.freeze(cache)) {
            assertTrue(Procs.sh(tmp, "touch", cache.resolve("probe").toString()).exit() != 0, "cache is read-only");
        }

        // CI: verify the image's cache, for this host and for both targets.
        Cli.Result verify = Cli.run("verify", "--classpath", imageApp.toString(), "--cache", cache.toString());
        assertEquals(0, verify.exit(), verify::toString);
        assertTrue(verify.out().contains("OK: all 2 would be served from the cache"), verify::toString);
        Cli.Result verifyTargets = Cli.run("verify", "--classpath", imageApp.toString(), "--cache", cache.toString(),
                "--target", "x86-64-v3,x86-64-v4", "--json");
        assertEquals(0, verifyTargets.exit(), verifyTargets::toString);
        JsonNode json = new ObjectMapper().readTree(verifyTargets.out());
        assertTrue(json.get("ok").asBoolean());
        assertEquals(4, json.get("kernels").size());

        // Runtime: only kiln-runtime and the application, strict mode, stats to a file.
        Path stats = tmp.resolve("stats.json");
        Procs.Out run = Procs.app(image, Map.of("KILN_CACHE_PATH", cache.toString(), "KILN_STRICT", "1",
                        "KILN_STATS_FILE", stats.toString()),
                Procs.join(runtimeJar, imageApp), "app.Main");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("RESULTS OK"), run::toString);
        JsonNode s = new ObjectMapper().readTree(stats.toFile());
        assertEquals(0, s.get("compiles").asLong(), s::toString);
        assertEquals(2, s.get("hits").asLong(), s::toString);
        assertEquals(0, s.get("misses").asLong(), s::toString);
        Cli.Result shown = Cli.run("stats", stats.toString());
        assertEquals(0, shown.exit(), shown::toString);
        assertTrue(shown.out().matches("(?s).*compiles\\s+0\\n.*"), shown::toString);

        // Change a callee of one kernel and rebuild the application: verify names the kernel and the callee.
        Path changed = TestApps.compile(tmp.resolve("app2-classes"), TestApps.lossApp(TestApps.CLIP_CHANGED));
        Path app2 = TestApps.jar(changed, tmp.resolve("app2.jar"));
        Cli.Result stale = Cli.run("verify", "--classpath", app2.toString(), "--cache", cache.toString());
        assertEquals(Exit.CHECK_FAILED, stale.exit(), stale::toString);
        assertTrue(stale.out().matches("(?s).*hit\\s+app\\.Losses#count.*"), stale::toString);
        assertTrue(stale.out().matches("(?s).*MISS\\s+app\\.Losses#layer\\s+host\\s+inputs-changed: callee Clip\\.clip\\(DDD\\)D changed.*"),
                stale::toString);
        assertEquals(1, stale.errLines().length, stale::toString);
        assertTrue(stale.err().startsWith("kiln: verify failed: 1 of 2 would not be served from the cache; first: "
                + "app.Losses#layer for host: inputs-changed (callee Clip.clip(DDD)D changed)"), stale::toString);
        // The strict runtime refuses it the same way.
        Procs.Out strict = Procs.app(image, Map.of("KILN_CACHE_PATH", cache.toString(), "KILN_STRICT", "1"),
                Procs.join(runtimeJar, app2), "app.Main");
        assertTrue(strict.exit() != 0, strict::toString);
        assertTrue(strict.err().contains("Clip.clip(DDD)D changed"), strict::toString);
    }
}
