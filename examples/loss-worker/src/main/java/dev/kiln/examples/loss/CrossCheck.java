package dev.kiln.examples.loss;

import dev.kiln.Kiln;

import java.util.Locale;

/**
 * The workload shared with {@code native/kernels.c} and {@code numba/kernels.py}: the check values, then
 * {@code rows} LHS rows of {@code samples} uniforms (seeds generate_hash(r+1, 1)), ground-up samples on one fixed
 * 10-bin CDF, a 3-level calcrule hierarchy with back-allocation (groups of 4 items, groups of 8 of those, one top
 * node), and the EP/TVaR scans over all item losses. Prints per-phase times and checksums summed in the same order
 * as the other two, so the three can be compared digit for digit.
 *
 * <pre>CrossCheck [rows] [samples] [repeats]</pre>
 *
 * The kernels run natively when the classes were rewritten (the build's {@code rewrite} goal), as Java with
 * {@code -Dkiln.disable=true}.
 */
public final class CrossCheck {
    static final int NB = 10;
    static final int[] L0_RULES = {1, 12, 14, 16, 28};
    static final int[] L1_RULES = {2, 24, 17, 101};
    static final double[] RPS = {100000, 50000, 10000, 5000, 1000, 500, 100, 50, 10, 5, 2, 1};

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        for (String line : run(rows, samples, reps)) System.out.println(line);
        if (LossWorker.engine().equals("kiln")) System.out.println("kiln.stats: " + LossWorker.statsLine(Kiln.create().stats()));
    }

    /** The printed lines: three check lines, one timing line per repeat, the checksum line. */
    public static java.util.List<String> run(int rows, int samples, int reps) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        int[] w = new int[4];
        Philox.block(10, 0, 0, 0, 0, 0, 0, w, 0);
        lines.add(String.format(Locale.ROOT, "philox4x32-10(0,0): %08x %08x %08x %08x", w[0], w[1], w[2], w[3]));
        lines.add("generate_hash(10,1) = " + Philox.damageSeed(0, 10, 1));
        double[] row = new double[7];
        Philox.lhsRow(12345, 7, row, 0, w);
        StringBuilder sb = new StringBuilder("lhs(12345, 7) =");
        for (double x : row) sb.append(' ').append(g17(x));
        lines.add(sb.toString());

        float[] from = new float[NB];
        float[] to = new float[NB];
        float[] mean = new float[NB];
        double[] rel = {0.5, 0.42, 0.61};
        int inner = NB - 2;
        for (int d = 1; d <= inner; d++) {
            from[d] = (float) (d - 1) / inner;
            to[d] = (float) d / inner;
            mean[d] = (float) (from[d] + rel[d % 3] * (to[d] - from[d]));
        }
        from[NB - 1] = to[NB - 1] = mean[NB - 1] = 1f;
        double[] cdf = new double[NB];
        double s = 0;
        for (int d = 0; d < NB; d++) {
            s += d == 0 ? 0.3 : 0.7 * (NB - d) / 45.0;
            cdf[d] = s;
        }
        double[] tiv = new double[rows];
        int[] groups = new int[rows];
        for (int r = 0; r < rows; r++) {
            tiv[r] = 1000.0 * (1 + r % 10);
            groups[r] = r + 1;
        }
        int n0 = (rows + 3) / 4;
        int n1 = (n0 + 7) / 8;
        int nodes = n0 + n1 + 1;
        int[] levelStart = {0, n0, n0 + n1, nodes};
        int[] childStart = new int[nodes + 1];
        int[] itemStart = new int[nodes + 1];
        int[] child = new int[rows + n0 + n1];
        int[] item = new int[3 * rows];
        int[] rule = new int[nodes];
        double[] terms = new double[nodes * Calcrules.TERMS];
        int nc = 0;
        int ni = 0;
        for (int n = 0; n < nodes; n++) {
            childStart[n] = nc;
            itemStart[n] = ni;
            int lo;
            int hi;
            int ilo;
            int ihi;
            if (n < n0) {
                lo = 4 * n;
                hi = Math.min(lo + 4, rows);
                ilo = lo;
                ihi = hi;
                rule[n] = L0_RULES[n % 5];
            } else if (n < n0 + n1) {
                lo = 8 * (n - n0);
                hi = Math.min(lo + 8, n0);
                ilo = 4 * lo;
                ihi = Math.min(4 * hi, rows);
                rule[n] = L1_RULES[(n - n0) % 4];
            } else {
                lo = n0;
                hi = n0 + n1;
                ilo = 0;
                ihi = rows;
                rule[n] = 100;
            }
            for (int c = lo; c < hi; c++) child[nc++] = c;
            double exposure = 0;
            for (int i = ilo; i < ihi; i++) {
                item[ni++] = i;
                exposure += tiv[i];
            }
            fillTerms(terms, n * Calcrules.TERMS, rule[n], exposure);
        }
        childStart[nodes] = nc;
        itemStart[nodes] = ni;

        int total = rows * samples;
        long[] seeds = new long[rows];
        double[] u = new double[total];
        double[] gul = new double[total];
        double[] itemLoss = new double[total];
        double[] nodeLoss = new double[nodes * samples];
        double[] in = new double[samples];
        double[] factor = new double[samples];
        double[] buf = new double[total];
        double[] rp = new double[total];
        double[] val = new double[total];
        double[] tv = new double[total];
        int[] kind = new int[2 * RPS.length];
        double[] rpo = new double[2 * RPS.length];
        double[] valo = new double[2 * RPS.length];
        int n = 0;
        int pts = 0;
        for (int rep = 0; rep < reps; rep++) {
            long t0 = System.nanoTime();
            Philox.damageSeeds(groups, rows, 1, 0, seeds);
            Philox.lhsRows(seeds, rows, samples, 0, u, w);
            long t1 = System.nanoTime();
            GroundUp.sampleRows(cdf, 0, NB, from, to, mean, tiv, u, rows, samples, gul);
            long t2 = System.nanoTime();
            System.arraycopy(gul, 0, itemLoss, 0, total);
            FinancialModule.computeEvent(3, levelStart, childStart, child, itemStart, item, rule, terms, itemLoss, nodeLoss,
                    samples, in, factor);
            long t3 = System.nanoTime();
            System.arraycopy(itemLoss, 0, buf, 0, total);
            n = EpCurve.curve(buf, 0, total, total, 1.0, rp, val, tv);
            System.arraycopy(itemLoss, 0, buf, 0, total);
            pts = EpCurve.curveAtReturnPeriods(buf, 0, total, total, 1.0, RPS, RPS.length, kind, rpo, valo);
            long t4 = System.nanoTime();
            lines.add(String.format(Locale.ROOT, "rep %d rows=%d samples=%d: lhs %.2f ms, gul %.2f ms, fm %.2f ms, "
                    + "ep %.2f ms", rep, rows, samples, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                    (t4 - t3) / 1e6));
        }
        double[] cs = new double[6];
        for (int q = 0; q < total; q++) {
            cs[0] += u[q];
            cs[1] += gul[q];
            cs[3] += itemLoss[q];
        }
        for (int c = 0; c < samples; c++) cs[2] += nodeLoss[(nodes - 1) * samples + c];
        for (int i = 0; i < n; i++) cs[4] += tv[i];
        for (int i = 0; i < pts; i++) cs[5] += valo[i];
        lines.add("checksums u=" + g17(cs[0]) + " gul=" + g17(cs[1]) + " top=" + g17(cs[2]) + " items=" + g17(cs[3])
                + " tvar=" + g17(cs[4]) + " rp=" + g17(cs[5]));
        return lines;
    }

    /** C's {@code %.17g} for values in [1e-4, 1e17): 17 significant digits, trailing zeros dropped. */
    static String g17(double x) {
        if (x == 0.0) return "0";
        return new java.math.BigDecimal(x).round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN))
                .stripTrailingZeros().toPlainString();
    }

    static void fillTerms(double[] t, int o, int rule, double e) {
        int base = rule > 100 && rule < 200 ? rule - 100 : rule;
        boolean frac = base == 5 || base == 15 || base == 16 || base == 17 || base == 33;
        double[] v = {frac ? 0.1 : 0.05 * e, 0.02 * e, 0.5 * e, 0.9, 0.8, 1.0, 0.01 * e, 0.0, 0.9, 0.02 * e, 1.0, 0.1};
        System.arraycopy(v, 0, t, o, Calcrules.TERMS);
    }
}
