package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import dev.kiln.KilnStats;
import dev.kiln.KilnVersion;
import dev.kiln.UnsupportedConstructException;
import dev.kiln.model.KernelGraph;
import dev.kiln.runtime.cache.KernelKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Kernels calling JDK methods outside the intrinsic table, compiled from the JDK's bytecode. */
class DiffJdkMethodTest {
    static final Diff D = Diff.forClass(DiffJdkMethodTest.class);
    static final Class<?> K = JdkCallKernels.class;

    /** Sorted arrays (as binarySearch requires) of each input list, plus null and empty. */
    static List<Object> sorted(List<Object> arrays) {
        List<Object> out = new ArrayList<>();
        for (Object a : arrays) {
            if (a == null) {
                out.add(null);
                continue;
            }
            Object c = Diff.copyArg(a);
            switch (c) {
                case int[] x -> Arrays.sort(x);
                case long[] x -> Arrays.sort(x);
                case char[] x -> Arrays.sort(x);
                case float[] x -> Arrays.sort(x);
                case double[] x -> Arrays.sort(x);
                default -> throw new IllegalArgumentException(c.getClass().toString());
            }
            out.add(c);
        }
        return out;
    }

    @Test
    void binarySearchDoubles() {
        D.checkAll(K, "bucketOf", product(sorted(Arrays2.doubles()), DOUBLES));
    }

    @Test
    void binarySearchInts() {
        D.checkAll(K, "searchInts", product(sorted(Arrays2.ints()), INTS));
    }

    @Test
    void binarySearchLongs() {
        D.checkAll(K, "searchLongs", product(sorted(Arrays2.longs()), LONGS));
    }

    @Test
    void binarySearchChars() {
        D.checkAll(K, "searchChars", product(sorted(Arrays2.chars()), CHARS));
    }

    @Test
    void binarySearchFloats() {
        D.checkAll(K, "searchFloats", product(sorted(Arrays2.floats()), FLOATS));
    }

    @Test
    void rangedSearchAndFillThrowAsTheJdkDoes() {
        List<Integer> bounds = List.of(0, 1, 3, 5, 6, -1);
        D.checkAll(K, "searchRange", product(sorted(Arrays2.ints()), bounds, bounds, List.of(0, 7, Integer.MIN_VALUE)));
        D.checkAll(K, "fillRange", product(Arrays2.ints(), bounds, bounds, List.of(-3)));
        D.checkAll(K, "ulpOf", product(DOUBLES));
    }

    @Test
    void hashCodes() {
        D.checkAll(K, "hashOf", product(LONGS_SMALL, DOUBLES_SMALL, List.of(0, -1, 7), FLOATS_SMALL, BOOLEANS));
    }

    /**
     * Math.ulp reaches Math.powerOfTwoD, whose {@code assert} Kiln does not compile yet: refused with the construct
     * and the call path into the JDK; once it compiles, it must match HotSpot.
     */
    @Test
    void ulps() {
        try {
            D.compiled(K, "closeInUlps");
        } catch (UnsupportedConstructException e) {
            assertTrue(e.getMessage().contains("new java.lang.AssertionError")
                    && e.getMessage().contains("at java.lang.Math.powerOfTwoD(")
                    && e.getMessage().contains("JdkCallKernels.closeInUlps(DDI)Z -> Math.ulp(D)D -> Math.powerOfTwoD(I)D"),
                    e.getMessage());
            return;
        }
        D.checkAll(K, "closeInUlps", product(DOUBLES_SMALL, DOUBLES_SMALL, List.of(0, 1, 4)));
    }

    @Test
    void nextUpDownAfter() {
        D.checkAll(K, "stepUpAndDown", product(doublesWithRandom(60, 21), DOUBLES_SMALL));
    }

    @Test
    void scalbAndExponent() {
        D.checkAll(K, "scaleByExponent", product(doublesWithRandom(60, 22),
                List.of(0, 1, -1, 52, -1074, -1080, 1023, 2000, -2000, Integer.MIN_VALUE, Integer.MAX_VALUE)));
    }

    @Test
    void unsignedConversions() {
        D.checkAll(K, "unsignedWidening", product(BYTES, SHORTS, INTS_SMALL));
    }

    @Test
    void fillIsVisibleToTheCaller() {
        D.checkAll(K, "fillAndSum", product(Arrays2.ints(), List.of(0, -3, Integer.MAX_VALUE)));
    }

    @Test
    void angleConversions() {
        D.checkAll(K, "degreesRoundTrip", product(doublesWithRandom(100, 23)));
    }

    @Test
    void ceilDivMod() {
        D.checkAll(K, "blocks", product(INTS_SMALL, INTS_SMALL));
    }

    @Test
    void unsignedHighProduct() {
        D.checkAll(K, "mulHighUnsigned", product(longsWithRandom(20, 24), longsWithRandom(20, 25)));
    }

    /** The JDK methods a kernel compiles are in its key (so a JDK update invalidates exactly it); intrinsics are not. */
    @Test
    void jdkBytecodeIsPartOfTheKey() {
        KernelGraph g = KernelGraph.of(K, "bucketOf", null);
        KernelKey key = KernelKey.of(g, CompileOptions.DEFAULT, KilnVersion.COMPILER);
        assertTrue(key.methodDigests().containsKey("java.util.Arrays.binarySearch([DD)I"), key.methodDigests().toString());
        assertTrue(key.methodDigests().keySet().stream().anyMatch(m -> m.startsWith("java.util.Arrays.binarySearch0")),
                key.methodDigests().toString());
        assertFalse(key.methodDigests().keySet().stream().anyMatch(m -> m.contains("doubleToLongBits")),
                "an intrinsic stays a leaf: " + key.methodDigests());
        KernelGraph plain = KernelGraph.of(ArithKernels.class, "idiv", null);
        assertEquals(1, plain.methods().size());
    }

    /** A kernel with JDK callees comes back from the cache in a second Kiln instance with the same behaviour. */
    @Test
    void cachedPath() {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        List<Object[]> in = product(sorted(Arrays2.doubles()), DOUBLES_SMALL);
        D.checkAll(K, "bucketOf", in);
        D.checkAll(StrictFunctionKernels.class, "asinh", product(DOUBLES));
        Diff second = Diff.sharingCacheOf(D);
        KilnStats before = second.kiln().stats();
        second.checkAll(K, "bucketOf", in);
        second.checkAll(StrictFunctionKernels.class, "asinh", product(DOUBLES));
        KilnStats s = second.kiln().stats();
        assertEquals(before.compiles(), s.compiles(), s.toString());
        assertEquals(before.hits() + 2, s.hits(), s.toString());
    }
}
