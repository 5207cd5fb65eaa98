package dev.kiln.examples.loss;

import dev.kiln.Kernel;

/**
 * Financial-module calculation rules: the loss a policy term set pays for an input loss x.
 *
 * <p>Terms of a node are 12 doubles at {@code terms[t..t+12)}, indexed by the {@code T_*} constants.
 */
public final class Calcrules {
    private Calcrules() {
    }

    public static final int T_DED = 0;
    public static final int T_ATT = 1;
    public static final int T_LIM = 2;
    public static final int T_SHARE1 = 3;
    public static final int T_SHARE2 = 4;
    public static final int T_SHARE3 = 5;
    public static final int T_TRIGGER_START = 6;
    public static final int T_TRIGGER_END = 7;
    public static final int T_PAYOUT_START = 8;
    public static final int T_LIMIT2 = 9;
    public static final int T_SCALE1 = 10;
    public static final int T_SCALE2 = 11;
    public static final int TERMS = 12;

    /** Rule ids of the base table; 1xx (xx in the table) is rule xx times share1. */
    @Kernel
    public static boolean isBaseRule(int rule) {
        switch (rule) {
            case 1: case 2: case 3: case 5: case 12: case 14: case 15: case 16: case 17: case 20: case 22: case 23:
            case 24: case 25: case 33: case 34: case 39: case 40: case 41: case 100: case 200:
                return true;
            default:
                return false;
        }
    }

    /** Step rules: a payout only when the loss falls in [triggerStart, triggerEnd). */
    @Kernel
    public static boolean isStepRule(int rule) {
        return rule == 28 || rule == 32 || rule == 37 || rule == 38 || rule == 281;
    }

    /** Whether {@link #apply} knows {@code rule}. */
    @Kernel
    public static boolean isKnownRule(int rule) {
        if (isBaseRule(rule) || isStepRule(rule)) {
            return true;
        }
        return rule > 100 && rule < 200 && isBaseRule(rule - 100);
    }

    /** A rule of the base table. Unknown ids give NaN, which callers exclude with {@link #isKnownRule}. */
    @Kernel
    public static double baseRule(int rule, double x, double ded, double att, double lim,
                                  double s1, double s2, double s3) {
        switch (rule) {
            case 1:
            case 40:
                return x <= ded ? 0.0 : x <= ded + lim ? x - ded : lim;
            case 2:
                return x <= ded + att ? 0.0 : x <= ded + att + lim ? (x - ded - att) * s1 : lim * s1;
            case 3:
                return x <= ded ? 0.0 : x <= lim ? x : lim;
            case 5:
                return ded + lim >= 1.0 ? x * (1.0 - ded) : x * lim;
            case 12:
                return x <= ded ? 0.0 : x - ded;
            case 14:
            case 41:
                return x <= lim ? x : lim;
            case 15:
                return x <= ded ? 0.0 : x <= ded / (1.0 - lim) ? x - ded : x * lim;
            case 16:
                return x * (1.0 - ded);
            case 17:
                if (ded >= 1.0) return 0.0;
                if (x <= att / (1.0 - ded)) return 0.0;
                if (x <= (att + lim) / (1.0 - ded)) return (x * (1.0 - ded) - att) * s1;
                return lim * s1;
            case 20:
                return x <= ded ? x : 0.0;
            case 22:
                if (s1 == 0.0) return 0.0;
                return x <= lim / s1 ? x * s1 * s2 * s3 : lim * s2 * s3;
            case 23:
                return x <= lim ? x * s2 * s3 : lim * s2 * s3;
            case 24:
                if (s1 == 0.0) return 0.0;
                if (x <= att / s1) return 0.0;
                if (x <= (lim + att) / s1) return x * s1 * s2 * s3 - att * s2 * s3;
                return lim * s2 * s3;
            case 25:
                return x * s1 * s2 * s3;
            case 33:
                if (ded >= 1.0) return 0.0;
                return x <= lim / (1.0 - ded) ? x * (1.0 - ded) : lim;
            case 34:
                return x <= ded + att ? 0.0 : (x - ded - att) * s1;
            case 39:
                return x <= ded ? 0.0 : x;
            case 100:
                return x;
            case 200:
                return x * s1;
            default:
                return Double.NaN;
        }
    }

    /**
     * A step rule. The research note gives only the shape (trigger window, max(payoutStart*x - D, 0), a rule limit,
     * an extra min(pay*scale2, limit2), times scale1); the rule-specific limits are Kiln's reading:
     * <ul>
     *   <li>28: pay = min(max(ps*x - D, 0), L)</li>
     *   <li>281: pay = max(ps*x - D, 0); the limit L caps pay plus extra</li>
     *   <li>32: franchise: pay = min(ps*x, L) when x >= D, else 0</li>
     *   <li>37: pay = max(ps*x - D, 0), no limit</li>
     *   <li>38: pay = max(min(ps*x, L) - D, 0) (deductible after the limit)</li>
     * </ul>
     * A trigger end <= 0 means the step has no upper bound.
     */
    @Kernel
    public static double stepRule(int rule, double x, double[] terms, int t) {
        double ded = terms[t + T_DED];
        double lim = terms[t + T_LIM];
        double start = terms[t + T_TRIGGER_START];
        double end = terms[t + T_TRIGGER_END];
        if (x < start || (end > 0.0 && x >= end)) {
            return 0.0;
        }
        double ps = terms[t + T_PAYOUT_START];
        double pay;
        switch (rule) {
            case 28:
                pay = Math.min(Math.max(ps * x - ded, 0.0), lim);
                break;
            case 281:
                pay = Math.max(ps * x - ded, 0.0);
                break;
            case 32:
                pay = x >= ded ? Math.min(ps * x, lim) : 0.0;
                break;
            case 37:
                pay = Math.max(ps * x - ded, 0.0);
                break;
            case 38:
                pay = Math.max(Math.min(ps * x, lim) - ded, 0.0);
                break;
            default:
                return Double.NaN;
        }
        double total = pay + Math.min(pay * terms[t + T_SCALE2], terms[t + T_LIMIT2]);
        if (rule == 281) {
            total = Math.min(total, lim);
        }
        return total * terms[t + T_SCALE1];
    }

    /** The loss paid for input x by rule {@code rule} with terms at {@code terms[t..]}: the dispatch on the rule id. */
    @Kernel
    public static double apply(int rule, double x, double[] terms, int t) {
        if (isStepRule(rule)) {
            return stepRule(rule, x, terms, t);
        }
        double ded = terms[t + T_DED];
        double att = terms[t + T_ATT];
        double lim = terms[t + T_LIM];
        double s1 = terms[t + T_SHARE1];
        double s2 = terms[t + T_SHARE2];
        double s3 = terms[t + T_SHARE3];
        if (rule > 100 && rule < 200) {
            return baseRule(rule - 100, x, ded, att, lim, s1, s2, s3) * s1;
        }
        return baseRule(rule, x, ded, att, lim, s1, s2, s3);
    }

    /** {@link #apply} over n losses in place: loss[o..o+n). */
    @Kernel
    public static void applyAll(int rule, double[] loss, int o, int n, double[] terms, int t) {
        for (int s = 0; s < n; s++) {
            loss[o + s] = apply(rule, loss[o + s], terms, t);
        }
    }
}
