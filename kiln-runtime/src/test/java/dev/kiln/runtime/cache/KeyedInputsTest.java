package dev.kiln.runtime.cache;

import dev.kiln.CompileOptions;
import dev.kiln.KilnVersion;
import dev.kiln.Target;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each input a key depends on besides the class files ({@link KeyedInputs}) changes the key when it changes, and a
 * direct-mode record made with one value never serves a process with another.
 */
class KeyedInputsTest {
    @TempDir
    Path tmp;

    private static final CompileOptions OPT = CompileOptions.DEFAULT;
    private static final Target V3 = Target.level("x86-64-v3");
    private static final String PROP = "kiln.test.keyed.k";

    /** A kernel reading a static final its initializer computes from a system property (bug: -Dk=1 vs -Dk=2). */
    private static final Map<String, String> SCALED = Map.of("k.Scaled", """
            package k;
            public class Scaled {
                static final double K = Double.parseDouble(System.getProperty("kiln.test.keyed.k", "1"));
                public static double f(double x) { return 3 * x * K; }
            }
            """);
    private static final Map<String, String> ASSERTING = Map.of("k.Checked", """
            package k;
            public class Checked {
                public static double f(double x) { assert x > 0 : "not positive"; return x * 2; }
            }
            """);

    private static KernelKey full(ClassLoader l, String owner) {
        return KernelKey.of(KernelGraph.of(l, owner, "f", null), OPT, KilnVersion.COMPILER);
    }

    private static KernelKey direct(List<Tier> tiers, ClassLoader l, String owner) {
        DirectIndex.Hit h = DirectIndex.lookup(tiers, new DirectIndex.Request(l, owner, "f", null),
                KilnVersion.COMPILER, OPT);
        return h == null ? null : h.key();
    }

    private static KernelKey record(List<Tier> tiers, ClassLoader l, String owner) {
        KernelGraph g = KernelGraph.of(l, owner, "f", null);
        KernelKey k = KernelKey.of(g, OPT, KilnVersion.COMPILER);
        DirectIndex.record(tiers, g, k);
        return k;
    }

    /** Loads and initializes {@code k.Scaled} in a fresh loader while the property is {@code value}. */
    private ClassLoader scaled(String dir, String value) throws Exception {
        ClassLoader l = Sources.compile(tmp.resolve(dir), SCALED);
        String before = System.getProperty(PROP);
        System.setProperty(PROP, value);
        try {
            Class.forName("k.Scaled", true, l);
        } finally {
            if (before == null) System.clearProperty(PROP);
            else System.setProperty(PROP, before);
        }
        return l;
    }

    @Test
    void aComputedConstantIsKeyedByValueAndRecheckedOnEveryDirectHit() throws Exception {
        List<Tier> tiers = List.of(new Tier(tmp.resolve("cache"), 0));
        ClassLoader one = scaled("one", "1");
        ClassLoader two = scaled("two", "2");
        ClassLoader twoAgain = scaled("two-again", "2");
        KernelKey k1 = record(tiers, one, "k/Scaled");
        assertEquals(Map.of("k/Scaled.K:D", KeyedInputs.encode(Optional.of(1.0))), k1.keyed().computedFinals());
        KernelKey k2 = full(two, "k/Scaled");
        assertNotEquals(k1.keyFor(V3), k2.keyFor(V3), "K=1 and K=2 compile to different code");
        assertEquals(k1, direct(tiers, one, "k/Scaled"));
        assertNull(direct(tiers, two, "k/Scaled"), "same class files, other K: the record must not serve");
        record(tiers, two, "k/Scaled");
        assertEquals(k2.keyFor(V3), direct(tiers, twoAgain, "k/Scaled").keyFor(V3));
        assertNull(direct(tiers, one, "k/Scaled"), "the record now holds K=2: K=1 derives in full");
        assertEquals(k1.keyFor(V3), full(one, "k/Scaled").keyFor(V3));
    }

