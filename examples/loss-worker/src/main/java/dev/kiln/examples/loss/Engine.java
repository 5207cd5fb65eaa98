package dev.kiln.examples.loss;

import dev.kiln.Kiln;

/**
 * The kernels the driver calls, each behind a small functional interface, so that the whole pipeline runs either
 * as plain Java ({@link #java()}) or through Kiln ({@link #kiln(Kiln)}) with no other change.
 */
public final class Engine {

    @FunctionalInterface
    public interface DamageSeeds {
        void run(int[] groupIds, int n, int eventId, long base, long[] seeds);
    }

    @FunctionalInterface
    public interface LhsRows {
        void run(long[] seeds, int nRows, int n, int skip, double[] out, int[] words);
    }

    @FunctionalInterface
    public interface EventLosses {
        int run(int nItems, int[] itemAreaperil, int[] itemVuln, int[] itemGroup, double[] itemTiv,
                int[] itemCoverageItems, int[] hazStart, int[] hazBin, float[] hazProb,
                float[] vuln, int nDamage, int nIntensity, int[] aggStart, int[] aggMember, float[] aggWeight,
                float[] binFrom, float[] binTo, float[] binMean, double[] rand, int samples, double threshold,
                double[] pdf, double[] cdf, double[] stats, double[] out);
    }

    @FunctionalInterface
    public interface SampleRows {
        void run(double[] p, int off, int n, float[] binFrom, float[] binTo, float[] binMean, double[] tiv,
                 double[] u, int rows, int samples, double[] out);
    }

    @FunctionalInterface
    public interface LoadItems {
        void run(double[] gul, int nItems, int samples, double[] loss);
    }

    @FunctionalInterface
    public interface ComputeEvent {
        void run(int nLevels, int[] levelStart, int[] childStart, int[] child, int[] itemStart, int[] item,
                 int[] rule, double[] terms, double[] itemLoss, double[] nodeLoss, int cols, double[] in,
                 double[] factor);
    }

    @FunctionalInterface
    public interface AccumulateEvent {
        void run(double[] nodeLoss, int first, int nSummaries, int cols, int[] occPeriod, int oo, int nOcc,
                 int periods, double[] aggregate, double[] occurrence);
    }

    @FunctionalInterface
    public interface AccumulateSummary {
        void run(double[] v, int periods, int samples, double[] weights, int nWeights, int k, double[] acc);
    }

    @FunctionalInterface
    public interface AalFinish {
        int run(double[] acc, int k, int periods, int samples, double conf, double[] out);
    }

    @FunctionalInterface
    public interface Gather {
        int run(double[] periodLoss, int summary, int periods, int cols, int mode, double[] dst);
    }

    @FunctionalInterface
    public interface Curve {
        int run(double[] loss, int off, int n, double maxRP, double div, double[] rp, double[] value, double[] tvar);
    }

    @FunctionalInterface
    public interface CurveAtReturnPeriods {
        int run(double[] loss, int off, int n, double maxRP, double div, double[] returnPeriods, int nR,
                int[] kind, double[] rp, double[] value);
    }

    public final String name;
    public final DamageSeeds damageSeeds;
    public final LhsRows lhsRows;
    public final EventLosses eventLosses;
    public final SampleRows sampleRows;
    public final LoadItems loadItems;
    public final ComputeEvent computeEvent;
    public final AccumulateEvent accumulateEvent;
    public final AccumulateSummary accumulateSummary;
    public final AalFinish aalFinish;
    public final Gather gather;
    public final Curve curve;
    public final CurveAtReturnPeriods curveAtReturnPeriods;

    private Engine(String name, DamageSeeds damageSeeds, LhsRows lhsRows, EventLosses eventLosses,
                   SampleRows sampleRows, LoadItems loadItems, ComputeEvent computeEvent, AccumulateEvent accumulateEvent,
                   AccumulateSummary accumulateSummary, AalFinish aalFinish, Gather gather, Curve curve,
                   CurveAtReturnPeriods curveAtReturnPeriods) {
        this.name = name;
        this.damageSeeds = damageSeeds;
        this.lhsRows = lhsRows;
        this.eventLosses = eventLosses;
        this.sampleRows = sampleRows;
        this.loadItems = loadItems;
        this.computeEvent = computeEvent;
        this.accumulateEvent = accumulateEvent;
        this.accumulateSummary = accumulateSummary;
        this.aalFinish = aalFinish;
        this.gather = gather;
        this.curve = curve;
        this.curveAtReturnPeriods = curveAtReturnPeriods;
    }

    /** Every kernel as plain Java on HotSpot. */
    public static Engine java() {
        return new Engine("java", Philox::damageSeeds, Philox::lhsRows, GroundUp::eventLosses, GroundUp::sampleRows,
                FinancialModule::loadItems, FinancialModule::computeEvent, EpCurve::accumulateEvent,
                Aal::accumulateSummary, Aal::finish, EpCurve::gather, EpCurve::curve, EpCurve::curveAtReturnPeriods);
    }

    /** Every kernel compiled (or loaded from the cache) by Kiln. */
    public static Engine kiln(Kiln kiln) {
        return new Engine("kiln",
                kiln.compile(Philox.class, "damageSeeds", DamageSeeds.class),
                kiln.compile(Philox.class, "lhsRows", LhsRows.class),
                kiln.compile(GroundUp.class, "eventLosses", EventLosses.class),
                kiln.compile(GroundUp.class, "sampleRows", SampleRows.class),
                kiln.compile(FinancialModule.class, "loadItems", LoadItems.class),
                kiln.compile(FinancialModule.class, "computeEvent", ComputeEvent.class),
                kiln.compile(EpCurve.class, "accumulateEvent", AccumulateEvent.class),
                kiln.compile(Aal.class, "accumulateSummary", AccumulateSummary.class),
                kiln.compile(Aal.class, "finish", AalFinish.class),
                kiln.compile(EpCurve.class, "gather", Gather.class),
                kiln.compile(EpCurve.class, "curve", Curve.class),
                kiln.compile(EpCurve.class, "curveAtReturnPeriods", CurveAtReturnPeriods.class));
    }
}
