package dev.kiln.compiler.diff;

import dev.kiln.Kiln;
import dev.kiln.KilnStats;
import dev.kiln.KilnConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Thrown exceptions from a cached entry: a second Kiln over the same cache in strict mode (any compile is an error)
 * rebuilds the same class, message and stack trace from the entry's metadata alone.
 */
class DiffThrowCacheTest {
    static final Diff FIRST = Diff.forClass(DiffThrowCacheTest.class);
    static final Class<ThrowKernels> K = ThrowKernels.class;

    static final List<Object[]> FILL = product(Arrays.asList(new double[5], new double[1]),
            Arrays.asList(new double[] {4, 9, -1, 16}, new double[] {1, 2}));
    static final List<Object[]> ALL_TYPES = product(List.of(1), List.of(-3L), List.of(0.1f, Float.NaN),
            List.of(1e-300, -0.0), List.of('\u00e9'), List.of(true), List.of((byte) -1), List.of((short) 300));

    void checkAll(Diff d) {
        ThrowDiff.checkAll(d, K, "fillUntilNegative", FILL);
        ThrowDiff.checkAll(d, K, "concatAllTypes", ALL_TYPES);
        ThrowDiff.checkAll(d, K, "nested", product(Arrays.asList(new int[] {5, 6, 7}), List.of(1, 3)));
        ThrowDiff.checkAll(d, K, "customException", product(List.of(11, -11, 0)));
        ThrowDiff.checkAll(d, K, "escapes", product(List.of(2.0), List.of(-2)));
        ThrowDiff.checkAll(d, AssertKernels.class, "withValue", product(List.of(13L, 14L, 1L)));
    }

    @Test
    void cachedEntryThrowsExactly() {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        checkAll(FIRST);
        Kiln strict = Kiln.create(KilnConfig.defaults().withCachePath(List.of(FIRST.cacheDir())).withStrict(true));
        Diff second = Diff.using(strict, "strict-second");
        KilnStats before = strict.stats();
        checkAll(second);
        KilnStats after = strict.stats();
        assertEquals(before.compiles(), after.compiles(), after.toString());
        assertEquals(before.hits() + 6, after.hits(), after.toString());
    }
}