    /**
     * A constant declared in an interface and read through a class implementing it: the key resolves the field as the
     * compiler (and the JVM) does, so the value the compiler folds is in the key.
     */
    @Test
    void aComputedConstantOfAnInterfaceReadThroughAClassIsKeyedByValue() throws Exception {
        Map<String, String> src = Map.of("k.Scales", """
                package k;
                public interface Scales {
                    double UNIT = Double.parseDouble(System.getProperty("kiln.test.keyed.k", "1"));
                    static double twice(double x) { return 2 * x; }
                }
                """, "k.Impl", """
                package k;
                public class Impl implements Scales {
                    public static double f(double x) { return Scales.twice(x) * Impl.UNIT; }
                }
                """);
        KernelKey[] keys = new KernelKey[2];
        for (int i = 0; i < 2; i++) {
            ClassLoader l = Sources.compile(tmp.resolve("v" + i), src);
            String before = System.getProperty(PROP);
            System.setProperty(PROP, String.valueOf(i + 1));
            try {
                Class.forName("k.Scales", true, l);
            } finally {
                if (before == null) System.clearProperty(PROP);
                else System.setProperty(PROP, before);
            }
            keys[i] = full(l, "k/Impl");
        }
        assertEquals(Map.of("k/Scales.UNIT:D", KeyedInputs.encode(Optional.of(1.0))), keys[0].keyed().computedFinals());
        assertNotEquals(keys[0].keyFor(V3), keys[1].keyFor(V3));
    }

    /** A private table of 40 rows its initializer computes from a system property, and nothing writes. */
    private static String tabled(String writer) {
        return """
                package k;
                public class Tab {
                    private static final double[][] T = new double[40][];
                    static {
                        double k = Double.parseDouble(System.getProperty("kiln.test.keyed.k", "1"));
                        for (int i = 0; i < T.length; i++) T[i] = new double[] {i * k};
                    }
                    public static double f(double x) { return x * T[39][0]; }
                    %s
                }
                """.formatted(writer);
    }

    private ClassLoader tab(String dir, String value, String writer) throws Exception {
        ClassLoader l = Sources.compile(tmp.resolve(dir), Map.of("k.Tab", tabled(writer)));
        String before = System.getProperty(PROP);
        System.setProperty(PROP, value);
        try {
            Class.forName("k.Tab", true, l);
        } finally {
            if (before == null) System.clearProperty(PROP);
            else System.setProperty(PROP, before);
        }
        return l;
    }

    @Test
    void anImmutableTableIsKeyedByItsContentsAndRecheckedOnEveryDirectHit() throws Exception {
        List<Tier> tiers = List.of(new Tier(tmp.resolve("cache"), 0));
        ClassLoader one = tab("one", "1", ""), two = tab("two", "2", ""), twoAgain = tab("two-again", "2", "");
        assertEquals(List.of(), dev.kiln.model.StaticTables.of(KernelGraph.of(one, "k/Tab", "f", null)),
                "compiled in, not passed");
        KernelKey k1 = record(tiers, one, "k/Tab");
        KeyedInputs.ConstTable t1 = k1.keyed().constTables().get("k/Tab.T:[[D");
        assertNotNull(t1, k1.keyed().toString());
        assertTrue(t1.nest().contains("k/Tab"), t1.toString());
        assertTrue(k1.keyed().classFiles().contains("k/Tab"));
        KernelKey k2 = full(two, "k/Tab");
        assertNotEquals(k1.keyFor(V3), k2.keyFor(V3), "two tables compile to different code");
        assertEquals(k1.keyFor(V3), full(tab("one-again", "1", ""), "k/Tab").keyFor(V3));
        assertEquals(k1, direct(tiers, one, "k/Tab"));
        assertNull(direct(tiers, two, "k/Tab"), "same class files, other table: the record must not serve");
        assertTrue(k1.keyed().mismatch(two).contains("k.Tab.T differs"), k1.keyed().mismatch(two));
        record(tiers, two, "k/Tab");
        assertEquals(k2.keyFor(V3), direct(tiers, twoAgain, "k/Tab").keyFor(V3));
        assertNull(direct(tiers, one, "k/Tab"));
    }

    /** A nestmate that writes the table: it is passed at each call, and its contents are not keyed. */
    @Test
    void aTableANestmateWritesIsPassedNotKeyed() throws Exception {
        ClassLoader l = tab("written", "1", "static class W { static void w() { T[3][0] = 5; } }");
        KernelGraph g = KernelGraph.of(l, "k/Tab", "f", null);
        assertEquals(List.of(new dev.kiln.model.StaticTables.Table("k/Tab", "T", "[[D")), dev.kiln.model.StaticTables.of(g));
        assertTrue(dev.kiln.model.ImmutableTables.whyNot(g, dev.kiln.model.StaticTables.of(g).get(0)).contains("k.Tab$W.w"));
        assertEquals(Map.of(), full(l, "k/Tab").keyed().constTables());
    }

