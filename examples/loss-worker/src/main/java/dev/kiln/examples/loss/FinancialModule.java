package dev.kiln.examples.loss;

import dev.kiln.Kernel;

/**
 * A policy hierarchy evaluated level by level, with pro-rata back-allocation to the base items (allocation rule 2).
 *
 * <p>Losses are {@code C} columns per row (column 0 the mean, then the samples). Nodes are numbered level by level:
 * level l holds nodes [levelStart[l], levelStart[l+1]). A level-0 node's children are items; a higher node's are
 * nodes of the level below, listed in {@code child[childStart[n] .. childStart[n+1])}. The base items under node n
 * are {@code item[itemStart[n] .. itemStart[n+1])}.
 */
public final class FinancialModule {
    private FinancialModule() {
    }

    /** Copies the mean row and the samples of each item's ground-up output (layout of {@link GroundUp}) into loss. */
    @Kernel
    public static void loadItems(double[] gul, int nItems, int samples, double[] loss) {
        int rowLen = GroundUp.SPECIAL_ROWS + samples;
        int cols = samples + 1;
        for (int it = 0; it < nItems; it++) {
            int src = it * rowLen + GroundUp.ROW_MEAN;
            for (int c = 0; c < cols; c++) {
                loss[it * cols + c] = gul[src + c];
            }
        }
    }

    /** in[c] = sum over the children of node n of their losses (from items or from the level below). */
    @Kernel
    public static void aggregateChildren(int node, boolean childrenAreItems, int[] childStart, int[] child,
                                         double[] itemLoss, double[] nodeLoss, int cols, double[] in) {
        for (int c = 0; c < cols; c++) {
            in[c] = 0.0;
        }
        for (int k = childStart[node]; k < childStart[node + 1]; k++) {
            int src = child[k] * cols;
            if (childrenAreItems) {
                for (int c = 0; c < cols; c++) in[c] += itemLoss[src + c];
            } else {
                for (int c = 0; c < cols; c++) in[c] += nodeLoss[src + c];
            }
        }
    }

    /**
     * Pro-rata back-allocation of one node: f[c] = out[c]/in[c] (0 when out is 0), applied to every base item of
     * the node, so that the base items again sum to the node's output.
     */
    @Kernel
    public static void backAllocate(int node, int[] itemStart, int[] item, double[] itemLoss, int cols,
                                    double[] in, double[] out, int oo, double[] factor) {
        for (int c = 0; c < cols; c++) {
            double o = out[oo + c];
            factor[c] = o != 0.0 ? o / in[c] : 0.0;
        }
        for (int k = itemStart[node]; k < itemStart[node + 1]; k++) {
            int base = item[k] * cols;
            for (int c = 0; c < cols; c++) {
                itemLoss[base + c] *= factor[c];
            }
        }
    }

    /**
     * One event through the whole hierarchy: for each node, level by level, aggregate its children, apply its
     * calcrule, and back-allocate to its base items. nodeLoss receives each node's output; itemLoss ends as the
     * back-allocated item losses. {@code in} and {@code factor} are scratch of {@code cols}.
     */
    @Kernel
    public static void computeEvent(int nLevels, int[] levelStart, int[] childStart, int[] child,
                                    int[] itemStart, int[] item, int[] rule, double[] terms,
                                    double[] itemLoss, double[] nodeLoss, int cols, double[] in, double[] factor) {
        for (int l = 0; l < nLevels; l++) {
            for (int n = levelStart[l]; n < levelStart[l + 1]; n++) {
                aggregateChildren(n, l == 0, childStart, child, itemLoss, nodeLoss, cols, in);
                int oo = n * cols;
                int t = n * Calcrules.TERMS;
                int r = rule[n];
                for (int c = 0; c < cols; c++) {
                    nodeLoss[oo + c] = Calcrules.apply(r, in[c], terms, t);
                }
                backAllocate(n, itemStart, item, itemLoss, cols, in, nodeLoss, oo, factor);
            }
        }
    }
}
