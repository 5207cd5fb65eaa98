package dev.kiln.bench;

import dev.kiln.Kiln;
import dev.kiln.UnsupportedConstructException;
import dev.kiln.KilnConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One library of the outside corpus, in one JVM (the child of {@link CorpusSpeed}): every candidate method (public
 * static, of a public class, parameters and result primitives or primitive arrays) is compiled by Kiln, checked
 * against HotSpot on generated inputs ({@link CorpusInputs}, {@link CorpusCompare}) and, when every input matches,
 * timed ({@link CorpusTiming}). One row per method is appended (and flushed) to the library's TSV as soon as it is
 * known, and the method in progress is written to a state file at every step, so the parent can name the culprit of
 * a crash or a hang and start a new child that skips the rows already written.
 */
final class CorpusRunner {
    static final String HEADER = "library\tmethod\tstatus\tmatched\tinputs\thotspot_min_ns\tkiln_min_ns\thotspot_median_ns"
            + "\tkiln_median_ns\tratio\tdetail";

    record Settings(boolean quick, boolean timing, double minNanos, int limit) {
        long warmNanos() {
            return quick ? 300_000_000L : 1_000_000_000L;
        }

        long batchNanos() {
            return quick ? 3_000_000L : 15_000_000L;
        }

        int rounds() {
            return quick ? 5 : 15;
        }
    }

    record Candidate(String id, Class<?> owner, Method method) {
    }

    private final String library;
    private final Path tsv, state;
    /** "id\tinput" -> the side ("hotspot" or "kiln") that did not return in time, from the parent's .slow file. */
    private final Map<String, String> slow = new HashMap<>();
    private final Settings settings;
    private final Kiln kiln = Kiln.create(KilnConfig.fromEnvironment());
    private String current = "";

    CorpusRunner(String library, Path tsv, Path state, Settings settings) {
        this.library = library;
        this.tsv = tsv;
        this.state = state;
        this.settings = settings;
    }

