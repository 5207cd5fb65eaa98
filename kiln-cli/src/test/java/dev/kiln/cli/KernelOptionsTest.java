package dev.kiln.cli;

import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.KilnCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code @Kernel(fastMath = true)}: bake and verify key the kernel with fast math on, as the runtime's call site does. */
class KernelOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void bakeAndVerifyUseTheAnnotationsOptions() throws Exception {
        Path classes = TestApps.compile(tmp.resolve("classes"), Map.of("app.Fast", """
                package app;
                public final class Fast {
                    @dev.kiln.Kernel(fastMath = true)
                    public static double sum(double[] a) { double s = 0; for (double x : a) s += x; return s; }
                    @dev.kiln.Kernel
                    public static double exact(double[] a) { double s = 0; for (double x : a) s += x; return s; }
                }
                """));
        Path cache = tmp.resolve("cache");
        Cli.Result bake = Cli.run("bake", "--classpath", classes.toString(), "--cache", cache.toString(), "--target", "x86-64");
        assertEquals(0, bake.exit(), bake::toString);
        Cli.Result verify = Cli.run("verify", "--classpath", classes.toString(), "--cache", cache.toString(), "--target", "x86-64");
        assertEquals(0, verify.exit(), verify::toString);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            KilnConfig base = KilnConfig.defaults().withCachePath(List.of(cache));
            KernelGraph sum = KernelGraph.of(loader, "app/Fast", "sum", null);
            KernelGraph exact = KernelGraph.of(loader, "app/Fast", "exact", null);
            var x86 = Target.level("x86-64");
            KilnCache plain = KilnCache.open(base);
            KilnCache fast = KilnCache.open(base.withOptions(base.options().withFastMath(true)));
            assertTrue(fast.check(sum, x86).served(), "sum is baked with fast math");
            assertEquals("options-changed", plain.check(sum, x86).reason().orElseThrow().id());
            assertTrue(plain.check(exact, x86).served(), "exact keeps the environment's options");
            assertFalse(fast.check(exact, x86).served());
        }
    }
}
