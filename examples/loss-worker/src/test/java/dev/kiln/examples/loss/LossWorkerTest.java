package dev.kiln.examples.loss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossWorkerTest {
    static final SyntheticModel.Sizes TINY = new SyntheticModel.Sizes(60, 40, 50, 8, 12, 10, 6, 3, 30, 3, 2, 7);

    @Test
    void modelIsConsistent() {
        SyntheticModel m = new SyntheticModel(TINY);
        for (int r : m.rule) assertTrue(Calcrules.isKnownRule(r), "rule " + r);
        // Every node's base items are exactly the items reachable through its children.
        int nodes = m.nodes();
        assertEquals(m.item.length, m.itemStart[nodes]);
        for (int n = m.levelStart[m.nLevels - 1]; n < nodes; n++) {
            assertTrue(m.itemStart[n + 1] > m.itemStart[n]);
        }
        int covered = 0;
        for (int n = m.levelStart[m.nLevels - 1]; n < nodes; n++) covered += m.itemStart[n + 1] - m.itemStart[n];
        assertEquals(TINY.items(), covered, "the summaries partition the items");
        int[] hs = new int[TINY.areaperils() + 1];
        int[] hb = new int[m.maxFootprintRecords()];
        float[] hp = new float[m.maxFootprintRecords()];
        for (int e = 0; e < TINY.events(); e++) {
            int n = m.footprint(e, hs, hb, hp);
            assertEquals(n, hs[TINY.areaperils()]);
            for (int k = 0; k < n; k++) assertTrue(hb[k] >= 1 && hb[k] <= TINY.intensityBins());
        }
    }

    @Test
    void backAllocatedItemsAddUpToTheSummaries() {
        // Run the per-event kernels directly and check the allocation invariant on every event.
        SyntheticModel m = new SyntheticModel(TINY);
        int s = TINY.samples();
        int cols = s + 1;
        int[] hs = new int[TINY.areaperils() + 1];
        int[] hb = new int[m.maxFootprintRecords()];
        float[] hp = new float[m.maxFootprintRecords()];
        long[] seeds = new long[m.nGroups];
        double[] rand = new double[m.nGroups * s];
        double[] gul = new double[TINY.items() * (GroundUp.SPECIAL_ROWS + s)];
        double[] itemLoss = new double[TINY.items() * cols];
        double[] nodeLoss = new double[m.nodes() * cols];
        int checked = 0;
        for (int e = 0; e < TINY.events(); e++) {
            m.footprint(e, hs, hb, hp);
            Philox.damageSeeds(m.groupIds, m.nGroups, e + 1, 0, seeds);
            Philox.lhsRows(seeds, m.nGroups, s, 0, rand, new int[4]);
            int hit = GroundUp.eventLosses(TINY.items(), m.itemAreaperil, m.itemVuln, m.itemGroup, m.itemTiv,
                    m.itemCoverageItems, hs, hb, hp, m.vuln, TINY.damageBins(), TINY.intensityBins(), m.aggStart,
                    m.aggMember, m.aggWeight, m.binFrom, m.binTo, m.binMean, rand, s, 0.0,
                    new double[TINY.maxHazardRecords() * TINY.damageBins()], new double[TINY.damageBins()],
                    new double[4], gul);
            FinancialModule.loadItems(gul, TINY.items(), s, itemLoss);
            for (int it = 0; it < TINY.items(); it++) {
                for (int c = 0; c < cols; c++) {
                    double x = itemLoss[it * cols + c];
                    assertTrue(x >= 0 && x <= m.itemTiv[it] * 1.0000001, "ground-up within TIV");
                }
            }
            FinancialModule.computeEvent(m.nLevels, m.levelStart, m.childStart, m.child, m.itemStart, m.item, m.rule,
                    m.terms, itemLoss, nodeLoss, cols, new double[cols], new double[cols]);
            for (int n = m.levelStart[m.nLevels - 1]; n < m.nodes(); n++) {
                for (int c = 0; c < cols; c++) {
                    double sum = 0;
                    for (int q = m.itemStart[n]; q < m.itemStart[n + 1]; q++) sum += itemLoss[m.item[q] * cols + c];
                    assertEquals(nodeLoss[n * cols + c], sum, 1e-6 * (1 + Math.abs(sum)));
                }
            }
            if (hit > 0) checked++;
        }
        assertTrue(checked > TINY.events() / 4, "enough events with hazard: " + checked);
    }

    @Test
    void runsEndToEndDeterministically(@TempDir Path dir) throws Exception {
        SyntheticModel m = new SyntheticModel(TINY);
        LossWorker.Result a = new LossWorker().run(m, 0.0, true, dir);
        LossWorker.Result b = new LossWorker().run(new SyntheticModel(TINY), 0.0, true, null);
        assertEquals(a.checksum(), b.checksum());
        assertTrue(a.gulTotal() > 0 && a.fmTotal() > 0);
        for (String f : new String[]{"gul_events.csv", "fm_events.csv", "aal.csv", "ep.csv", "ept.csv"}) {
            assertTrue(Files.lines(dir.resolve(f)).count() > 1, f);
        }
        // Analytical and sampled AAL agree to within a few standard errors.
        double[] aal = a.aal();
        double se = aal[Aal.RESULT_COLS + 3];
        assertEquals(aal[1], aal[Aal.RESULT_COLS + 1], 5 * se + 1e-9);
    }

    @Test
    void optionsParse() {
        LossWorker.Options o = LossWorker.Options.parse(new String[]{"--out", "x", "--events", "5", "--no-alct"});
        assertEquals(Path.of("x"), o.out());
        assertEquals(5, o.sizes().events());
        assertTrue(!o.alct());
        // The engine is no longer an option: -Dkiln.disable=true runs the Java bodies.
        assertThrows(IllegalArgumentException.class, () -> LossWorker.Options.parse(new String[]{"--engine", "kiln"}));
    }
}
