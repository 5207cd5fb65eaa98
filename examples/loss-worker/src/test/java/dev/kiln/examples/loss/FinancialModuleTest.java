package dev.kiln.examples.loss;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FinancialModuleTest {

    @Test
    void loadItemsTakesTheMeanRowAndSamples() {
        int s = 2;
        double[] gul = {1, 2, 3, 4, 10, 11, 12, /* item 1 */ 5, 6, 7, 8, 20, 21, 22};
        double[] loss = new double[2 * (s + 1)];
        FinancialModule.loadItems(gul, 2, s, loss);
        assertArrayEquals(new double[]{10, 11, 12, 20, 21, 22}, loss);
    }

    @Test
    void twoLevelsWithProRataBackAllocation() {
        // Items 0, 1 at location node 0 (rule 1: D 100, L 1000); item 2 at location node 1 (rule 14: L 500);
        // policy node 2 over both (rule 2: A 100, L 500, share 0.5). Column 1 has no loss at all.
        int cols = 2;
        double[] itemLoss = {100, 0, 300, 0, 600, 0};
        int[] levelStart = {0, 2, 3};
        int[] childStart = {0, 2, 3, 5};
        int[] child = {0, 1, 2, 0, 1};
        int[] itemStart = {0, 2, 3, 6};
        int[] item = {0, 1, 2, 0, 1, 2};
        int[] rule = {1, 14, 2};
        double[] terms = new double[3 * Calcrules.TERMS];
        terms[Calcrules.T_DED] = 100;
        terms[Calcrules.T_LIM] = 1000;
        terms[Calcrules.TERMS + Calcrules.T_LIM] = 500;
        terms[2 * Calcrules.TERMS + Calcrules.T_ATT] = 100;
        terms[2 * Calcrules.TERMS + Calcrules.T_LIM] = 500;
        terms[2 * Calcrules.TERMS + Calcrules.T_SHARE1] = 0.5;
        double[] nodeLoss = new double[3 * cols];
        FinancialModule.computeEvent(2, levelStart, childStart, child, itemStart, item, rule, terms, itemLoss,
                nodeLoss, cols, new double[cols], new double[cols]);
        // Node 0: 400 -> 300; node 1: 600 -> 500; node 2: 800 -> limit 500 * 0.5 = 250.
        assertArrayEquals(new double[]{300, 0, 500, 0, 250, 0}, nodeLoss, 1e-12);
        // Items: 100*0.75*0.3125, 300*0.75*0.3125, 600*(5/6)*0.3125.
        assertArrayEquals(new double[]{23.4375, 0, 70.3125, 0, 156.25, 0}, itemLoss, 1e-12);
    }

    @Test
    void aggregateChildrenOfItemsAndNodes() {
        double[] itemLoss = {1, 2, 3, 4, 5, 6};
        double[] nodeLoss = {10, 20, 30, 40};
        double[] in = new double[2];
        FinancialModule.aggregateChildren(0, true, new int[]{0, 2}, new int[]{0, 2}, itemLoss, nodeLoss, 2, in);
        assertArrayEquals(new double[]{6, 8}, in);
        FinancialModule.aggregateChildren(0, false, new int[]{0, 2}, new int[]{0, 1}, itemLoss, nodeLoss, 2, in);
        assertArrayEquals(new double[]{40, 60}, in);
    }

    @Test
    void backAllocationKeepsTheNodeTotal() {
        double[] itemLoss = {2, 6, 8};
        double[] in = {16};
        double[] out = {4};
        FinancialModule.backAllocate(0, new int[]{0, 3}, new int[]{0, 1, 2}, itemLoss, 1, in, out, 0, new double[1]);
        assertArrayEquals(new double[]{0.5, 1.5, 2}, itemLoss, 1e-15);
        assertEquals(4.0, itemLoss[0] + itemLoss[1] + itemLoss[2], 1e-15);
    }
}
