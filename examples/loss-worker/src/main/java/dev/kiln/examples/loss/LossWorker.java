package dev.kiln.examples.loss;

import dev.kiln.Kiln;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A catastrophe-loss worker: a synthetic model through ground-up loss, the financial module, AAL and EP curves.
 * Every numeric step is a {@code @Kernel} method called directly ({@code Philox.damageSeeds(...)}); the build's
 * {@code kiln-maven-plugin rewrite} goal makes those calls reach native code, and {@code -Dkiln.disable=true}
 * ({@code KILN_DISABLE=1}) runs their Java bodies instead: the whole pipeline on plain HotSpot.
 *
 * <pre>
 * LossWorker [--out DIR] [--events N] [--items N] [--periods N] [--samples N]
 *            [--damage-bins N] [--intensity-bins N] [--vulns N] [--areaperils N] [--summaries N] [--seed N]
 *            [--threshold X] [--no-alct]
 * </pre>
 */
public final class LossWorker {

    /** Return periods of the ept report (descending). */
    static final double[] RETURN_PERIODS = {10000, 5000, 1000, 500, 250, 200, 100, 50, 25, 10, 5, 2};
    static final String[] CURVE_NAMES = {"full_uncertainty", "sample_mean", "analytical_mean"};
    static final long BASE_SEED = 0;
    static final double CONFIDENCE = 0.95;
    /**
     * The RNG and ground-up loops split an event's rows and items into this many ranges, each with its own scratch,
     * run in parallel: enough for the threads of a small machine to share, few enough that each range is worth a
     * parallel loop's block (a call with every array of the loop). The split never changes the results.
     */
    static final int LANES = 8;

    /** Parsed command line. */
    record Options(Path out, SyntheticModel.Sizes sizes, double threshold, boolean alct) {
        static Options parse(String[] args) {
            SyntheticModel.Sizes d = SyntheticModel.Sizes.small();
            Map<String, String> m = new LinkedHashMap<>();
            boolean alct = true;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--no-alct")) {
                    alct = false;
                } else if (a.equals("-h") || a.equals("--help")) {
                    throw new IllegalArgumentException("help");
                } else if (a.startsWith("--") && i + 1 < args.length) {
                    m.put(a.substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("unexpected argument: " + a);
                }
            }
            SyntheticModel.Sizes z = new SyntheticModel.Sizes(
                    num(m, "events", d.events()), num(m, "items", d.items()), num(m, "periods", d.periods()),
                    num(m, "samples", d.samples()), num(m, "damage-bins", d.damageBins()),
                    num(m, "intensity-bins", d.intensityBins()), num(m, "vulns", d.vulns()),
                    num(m, "aggregates", d.aggregates()), num(m, "areaperils", d.areaperils()),
                    num(m, "hazard-records", d.maxHazardRecords()), num(m, "summaries", d.summaries()),
                    Long.parseLong(m.getOrDefault("seed", Long.toString(d.seed()))));
            if (z.damageBins() < 3 || z.samples() < 1 || z.items() < 1 || z.events() < 1 || z.periods() < 1) {
                throw new IllegalArgumentException("sizes too small");
            }
            double threshold = Double.parseDouble(m.getOrDefault("threshold", "0"));
            for (String k : m.keySet()) {
                if (!k.matches("out|events|items|periods|samples|damage-bins|intensity-bins|vulns|aggregates"
                        + "|areaperils|hazard-records|summaries|seed|threshold")) {
                    throw new IllegalArgumentException("unknown option --" + k);
                }
            }
            return new Options(Path.of(m.getOrDefault("out", "loss-out")), z, threshold, alct);
        }

