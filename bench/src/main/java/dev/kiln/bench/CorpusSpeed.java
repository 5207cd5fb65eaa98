package dev.kiln.bench;

import dev.kiln.Kiln;
import dev.kiln.KilnConfig;

import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kiln's outside benchmark: published numeric Java that nobody tuned for Kiln, run as published. For each library
 * (jars Maven fetched as pinned dependencies of this module) every public static method over primitives and
 * primitive arrays is compiled by Kiln, checked against HotSpot on generated inputs, and timed against HotSpot in the
 * same JVM when it matches ({@link CorpusRunner}).
 *
 * <pre>
 * CorpusSpeed [--quick] [--out DIR] [--libs commons-math,hipparchus,...] [--limit N] [--timeout SECONDS]
 *             [--check-timeout SECONDS] [--min-ns NS] [--no-timing]
 * CorpusSpeed --repro 'CLASS.METHOD(DESCRIPTOR)' INPUT-LABEL      (prints the inputs and both outcomes)
 * CorpusSpeed --time 'CLASS.METHOD(DESCRIPTOR)' [REPEATS]        (times one method as the run does, REPEATS times)
 * </pre>
 *
 * Each library runs in its own child JVM. A method that hangs (no progress for --timeout seconds, default 120) or
 * crashes the JVM is recorded as {@code timeout} / {@code crash} with the step it was in, and a new child resumes
 * after it. One checking call that runs longer than --check-timeout (default 6 s; an iteration count of
 * Integer.MAX_VALUE, a loop that never ends) costs a restart: the input is skipped if HotSpot was the side still
 * running, and is a mismatch if HotSpot had returned and Kiln had not within the check timeout plus 20 times
 * HotSpot's time. Writes
 * {@code corpus-LIB.tsv} (one row per method), {@code corpus.tsv} (all), {@code corpus-report.md} (every method) and
 * {@code corpus-summary.md} (per library, the slowest, every mismatch) to DIR (default bench/target/results).
 * Exit 1 when a method's results differ from HotSpot's.
 */
public final class CorpusSpeed {
    private CorpusSpeed() {
    }

    /** A library of the corpus: a display name and the file names (without version) of its jars. */
    record Library(String key, String name, List<String> jarPrefixes) {
    }

    static final List<Library> LIBRARIES = List.of(
            new Library("commons-math", "Commons Math", List.of("commons-math3-")),
            new Library("hipparchus", "Hipparchus core", List.of("hipparchus-core-")),
            new Library("ejml", "EJML core+ddense", List.of("ejml-core-", "ejml-ddense-")),
            new Library("jtransforms", "JTransforms", List.of("JTransforms-")),
            new Library("scimark", "SciMark", List.of("scimark-")));

