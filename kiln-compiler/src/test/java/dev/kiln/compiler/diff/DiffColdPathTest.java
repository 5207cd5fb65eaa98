package dev.kiln.compiler.diff;

import dev.kiln.Kiln;
import dev.kiln.KilnStats;
import dev.kiln.UnsupportedConstructException;
import dev.kiln.KilnConfig;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cold throw paths run as Java ({@code ColdPaths}): exception class, message and kernel frames, and array contents
 * after the throw, against HotSpot, on fresh and dirty threads.
 */
class DiffColdPathTest {
    static final Diff D = Diff.forClass(DiffColdPathTest.class);
    static final Class<ColdPathKernels> K = ColdPathKernels.class;
    static final List<Double> DOUBLES = List.of(0.0, -0.0, 0.5, 1.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300);

    @Test
    void boxedArgumentsInAnObjectArray() {
        ThrowDiff.checkAll(D, K, "normalised", product(DOUBLES, List.of(0.0, -1.0, Double.NaN), List.of(1.0, -0.0, 1e300)));
    }

    @Test
    void enumConstantAndEmptyArguments() {
        ThrowDiff.checkAll(D, K, "floorMod", product(List.of(0, 7, -7, Integer.MIN_VALUE, Integer.MAX_VALUE),
                List.of(0, 3, -3, -1, Integer.MIN_VALUE)));
        ThrowDiff.checkAll(D, K, "floorModLong", product(List.of(0L, 7L, -7L, Long.MIN_VALUE, Long.MAX_VALUE),
                List.of(0L, 3L, -3L, -1L, Long.MIN_VALUE), List.of(true, false)));
        ThrowDiff.checkAll(D, K, "mixedSlots", product(List.of(0, -1, Integer.MAX_VALUE), List.of(0L, Long.MIN_VALUE, 1L << 53),
                List.of(0.5, -0.0, Double.NaN, 2e6), List.of(0.25f, Float.NaN, Float.NEGATIVE_INFINITY),
                Arrays.asList(new int[0], new int[] {1, 2, 3, 4}, null)));
        ThrowDiff.checkAll(D, K, "decode", product(List.of(-1, 0, 5, Integer.MIN_VALUE), List.of('a', '\u00e9', (char) 0),
                List.of((short) -1, Short.MAX_VALUE, Short.MIN_VALUE)));
    }

    @Test
    void twoIntConstructorOnArrayLengths() {
        List<double[]> arrays = Arrays.asList(new double[0], new double[] {1}, new double[] {1, -2, 3},
                new double[] {Double.NaN, 0}, null);
        ThrowDiff.checkAll(D, K, "distance", product(arrays, arrays));
    }

    @Test
    void writesBeforeTheThrowStay() {
        ThrowDiff.checkAll(D, K, "scaleFinite", product(Arrays.asList(new double[] {1, 2, 3}, new double[] {1, 0, 1e308, 4},
                        new double[] {Double.NaN}, new double[0], new double[] {0, Double.MAX_VALUE}, null),
                List.of(2.0, Double.POSITIVE_INFINITY, -0.0, Double.NaN), List.of(1.5f, Float.NaN)));
        ThrowDiff.checkAll(D, K, "iterate", product(List.of(0.5, 2.0, Double.NaN), List.of(0, 3, 200),
                Arrays.asList(new int[1], new int[] {Integer.MAX_VALUE}, null)));
    }

    @Test
    void arrayElementsReadOnThePath() {
        ThrowDiff.checkAll(D, K, "checkPositive", product(Arrays.asList(new double[] {1, 2, 3}, new double[] {4, -0.0, 5},
                new double[] {Double.NaN}, new double[] {0}, new double[] {3, Double.NEGATIVE_INFINITY}, new double[0], null)));
        ThrowDiff.checkAll(D, K, "pickFlagged", product(Arrays.asList(new boolean[] {true, false}, new boolean[0], null),
                Arrays.asList(new long[] {Long.MIN_VALUE, 7}, new long[] {1}, null), List.of(0, 1, 2, -1, Integer.MIN_VALUE),
                List.of(true, false)));
    }

    @Test
    void pathInACalleeAndAFactory() {
        ThrowDiff.checkAll(D, K, "sumChecked", product(Arrays.asList(new double[] {1, 2, 3}, new double[0], null),
                List.of(0, 2, 3, 4, -1, Integer.MIN_VALUE)), ColdPathKernels.Errors.class);
    }

