package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Writes the corpus results: {@code corpus.tsv} (every row of every library), {@code corpus-report.md} (every method)
 * and {@code corpus-summary.md} (per library and overall, the ten slowest, every mismatch), which bin/bench puts in
 * docs/benchmarks.md. Ratios are HotSpot's time over Kiln's (above 1: Kiln is faster), from each side's fastest batch.
 */
final class CorpusReport {
    private CorpusReport() {
    }

    record Row(String library, String method, String status, String matched, String inputs, double hsMin, double kilnMin,
               double hsMedian, double kilnMedian, double ratio, String detail) {
        static Row parse(String line) {
            String[] f = line.split("\t", -1);
            return new Row(f[0], f[1], f[2], f[3], f[4], num(f[5]), num(f[6]), num(f[7]), num(f[8]), num(f[9]), f[10]);
        }

        private static double num(String s) {
            return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
        }

        /** Kiln compiled it (a crash or hang after the compile step counts as compiled). */
        boolean compiled() {
            return switch (status) {
                case "refused", "compile-error" -> false;
                case "timeout", "crash" -> !detail.contains("during compile");
                default -> true;
            };
        }

        boolean matchedAll() {
            return matched.equals("yes");
        }

        String shortName() {
            int paren = method.indexOf('(');
            String head = method.substring(0, paren);
            int dot = head.lastIndexOf('.', head.lastIndexOf('.') - 1);
            return head.substring(dot + 1) + method.substring(paren);
        }
    }

    static final Set<String> MATCHED = Set.of("matched", "timed", "cheap", "throws", "threw-while-timing");

    /** Writes the files; returns the number of mismatching methods. */
    static int write(Path out, List<CorpusSpeed.Library> libs, CorpusRunner.Settings s) throws IOException {
        List<Row> all = new ArrayList<>();
        List<String> tsv = new ArrayList<>(List.of(CorpusRunner.HEADER));
        for (CorpusSpeed.Library lib : libs) {
            Path p = out.resolve("corpus-" + lib.key() + ".tsv");
            if (!Files.exists(p)) continue;
            List<String> lines = Files.readAllLines(p);
            for (String l : lines.subList(1, lines.size())) {
                tsv.add(l);
                all.add(Row.parse(l));
            }
        }
        Files.write(out.resolve("corpus.tsv"), tsv);

        List<String> sum = new ArrayList<>();
        sum.add("Ratio = HotSpot time / Kiln time per call (above 1: Kiln faster), each side's fastest of " + s.rounds()
                + " alternating batches in one JVM, after " + s.warmNanos() / 1_000_000 + " ms of alternating warm-up. "
                + "A method is timed only if Kiln's results equal HotSpot's bit for bit on every generated input (results, "
                + "arrays after the call, exception class and message). Methods whose HotSpot call takes under "
                + (int) s.minNanos() + " ns are listed as cheap, outside the geometric mean: their ratio mostly measures Kiln's "
                + "per-call overhead (see Per-call overhead), not the code."
                + (s.limit() > 0 ? " This run checked at most " + s.limit() + " candidates per library (evenly spaced)." : "") + "\n");
        sum.add("| library | jars | candidates | compile | match | timed | geomean | below 0.9× | cheap | mismatch | crash/hang |");
        sum.add("|---|---|---|---|---|---|---|---|---|---|---|");
        for (CorpusSpeed.Library lib : libs) {
            List<Row> rs = all.stream().filter(r -> r.library().equals(lib.key())).toList();
            sum.add(summaryLine(lib.name(), CorpusSpeed.jarNames(lib), rs));
        }
        sum.add(summaryLine("**all**", "", all));
        sum.add("");
        List<Row> timed = all.stream().filter(r -> r.status().equals("timed")).sorted(Comparator.comparingDouble(Row::ratio)).toList();
        if (!timed.isEmpty()) {
            sum.add("The ten slowest (lowest HotSpot/Kiln):\n");
            sum.add("| library | method | HotSpot ns/call | Kiln ns/call | HotSpot/Kiln |");
            sum.add("|---|---|---|---|---|");
            for (Row r : timed.subList(0, Math.min(10, timed.size()))) {
                sum.add(String.format("| %s | `%s` | %.1f | %.1f | %.2f× |", r.library(), r.shortName(), r.hsMin(), r.kilnMin(), r.ratio()));
            }
            sum.add("");
        }
        List<Row> bad = all.stream().filter(r -> r.status().equals("mismatch") || r.status().equals("crash")
                || r.status().equals("timeout") || r.status().equals("compile-error")).toList();
        sum.add(bad.isEmpty() ? "No method gave a result different from HotSpot's, crashed, hung or failed to compile.\n"
                : "Methods whose results differ from HotSpot's, that crashed or hung the JVM, or broke the compiler:\n");
        for (Row r : bad) sum.add("- " + r.status() + ": " + r.library() + " `" + r.method() + "`: " + r.detail().replace("|", "\\|"));
        if (!bad.isEmpty()) sum.add("");
        Files.write(out.resolve("corpus-summary.md"), sum);

        List<String> rep = new ArrayList<>(List.of("# Outside corpus: every candidate method\n"));
        rep.addAll(sum);
        rep.add("| library | method | status | matched | inputs | HotSpot ns/call | Kiln ns/call | HotSpot/Kiln | median ratio | detail |");
        rep.add("|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : all) {
            rep.add(String.format("| %s | `%s` | %s | %s | %s | %s | %s | %s | %s | %s |", r.library(), r.shortName(), r.status(),
                    r.matched(), r.inputs(), f1(r.hsMin()), f1(r.kilnMin()), fx(r.ratio()), fx(r.hsMedian() / r.kilnMedian()),
                    r.detail().replace("|", "\\|")));
        }
        Files.write(out.resolve("corpus-report.md"), rep);
        long mismatches = all.stream().filter(r -> r.status().equals("mismatch")).count();
        System.out.println(String.join("\n", sum));
        return (int) mismatches;
    }

    private static String summaryLine(String name, String jars, List<Row> rs) {
        long compiled = rs.stream().filter(Row::compiled).count();
        long matched = rs.stream().filter(Row::matchedAll).count();
        List<Double> ratios = rs.stream().filter(r -> r.status().equals("timed")).map(Row::ratio).toList();
        long cheap = rs.stream().filter(r -> r.status().equals("cheap")).count();
        long below = ratios.stream().filter(x -> x < 0.9).count();
        long mismatch = rs.stream().filter(r -> r.status().equals("mismatch")).count();
        long crash = rs.stream().filter(r -> r.status().equals("crash") || r.status().equals("timeout")).count();
        return String.format("| %s | %s | %d | %d | %d | %d | %s | %d | %d | %d | %d |", name, jars, rs.size(), compiled, matched,
                ratios.size(), fx(geomean(ratios)), below, cheap, mismatch, crash);
    }

    static double geomean(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        double s = 0;
        for (double x : xs) s += Math.log(x);
        return Math.exp(s / xs.size());
    }

    private static String f1(double x) {
        return Double.isNaN(x) ? "" : String.format("%.1f", x);
    }

    private static String fx(double x) {
        return Double.isNaN(x) ? "–" : String.format("%.2f×", x);
    }
}
