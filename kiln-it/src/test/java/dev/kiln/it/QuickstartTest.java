package dev.kiln.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.kiln.it.MavenPluginTest.java;
import static dev.kiln.it.MavenPluginTest.proc;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code examples/quickstart} as a new user builds it: a project of its own (not a reactor module) against Kiln's
 * installed artifacts (here a private local repository holding this build's jars). {@code mvn package} rewrites,
 * bakes and embeds; {@code java -jar} of the result, strict, with an empty cache and nothing else, is served from the
 * embedded entries and prints what plain HotSpot prints.
 */
class QuickstartTest {
    @TempDir
    Path tmp;

    @Test
    void packagesAJarThatRunsNativelyInStrictModeFromItsEmbeddedEntries() throws Exception {
        Path source = Path.of(System.getProperty("kiln.quickstart", "../examples/quickstart"));
        assertTrue(Files.isRegularFile(source.resolve("pom.xml")), source.toAbsolutePath().toString());
        MavenPluginTest.Maven maven = MavenPluginTest.privateRepository(tmp);
        Path project = copySources(source, tmp.resolve("quickstart"));

        MavenPluginTest.Proc build = maven.mvn(project, "package");
        assertEquals(0, build.exit(), build.out());
        assertTrue(build.out().contains("kiln: rewrote 2 @Kernel methods in 2 classes"), build.out());
        assertTrue(build.out().contains("kiln: embedded 2 cache entries in "), build.out());
        // .mvn/jvm.config enables native access for the Maven JVM, where bake loads LLVM: no JDK warning.
        assertFalse(build.out().contains("WARNING: A restricted method"), build.out());

        // The jar alone, elsewhere: strict, a cache tier that is empty, no flags (its manifest enables native access).
        Path jar = Files.copy(project.resolve("target/quickstart-1.0.jar"),
                Files.createDirectories(tmp.resolve("run")).resolve("quickstart.jar"));
        Path stats = tmp.resolve("stats.json");
        MavenPluginTest.Proc run = proc(tmp, List.of(java(), "-Dkiln.strict=true",
                "-Dkiln.cache.path=" + tmp.resolve("empty-cache"), "-Dkiln.stats.file=" + stats, "-jar", jar.toString()));
        assertEquals(0, run.exit(), run.out());
        Jvm.Stats s = Jvm.Stats.read(stats);
        assertEquals(2, s.hits(), s.toString());
        assertEquals(0, s.compiles(), s.toString());
        assertFalse(run.out().contains("WARNING"), run.out());

        // The same jar with Kiln disabled runs every kernel's Java body on HotSpot: the same output, digit for digit.
        MavenPluginTest.Proc hotspot = proc(tmp, List.of(java(), "-Dkiln.disable=true", "-jar", jar.toString()));
        assertEquals(0, hotspot.exit(), hotspot.out());
        assertTrue(run.out().startsWith("layer(5, 50, 500; 10 xs 100) = 140.0\n"), run.out());
        assertEquals(4, run.out().lines().count(), run.out());
        assertEquals(hotspot.out(), run.out());
    }

    /** The project's pom, Maven JVM options and sources, without whatever a local build left in target/. */
    private static Path copySources(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        Files.copy(from.resolve("pom.xml"), to.resolve("pom.xml"));
        Files.createDirectories(to.resolve(".mvn"));
        Files.copy(from.resolve(".mvn/jvm.config"), to.resolve(".mvn/jvm.config"));
        try (Stream<Path> files = Files.walk(from.resolve("src"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path dest = to.resolve(from.relativize(f).toString());
                Files.createDirectories(dest.getParent());
                Files.copy(f, dest);
            }
        }
        return to;
    }
}
