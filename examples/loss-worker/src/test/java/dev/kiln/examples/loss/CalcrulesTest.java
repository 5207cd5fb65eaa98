package dev.kiln.examples.loss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalcrulesTest {

    static double[] terms(double ded, double att, double lim, double s1, double s2, double s3) {
        double[] t = new double[Calcrules.TERMS];
        t[Calcrules.T_DED] = ded;
        t[Calcrules.T_ATT] = att;
        t[Calcrules.T_LIM] = lim;
        t[Calcrules.T_SHARE1] = s1;
        t[Calcrules.T_SHARE2] = s2;
        t[Calcrules.T_SHARE3] = s3;
        return t;
    }

    /** Hand-computed: rule, x, D, A, L, s1, s2, s3, expected. */
    @ParameterizedTest(name = "rule {0}: x={1} -> {8}")
    @CsvSource({
            // 1 and 40: deductible and limit
            "1, 5, 10, 5, 100, .5, .8, .5, 0", "1, 50, 10, 5, 100, .5, .8, .5, 40",
            "1, 110, 10, 5, 100, .5, .8, .5, 100", "1, 200, 10, 5, 100, .5, .8, .5, 100",
            "40, 50, 10, 5, 100, .5, .8, .5, 40",
            // 2: deductible, attachment, limit, share
            "2, 15, 10, 5, 100, .5, .8, .5, 0", "2, 65, 10, 5, 100, .5, .8, .5, 25",
            "2, 115, 10, 5, 100, .5, .8, .5, 50", "2, 500, 10, 5, 100, .5, .8, .5, 50",
            // 3: franchise deductible and limit
            "3, 10, 10, 5, 100, .5, .8, .5, 0", "3, 50, 10, 5, 100, .5, .8, .5, 50",
            "3, 150, 10, 5, 100, .5, .8, .5, 100",
            // 5: fractional deductible and limit
            "5, 200, .1, 0, .5, 1, 1, 1, 100", "5, 200, .6, 0, .5, 1, 1, 1, 80",
            // 12: deductible only
            "12, 8, 10, 5, 100, .5, .8, .5, 0", "12, 58, 10, 5, 100, .5, .8, .5, 48",
            // 14 and 41: limit only
            "14, 50, 10, 5, 100, .5, .8, .5, 50", "14, 150, 10, 5, 100, .5, .8, .5, 100",
            "41, 150, 10, 5, 100, .5, .8, .5, 100",
            // 15: deductible and a limit as a fraction of loss
            "15, 5, 10, 0, .8, 1, 1, 1, 0", "15, 40, 10, 0, .8, 1, 1, 1, 30", "15, 100, 10, 0, .8, 1, 1, 1, 80",
            // 16: fractional deductible
            "16, 200, .1, 0, 0, 1, 1, 1, 180",
            // 17: fractional deductible, attachment, limit, share
            "17, 20, .2, 20, 100, .5, 1, 1, 0", "17, 100, .2, 20, 100, .5, 1, 1, 30",
            "17, 200, .2, 20, 100, .5, 1, 1, 50", "17, 200, 1, 20, 100, .5, 1, 1, 0",
            // 20: reverse franchise
            "20, 8, 10, 5, 100, .5, .8, .5, 8", "20, 12, 10, 5, 100, .5, .8, .5, 0",
            // 22, 23, 24, 25: shares
            "22, 100, 10, 5, 100, .5, .8, .5, 20", "22, 300, 10, 5, 100, .5, .8, .5, 40",
            "22, 300, 10, 5, 100, 0, .8, .5, 0",
            "23, 50, 10, 5, 100, .5, .8, .5, 20", "23, 150, 10, 5, 100, .5, .8, .5, 40",
            "24, 8, 10, 5, 100, .5, .8, .5, 0", "24, 50, 10, 5, 100, .5, .8, .5, 8",
            "24, 300, 10, 5, 100, .5, .8, .5, 40", "24, 300, 10, 5, 100, 0, .8, .5, 0",
            "25, 50, 10, 5, 100, .5, .8, .5, 10",
            // 33: fractional deductible then limit
            "33, 100, .2, 0, 100, 1, 1, 1, 80", "33, 200, .2, 0, 100, 1, 1, 1, 100",
            "33, 200, 1.5, 0, 100, 1, 1, 1, 0",
            // 34: deductible, attachment, share, no limit
            "34, 15, 10, 5, 100, .5, .8, .5, 0", "34, 115, 10, 5, 100, .5, .8, .5, 50",
            // 39: franchise without limit
            "39, 10, 10, 5, 100, .5, .8, .5, 0", "39, 11, 10, 5, 100, .5, .8, .5, 11",
            // 100 and 200: pass-through and share
            "100, 50, 10, 5, 100, .5, .8, .5, 50", "200, 50, 10, 5, 100, .5, .8, .5, 25",
            // 1xx: rule xx times share1
            "101, 50, 10, 5, 100, .5, .8, .5, 20", "112, 58, 10, 5, 100, .5, .8, .5, 24",
            "114, 150, 10, 5, 100, .5, .8, .5, 50",
    })
    void baseRules(int rule, double x, double ded, double att, double lim, double s1, double s2, double s3,
                   double expected) {
        assertTrue(Calcrules.isKnownRule(rule));
        assertEquals(expected, Calcrules.apply(rule, x, terms(ded, att, lim, s1, s2, s3), 0), 1e-12);
    }

    static double[] stepTerms(double ded, double tEnd) {
        double[] t = terms(ded, 0, 100, 1, 1, 1);
        t[Calcrules.T_TRIGGER_START] = 50;
        t[Calcrules.T_TRIGGER_END] = tEnd;
        t[Calcrules.T_PAYOUT_START] = 0.8;
        t[Calcrules.T_LIMIT2] = 5;
        t[Calcrules.T_SCALE1] = 2;
        t[Calcrules.T_SCALE2] = 0.1;
        return t;
    }

    @ParameterizedTest(name = "step rule {0}: x={1} -> {4}")
    @CsvSource({
            "28, 40, 10, 500, 0",        // below the trigger
            "28, 500, 10, 500, 0",       // the trigger end is exclusive
            "28, 100, 10, 500, 150",     // pay min(80-10, 100) = 70, extra min(7, 5) = 5, times 2
            "28, 400, 10, 500, 210",     // pay 100 (limited), extra 5
            "281, 400, 10, 500, 200",    // pay 310, extra 5, total limited to 100
            "32, 100, 10, 500, 170",     // franchise met: pay 80, extra 5
            "32, 100, 200, 500, 0",      // franchise not met
            "37, 400, 10, 500, 630",     // pay 310, extra 5
            "38, 400, 10, 500, 190",     // pay min(320, 100) - 10 = 90, extra 5
            "37, 10000, 10, 0, 15990",   // trigger end 0: no upper bound
    })
    void stepRules(int rule, double x, double ded, double tEnd, double expected) {
        assertTrue(Calcrules.isStepRule(rule));
        assertEquals(expected, Calcrules.apply(rule, x, stepTerms(ded, tEnd), 0), 1e-9);
    }

    @Test
    void ruleIds() {
        assertFalse(Calcrules.isKnownRule(99));
        assertFalse(Calcrules.isKnownRule(150));
        assertFalse(Calcrules.isKnownRule(199));
        assertFalse(Calcrules.isKnownRule(0));
        assertFalse(Calcrules.isKnownRule(300));
        assertTrue(Calcrules.isKnownRule(281));
        assertTrue(Calcrules.isKnownRule(141));
        assertTrue(Double.isNaN(Calcrules.apply(99, 5, terms(0, 0, 0, 1, 1, 1), 0)));
        assertTrue(Double.isNaN(Calcrules.stepRule(12, 60, stepTerms(0, 0), 0)));
    }

    @Test
    void applyAllUsesTermsAtOffset() {
        double[] t = new double[2 * Calcrules.TERMS];
        System.arraycopy(terms(10, 5, 100, .5, .8, .5), 0, t, Calcrules.TERMS, Calcrules.TERMS);
        double[] loss = {7, 5, 50, 200, 7};
        Calcrules.applyAll(1, loss, 1, 3, t, Calcrules.TERMS);
        assertEquals(7, loss[0]);
        assertEquals(0, loss[1]);
        assertEquals(40, loss[2]);
        assertEquals(100, loss[3]);
        assertEquals(7, loss[4]);
    }
}