        private static int num(Map<String, String> m, String k, int dflt) {
            return m.containsKey(k) ? Integer.parseInt(m.get(k)) : dflt;
        }
    }

    /** What a run produced, for the summary and for tests. */
    public record Result(Map<String, Long> phaseNanos, double gulTotal, double fmTotal, double[] aal,
                         double checksum) {
    }

    private final Map<String, Long> phases = new LinkedHashMap<>();

    private void time(String phase, long t0) {
        phases.merge(phase, System.nanoTime() - t0, Long::sum);
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println((e.getMessage().equals("help") ? "" : "loss-worker: " + e.getMessage() + "\n")
                    + "usage: LossWorker [--out DIR] [--events N] [--items N] [--periods N]"
                    + " [--samples N] [--damage-bins N] [--intensity-bins N] [--vulns N] [--aggregates N]"
                    + " [--areaperils N] [--hazard-records N] [--summaries N] [--seed N] [--threshold X] [--no-alct]");
            System.exit(2);
            return;
        }
        LossWorker w = new LossWorker();
        long t0 = System.nanoTime();
        SyntheticModel model = new SyntheticModel(o.sizes());
        w.time("model", t0);
        // No binding step: each kernel is linked (looked up in the cache, or compiled) at its first call.
        Result r = w.run(model, o.threshold(), o.alct(), o.out());
        SyntheticModel.Sizes z = o.sizes();
        String engine = engine();
        System.out.printf(Locale.ROOT, "loss-worker engine=%s events=%d items=%d periods=%d samples=%d nodes=%d%n",
                engine, z.events(), z.items(), z.periods(), z.samples(), model.nodes());
        long total = 0;
        for (Map.Entry<String, Long> e : w.phases.entrySet()) {
            System.out.printf(Locale.ROOT, "  %-12s %10.1f ms%n", e.getKey(), e.getValue() / 1e6);
            total += e.getValue();
        }
        System.out.printf(Locale.ROOT, "  %-12s %10.1f ms%n", "total", total / 1e6);
        System.out.printf(Locale.ROOT, "  ground-up mean total %.6e, insured mean total %.6e, checksum %.17g%n",
                r.gulTotal(), r.fmTotal(), r.checksum());
        System.out.printf(Locale.ROOT, "  AAL (summary 1): analytical %.6e, sample %.6e +- %.3e%n",
                r.aal()[1], r.aal()[Aal.RESULT_COLS + 1], r.aal()[Aal.RESULT_COLS + 4]);
        System.out.println("  results in " + o.out().toAbsolutePath());
        if (engine.equals("kiln")) {
            System.out.println("  kiln.stats: " + statsLine(Kiln.create().stats())); // process-wide counters
        }
    }

    /**
     * What ran the kernels: {@code kiln} when the classes were rewritten (the build's {@code rewrite} goal, or the
     * agent) and Kiln is not disabled, else {@code java} and why.
     */
    static String engine() {
        if (!rewritten()) return "java (classes not rewritten: build with kiln-maven-plugin or run with the agent)";
        String v = System.getProperty("kiln.disable");
        if (v == null || v.isBlank()) v = System.getenv("KILN_DISABLE");
        boolean disabled = v != null && v.trim().matches("(?i)1|true|yes|on"); // as KernelLinker reads it
        return disabled ? "java (kiln.disable)" : "kiln";
    }

    /** Whether this class's kernels were rewritten: rewriting keeps each original body as {@code name$java}. */
    static boolean rewritten() {
        for (java.lang.reflect.Method m : Philox.class.getDeclaredMethods()) {
            if (m.getName().equals("damageSeeds$java")) return true;
        }
        return false;
    }

    /** The counters of {@link Kiln#stats()} on one line (without the per-key lists). */
    static String statsLine(dev.kiln.KilnStats s) {
        return String.format(Locale.ROOT, "hits=%d %s misses=%d %s compiles=%d compile=%.1f ms load=%.1f ms",
                s.hits(), s.hitsByTier(), s.misses(), s.missesByReason(), s.compiles(), s.compileNanos() / 1e6,
                s.loadNanos() / 1e6);
    }

    /** Runs the pipeline and writes the CSV files to {@code out} (if not null). */
    public Result run(SyntheticModel m, double threshold, boolean alct, Path out) {
        SyntheticModel.Sizes z = m.sizes;
        int nItems = z.items();
        int samples = z.samples();
        int cols = samples + 1;
        int nd = z.damageBins();
        int rowLen = GroundUp.SPECIAL_ROWS + samples;
        int nSum = m.summaries();
        int topFirst = m.levelStart[m.nLevels - 1];
        int periods = z.periods();

        // Scratch, allocated once: the kernels allocate nothing.
        int[] hazStart = new int[z.areaperils() + 1];
        int[] hazBin = new int[m.maxFootprintRecords()];
        float[] hazProb = new float[m.maxFootprintRecords()];
        long[] seeds = new long[m.nGroups];
        double[] rand = new double[m.nGroups * samples];
        int lanes = Math.min(LANES, nItems);
        int[] words = new int[4 * lanes];
        double[] pdf = new double[lanes * z.maxHazardRecords() * nd];
        double[] cdf = new double[lanes * nd];
        double[] stats = new double[lanes * 4];
        double[] gul = new double[nItems * rowLen];
        double[] itemLoss = new double[nItems * cols];
        double[] nodeLoss = new double[m.nodes() * cols];
        double[] in = new double[cols];
        double[] factor = new double[cols];
        double[] aggregate = new double[nSum * periods * cols];
        double[] occurrence = new double[nSum * periods * cols];

        double gulTotal = 0;
        double fmTotal = 0;
        double checksum = 0;
        try (Csv gulCsv = Csv.open(out, "gul_events.csv", "event_id,items_hit,mean_loss,sample_mean_loss");
             Csv fmCsv = Csv.open(out, "fm_events.csv", "event_id,summary_id,mean_loss,sample_mean_loss")) {
            // One method per event (not one loop body in this long method): the JIT compiles it like any small
            // method instead of on-stack-replacing the whole pipeline, which on a busy machine could still be
            // compiling when the program ends, and the JVM waits for it at exit.
            double[] totals = new double[3]; // ground-up, insured, checksum
            for (int e = 0; e < z.events(); e++) {
                event(m, threshold, e, hazStart, hazBin, hazProb, seeds, rand, words, pdf, cdf, stats, gul, itemLoss,
                        nodeLoss, in, factor, aggregate, occurrence, gulCsv, fmCsv, totals);
            }
            gulTotal = totals[0];
            fmTotal = totals[1];
            checksum = totals[2];

            // AAL per summary, from the aggregate period losses (copied: the kernel zeroes what it consumes).
            long t0 = System.nanoTime();
            int kSub = Aal.subsetCount(samples, alct);
            double[] v = new double[periods * cols];
            double[] acc = new double[Aal.accLength(kSub)];
            double[] aalRows = new double[(kSub + 1) * Aal.RESULT_COLS];
            double[] firstAal = null;
            StringBuilder aalText = new StringBuilder();
            for (int sm = 0; sm < nSum; sm++) {
                System.arraycopy(aggregate, sm * periods * cols, v, 0, periods * cols);
                Arrays.fill(acc, 0.0);
                Aal.accumulateSummary(v, periods, samples, new double[0], 0, kSub, acc);
                int rows = Aal.finish(acc, kSub, periods, samples, CONFIDENCE, aalRows);
                if (firstAal == null) firstAal = aalRows.clone();
                for (int r = 0; r < rows; r++) {
                    String type = r == 0 ? "analytical" : r == 1 ? "sample" : "subset";
                    aalText.append(sm + 1).append(',').append(type);
                    for (int c = 0; c < Aal.RESULT_COLS; c++) aalText.append(',').append(aalRows[r * Aal.RESULT_COLS + c]);
                    aalText.append('\n');
                    checksum += aalRows[r * Aal.RESULT_COLS + 1];
                }
            }
            time("aal", t0);

            // EP curves: AEP and OEP, each full uncertainty, per-sample mean and analytical mean.
            t0 = System.nanoTime();
            double[] buf = new double[periods * samples];
            double[] rp = new double[periods * samples];
            double[] val = new double[periods * samples];
            double[] tvar = new double[periods * samples];
            int[] kind = new int[2 * RETURN_PERIODS.length];
            double[] rpOut = new double[2 * RETURN_PERIODS.length];
            double[] valOut = new double[2 * RETURN_PERIODS.length];
            StringBuilder epText = new StringBuilder();
            StringBuilder eptText = new StringBuilder();
            for (int sm = 0; sm < nSum; sm++) {
                for (int ep = 0; ep < 2; ep++) {
                    double[] src = ep == 0 ? aggregate : occurrence;
                    String epName = ep == 0 ? "AEP" : "OEP";
                    for (int mode = 0; mode < 3; mode++) {
                        double maxRP = mode == 0 ? (double) periods * samples : periods;
                        double div = mode == 1 ? samples : 1.0;
                        int n = EpCurve.gather(src, sm, periods, cols, mode, buf);
                        n = EpCurve.curve(buf, 0, n, maxRP, div, rp, val, tvar);
                        for (int i = 0; i < n; i++) {
                            epText.append(sm + 1).append(',').append(epName).append(',').append(CURVE_NAMES[mode])
                                    .append(',').append(i + 1).append(',').append(rp[i]).append(',').append(val[i])
                                    .append(',').append(tvar[i]).append('\n');
                        }
                        if (n > 0) checksum += tvar[Math.min(n - 1, 9)];
                        n = EpCurve.gather(src, sm, periods, cols, mode, buf);
                        int pts = EpCurve.curveAtReturnPeriods(buf, 0, n, maxRP, div, RETURN_PERIODS,
                                RETURN_PERIODS.length, kind, rpOut, valOut);
                        for (int i = 0; i < pts; i++) {
                            eptText.append(sm + 1).append(',').append(epName).append(',').append(CURVE_NAMES[mode])
                                    .append(',').append(kind[i] == EpCurve.KIND_EP ? "EP" : "TVaR").append(',')
                                    .append(rpOut[i]).append(',').append(valOut[i]).append('\n');
                            checksum += valOut[i] * 1e-3;
                        }
                    }
                }
            }
            time("ep", t0);

            t0 = System.nanoTime();
            Csv.write(out, "aal.csv", "summary_id,type,sample_size,mean,std,standard_error,ci_half_width", aalText);
            Csv.write(out, "ep.csv", "summary_id,ep_type,curve,rank,return_period,loss,tvar", epText);
            Csv.write(out, "ept.csv", "summary_id,ep_type,curve,kind,return_period,loss", eptText);
            time("write", t0);
            return new Result(Map.copyOf(phases), gulTotal, fmTotal, firstAal, checksum);
        }
    }

    private void event(SyntheticModel m, double threshold, int e, int[] hazStart, int[] hazBin,
                       float[] hazProb, long[] seeds, double[] rand, int[] words, double[] pdf, double[] cdf,
                       double[] stats, double[] gul, double[] itemLoss, double[] nodeLoss, double[] in,
                       double[] factor, double[] aggregate, double[] occurrence, Csv gulCsv, Csv fmCsv,
                       double[] totals) {
        SyntheticModel.Sizes z = m.sizes;
        int nItems = z.items();
        int samples = z.samples();
        int cols = samples + 1;
        int nd = z.damageBins();
        int rowLen = GroundUp.SPECIAL_ROWS + samples;
        int nSum = m.summaries();
        int topFirst = m.levelStart[m.nLevels - 1];
        int periods = z.periods();
            int eventId = e + 1;
            long t0 = System.nanoTime();
            m.footprint(e, hazStart, hazBin, hazProb);
            time("footprint", t0);

            t0 = System.nanoTime();
            Philox.damageSeeds(m.groupIds, m.nGroups, eventId, BASE_SEED, seeds);
            Philox.lhsRowsParallel(seeds, m.nGroups, samples, 0, rand, words, words.length / 4);
            time("rng", t0);

            t0 = System.nanoTime();
            int hit = GroundUp.eventLossesParallel(nItems, m.itemAreaperil, m.itemVuln, m.itemGroup, m.itemTiv,
                    m.itemCoverageItems, hazStart, hazBin, hazProb, m.vuln, nd, z.intensityBins(),
                    m.aggStart, m.aggMember, m.aggWeight, m.binFrom, m.binTo, m.binMean, rand, samples,
                    threshold, cdf.length / nd, pdf, cdf, stats, gul);
            time("ground-up", t0);

            t0 = System.nanoTime();
            FinancialModule.loadItems(gul, nItems, samples, itemLoss);
            FinancialModule.computeEvent(m.nLevels, m.levelStart, m.childStart, m.child, m.itemStart, m.item, m.rule,
                    m.terms, itemLoss, nodeLoss, cols, in, factor);
            time("fm", t0);

            t0 = System.nanoTime();
            EpCurve.accumulateEvent(nodeLoss, topFirst, nSum, cols, m.occPeriod, m.occStart[e],
                    m.occStart[e + 1] - m.occStart[e], periods, aggregate, occurrence);
            time("accumulate", t0);

            t0 = System.nanoTime();
            if (hit > 0) {
                double mean = 0;
                double sampled = 0;
                for (int it = 0; it < nItems; it++) {
                    mean += gul[it * rowLen + GroundUp.ROW_MEAN];
                    for (int s = 0; s < samples; s++) sampled += gul[it * rowLen + GroundUp.SPECIAL_ROWS + s];
                }
                totals[0] += mean;
                totals[2] += sampled / samples;
                gulCsv.row(eventId, hit, mean, sampled / samples);
                for (int sm = 0; sm < nSum; sm++) {
                    int o = (topFirst + sm) * cols;
                    double sum = 0;
                    for (int s = 1; s < cols; s++) sum += nodeLoss[o + s];
                    totals[1] += nodeLoss[o];
                    totals[2] += sum / samples;
                    fmCsv.row(eventId, sm + 1, nodeLoss[o], sum / samples);
                }
            }
            time("write", t0);
    }

    /** A tiny CSV writer; a null directory discards everything. */
    static final class Csv implements AutoCloseable {
        private final BufferedWriter w;

        private Csv(BufferedWriter w) {
            this.w = w;
        }

        static Csv open(Path dir, String name, String header) {
            if (dir == null) return new Csv(null);
            try {
                Files.createDirectories(dir);
                BufferedWriter w = Files.newBufferedWriter(dir.resolve(name));
                w.write(header);
                w.write('\n');
                return new Csv(w);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void write(Path dir, String name, String header, CharSequence body) {
            try (Csv c = open(dir, name, header)) {
                if (c.w != null) c.w.append(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void row(Object... cells) {
            if (w == null) return;
            try {
                for (int i = 0; i < cells.length; i++) {
                    if (i > 0) w.write(',');
                    w.write(String.valueOf(cells[i]));
                }
                w.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            if (w == null) return;
            try {
                w.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
