package dev.kiln.runtime.cache;

import dev.kiln.model.ImmutableTables;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.StaticTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The rule that lets a table be compiled in as constants: every way its arrays could be written or reach code that
 * could write them keeps it a parameter, with the reason; only-read tables, also reached through package-private
 * accessors or built from other private tables, are proven constant.
 */
class ImmutableTablesTest {
    @TempDir
    Path tmp;

    private int variant;

    /** Why {@code k.A.T} (of type {@code descriptor}) is not provably constant, or null when it is. */
    private String whyNot(String descriptor, String bodyOfA, Map<String, String> others, String... javac) throws Exception {
        String type = descriptor.equals("[D") ? "double[]" : "double[][]";
        Map<String, String> src = new HashMap<>(others);
        src.put("k.A", """
                package k;
                public class A {
                    private static final %s T;
                    public static double f(int i) { return T%s; }
                    %s
                }
                """.formatted(type, descriptor.equals("[D") ? "[i]" : "[i][0]", bodyOfA));
        ClassLoader l = Sources.compile(tmp.resolve("v" + variant++), src, javac);
        KernelGraph g = KernelGraph.of(l, "k/A", "f", null);
        StaticTables.Table t = new StaticTables.Table("k/A", "T", descriptor);
        String why = ImmutableTables.whyNot(g, t);
        assertEquals(why == null, ImmutableTables.isImmutable(g, t));
        assertEquals(why == null, StaticTables.of(g).isEmpty(), "passed exactly when not constant");
        return why;
    }

    private static void assertWhy(String why, String part) {
        assertNotNull(why, "expected not constant (" + part + ")");
        assertTrue(why.contains(part), why);
    }

    @Test
    void onlyReadTablesAreConstant() throws Exception {
        assertNull(whyNot("[D", "static { T = new double[] {1, 2, 3}; }", Map.of()));
        assertNull(whyNot("[[D", "static { T = new double[40][2]; for (int i = 0; i < 40; i++) T[i][1] = i; }", Map.of()));
        // a static helper of the package that only reads the table it is given
        assertNull(whyNot("[D", "static { T = new double[] {1}; } static double g() { return B.sum(T); }",
                Map.of("k.B", "package k; class B { static double sum(double[] a) { double s = 0; for (double x : a) s += x; return s; } }")));
    }

    @Test
    void writesAndLeaksKeepItAParameter() throws Exception {
        assertWhy(whyNot("[D", "static { T = new double[3]; } static void w() { T[0] = 1; }", Map.of()), "k.A.w: writes into a table");
        assertWhy(whyNot("[[D", "static { T = new double[3][3]; } static void w() { double[] r = T[1]; r[0] = 1; }", Map.of()),
                "k.A.w: writes into a table");
        assertWhy(whyNot("[D", "static { T = new double[3]; } static boolean same(double[] x) { return x == T; }", Map.of()),
                "compares a table by identity");
        assertWhy(whyNot("[D", "static { T = new double[3]; } static void w() { B.fill(T); }",
                Map.of("k.B", "package k; class B { static void fill(double[] a) { a[0] = 2; } }")), "k.B.fill: writes into a table");
        assertWhy(whyNot("[D", "static { T = new double[3]; } static Object o() { Object[] box = {T}; return box; }", Map.of()),
                "stored into an array");
        assertWhy(whyNot("[D", "static { T = new double[3]; } public static double[] table() { return T; }", Map.of()),
                "other packages can call");
        // a package-private accessor: its callers in the package are checked as readers of the field
        String accessor = "static { T = new double[3]; } static double[] table() { return T; }";
        assertNull(whyNot("[D", accessor, Map.of("k.B", "package k; class B { static double r() { return A.table()[1]; } }")));
        assertWhy(whyNot("[D", accessor, Map.of("k.B", "package k; class B { static void w() { A.table()[1] = 4; } }")),
                "k.B.w: writes into a table");
        // the same accessor named through a subclass
        assertWhy(whyNot("[D", accessor, Map.of("k.B", "package k; class B extends A { static void w() { B.table()[1] = 4; } }")),
                "k.B.w: writes into a table");
    }

    @Test
    void theInitializerMustBuildItFromArraysNobodyElseHolds() throws Exception {
        Map<String, String> holder = Map.of("k.H", "package k; public class H { public static double[] shared = {1}; }");
        assertWhy(whyNot("[D", "static final double[] ALSO; static { double[] a = new double[3]; T = a; ALSO = a; }", Map.of()),
                "both goes into a table and elsewhere");
        assertWhy(whyNot("[D", "static { T = H.shared; }", holder), "not a private static final field");
        assertWhy(whyNot("[[D", "static { T = new double[2][]; T[0] = H.shared; }", holder), "not a private static final field");
        assertWhy(whyNot("[D", "static { T = make(new double[] {1}); } static double[] make(double[] a) { return a; }", Map.of()),
                "unknown origin");
        // a clone of another private table: both are checked; the source's rows are shared, so its writers count
        assertNull(whyNot("[D", "private static final double[] SRC = {1, 2}; static { T = SRC.clone(); }", Map.of()));
        assertNull(whyNot("[[D", "private static final double[][] SRC = {{1}, {2}}; static { T = SRC.clone(); }", Map.of()));
        assertWhy(whyNot("[[D", "private static final double[][] SRC = {{1}, {2}}; static { T = SRC.clone(); }"
                + " static void w() { SRC[0][0] = 3; }", Map.of()), "k.A.w: writes into a table");
        // the initializer of a table built from another class's table may not write into it
        assertWhy(whyNot("[D", "static { T = B.load(); T[0] = 5; }",
                Map.of("k.B", "package k; class B { private static final double[] S = {1, 2}; static double[] load() { return S; } }")),
                "writes into a table");
    }

    /** Classes compiled for Java 8 read a nested class's private table through a synthetic accessor. */
    @Test
    void aNestedTableReadThroughAnAccessor() throws Exception {
        String nested = """
                static double g(int i) { return N.M[i]; }
                static class N { private static final double[] M = {1, 2, 3}; }
                static { T = new double[] {4}; }
                """;
        ClassLoader l = Sources.compile(tmp.resolve("java8"), Map.of("k.A", """
                package k;
                public class A {
                    private static final double[] T;
                    %s
                }
                """.formatted(nested)), "--release", "8");
        KernelGraph g = KernelGraph.of(l, "k/A", "g", null);
        assertTrue(g.methods().keySet().stream().anyMatch(m -> m.name().startsWith("access$")), g.methods().keySet().toString());
        assertEquals(java.util.List.of(), StaticTables.of(g));
        assertNull(ImmutableTables.whyNot(g, new StaticTables.Table("k/A$N", "M", "[D")));
    }
}
