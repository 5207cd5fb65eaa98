package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscoveryTest {
    @TempDir
    Path tmp;

    @Test
    void findsKernelsInDirectoriesAndJars() {
        Path classes = TestApps.compile(tmp.resolve("classes"), TestApps.lossApp(TestApps.CLIP));
        List<String> expected = List.of("app.Losses#count([II)J", "app.Losses#layer([DDD)D");
        assertEquals(expected, ids(ClassPath.parse(classes.toString())));
        Path jar = TestApps.jar(classes, tmp.resolve("app.jar"));
        assertEquals(expected, ids(ClassPath.parse(jar.toString())));
        // dir/* means every jar in dir; a class on the path twice counts once.
        assertEquals(expected, ids(ClassPath.parse(tmp + "/*:" + classes)));
    }

    @Test
    void findsOverloadsNonStaticKernelsAndNestedClasses() {
        Path classes = TestApps.compile(tmp.resolve("c"), Map.of("p.K", """
                package p;
                import dev.kiln.Kernel;
                public class K {
                    @Kernel public static int f(int x) { return x; }
                    @Kernel public static long f(long x) { return x; }
                    @Kernel public int g(int x) { return x; }
                    @Deprecated public static int h(int x) { return x; }
                    public static final class Inner { @Kernel static double d(double x) { return x; } }
                }
                """));
        List<KernelDiscovery.Found> found = KernelDiscovery.scan(ClassPath.parse(classes.toString()));
        assertEquals(List.of("p.K#f(I)I", "p.K#f(J)J", "p.K#g(I)I", "p.K$Inner#d(D)D"),
                found.stream().map(f -> f.id().toString()).sorted().toList());
        assertFalse(found.stream().filter(f -> f.id().method().equals("g")).findFirst().orElseThrow().isStatic());
        var names = KernelSet.displayNames(found.stream().map(KernelDiscovery.Found::id).toList());
        assertEquals("p.K#f(I)I", names.get(KernelId.parse("p.K#f(I)I")));
        assertEquals("p.K#g", names.get(KernelId.parse("p.K#g(I)I")));
    }

    @Test
    void resolvesNamedKernels() throws Exception {
        Path classes = TestApps.compile(tmp.resolve("c"), Map.of("p.K", """
                package p;
                public class K {
                    public static int f(int x) { return x; }
                    public static long f(long x) { return x; }
                    public static int once(int x) { return x; }
                }
                """));
        ClassPath cp = ClassPath.parse(classes.toString());
        try (var loader = cp.newLoader()) {
            assertEquals("p.K#once(I)I", KernelSet.resolve(loader, KernelId.parse("p.K#once")).toString());
            assertEquals("p.K#f(J)J", KernelSet.resolve(loader, KernelId.parse("p.K#f(J)J")).toString());
            CliException e = assertThrows(CliException.class, () -> KernelSet.resolve(loader, KernelId.parse("p.K#f")));
            assertEquals(Exit.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("p.K#f(I)I, p.K#f(J)J"), e.getMessage());
        }
    }

    @Test
    void parsesKernelNames() {
        assertEquals(new KernelId("a.b.C", "m", null), KernelId.parse("a.b.C#m"));
        assertEquals(new KernelId("a.b.C$D", "m", "([DI)D"), KernelId.parse("a/b/C$D#m([DI)D"));
        for (String bad : new String[]{"C", "#m", "C#", "C#m(", "C#1m", "a..b#m"}) {
            assertEquals(Exit.USAGE, assertThrows(CliException.class, () -> KernelId.parse(bad)).exitCode(), bad);
        }
    }

    private static List<String> ids(ClassPath cp) {
        return KernelDiscovery.scan(cp).stream().map(f -> f.id().toString()).toList();
    }
}
