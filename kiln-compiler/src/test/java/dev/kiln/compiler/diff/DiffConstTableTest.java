package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import dev.kiln.compiler.diff.ctables.ConstTableKernels;
import dev.kiln.compiler.emit.LlvmEmitter;
import dev.kiln.compiler.frontend.FrontEnd;
import dev.kiln.model.ImmutableTables;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.StaticTables;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.doublesWithRandom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Private static final tables proven never written after initialisation are compiled in as constants: the kernel
 * takes no table parameter, its module holds the contents, and it behaves as the Java method does at every index
 * (in range, out of range either side, a null or empty row) and for every value (NaN payloads, ±0, ±∞).
 */
class DiffConstTableTest {
    static final Diff D = Diff.forClass(DiffConstTableTest.class);
    static final Class<?> K = ConstTableKernels.class;
    static final List<Integer> INDICES = List.of(0, 1, 5, 8, 9, 11, 12, -1, 1023, 1024, Integer.MIN_VALUE, Integer.MAX_VALUE);

    static KernelGraph graph(String name) {
        return KernelGraph.of(K, name, null);
    }

    /** The LLVM module of a kernel, before optimisation. */
    static String llvm(String name) {
        return LlvmEmitter.emit(FrontEnd.lower(graph(name)), CompileOptions.DEFAULT, "kiln_t").llvmIr();
    }

    @Test
    void oneDimensionalTables() {
        D.checkAll(K, "edge", product(INDICES));
        D.checkAll(K, "square", product(INDICES));
        D.checkAll(K, "poly", product(doublesWithRandom(40, 3)));
    }

    @Test
    void aTableOfMoreRowsThanGoInPlace() {
        D.checkAll(K, "log", product(doublesWithRandom(200, 5)));
        D.checkAll(K, "mant", product(INDICES, List.of(0, 1, 2, -1)));
        D.checkAll(K, "rows", List.<Object[]>of(new Object[0]));
        D.checkAll(K, "sumRow", product(INDICES));
    }

    /** Row 1,2 is null (HotSpot's message names the table), row 2,3 empty. */
    @Test
    void threeDimensions() {
        List<Integer> small = List.of(0, 1, 2, 3, 4, 5, -1);
        D.checkAll(K, "cube", product(small, small, small));
        D.checkAll(K, "cubeRow", product(small, small));
    }

    @Test
    void constantTablesAreNotParametersButConstants() {
        for (String k : List.of("edge", "poly", "square", "log", "mant", "cube", "sumRow", "seeded")) {
            assertEquals(List.of(), StaticTables.of(graph(k)), k);
            assertEquals(graph(k).root().descriptor(), StaticTables.abiDescriptor(graph(k)), k);
        }
        String ir = llvm("log");
        assertTrue(ir.contains("= private unnamed_addr constant [1024 x { ptr, i64 }]"), ir);
        assertTrue(ir.contains("= private unnamed_addr constant [2 x double] [double 0x0000000000000000, double 0x0000000000000000]"), ir);
        String edges = llvm("edge");
        assertTrue(edges.contains("double 0x7FF8000000000123, double 0x400921FB54442D18], align 16"), edges);
        assertTrue(edges.contains("[double 0x7FF8000000000000, double 0x8000000000000000, double 0x0000000000000000, "
                + "double 0x7FF0000000000000, double 0xFFF0000000000000"), edges);
    }

    /** A table some method writes, and one handed to a JDK method, are passed at every call as before. */
    @Test
    void writtenOrLeakedTablesStayParameters() {
        KernelGraph written = graph("written");
        var w = new StaticTables.Table("dev/kiln/compiler/diff/ctables/ConstTableKernels", "WRITTEN", "[D");
        assertEquals(List.of(w), StaticTables.of(written));
        assertEquals("(I[D)D", StaticTables.abiDescriptor(written));
        String why = ImmutableTables.whyNot(written, w);
        assertNotNull(why);
        assertTrue(why.contains("ConstTableKernels.write: writes into a table"), why);
        var l = new StaticTables.Table("dev/kiln/compiler/diff/ctables/ConstTableKernels", "LEAKED", "[I");
        assertEquals(List.of(l), StaticTables.of(graph("leaked")));
        assertTrue(ImmutableTables.whyNot(graph("leaked"), l).contains("passed to java/util/Arrays.toString"),
                ImmutableTables.whyNot(graph("leaked"), l));
        assertNull(ImmutableTables.whyNot(graph("edge"),
                new StaticTables.Table("dev/kiln/compiler/diff/ctables/ConstTableKernels", "EDGES", "[D")));
        assertFalse(llvm("written").contains("unnamed_addr constant [4 x double]"));
        D.checkAll(K, "written", product(List.of(0, 3, 4, -1)));
        D.checkAll(K, "leaked", product(List.of(0, 2, 3, -1)));
    }

    /** Writes by Java land in the table the kernel is passed: the parameter path sees them. */
    @Test
    void aWrittenTableIsReadAtEachCall() throws Throwable {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        MethodHandle kiln = D.compiled(K, "written");
        double before = (double) kiln.invokeExact(2);
        ConstTableKernels.write(2, before + 40);
        assertEquals(before + 40, (double) kiln.invokeExact(2));
        ConstTableKernels.write(2, before);
    }
}