    @Test
    void constructorSideEffectsCausesAndThrowNull() throws Throwable {
        int before = ColdPathKernels.CountingError.made;
        ThrowDiff.checkAll(D, K, "counted", product(List.of(0, 50, 51, Integer.MAX_VALUE, Integer.MIN_VALUE)));
        ThrowDiff.checkAll(D, K, "withCause", product(List.of(0, -1, -2, Integer.MIN_VALUE), List.of(0.0, Double.NaN)));
        ThrowDiff.checkAll(D, K, "throwsNull", product(List.of(0, -1, -2, Integer.MIN_VALUE)));
        if (Diff.JAVA_ONLY) return;
        // each throw constructed exactly one CountingError, on HotSpot and through Kiln alike
        int calls = 0;
        MethodHandle kiln = D.compiled(K, "counted");
        for (int x : List.of(51, 7, 1 << 20)) {
            int made = ColdPathKernels.CountingError.made;
            try {
                int r = (int) kiln.invokeExact(x);
                assertEquals(x * 2, r);
                assertEquals(made, ColdPathKernels.CountingError.made);
            } catch (ColdPathKernels.CountingError e) {
                assertEquals(made + 1, ColdPathKernels.CountingError.made);
                calls++;
            }
        }
        assertEquals(2, calls);
        assertTrue(ColdPathKernels.CountingError.made > before);
        // the cause is HotSpot's too: class, message and the kernel frame it was created in
        Throwable want = assertThrows(IllegalStateException.class, () -> ColdPathKernels.withCause(-5, 1.5));
        Throwable got = assertThrows(IllegalStateException.class,
                () -> { int r = (int) D.compiled(K, "withCause").invokeExact(-5, 1.5); });
        assertEquals(want.getCause().getClass(), got.getCause().getClass());
        assertEquals(want.getCause().getMessage(), got.getCause().getMessage());
        // as printed (Kiln's kernel frames carry no class loader name, which printing omits for the app loader)
        assertEquals(want.getCause().getStackTrace()[0].toString(), got.getCause().getStackTrace()[0].toString());
        assertEquals(want.getStackTrace()[0].toString(), got.getStackTrace()[0].toString());
        assertEquals(DiffColdPathTest.class.getName(), got.getCause().getStackTrace()[1].getClassName(), "the caller next");
    }

    @Test
    void cachedEntryRunsThePathExactly() {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        Diff first = Diff.forClass(DiffColdPathTest.class);
        List<Object[]> lengths = product(Arrays.asList(new double[] {1, 2}, new double[3]), Arrays.asList(new double[3]));
        List<Object[]> finite = product(Arrays.asList(new double[] {1, 0, 1e308}), List.of(2.0, Double.NaN), List.of(0.5f));
        ThrowDiff.checkAll(first, K, "distance", lengths);
        ThrowDiff.checkAll(first, K, "scaleFinite", finite);
        // a second Kiln that may not compile: the path comes back from the entry's metadata alone
        Kiln strict = Kiln.create(KilnConfig.defaults().withCachePath(List.of(first.cacheDir())).withStrict(true));
        Diff second = Diff.using(strict, "strict-second");
        KilnStats before = strict.stats();
        ThrowDiff.checkAll(second, K, "distance", lengths);
        ThrowDiff.checkAll(second, K, "scaleFinite", finite);
        KilnStats after = strict.stats();
        assertEquals(before.compiles(), after.compiles(), after.toString());
        assertEquals(before.hits() + 2, after.hits(), after.toString());
    }

    @Test
    void pathsTheJavaSideCannotRunStayRefused() {
        assumeFalse(Diff.JAVA_ONLY, "refusals need the real compiler");
        // refused as before: the first construct on the path is named
        for (String kernel : List.of("arrayItself", "conditionalRead", "privateHelper")) {
            UnsupportedConstructException e = assertInstanceOf(UnsupportedConstructException.class,
                    Diff.refusal(() -> D.compiled(K, kernel)));
            assertEquals("object array allocation", e.construct(), kernel);
        }
        UnsupportedConstructException e = assertInstanceOf(UnsupportedConstructException.class,
                Diff.refusal(() -> D.compiled(ColdPathSubclass.class, "viaProtected")));
        assertEquals("object array allocation", e.construct());
    }
}
