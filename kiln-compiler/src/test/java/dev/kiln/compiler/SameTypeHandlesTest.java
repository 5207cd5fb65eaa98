package dev.kiln.compiler;

import dev.kiln.Kiln;
import dev.kiln.KilnConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Method handles of kernels with the same Java type share their call class's bytes and differ only in its class
 * data (entry point, fault messages): each must still run its own kernel and throw its own messages, in the
 * process that compiled them and in a fresh Kiln served from the cache.
 */
class SameTypeHandlesTest {
    @TempDir
    Path cache;

    public static double first(double[] a, double[] b) {
        return a[0] + b[0];
    }

    public static double last(double[] x, double[] y) {
        return x[x.length - 1] * y[y.length - 1];
    }

    public static double sum(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] + b[i];
        return s;
    }

    @Test
    void eachHandleRunsItsOwnKernelAndThrowsItsOwnMessage() throws Throwable {
        KilnConfig config = KilnConfig.defaults().withCachePath(List.of(cache));
        for (Kiln kiln : new Kiln[]{Kiln.create(config), Kiln.create(config.withStrict(true))}) {
            MethodHandle f = kiln.compile(SameTypeHandlesTest.class, "first");
            MethodHandle l = kiln.compile(SameTypeHandlesTest.class, "last");
            MethodHandle s = kiln.compile(SameTypeHandlesTest.class, "sum");
            double[] a = {1, 2, 3};
            double[] b = {10, 20, 30};
            assertEquals(11.0, (double) f.invokeExact(a, b));
            assertEquals(90.0, (double) l.invokeExact(a, b));
            assertEquals(66.0, (double) s.invokeExact(a, b));
            NullPointerException fx = assertThrows(NullPointerException.class, () -> {
                double unused = (double) f.invokeExact((double[]) null, b);
            });
            NullPointerException lx = assertThrows(NullPointerException.class, () -> {
                double unused = (double) l.invokeExact(a, (double[]) null);
            });
            assertTrue(fx.getMessage().contains("\"a\""), fx.getMessage());
            assertTrue(lx.getMessage().contains("\"y\""), lx.getMessage());
        }
    }
}
