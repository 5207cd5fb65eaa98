package dev.kiln.compiler.diff;

import java.text.MessageFormat;

/**
 * Cold throw paths (an {@code Object[]} of boxed arguments, an exception with its own formatting) inside methods that
 * Kiln lowers inline because they are called on a replaced object: an abstract iteration whose anonymous subclass
 * supplies the terms, as Commons Math's {@code ContinuedFraction}. Written for DiffInlinedColdPathTest.
 */
final class InlinedColdPathKernels {
    private InlinedColdPathKernels() {
    }

    static class DivergedException extends ArithmeticException {
        DivergedException(String pattern, Object... args) {
            super(MessageFormat.format(pattern, args));
        }
    }

    /** Sums terms until they are small: the loop, the checks and the throws are in the abstract class. */
    abstract static class Series {
        abstract double term(int n, double x);

        double sum(double x, double eps, int max) {
            double s = 0;
            int n = 0;
            while (true) {
                double t = term(n, x);
                if (Double.isNaN(t)) {
                    throw new DivergedException("term {0} is NaN at x = {1}", n, x);
                }
                if (Double.isInfinite(s + t)) {
                    throw new DivergedException("sum overflows at x = {0} after {1} terms", new Object[] {x, n});
                }
                s += t;
                if (Math.abs(t) <= eps * Math.abs(s)) return s;
                if (++n >= max) {
                    throw new IllegalStateException(String.valueOf(new Object[] {max}.length) + " limit "
                            + Integer.valueOf(max) + " reached at x = " + Double.valueOf(x));
                }
            }
        }
    }

    /** e^x by its series: an anonymous subclass capturing nothing. */
    static double exp(double x, int max) {
        Series s = new Series() {
            @Override
            double term(int n, double y) {
                double t = 1;
                for (int k = 1; k <= n; k++) t *= y / k;
                return t;
            }
        };
        return s.sum(x, 1e-15, max);
    }

    /** A geometric series whose ratio the anonymous class captures; NaN terms for a NaN ratio. */
    static double geometric(double ratio, double x, int max) {
        Series s = new Series() {
            @Override
            double term(int n, double y) {
                return y * Math.pow(ratio, n);
            }
        };
        return s.sum(x, 0x1p-52, max);
    }
}
