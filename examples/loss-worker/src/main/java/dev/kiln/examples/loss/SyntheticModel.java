package dev.kiln.examples.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic catastrophe model and portfolio: damage bins, a vulnerability matrix with single and
 * aggregate vulnerabilities, event footprints over areaperils, an occurrence table of events in periods, and a
 * three-level policy hierarchy (location, policy, portfolio summary) using a spread of calcrules. Everything is a
 * function of the sizes and the seed.
 */
public final class SyntheticModel {

    /** Sizes and seed of a model. */
    public record Sizes(int events, int items, int periods, int samples, int damageBins, int intensityBins,
                        int vulns, int aggregates, int areaperils, int maxHazardRecords, int summaries, long seed) {
        public static Sizes small() {
            return new Sizes(1000, 500, 1000, 16, 20, 20, 30, 6, 400, 4, 2, 42);
        }
    }

    public final Sizes sizes;

    // Damage bins.
    public final float[] binFrom;
    public final float[] binTo;
    public final float[] binMean;
    // vuln[(v*D + d)*I + i]: probability of damage bin d at intensity bin i.
    public final float[] vuln;
    // Aggregate k has members [aggStart[k], aggStart[k+1]).
    public final int[] aggStart;
    public final int[] aggMember;
    public final float[] aggWeight;
    // Items.
    public final int[] itemAreaperil;
    public final int[] itemVuln;
    public final int[] itemGroup;
    public final double[] itemTiv;
    public final int[] itemCoverageItems;
    public final int nGroups;
    public final int[] groupIds;
    // Occurrence: event e (0-based; id e+1) occurs in periods occPeriod[occStart[e] .. occStart[e+1]) (1-based).
    public final int[] occStart;
    public final int[] occPeriod;
    // FM hierarchy (see FinancialModule).
    public final int nLevels;
    public final int[] levelStart;
    public final int[] childStart;
    public final int[] child;
    public final int[] itemStart;
    public final int[] item;
    public final int[] rule;
    public final double[] terms;

