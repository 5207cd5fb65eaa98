package dev.kiln.compiler.diff;

/**
 * Value classes with a self-contained static initialiser (own constants, own objects built by pure constructors) and
 * kernels reading their static object constants. Written for DiffStaticObjectTest: every kernel returns a primitive.
 */
final class StaticObjectKernels {
    private StaticObjectKernels() {
    }

    /** A double split into a high part of 26 bits and the rest, with constants for the special values. */
    static final class Parts {
        static final Parts NAN = new Parts(Double.NaN, 0.0);
        static final Parts INF = new Parts(Double.POSITIVE_INFINITY, 0.0);
        static final Parts NEG_ZERO = new Parts(-0.0, -0.0);
        static final double EPS = Math.ulp(1.0) * 0.5; // computed by the initialiser: a pure JDK call
        static final int HIGH_MASK_BITS = 26;

        private final double whole;
        private final double high;
        private final double low;

        Parts(double x) {
            this.whole = x;
            this.high = Double.longBitsToDouble(Double.doubleToRawLongBits(x) & (-1L << HIGH_MASK_BITS + 1));
            this.low = x - high;
        }

        Parts(double high, double low) {
            this(high == 0.0 && low == 0.0 && Double.doubleToRawLongBits(high) != 0 ? -0.0 : high + low, high, low);
        }

        private Parts(double whole, double high, double low) {
            this.whole = whole;
            this.high = high;
            this.low = low;
        }

        Parts times(Parts o) {
            Parts p = new Parts(whole * o.whole);
            double err = low * o.low - (p.whole - high * o.high - low * o.high - high * o.low);
            return new Parts(p.high, p.low - err);
        }

        /** Special values come back as the shared constants, as FastMath$Split.pow does. */
        Parts square() {
            if (Double.isNaN(whole)) return NAN;
            if (Double.isInfinite(whole)) return INF;
            if (whole == 0.0) return NEG_ZERO;
            return times(this);
        }
    }

    static double squareWhole(double x) {
        return new Parts(x).square().whole;
    }

    static double squareParts(double x) {
        Parts p = new Parts(x).square();
        return p.high * 3 + p.low + Parts.EPS;
    }

    /** A constant read directly, in a loop that multiplies objects. */
    static double power(double x, int n) {
        Parts acc = new Parts(1.0);
        Parts base = new Parts(x);
        for (int k = 0; k < n; k++) acc = acc.times(base);
        return x != x ? Parts.NAN.whole + Parts.NAN.low : acc.whole + acc.low;
    }

    static double constants(int which) {
        Parts p = which == 0 ? Parts.NAN : which == 1 ? Parts.INF : which == 2 ? Parts.NEG_ZERO : new Parts(which);
        return 1.0 / p.whole + p.high - p.low;
    }

    /** A class whose initialiser only computes primitive constants with a JDK call. */
    static final class Scaled {
        static final double SCALE = Math.sqrt(2);
        final double v;

        Scaled(double v) {
            this.v = v * SCALE;
        }
    }

    static double scaled(double x) {
        return new Scaled(x).v;
    }
}
