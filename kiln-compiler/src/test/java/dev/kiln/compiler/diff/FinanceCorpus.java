package dev.kiln.compiler.diff;

/** Corpus (issue 9): financial and root-finding kernels with argument checks and convergence errors. */
final class FinanceCorpus {
    private FinanceCorpus() {
    }

    /** Net present value of cash flows at t = 0, 1, 2, ... */
    static double npv(double rate, double[] cashFlows) {
        if (!(rate > -1)) throw new IllegalArgumentException("rate must be greater than -1: " + rate);
        double discount = 1;
        double total = 0;
        for (double cf : cashFlows) {
            total += cf / discount;
            discount *= 1 + rate;
        }
        return total;
    }

    /** A root of x^3 - 2x - 5 in [a, b] by bisection. */
    static double bisect(double a, double b, double tol, int maxIter) {
        double fa = f(a);
        double fb = f(b);
        if (fa * fb > 0) {
            throw new IllegalArgumentException("function values at the interval endpoints do not have different signs, endpoints: ["
                    + a + ", " + b + "], values: [" + fa + ", " + fb + "]");
        }
        for (int i = 0; i < maxIter; i++) {
            double m = 0.5 * (a + b);
            double fm = f(m);
            if (fm == 0 || b - a < tol) return m;
            if (fa * fm < 0) {
                b = m;
            } else {
                a = m;
                fa = fm;
            }
        }
        throw new NoConvergenceError("maximal count (" + maxIter + ") exceeded");
    }

    private static double f(double x) {
        return (x * x - 2) * x - 5;
    }

    /** Level-payment amortisation: writes the interest part of each payment; returns the payment. */
    static double amortize(double principal, double ratePerPeriod, int periods, double[] interest) {
        if (periods <= 0) throw new IllegalArgumentException("periods must be positive: " + periods);
        if (interest.length < periods) {
            throw new IndexOutOfBoundsException("schedule holds " + interest.length + " periods, need " + periods);
        }
        if (ratePerPeriod < 0) throw new IllegalArgumentException("negative rate " + ratePerPeriod);
        double growth = 1;
        for (int i = 0; i < periods; i++) growth *= 1 + ratePerPeriod;
        double payment = ratePerPeriod == 0 ? principal / periods : principal * ratePerPeriod * growth / (growth - 1);
        double balance = principal;
        for (int i = 0; i < periods; i++) {
            double in = balance * ratePerPeriod;
            interest[i] = in;
            balance -= payment - in;
        }
        return payment;
    }

    /** Parses decimal digits; anything else is rejected with the offending character. */
    static long parseDigits(char[] s) {
        if (s.length == 0) throw new NumberFormatException("empty digit string");
        if (s.length > 18) throw new NumberFormatException("too many digits: " + s.length);
        long v = 0;
        for (int i = 0; i < s.length; i++) {
            char c = s[i];
            if (c < '0' || c > '9') throw new NumberFormatException("invalid digit '" + c + "' at " + i);
            v = v * 10 + (c - '0');
        }
        assert v >= 0;
        return v;
    }

    static float clamp(float x, float lo, float hi) {
        if (lo > hi) throw new IllegalArgumentException(lo + " > " + hi);
        return Math.max(lo, Math.min(hi, x));
    }
}

class NoConvergenceError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NoConvergenceError(String message) {
        super(message);
    }
}