    public SyntheticModel(Sizes z) {
        this.sizes = z;
        SplittableRandom rnd = new SplittableRandom(z.seed());
        int nd = z.damageBins();
        int ni = z.intensityBins();

        // Bin 0 is "no damage", the last is total loss; between them equal widths on (0, 1) with means at, below
        // or above the midpoint so that both the linear and the quadratic in-bin cases occur.
        binFrom = new float[nd];
        binTo = new float[nd];
        binMean = new float[nd];
        int inner = nd - 2;
        for (int d = 1; d <= inner; d++) {
            float from = (float) (d - 1) / inner;
            float to = (float) d / inner;
            double rel = switch (d % 3) { case 0 -> 0.5; case 1 -> 0.42; default -> 0.61; };
            binFrom[d] = from;
            binTo[d] = to;
            binMean[d] = (float) (from + rel * (to - from));
        }
        binFrom[nd - 1] = 1f;
        binTo[nd - 1] = 1f;
        binMean[nd - 1] = 1f;

        // Each vulnerability: at intensity i, a chance of no damage falling with intensity and a bump of damage
        // around a centre rising with intensity; some cells are exactly zero.
        vuln = new float[z.vulns() * nd * ni];
        double[] row = new double[nd];
        for (int v = 0; v < z.vulns(); v++) {
            double fragility = 0.4 + 1.2 * rnd.nextDouble();
            double spread = 0.6 + 2.5 * rnd.nextDouble();
            for (int i = 0; i < ni; i++) {
                double level = (i + 1.0) / ni;
                double centre = Math.min(nd - 1.0, fragility * level * (nd - 1));
                double sum = 0;
                row[0] = Math.max(0.02, 1.0 - 1.5 * level * fragility);
                sum += row[0];
                for (int d = 1; d < nd; d++) {
                    double g = Math.exp(-(d - centre) * (d - centre) / (2 * spread * spread));
                    row[d] = g < 1e-3 ? 0.0 : g;
                    sum += row[d];
                }
                for (int d = 0; d < nd; d++) {
                    vuln[(v * nd + d) * ni + i] = (float) (row[d] / sum);
                }
            }
        }

        aggStart = new int[z.aggregates() + 1];
        List<Integer> members = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        for (int k = 0; k < z.aggregates(); k++) {
            aggStart[k] = members.size();
            int m = 2 + rnd.nextInt(2);
            for (int j = 0; j < m; j++) {
                members.add(rnd.nextInt(z.vulns()));
                // Now and then a zero weight (ignored) or an all-zero aggregate (unweighted mean).
                weights.add(k % 5 == 4 ? 0f : j == 1 && k % 3 == 0 ? 0f : (float) (0.1 + rnd.nextDouble()));
            }
        }
        aggStart[z.aggregates()] = members.size();
        aggMember = members.stream().mapToInt(Integer::intValue).toArray();
        aggWeight = new float[weights.size()];
        for (int j = 0; j < aggWeight.length; j++) aggWeight[j] = weights.get(j);

        // Items: locations of 1 to 3 coverages; a location's items share an areaperil and a random group.
        itemAreaperil = new int[z.items()];
        itemVuln = new int[z.items()];
        itemGroup = new int[z.items()];
        itemTiv = new double[z.items()];
        itemCoverageItems = new int[z.items()];
        List<int[]> locations = new ArrayList<>();
        int it = 0;
        while (it < z.items()) {
            int cov = Math.min(1 + rnd.nextInt(3), z.items() - it);
            int ap = rnd.nextInt(z.areaperils());
            locations.add(new int[]{it, it + cov});
            for (int c = 0; c < cov; c++, it++) {
                itemAreaperil[it] = ap;
                itemGroup[it] = locations.size() - 1;
                itemVuln[it] = z.aggregates() > 0 && rnd.nextInt(5) == 0 ? -1 - rnd.nextInt(z.aggregates())
                        : rnd.nextInt(z.vulns());
                itemTiv[it] = Math.round(50_000 + 950_000 * rnd.nextDouble());
                itemCoverageItems[it] = 1;
            }
        }
        nGroups = locations.size();
        groupIds = new int[nGroups];
        for (int g = 0; g < nGroups; g++) groupIds[g] = 1000 + 7 * g;

        // Occurrence: each period draws 0..4 events.
        List<List<Integer>> byEvent = new ArrayList<>();
        for (int e = 0; e < z.events(); e++) byEvent.add(new ArrayList<>());
        int nOcc = 0;
        for (int p = 1; p <= z.periods(); p++) {
            int k = rnd.nextInt(5);
            for (int q = 0; q < k; q++) {
                byEvent.get(rnd.nextInt(z.events())).add(p);
                nOcc++;
            }
        }
        occStart = new int[z.events() + 1];
        occPeriod = new int[nOcc];
        int o = 0;
        for (int e = 0; e < z.events(); e++) {
            occStart[e] = o;
            for (int p : byEvent.get(e)) occPeriod[o++] = p;
        }
        occStart[z.events()] = o;

        // FM: level 0 = locations, level 1 = policies of up to 8 locations, level 2 = summaries.
        nLevels = 3;
        int nLoc = locations.size();
        int nPol = (nLoc + 7) / 8;
        int nSum = Math.min(z.summaries(), nPol);
        int nNodes = nLoc + nPol + nSum;
        levelStart = new int[]{0, nLoc, nLoc + nPol, nNodes};
        rule = new int[nNodes];
        terms = new double[nNodes * Calcrules.TERMS];
        // Children per node, and base items per node (the concatenation of its children's base items).
        List<List<Integer>> children = new ArrayList<>();
        List<List<Integer>> base = new ArrayList<>();
        int[] locRules = {1, 12, 14, 16, 3, 39, 28, 37, 112, 5};
        int[] polRules = {2, 34, 24, 22, 23, 25, 17, 33, 102, 15, 281, 38, 32};
        double[] nodeTiv = new double[nNodes];
        for (int n = 0; n < nNodes; n++) {
            List<Integer> c = new ArrayList<>();
            List<Integer> b = new ArrayList<>();
            if (n < nLoc) {
                int[] loc = locations.get(n);
                for (int i = loc[0]; i < loc[1]; i++) {
                    c.add(i);
                    b.add(i);
                    nodeTiv[n] += itemTiv[i];
                }
                rule[n] = locRules[rnd.nextInt(locRules.length)];
            } else if (n < nLoc + nPol) {
                int pIdx = n - nLoc;
                for (int l = pIdx * 8; l < Math.min(nLoc, pIdx * 8 + 8); l++) c.add(l);
                rule[n] = polRules[rnd.nextInt(polRules.length)];
            } else {
                for (int pIdx = n - nLoc - nPol; pIdx < nPol; pIdx += nSum) c.add(nLoc + pIdx);
                rule[n] = 100;
            }
            if (n >= nLoc) {
                for (int k : c) {
                    b.addAll(base.get(k));
                    nodeTiv[n] += nodeTiv[k];
                }
            }
            children.add(c);
            base.add(b);
            fillTerms(rule[n], nodeTiv[n], rnd, n);
        }
        childStart = new int[nNodes + 1];
        itemStart = new int[nNodes + 1];
        for (int n = 0; n < nNodes; n++) {
            childStart[n + 1] = childStart[n] + children.get(n).size();
            itemStart[n + 1] = itemStart[n] + base.get(n).size();
        }
        child = children.stream().flatMap(List::stream).mapToInt(Integer::intValue).toArray();
        item = base.stream().flatMap(List::stream).mapToInt(Integer::intValue).toArray();
    }

