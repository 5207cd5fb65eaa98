package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated programs ({@link ProgramGenerator}) compiled by javac in-process, then by Kiln, and compared with HotSpot on
 * edge inputs: results bit for bit, exception class and message, arrays afterwards. Anything else fails with the
 * seed and the program: an internal error (invalid IR, a verifier failure, invalid LLVM IR), a refusal (the generator
 * only writes constructs Kiln compiles), or a difference. Kernel objects are checked by {@link GeneratedObjects}.
 *
 * <p>{@code -Dkiln.fuzz.seeds=N} runs N seeds (default {@value #DEFAULT_SEEDS}, sized for CI), from
 * {@code -Dkiln.fuzz.first=S} (default 1); {@code -Dkiln.fuzz.seed=S} runs that one seed.
 */
class DiffGeneratedProgramsTest {
    static final int DEFAULT_SEEDS = 80;
    static final Diff D = Diff.forClass(DiffGeneratedProgramsTest.class);
    static final ObjectDiff O = new ObjectDiff(D);

    @Test
    void generatedProgramsMatchHotSpot() throws Exception {
        long first = Long.getLong("kiln.fuzz.seed", Long.getLong("kiln.fuzz.first", 1));
        int count = System.getProperty("kiln.fuzz.seed") != null ? 1 : Integer.getInteger("kiln.fuzz.seeds", DEFAULT_SEEDS);
        List<ProgramGenerator.Program> programs = new ArrayList<>();
        for (long s = first; s < first + count; s++) programs.add(ProgramGenerator.generate(s));
        Path dir = Files.createTempDirectory("kiln-fuzz-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Diff.deleteTree(dir)));
        compile(programs, dir);
        List<String> failures = new ArrayList<>();
        List<Long> failedSeeds = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            for (ProgramGenerator.Program p : programs) {
                String problem = check(p, loader);
                if (problem == null) continue;
                failedSeeds.add(p.seed());
                if (failures.size() < 5) failures.add("seed " + p.seed() + ": " + problem + "\n" + p.source());
            }
        }
        if (!failedSeeds.isEmpty()) {
            fail(failedSeeds.size() + " of " + programs.size() + " generated programs failed; seeds " + failedSeeds
                    + " (rerun one with -Dkiln.fuzz.seed=S)\n\n" + String.join("\n", failures));
        }
    }

    /** Null when Kiln compiles the kernel and agrees with HotSpot on every input; else what went wrong. */
    static String check(ProgramGenerator.Program p, ClassLoader loader) {
        Class<?> owner;
        try {
            owner = Class.forName(p.className(), true, loader);
        } catch (ReflectiveOperationException | LinkageError e) {
            return "could not load: " + e;
        }
        if (p.object()) return GeneratedObjects.check(D, O, p, owner);
        try {
            D.compiled(owner, "k");
        } catch (RuntimeException | Error e) {
            return "Kiln did not compile it: " + e;
        }
        try {
            D.checkAll(owner, "k", inputs(p));
        } catch (AssertionError e) {
            return e.getMessage();
        }
        return null;
    }

    /** Every program in one javac run per debug-info setting (half keep local names, half not: helpful NPE texts). */
    static void compile(List<ProgramGenerator.Program> programs, Path dir) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        for (boolean names : new boolean[] {true, false}) {
            List<Path> files = new ArrayList<>();
            for (ProgramGenerator.Program p : programs) {
                if ((p.seed() % 2 == 0) != names) continue;
                Path f = dir.resolve(p.className() + ".java");
                Files.writeString(f, p.source());
                files.add(f);
            }
            if (files.isEmpty()) continue;
            DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
            try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, null)) {
                List<String> options = List.of("-d", dir.toString(), names ? "-g" : "-g:source,lines", "-nowarn",
                        "-Xlint:none", "--release", "21");
                boolean ok = javac.getTask(null, fm, diags, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
                if (!ok) fail("generated programs do not compile (a generator bug):\n" + diags.getDiagnostics());
            }
        }
    }

    /** Edge inputs for the kernel's parameters: a fixed core for x, the others drawn from edge values. */
    static List<Object[]> inputs(ProgramGenerator.Program p) {
        Random r = new Random(p.seed() * 31 + 7);
        List<Integer> xs = List.of(0, 1, 2, 3, 4, 5, 7, 8, -1, -3, Integer.MIN_VALUE, Integer.MAX_VALUE, 100, -100);
        List<Object[]> out = new ArrayList<>();
        for (int x : xs) {
            Object[] args = new Object[p.params().size()];
            args[0] = x;
            for (int k = 1; k < args.length; k++) args[k] = value(p.params().get(k), r);
            out.add(args);
        }
        return out;
    }

    static Object value(ProgramTypes.T t, Random r) {
        return switch (t) {
            case INT -> Edge.INTS.get(r.nextInt(Edge.INTS.size()));
            case LONG -> Edge.LONGS.get(r.nextInt(Edge.LONGS.size()));
            case DOUBLE -> Edge.DOUBLES.get(r.nextInt(Edge.DOUBLES.size()));
            case FLOAT -> Edge.FLOATS.get(r.nextInt(Edge.FLOATS.size()));
            case BOOLEAN -> r.nextBoolean();
            case INTS, LONGS, DOUBLES, SHORTS -> {
                int n = switch (r.nextInt(6)) {
                    case 0 -> -1; // null
                    case 1 -> 0;
                    case 2 -> 1;
                    default -> 2 + r.nextInt(7);
                };
                if (n < 0) yield null;
                yield switch (t) {
                    case INTS -> {
                        int[] a = new int[n];
                        for (int k = 0; k < n; k++) a[k] = (Integer) value(ProgramTypes.T.INT, r);
                        yield a;
                    }
                    case LONGS -> {
                        long[] a = new long[n];
                        for (int k = 0; k < n; k++) a[k] = (Long) value(ProgramTypes.T.LONG, r);
                        yield a;
                    }
                    case SHORTS -> {
                        short[] a = new short[n];
                        for (int k = 0; k < n; k++) a[k] = (short) (int) (Integer) value(ProgramTypes.T.INT, r);
                        yield a;
                    }
                    default -> {
                        double[] a = new double[n];
                        for (int k = 0; k < n; k++) a[k] = (Double) value(ProgramTypes.T.DOUBLE, r);
                        yield a;
                    }
                };
            }
            case INT_ROWS, DOUBLE_ROWS, SHORT_ROWS, LONG_ROWS -> {
                int n = r.nextInt(5) - 1;
                if (n < 0) yield null;
                ProgramTypes.T row = t.element();
                Object[] rows = (Object[]) java.lang.reflect.Array.newInstance(row.javaClass(), n);
                for (int k = 0; k < n; k++) {
                    // null rows, and a row shared with the first (writes through one show through the other)
                    int kind = r.nextInt(6);
                    rows[k] = kind == 0 ? null : kind == 1 && k > 0 ? rows[0] : nonNull(row, r);
                }
                yield rows;
            }
        };
    }

    private static Object nonNull(ProgramTypes.T t, Random r) {
        Object v;
        do {
            v = value(t, r);
        } while (v == null);
        return v;
    }

    @Test
    void theGeneratorIsDeterministicAndVaried() {
        var a = ProgramGenerator.generate(42);
        var b = ProgramGenerator.generate(42);
        assertFalse(!a.source().equals(b.source()), "same seed, different program");
        long distinct = java.util.stream.LongStream.range(1, 30).mapToObj(s -> ProgramGenerator.generate(s).source())
                .distinct().count();
        assertFalse(distinct < 29, distinct + " distinct programs of 29");
        // The constructs the issue names appear across the default seeds.
        String all = String.join("\n", java.util.stream.LongStream.range(1, 1 + DEFAULT_SEEDS)
                .mapToObj(s -> ProgramGenerator.generate(s).source()).toList());
        for (String construct : List.of("static final double", "= null;", "[][]", "throw new", "for (int", "new int[",
                "new double[", " & 7, ", "Integer.parseInt(\"", "Math.sqrt(", "this.f1 = f1", "while (++", "while (w",
                " ? k(x - 1", "return m;", "return new", "[][] {", "a[j] = ")) {
            assertFalse(!all.contains(construct), "no generated program has " + construct);
        }
        assertFalse(Arrays.asList(all.split("\n")).stream().noneMatch(l -> l.contains("} else {")), "no if/else");
    }
}