    public static void main(String[] args) throws Exception {
        Path out = Path.of("bench/target/results");
        List<String> keys = LIBRARIES.stream().map(Library::key).toList();
        boolean quick = false, timing = true, child = false;
        int limit = -1, timeout = 120, checkTimeout = 6;
        double minNs = 25;
        String childKey = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--no-timing" -> timing = false;
                case "--out" -> out = Path.of(args[++i]);
                case "--libs" -> keys = List.of(args[++i].split(","));
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--timeout" -> timeout = Integer.parseInt(args[++i]);
                case "--check-timeout" -> checkTimeout = Integer.parseInt(args[++i]);
                case "--min-ns" -> minNs = Double.parseDouble(args[++i]);
                case "--child" -> {
                    child = true;
                    childKey = args[++i];
                }
                case "--repro" -> {
                    repro(args[i + 1], args[i + 2]);
                    return;
                }
                case "--time" -> {
                    timeOne(args[i + 1], i + 2 < args.length ? Integer.parseInt(args[i + 2]) : 3);
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (limit < 0) limit = quick ? 40 : 0;
        CorpusRunner.Settings s = new CorpusRunner.Settings(quick, timing, minNs, limit);
        Files.createDirectories(out);
        if (child) {
            Library lib = library(childKey);
            new CorpusRunner(lib.key(), out.resolve("corpus-" + lib.key() + ".tsv"), out.resolve("corpus-" + lib.key() + ".state"), s)
                    .run(jars(lib));
            return;
        }
        List<String> childArgs = new ArrayList<>(List.of("--min-ns", String.valueOf(minNs), "--limit", String.valueOf(limit)));
        if (quick) childArgs.add("--quick");
        if (!timing) childArgs.add("--no-timing");
        for (String key : keys) {
            Library lib = library(key);
            Files.deleteIfExists(out.resolve("corpus-" + key + ".tsv"));
            long t0 = System.nanoTime();
            supervise(lib, out, childArgs, timeout, checkTimeout);
            System.out.printf("corpus: %s done in %.0f s%n", lib.name(), (System.nanoTime() - t0) / 1e9);
        }
        int mismatches = CorpusReport.write(out, keys.stream().map(CorpusSpeed::library).toList(), s);
        System.exit(mismatches > 0 ? 1 : 0);
    }

    static Library library(String key) {
        return LIBRARIES.stream().filter(l -> l.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no library " + key));
    }

    /** The library's jars on this JVM's class path. */
    static List<Path> jars(Library lib) {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String f = Path.of(e).getFileName().toString();
            for (String p : lib.jarPrefixes()) if (f.startsWith(p) && f.endsWith(".jar")) out.add(Path.of(e));
        }
        if (out.size() != lib.jarPrefixes().size()) {
            throw new IllegalStateException(lib.name() + ": jars " + lib.jarPrefixes() + " not all on the class path (found " + out + ")");
        }
        return out;
    }

    /** "commons-math3-3.6.1.jar, ..." for the report. */
    static String jarNames(Library lib) {
        return String.join(", ", jars(lib).stream().map(p -> p.getFileName().toString()).toList());
    }

    /**
     * Runs the library's child JVM until it finishes its list. On a hang (the state file not touched for
     * {@code timeout} s) the child is killed; on a hang or a crash the method named in the state file gets its row
     * and a new child resumes after it. Two failures in a row with no method to blame end the library.
     */
    private static void supervise(Library lib, Path out, List<String> childArgs, int timeout, int checkTimeout) throws Exception {
        Path tsv = out.resolve("corpus-" + lib.key() + ".tsv"), state = out.resolve("corpus-" + lib.key() + ".state");
        Path log = out.resolve("corpus-" + lib.key() + ".log");
        Files.deleteIfExists(log);
        Files.deleteIfExists(CorpusRunner.slowFile(tsv));
        String cache = System.getProperty("kiln.cache.path", out.resolve("corpus-cache").toString());
        int blameless = 0;
        while (true) {
            Files.writeString(state, "\tstarting\n");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Xss8m", "-Xmx3g", "-XX:-OmitStackTraceInFastThrow",
                    "-XX:ErrorFile=" + out.resolve("corpus-" + lib.key() + "-hs_err_%p.log"), "-Dkiln.cache.path=" + cache,
                    "-cp", System.getProperty("java.class.path"), CorpusSpeed.class.getName(), "--child", lib.key(),
                    "--out", out.toString()));
            cmd.addAll(childArgs);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            // A parent stopped by a signal takes its child with it.
            Thread reaper = new Thread(p::destroyForcibly);
            Runtime.getRuntime().addShutdownHook(reaper);
            boolean hung = false;
            String[] st = {"", ""};
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                st = (Files.readString(state).strip() + "\t").split("\t", -1);
                long limit = timeout * 1000L;
                if (st[1].startsWith("check ")) {
                    String[] ph = st[1].split(" ");
                    limit = checkTimeout * 1000L + (ph.length > 3 ? 20 * Long.parseLong(ph[3]) : 0);
                }
                if (System.currentTimeMillis() - Files.getLastModifiedTime(state).toMillis() > limit) {
                    p.destroyForcibly();
                    p.waitFor();
                    hung = true;
                }
            }
            Runtime.getRuntime().removeShutdownHook(reaper);
            int rc = p.exitValue();
            if (!hung && rc == 0) return;
            st = (Files.readString(state).strip() + "\t").split("\t", -1);
            String id = st[0], phase = st[1];
            if (hung && phase.startsWith("check ")) {
                // One input ran too long: remember it (and which side) and check the method again without it.
                String[] ph = phase.split(" ");
                Path slowFile = CorpusRunner.slowFile(tsv);
                String entry = id + "\t" + ph[1] + "\t";
                if (Files.exists(slowFile) && Files.readAllLines(slowFile).stream().anyMatch(l -> l.startsWith(entry))) {
                    throw new IllegalStateException("input " + ph[1] + " of " + id + " hung again although skipped");
                }
                Files.writeString(CorpusRunner.slowFile(tsv), id + "\t" + ph[1] + "\t" + ph[2] + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                System.out.printf("corpus: %s: %s: input %s: %s did not return in time; %s%n", lib.name(), id, ph[1], ph[2],
                        ph[2].equals("hotspot") ? "skipping the input" : "a mismatch");
                continue;
            }
            boolean hasRow = Files.exists(tsv) && Files.readAllLines(tsv).stream().anyMatch(l -> l.split("\t", -1)[1].equals(id));
            if (id.isEmpty() || hasRow) {
                System.out.printf("corpus: %s: child %s outside any method (exit %d, see %s)%n", lib.name(), hung ? "hung" : "failed", rc, log);
                if (++blameless >= 2) return;
                continue;
            }
            blameless = 0;
            String status = hung ? "timeout" : "crash";
            String detail = hung ? "no progress for " + timeout + " s during " + phase
                    : "the JVM exited with code " + rc + " during " + phase + " (" + log.getFileName() + ")";
            if (!Files.exists(tsv)) Files.writeString(tsv, CorpusRunner.HEADER + "\n");
            Files.writeString(tsv, String.join("\t", lib.key(), id, status, "-", "", "", "", "", "", "", detail) + "\n",
                    StandardOpenOption.APPEND);
            System.out.printf("corpus: %s: %s in %s (%s); resuming after it%n", lib.name(), status, id, phase);
        }
    }

    private static CorpusRunner.Candidate candidate(String id) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Library l : LIBRARIES) all.addAll(jars(l));
        return CorpusRunner.candidates(all, CorpusSpeed.class.getClassLoader()).stream()
                .filter(x -> x.id().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException("no candidate " + id));
    }

    /**
     * Times one method on its timing inputs as the full run does (same harness, same settings), {@code repeats}
     * times in one JVM: for comparing builds on one method without the whole corpus. Does not check results.
     */
    private static void timeOne(String id, int repeats) throws Exception {
        CorpusRunner.Candidate c = candidate(id);
        CorpusRunner.Settings s = new CorpusRunner.Settings(false, true, 0, 0);
        MethodHandle h = MethodHandles.publicLookup().unreflect(c.method()).asFixedArity();
        MethodHandle k = Kiln.create(KilnConfig.fromEnvironment()).compile(c.owner(), c.method().getName(), CorpusRunner.type(c.method()));
        for (CorpusInputs.Input in : CorpusInputs.forTiming(id, c.method().getParameterTypes())) {
            if (CorpusCompare.run(h, in.args()).thrown() != null) continue;
            for (int r = 0; r < repeats; r++) {
                CorpusTiming.Times t = CorpusTiming.time(h, k, in.args(), s.warmNanos(), s.batchNanos(), s.rounds(), () -> { });
                System.out.printf("%s %s: HotSpot %.1f ns, Kiln %.1f ns per call (fastest batch; %.2fx); medians %.1f / %.1f;"
                                + " allocated per call %.0f / %.0f bytes%n",
                        id, in.label(), t.hsMin(), t.kilnMin(), t.ratio(), t.hsMedian(), t.kilnMedian(), t.hsBytes(), t.kilnBytes());
            }
        }
    }

    /** Regenerates one input of one method and prints it in full with HotSpot's and Kiln's outcomes. */
    private static void repro(String id, String label) throws Exception {
        CorpusRunner.Candidate c = candidate(id);
        Class<?>[] params = c.method().getParameterTypes();
        CorpusInputs.Input in = CorpusInputs.byLabel(id, params, label);
        MethodHandle h = MethodHandles.publicLookup().unreflect(c.method()).asFixedArity();
        MethodHandle k = Kiln.create(KilnConfig.fromEnvironment()).compile(c.owner(), c.method().getName(), CorpusRunner.type(c.method()));
        System.out.println(id + " on input " + label + ":");
        for (int i = 0; i < params.length; i++) System.out.println("  arg " + i + " = " + CorpusCompare.format(in.args()[i], 1100));
        CorpusCompare.Outcome want = CorpusCompare.run(h, in.args()), got = CorpusCompare.run(k, in.args());
        System.out.println("HotSpot: " + describe(want));
        System.out.println("Kiln:    " + describe(got));
        String d = CorpusCompare.difference(want, got);
        System.out.println(d == null ? "same" : "DIFFERENT: " + d);
        System.exit(d == null ? 0 : 1);
    }

    private static String describe(CorpusCompare.Outcome o) {
        String s = o.thrown() != null ? "threw " + CorpusCompare.describe(o.thrown()) : "returned " + CorpusCompare.format(o.value(), 1100);
        StringBuilder b = new StringBuilder(s);
        for (int i = 0; i < o.argsAfter().length; i++) {
            if (o.argsAfter()[i] != null && o.argsAfter()[i].getClass().isArray()) {
                b.append("\n           arg ").append(i).append(" after = ").append(CorpusCompare.format(o.argsAfter()[i], 1100));
            }
        }
        return b.toString();
    }
}