    @Test
    void theAssertionStatusIsKeyedAndRecheckedOnEveryDirectHit() throws Exception {
        List<Tier> tiers = List.of(new Tier(tmp.resolve("cache"), 0));
        ClassLoader off = Sources.compile(tmp.resolve("off"), ASSERTING);
        ClassLoader on = Sources.compile(tmp.resolve("on"), ASSERTING);
        ((URLClassLoader) on).setDefaultAssertionStatus(true);
        KernelKey kOff = record(tiers, off, "k/Checked");
        assertEquals(Map.of("k/Checked", new KeyedInputs.Assertion("k.Checked", false)), kOff.keyed().assertions());
        KernelKey kOn = full(on, "k/Checked");
        assertNotEquals(kOff.keyFor(V3), kOn.keyFor(V3));
        assertEquals(kOff, direct(tiers, off, "k/Checked"), "asserts no longer keep a kernel out of direct mode");
        assertNull(direct(tiers, on, "k/Checked"), "recorded with -da, asked with -ea");
        record(tiers, on, "k/Checked");
        assertEquals(kOn, direct(tiers, on, "k/Checked"));
        assertNull(direct(tiers, off, "k/Checked"));
    }

    @Test
    void aJdkTableIsKeyedByItsValuesAndItsNestIsCheckedLikeTheGraphsClassFiles() throws Exception {
        String src = "package k; public class Exp { public static double f(double x) { return StrictMath.exp(x); } }";
        List<Tier> tiers = List.of(new Tier(tmp.resolve("cache"), 0));
        ClassLoader l = Sources.compile(tmp.resolve("a"), Map.of("k.Exp", src));
        KernelGraph g = KernelGraph.of(l, "k/Exp", "f", null);
        KernelKey k = KernelKey.of(g, OPT, KilnVersion.COMPILER);
        assertFalse(k.keyed().constTables().isEmpty(), "StrictMath.exp reads FdLibm tables");
        assertFalse(k.keyed().classFiles().isEmpty(), "the tables' nest");
        // Other values of the same table (another JDK) give another key.
        KernelKey other = KernelKey.of(g, OPT, KilnVersion.COMPILER, new KeyedInputs.Reader(g) {
            @Override
            Optional<Object> readTable(String owner, String name, String descriptor) {
                return super.readTable(owner, name, descriptor).map(v -> {
                    double[] d = ((double[]) v).clone();
                    d[0] = Math.nextUp(d[0]);
                    return d;
                });
            }
        });
        assertNotEquals(k.keyFor(V3), other.keyFor(V3));
        assertNotEquals(k.keyed().constTables(), other.keyed().constTables());
        DirectIndex.record(tiers, g, k);
        assertEquals(k, direct(tiers, l, "k/Exp"));
        Path rec = records(tmp.resolve("cache")).get(0);
        String text = Files.readString(rec);
        for (String nest : k.keyed().classFiles()) {
            assertTrue(text.contains(" " + nest + "\n"), nest + " is listed as a class file in\n" + text);
        }
        assertTrue(text.contains("const-table: "), text);
        // A nest class file that differs (another JDK) invalidates the record.
        String nest = k.keyed().classFiles().last();
        int at = text.indexOf(" " + nest + "\n") - 64;
        String changed = text.substring(0, at) + (text.charAt(at) == '0' ? '1' : '0') + text.substring(at + 1);
        for (Path p : records(tmp.resolve("cache"))) Files.writeString(p, resum(changed));
        assertNull(direct(tiers, l, "k/Exp"));
    }