    /** Runs every candidate of {@code jars} whose id is not already a row of the TSV. */
    void run(List<Path> jars) throws IOException {
        Set<String> done = new HashSet<>();
        if (Files.exists(tsv)) {
            for (String line : Files.readAllLines(tsv)) {
                String[] f = line.split("\t", -1);
                if (f.length > 1) done.add(f[1]);
            }
        } else {
            Files.writeString(tsv, HEADER + "\n");
        }
        Path slowFile = slowFile(tsv);
        if (Files.exists(slowFile)) {
            for (String line : Files.readAllLines(slowFile)) {
                String[] f = line.split("\t", -1);
                if (f.length == 3) slow.put(f[0] + "\t" + f[1], f[2]);
            }
        }
        List<Candidate> all = candidates(jars, getClass().getClassLoader());
        List<Candidate> chosen = sample(all, settings.limit());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(tsv, StandardCharsets.UTF_8, StandardOpenOption.APPEND))) {
            for (Candidate c : chosen) {
                if (done.contains(c.id())) continue;
                out.println(row(c));
                out.flush();
            }
        }
        progress("", "done");
    }

    /** Inputs on which a side did not return in time: "id TAB input TAB side" lines, written by the parent. */
    static Path slowFile(Path tsv) {
        return tsv.resolveSibling(tsv.getFileName().toString().replace(".tsv", ".slow"));
    }

    /** The candidates of the jars, sorted by id (the order is what lets a restarted child resume). */
    static List<Candidate> candidates(List<Path> jars, ClassLoader loader) throws IOException {
        TreeMap<String, Candidate> out = new TreeMap<>();
        for (Path jar : jars) {
            for (String cls : CorpusCoverage.classes(jar)) {
                Class<?> c;
                try {
                    c = Class.forName(cls, false, loader);
                } catch (Throwable e) {
                    continue;
                }
                if (!Modifier.isPublic(c.getModifiers())) continue;
                for (Method m : c.getDeclaredMethods()) {
                    if (!CorpusCoverage.candidate(m)) continue;
                    String id = cls + "." + m.getName() + type(m).toMethodDescriptorString();
                    out.put(id, new Candidate(id, c, m));
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** {@code limit} candidates spread evenly over the sorted list (all when limit is 0 or larger). */
    static List<Candidate> sample(List<Candidate> all, int limit) {
        if (limit <= 0 || limit >= all.size()) return all;
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < limit; i++) out.add(all.get((int) ((long) i * all.size() / limit)));
        return out;
    }

    static MethodType type(Method m) {
        return MethodType.methodType(m.getReturnType(), m.getParameterTypes());
    }

    private String row(Candidate c) {
        progress(c.id(), "compile");
        MethodHandle k;
        try {
            k = kiln.compile(c.owner(), c.method().getName(), type(c.method()));
        } catch (UnsupportedConstructException e) {
            return line(c, "refused", "-", 0, null, e.construct());
        } catch (Throwable e) {
            return line(c, "compile-error", "-", 0, null, CorpusCompare.describe(e) + at(e));
        }
        MethodHandle h;
        try {
            // Fixed arity: a varargs method (double[]... x) takes its array as one argument, as Kiln's handle does.
            h = MethodHandles.publicLookup().unreflect(c.method()).asFixedArity();
        } catch (IllegalAccessException e) {
            return line(c, "compile-error", "-", 0, null, "cannot bind the Java method: " + e);
        }
        Class<?>[] params = c.method().getParameterTypes();
        List<CorpusInputs.Input> inputs = CorpusInputs.forCheck(c.id(), params, settings.quick());
        int bad = 0, skipped = 0;
        String first = null;
        for (CorpusInputs.Input in : inputs) {
            String hung = slow.get(c.id() + "\t" + in.label());
            if ("hotspot".equals(hung)) {
                skipped++;             // the published code runs too long (or forever) on this input: nothing to compare
                continue;
            }
            progress(c.id(), "check " + in.label() + " hotspot");
            long t0 = System.nanoTime();
            CorpusCompare.Outcome want = CorpusCompare.run(h, in.args());
            long hotspotMillis = (System.nanoTime() - t0) / 1_000_000;
            String d;
            if ("kiln".equals(hung)) {
                d = (want.thrown() != null ? "HotSpot threw " + CorpusCompare.describe(want.thrown())
                        : "HotSpot returned " + CorpusCompare.format(want.value())) + " in " + hotspotMillis
                        + " ms but Kiln did not return within the check timeout plus 20 times that";
            } else {
                // HotSpot's time goes to the parent: Kiln gets the check timeout plus 20 times it before it counts as hung.
                progress(c.id(), "check " + in.label() + " kiln " + hotspotMillis);
                d = CorpusCompare.difference(want, CorpusCompare.run(k, in.args()));
            }
            if (d == null) continue;
            bad++;
            if (first == null) {
                int again = 0;
                if (hung == null) for (int i = 0; i < 3; i++) if (CorpusCompare.difference(want, CorpusCompare.run(k, in.args())) != null) again++;
                first = "input " + in.label() + " (" + clip(CorpusCompare.formatArgs(in.args(), 6), 400) + "): " + clip(d, 600)
                        + " [differs again on " + again + " of 3 re-runs; reproduce: CorpusSpeed --repro '" + c.id() + "' "
                        + in.label() + "]";
            }
        }
        int checked = inputs.size() - skipped;
        String skip = skipped == 0 ? "" : skipped + " inputs skipped (HotSpot did not return within the check timeout); ";
        if (bad > 0) return line(c, "mismatch", "no", checked, null, skip + bad + " of " + checked + " inputs differ; " + first);
        if (!settings.timing()) return line(c, "matched", "yes", checked, null, skip);
        for (CorpusInputs.Input in : CorpusInputs.forTiming(c.id(), params)) {
            if (slow.containsKey(c.id() + "\t" + in.label())) continue;
            progress(c.id(), "time " + in.label());
            if (CorpusCompare.run(h, in.args()).thrown() != null) continue;
            try {
                CorpusTiming.Times t = CorpusTiming.time(h, k, in.args(), settings.warmNanos(), settings.batchNanos(),
                        settings.rounds(), () -> progress(c.id(), "time " + in.label()));
                String status = t.hsMin() < settings.minNanos() ? "cheap" : "timed";
                return line(c, status, "yes", checked, t, skip + "input " + in.label() + ", batch " + t.batch() + " calls x "
                        + t.rounds() + " rounds, " + String.format("%.0f/%.0f", t.hsBytes(), t.kilnBytes())
                        + " bytes allocated per call (HotSpot/Kiln)");
            } catch (CorpusTiming.ThrewWhileTiming e) {
                return line(c, "threw-while-timing", "yes", checked, null,
                        skip + "input " + in.label() + ": " + CorpusCompare.describe(e.getCause()) + " after repeated calls");
            }
        }
        return line(c, "throws", "yes", checked, null, skip + "every timing input throws on HotSpot");
    }

    private static String at(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        return st.length == 0 ? "" : " at " + st[0];
    }

    private String line(Candidate c, String status, String matched, int inputs, CorpusTiming.Times t, String detail) {
        String times = t == null ? "\t\t\t\t" : String.format("%.2f\t%.2f\t%.2f\t%.2f\t%.4f", t.hsMin(), t.kilnMin(),
                t.hsMedian(), t.kilnMedian(), t.ratio());
        return String.join("\t", library, c.id(), status, matched, String.valueOf(inputs), times, clean(detail));
    }

    static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "...";
    }

    private void progress(String id, String phase) {
        current = id;
        try {
            Files.writeString(state, id + "\t" + phase + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String current() {
        return current;
    }
}
