package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import dev.kiln.KilnStats;
import dev.kiln.compiler.diff.ctables.ConstTableKernels;
import dev.kiln.model.KernelGraph;
import dev.kiln.runtime.cache.KernelKey;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A table compiled in as constants is part of the code, so its contents are part of the key: the same class files
 * whose initializer computed another table (here from a system property, in a second loader, as another process
 * would) get another key, direct mode's check of the recorded inputs fails, and the shared cache misses rather than
 * serving the other table's code.
 */
class DiffConstTableKeyTest {
    private static Class<?> loadWithSeed(long seed) throws ClassNotFoundException {
        String old = System.getProperty("kiln.test.tableSeed");
        System.setProperty("kiln.test.tableSeed", Long.toString(seed));
        try {
            return IsolatingLoader.load(ConstTableKernels.class);
        } finally {
            if (old == null) System.clearProperty("kiln.test.tableSeed");
            else System.setProperty("kiln.test.tableSeed", old);
        }
    }

    @Test
    void aTableComputedDifferentlyGetsAnotherKeyAndMisses() throws Exception {
        Class<?> a = loadWithSeed(11), b = loadWithSeed(13), a2 = loadWithSeed(11);
        KernelKey ka = KernelKey.of(KernelGraph.of(a, "seeded", null), CompileOptions.DEFAULT, "test");
        KernelKey kb = KernelKey.of(KernelGraph.of(b, "seeded", null), CompileOptions.DEFAULT, "test");
        KernelKey ka2 = KernelKey.of(KernelGraph.of(a2, "seeded", null), CompileOptions.DEFAULT, "test");
        assertNotEquals(ka.inputs(), kb.inputs(), "the method digests hold the table's contents");
        assertNotEquals(ka.keyed(), kb.keyed());
        assertEquals(ka.inputs(), ka2.inputs(), "the same contents, the same key");
        String seeded = "dev/kiln/compiler/diff/ctables/ConstTableKernels.SEEDED:[J";
        assertTrue(ka.keyed().constTables().containsKey(seeded), ka.keyed().toString());
        assertTrue(ka.keyed().classFiles().contains("dev/kiln/compiler/diff/ctables/ConstTableKernels"));
        // direct mode's check of a record against this process: the other loader's table is not the recorded one
        assertNull(ka.keyed().mismatch(a2.getClassLoader()));
        String why = ka.keyed().mismatch(b.getClassLoader());
        assertNotNull(why);
        assertTrue(why.contains("ConstTableKernels.SEEDED differs"), why);

        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        Diff first = Diff.forClass(DiffConstTableKeyTest.class);
        List<Object[]> in = product(List.of(0, 1, 2, 3, -1));
        first.checkAll(a, "seeded", in);
        Diff second = Diff.sharingCacheOf(first);
        KilnStats before = second.kiln().stats();
        second.checkAll(b, "seeded", in); // HotSpot's answers for b's table: a stale hit would give a's
        KilnStats after = second.kiln().stats();
        assertEquals(before.compiles() + 1, after.compiles(), after.toString());
        Diff third = Diff.sharingCacheOf(first); // a harness per class: it keeps handles by class name
        KilnStats third0 = third.kiln().stats();
        third.checkAll(a2, "seeded", in); // the first table again: the first entry serves it
        KilnStats third1 = third.kiln().stats();
        assertEquals(third0.compiles(), third1.compiles(), third1.toString());
        assertEquals(third0.hits() + 1, third1.hits(), third1.toString());
    }
}