    /** A reader that hands out other values: each of them must reach the key (a derivation that drops one fails). */
    @Test
    void everyProcessValueReachesTheKey() throws Exception {
        ClassLoader one = scaled("one", "1");
        KernelGraph g = KernelGraph.of(one, "k/Scaled", "f", null);
        KernelKey base = KernelKey.of(g, OPT, KilnVersion.COMPILER);
        KernelKey otherFinal = KernelKey.of(g, OPT, KilnVersion.COMPILER, new KeyedInputs.Reader(g) {
            @Override
            Optional<Number> readFinal(String owner, String name) {
                return Optional.of(-0.0);
            }
        });
        assertNotEquals(base.inputs(), otherFinal.inputs());
        assertNotEquals(base.keyed(), otherFinal.keyed());

        ClassLoader off = Sources.compile(tmp.resolve("off"), ASSERTING);
        KernelGraph ga = KernelGraph.of(off, "k/Checked", "f", null);
        KernelKey a = KernelKey.of(ga, OPT, KilnVersion.COMPILER);
        KernelKey flipped = KernelKey.of(ga, OPT, KilnVersion.COMPILER, new KeyedInputs.Reader(ga) {
            @Override
            Optional<Boolean> readAssertion(String owner) {
                return super.readAssertion(owner).map(b -> !b);
            }
        });
        assertNotEquals(a.inputs(), flipped.inputs());

        // Options, compiler and target: in the key, and options and compiler in the direct record's name.
        List<Tier> tiers = List.of(new Tier(tmp.resolve("cache"), 0));
        record(tiers, one, "k/Scaled");
        KernelKey fast = KernelKey.of(g, OPT.withFastMath(true), KilnVersion.COMPILER);
        KernelKey older = KernelKey.of(g, OPT, "kiln-0.0.9/abi-1/llvm-19.1.0");
        assertNotEquals(base.keyFor(V3), fast.keyFor(V3));
        assertNotEquals(base.keyFor(V3), older.keyFor(V3));
        assertNotEquals(base.keyFor(V3), base.keyFor(Target.level("x86-64-v4")));
        assertNull(DirectIndex.lookup(tiers, new DirectIndex.Request(one, "k/Scaled", "f", null),
                KilnVersion.COMPILER, OPT.withFastMath(true)));
        assertNull(DirectIndex.lookup(tiers, new DirectIndex.Request(one, "k/Scaled", "f", null),
                "kiln-0.0.9/abi-1/llvm-19.1.0", OPT));
        assertEquals(base, direct(tiers, one, "k/Scaled"));
    }

    @Test
    void aComputedValueThatDiffersOnlyInItsBitsIsAnotherValue() {
        assertNotEquals(KeyedInputs.encode(Optional.of(0.0)), KeyedInputs.encode(Optional.of(-0.0)));
        assertNotEquals(KeyedInputs.encode(Optional.of(Double.NaN)),
                KeyedInputs.encode(Optional.of(Double.longBitsToDouble(0x7ff8000000000001L))));
        assertNotEquals(KeyedInputs.encode(Optional.of(1)), KeyedInputs.encode(Optional.of(1L)));
        assertNotEquals(KeyedInputs.encode(Optional.empty()), KeyedInputs.encode(Optional.of(0)));
        for (Number n : new Number[]{-0.0, Double.NaN, 1e-310, -7.5f, Long.MIN_VALUE, -3}) {
            assertEquals(String.valueOf(n), KeyedInputs.decode(KeyedInputs.encode(Optional.of(n))));
        }
    }

    @Test
    void theProcessValuesAreNamedForAMissReason() throws Exception {
        KernelKey k = full(scaled("two", "2"), "k/Scaled");
        assertEquals("Scaled.K = 2.0", k.keyed().describe());
        ClassLoader on = Sources.compile(tmp.resolve("on"), ASSERTING);
        ((URLClassLoader) on).setDefaultAssertionStatus(true);
        assertEquals("assertions on (k.Checked)", full(on, "k/Checked").keyed().describe());
        ClassLoader plain = Sources.compile(tmp.resolve("plain"), Sources.base());
        assertEquals("", KernelKey.of(KernelGraph.of(plain, "k/Clip", "clip", null), OPT, KilnVersion.COMPILER)
                .keyed().describe());
    }

    private static List<Path> records(Path cache) throws Exception {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
    }

    /** The record text with its check line recomputed (a consistent record of other class files). */
    private static String resum(String text) {
        String body = text.substring(0, text.lastIndexOf("check: "));
        return body + "check: " + KeyEncoder.sha256Hex(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\n";
    }
}