    /** Plausible terms for a rule on exposure tiv: amounts scale with it; fractional rules get fractions. */
    private void fillTerms(int r, double tiv, SplittableRandom rnd, int node) {
        int t = node * Calcrules.TERMS;
        int base = r > 100 && r < 200 ? r - 100 : r;
        double ded;
        double lim;
        switch (base) {
            case 5, 15, 16, 17, 33 -> {
                ded = 0.02 + 0.1 * rnd.nextDouble();
                lim = base == 5 || base == 15 ? 0.5 + 0.4 * rnd.nextDouble() : tiv * (0.2 + 0.5 * rnd.nextDouble());
            }
            default -> {
                ded = tiv * 0.02 * rnd.nextDouble();
                lim = tiv * (0.1 + 0.6 * rnd.nextDouble());
            }
        }
        terms[t + Calcrules.T_DED] = ded;
        terms[t + Calcrules.T_ATT] = tiv * 0.01 * rnd.nextDouble();
        terms[t + Calcrules.T_LIM] = lim;
        terms[t + Calcrules.T_SHARE1] = 0.5 + 0.5 * rnd.nextDouble();
        terms[t + Calcrules.T_SHARE2] = 0.8 + 0.2 * rnd.nextDouble();
        terms[t + Calcrules.T_SHARE3] = 1.0;
        terms[t + Calcrules.T_TRIGGER_START] = tiv * 0.01 * rnd.nextDouble();
        terms[t + Calcrules.T_TRIGGER_END] = rnd.nextBoolean() ? 0.0 : tiv * (0.3 + 0.5 * rnd.nextDouble());
        terms[t + Calcrules.T_PAYOUT_START] = 0.5 + 0.5 * rnd.nextDouble();
        terms[t + Calcrules.T_LIMIT2] = tiv * 0.05;
        terms[t + Calcrules.T_SCALE1] = 1.0;
        terms[t + Calcrules.T_SCALE2] = 0.1;
    }

    /**
     * The footprint of event e (0-based) into hazStart[0..A], hazBin and hazProb: each event hits a window of
     * areaperils around a random centre with 1..maxHazardRecords intensity records each. Returns the record count.
     */
    public int footprint(int e, int[] hazStart, int[] hazBin, float[] hazProb) {
        Sizes z = sizes;
        SplittableRandom rnd = new SplittableRandom(z.seed() * 0x9E3779B97F4A7C15L + e);
        int a = z.areaperils();
        int centre = rnd.nextInt(a);
        int radius = 1 + rnd.nextInt(Math.max(1, a / 6));
        double peak = 0.3 + 0.7 * rnd.nextDouble();
        int n = 0;
        for (int ap = 0; ap < a; ap++) {
            hazStart[ap] = n;
            int dist = Math.abs(ap - centre);
            if (dist > radius) continue;
            double level = peak * (1.0 - (double) dist / (radius + 1));
            int records = 1 + rnd.nextInt(z.maxHazardRecords());
            int mid = Math.max(1, Math.min(z.intensityBins(), (int) Math.round(level * z.intensityBins())));
            float total = 0;
            for (int h = 0; h < records; h++) {
                int bin = Math.max(1, Math.min(z.intensityBins(), mid + h - records / 2));
                float p = (float) (0.2 + rnd.nextDouble());
                hazBin[n + h] = bin;
                hazProb[n + h] = p;
                total += p;
            }
            for (int h = 0; h < records; h++) hazProb[n + h] /= total;
            n += records;
        }
        hazStart[a] = n;
        return n;
    }

    public int maxFootprintRecords() {
        return sizes.areaperils() * sizes.maxHazardRecords();
    }

    public int nodes() {
        return levelStart[nLevels];
    }

    public int summaries() {
        return levelStart[nLevels] - levelStart[nLevels - 1];
    }
}
