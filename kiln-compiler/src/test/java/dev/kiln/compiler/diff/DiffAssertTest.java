package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import dev.kiln.Kiln;
import dev.kiln.KilnVersion;
import dev.kiln.model.KernelGraph;
import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.KernelKey;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code assert} follows the kernel class's assertion status, as on HotSpot; -ea and -da never share a cache entry.
 */
class DiffAssertTest {
    static final Diff D = Diff.forClass(DiffAssertTest.class);

    /** A loader of its own for the test classes, with every assertion status set to {@code enabled}. */
    static ClassLoader loader(boolean enabled) {
        URL classes = DiffAssertTest.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader l = new URLClassLoader(new URL[] {classes}, DiffAssertTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.startsWith(AssertKernels.class.getName())) return super.loadClass(name, resolve);
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : findClass(name); // child first: its own copy of the kernel class
                }
            }
        };
        l.setDefaultAssertionStatus(enabled);
        return l;
    }

    @Test
    void assertionsAsTheClassSays() throws Throwable {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        // Surefire runs tests with -ea: asserts are on for AssertKernels here.
        D.checkAll(AssertKernels.class, "mean", product(Arrays.asList(new double[0], new double[] {1, 2, 4}, null)));
        D.checkAll(AssertKernels.class, "positive", product(List.of(0, 1, -5)));
        D.checkAll(AssertKernels.class, "withValue", product(List.of(12L, 13L, 14L, 15L)));
        ThrowDiff.check(D, AssertKernels.class, "withValue", 14L);
    }

    @Test
    void enabledAndDisabledNeverShareAnEntry() throws Throwable {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        Path cache = Files.createTempDirectory("kiln-assert-");
        Kiln kiln = Kiln.create(KilnConfig.defaults().withCachePath(List.of(cache)));
        for (boolean on : new boolean[] {true, false, true}) {
            Class<?> k = loader(on).loadClass(AssertKernels.class.getName());
            assertEquals(on, k.desiredAssertionStatus());
            MethodHandle mean = kiln.compile(k, "mean");
            var m = k.getDeclaredMethod("mean", double[].class);
            m.setAccessible(true);
            MethodHandle javaMean = java.lang.invoke.MethodHandles.lookup().unreflect(m);
            Diff.Outcome want = Diff.run(javaMean, new Object[] {new double[0]});
            Diff.Outcome got = Diff.run(mean, new Object[] {new double[0]});
            assertEquals(null, Diff.difference(want, got), "assertions " + (on ? "on" : "off"));
            if (on) assertEquals("empty array", got.thrown().getMessage());
            else assertEquals(Double.NaN, (double) got.value());
            MethodHandle positive = kiln.compile(k, "positive");
            if (on) assertThrows(AssertionError.class, () -> positive.invoke(0));
            else assertEquals(0, (int) positive.invoke(0));
        }
        String enabledKey = key(true);
        assertNotEquals(enabledKey, key(false));
        assertEquals(enabledKey, key(true));
    }

    private static String key(boolean on) {
        KernelGraph g = KernelGraph.of(loader(on), AssertKernels.class.getName().replace('.', '/'), "mean", null);
        return KernelKey.of(g, CompileOptions.DEFAULT, KilnVersion.COMPILER).inputs();
    }
}
