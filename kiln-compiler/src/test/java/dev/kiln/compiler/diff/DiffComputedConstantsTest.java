package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import dev.kiln.model.KernelGraph;
import dev.kiln.runtime.cache.KernelKey;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Static finals computed by a class initializer compile as the values they hold, and key the cache by them. */
class DiffComputedConstantsTest {
    static final Diff D = Diff.forClass(DiffComputedConstantsTest.class);
    static final Class<?> K = ComputedConstants.class;

    @Test
    void computedConstantsMatchHotSpot() {
        D.checkAll(K, "normalPdf", product(Edge.DOUBLES));
        D.checkAll(K, "isPositiveZero", product(Edge.DOUBLES));
        D.checkAll(K, "nearlyEqual", product(Edge.DOUBLES_SMALL, Edge.DOUBLES_SMALL));
        D.checkAll(K, "bucket", product(List.of(0, -1, 4097, Integer.MIN_VALUE), List.of(';', 'x'), List.of((short) 7, (short) -1),
                List.of((byte) 0, (byte) -3)));
        D.checkAll(K, "halve", product(Edge.FLOATS));
        D.checkAll(K, "safeExp", product(List.of(709.0, 709.8, 710.0, -1.0, Double.NaN)));
        D.checkAll(ComputedConstants.Scaled.class, "scaled", product(Edge.DOUBLES));
    }

    /** The same class initialized under another system property: another value, so another key. */
    @Test
    void theValueIsPartOfTheKey() throws Exception {
        KernelKey here = KernelKey.of(KernelGraph.of(K, "bucket", null), CompileOptions.DEFAULT, "test");
        String before = System.getProperty("kiln.test.maskBits");
        System.setProperty("kiln.test.maskBits", "5");
        try {
            Class<?> other = IsolatingLoader.load(K);
            assertEquals(31, accessibleMask(other), "the second copy computed its own mask");
            KernelKey there = KernelKey.of(KernelGraph.of(other, "bucket", null), CompileOptions.DEFAULT, "test");
            assertNotEquals(here.inputs(), there.inputs());
            KernelKey same = KernelKey.of(KernelGraph.of(K, "normalPdf", null), CompileOptions.DEFAULT, "test");
            KernelKey sameThere = KernelKey.of(KernelGraph.of(other, "normalPdf", null), CompileOptions.DEFAULT, "test");
            assertEquals(same.inputs(), sameThere.inputs(), "a kernel not reading MASK keeps its key");
        } finally {
            if (before == null) System.clearProperty("kiln.test.maskBits");
            else System.setProperty("kiln.test.maskBits", before);
        }
    }

    static int accessibleMask(Class<?> c) throws Exception {
        var f = c.getDeclaredField("MASK");
        f.setAccessible(true);
        return f.getInt(null);
    }
}
