package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * exp, log, sin, pow, ...: Java allows any result within a documented error bound (1 ulp for most, 2 for atan2, 2.5
 * for sinh/cosh/tanh), so Kiln need not match HotSpot bit for bit. Measured against StrictMath (fdlibm) within the
 * bound, against HotSpot's Math within twice the bound; the special cases Java specifies (NaN, zeros, infinities,
 * pow's table, exact powers of ten for log10, ...) must be exact.
 */
class DiffTranscendentalTest {
    static final Diff D = Diff.forClass(DiffTranscendentalTest.class);
    static final Class<?> K = IntrinsicKernels.class;

    /**
     * A monotonic integer numbering of doubles: adjacent doubles differ by 1, -0.0 and +0.0 are adjacent, infinities
     * follow the largest finite values. The distance between two results in these steps is their distance in ulps
     * (of the smaller magnitude), which is how the bounds are checked.
     */
    static long ordinal(double d) {
        long bits = Double.doubleToRawLongBits(d);
        return bits >= 0 ? bits : -(bits & Long.MAX_VALUE) - 1;
    }

    static double steps(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.isNaN(a) && Double.isNaN(b) ? 0 : Double.POSITIVE_INFINITY;
        long oa = ordinal(a);
        long ob = ordinal(b);
        long d = oa - ob;
        // Overflow only for huge values of opposite signs: certainly out of any bound.
        if (((oa ^ ob) & (oa ^ d)) < 0) return Double.POSITIVE_INFINITY;
        return Math.abs((double) d);
    }

    static boolean isZeroOrNonFinite(double x) {
        return x == 0 || !Double.isFinite(x);
    }

    static void unary(String kernel, double bound, DoubleUnaryOperator strict, DoubleUnaryOperator math,
                      List<Double> inputs, DoublePredicate specified) throws Throwable {
        MethodHandle h = D.compiled(K, kernel);
        List<String> bad = new ArrayList<>();
        double worstStrict = 0;
        for (double x : inputs) {
            double k = (double) h.invokeExact(x);
            double s = strict.applyAsDouble(x);
            double m = math.applyAsDouble(x);
            String why = judge(k, s, m, bound, specified.test(x));
            if (!Double.isNaN(k) && !Double.isNaN(s)) worstStrict = Math.max(worstStrict, steps(k, s));
            if (why != null && bad.size() < 20) bad.add(kernel + "(" + Diff.format(x) + ") = " + Diff.format(k) + ": " + why);
        }
        assertTrue(bad.isEmpty(), String.join("\n  ", bad));
        assertTrue(worstStrict <= Math.ceil(bound), kernel + ": worst distance from StrictMath " + worstStrict);
    }

    static void binary(String kernel, double bound, DoubleBinaryOperator strict, DoubleBinaryOperator math,
                       List<double[]> inputs, BiPred specified) throws Throwable {
        MethodHandle h = D.compiled(K, kernel);
        List<String> bad = new ArrayList<>();
        for (double[] xy : inputs) {
            double k = (double) h.invokeExact(xy[0], xy[1]);
            double s = strict.applyAsDouble(xy[0], xy[1]);
            double m = math.applyAsDouble(xy[0], xy[1]);
            String why = judge(k, s, m, bound, specified.test(xy[0], xy[1]));
            if (why != null && bad.size() < 20) {
                bad.add(kernel + "(" + Diff.format(xy[0]) + ", " + Diff.format(xy[1]) + ") = " + Diff.format(k) + ": " + why);
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n  ", bad));
    }

    interface BiPred {
        boolean test(double x, double y);
    }

    /** Null if Kiln's {@code k} is acceptable given StrictMath's {@code s} and Math's {@code m}. */
    static String judge(double k, double s, double m, double bound, boolean exact) {
        if (exact) {
            if (!Diff.same(k, s)) return "special case: Java specifies " + Diff.format(s);
            if (!Diff.same(k, m)) return "special case: HotSpot gives " + Diff.format(m);
            return null;
        }
        if (Double.isNaN(s) != Double.isNaN(k)) return "StrictMath gives " + Diff.format(s);
        if (steps(k, s) > Math.ceil(bound)) return steps(k, s) + " ulps from StrictMath's " + Diff.format(s);
        if (steps(k, m) > Math.ceil(2 * bound)) return steps(k, m) + " ulps from Math's " + Diff.format(m);
        return null;
    }

    static final List<Double> SPECIALS = List.of(Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY);

    /** Edge values, the specials, and random values: uniform in [lo, hi] and log-uniform magnitudes. */
    static List<Double> inputs(double lo, double hi, long seed, double... extra) {
        List<Double> l = new ArrayList<>(Edge.DOUBLES);
        l.addAll(SPECIALS);
        for (double e : extra) l.add(e);
        Random r = new Random(seed);
        for (int i = 0; i < 400; i++) l.add(lo + (hi - lo) * r.nextDouble());
        for (int i = 0; i < 200; i++) {
            double mag = Math.pow(2, r.nextInt(2100) - 1074) * (1 + r.nextDouble());
            l.add(r.nextBoolean() ? mag : -mag);
        }
        return l;
    }

    @Test
    void ordinalSanity() {
        assertEquals(1, steps(0.0, -0.0));
        assertEquals(1, steps(Double.MAX_VALUE, Double.POSITIVE_INFINITY));
        assertEquals(3, steps(Double.MIN_VALUE, -Double.MIN_VALUE));
        assertEquals(1, steps(1.0, Math.nextUp(1.0)));
    }

    @Test
    void exp() throws Throwable {
        unary("exp", 1, StrictMath::exp, Math::exp, inputs(-746, 710, 1, 709.782712893384, -745.1332191019411,
                1e-17, 1.0), Double::isNaN);
        unary("exp", 1, StrictMath::exp, Math::exp, SPECIALS, x -> true);
    }

    @Test
    void log() throws Throwable {
        unary("log", 1, StrictMath::log, Math::log, inputs(0, 1e6, 2, 1.0, Math.E, 1 + 1e-15, -1.0),
                x -> isZeroOrNonFinite(x) || x < 0 || x == 1.0);
    }

    @Test
    void log10() throws Throwable {
        unary("log10", 1, StrictMath::log10, Math::log10, inputs(0, 1e6, 3, 10, 100, 1000, 1e22, 1e15, 1e-300),
                x -> isZeroOrNonFinite(x) || x < 0 || x == 1.0 || x == 10 || x == 100 || x == 1000 || x == 1e15
                        || x == 1e22);
    }

    @Test
    void trigonometric() throws Throwable {
        List<Double> in = inputs(-10, 10, 4, Math.PI, Math.PI / 2, 1e22, 1e300, 0x1p1023, 1e-9, 3 * Math.PI / 4);
        unary("sin", 1, StrictMath::sin, Math::sin, in, DiffTranscendentalTest::isZeroOrNonFinite);
        unary("tan", 1, StrictMath::tan, Math::tan, in, DiffTranscendentalTest::isZeroOrNonFinite);
        unary("cos", 1, StrictMath::cos, Math::cos, in, x -> Double.isNaN(x) || Double.isInfinite(x) || x == 0);
    }

    @Test
    void inverseTrigonometric() throws Throwable {
        List<Double> in = inputs(-1, 1, 5, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 1e-300);
        unary("asin", 1, StrictMath::asin, Math::asin, in, x -> isZeroOrNonFinite(x) || Math.abs(x) > 1);
        unary("acos", 1, StrictMath::acos, Math::acos, in, x -> Double.isNaN(x) || Math.abs(x) > 1 || x == 1.0);
        unary("atan", 1, StrictMath::atan, Math::atan, in, x -> Double.isNaN(x) || x == 0);
    }

    @Test
    void hyperbolic() throws Throwable {
        List<Double> in = inputs(-30, 30, 6, 710.4, -710.4, 711, 22, 1e-20);
        unary("sinh", 2.5, StrictMath::sinh, Math::sinh, in, DiffTranscendentalTest::isZeroOrNonFinite);
        unary("cosh", 2.5, StrictMath::cosh, Math::cosh, in, DiffTranscendentalTest::isZeroOrNonFinite);
        unary("tanh", 2.5, StrictMath::tanh, Math::tanh, in, DiffTranscendentalTest::isZeroOrNonFinite);
    }

    @Test
    void expm1Log1pCbrt() throws Throwable {
        unary("expm1", 1, StrictMath::expm1, Math::expm1, inputs(-40, 710, 7, 1e-10, -1e-10),
                DiffTranscendentalTest::isZeroOrNonFinite);
        unary("log1p", 1, StrictMath::log1p, Math::log1p, inputs(-1, 1e6, 8, -1.0, -2.0, 1e-10, -0.5),
                x -> isZeroOrNonFinite(x) || x <= -1);
        unary("cbrt", 1, StrictMath::cbrt, Math::cbrt, inputs(-1e6, 1e6, 9, 27, -8, 1e-310),
                DiffTranscendentalTest::isZeroOrNonFinite);
    }

    static boolean isInteger(double v) {
        return Double.isFinite(v) && v == Math.rint(v);
    }

    static boolean isOddInteger(double v) {
        return isInteger(v) && Math.abs(v) < 0x1p53 && ((long) v & 1) == 1;
    }

    /** Where Math.pow's contract names the exact result (its special-case table, and small integer powers). */
    static boolean powSpecified(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y) || y == 0 || y == 1.0) return true;
        if (Double.isInfinite(x) || Double.isInfinite(y) || x == 0) return true;
        if (x < 0 && !isInteger(y)) return true;
        // Both integers and the result representable: here, small exponents of small integers.
        return isInteger(x) && isInteger(y) && y > 0 && y <= 20 && Math.abs(x) <= 10;
    }

    @Test
    void pow() throws Throwable {
        List<Double> grid = List.of(Double.NaN, 0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 0.5, -0.5, 1.5, -1.5,
                10.0, 20.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE);
        List<double[]> in = new ArrayList<>();
        for (double x : grid) for (double y : grid) in.add(new double[] {x, y});
        Random r = new Random(10);
        for (int i = 0; i < 600; i++) {
            double x = r.nextInt(4) == 0 ? -r.nextInt(20) : r.nextDouble() * 100;
            double y = r.nextInt(3) == 0 ? r.nextInt(60) - 30 : (r.nextDouble() - 0.5) * 60;
            in.add(new double[] {x, y});
        }
        // Java's pow(1, NaN) and pow(-1, +-Infinity) are NaN where C's are 1.
        assertTrue(Double.isNaN(Math.pow(1.0, Double.NaN)) && Double.isNaN(Math.pow(-1.0, Double.POSITIVE_INFINITY)));
        binary("pow", 1, StrictMath::pow, Math::pow, in, DiffTranscendentalTest::powSpecified);
    }

    @Test
    void atan2AndHypot() throws Throwable {
        List<Double> grid = List.of(Double.NaN, 0.0, -0.0, 1.0, -1.0, 3.5, -2.0, 1e-310, 1e300, -1e300,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        List<double[]> in = new ArrayList<>();
        for (double x : grid) for (double y : grid) in.add(new double[] {x, y});
        Random r = new Random(11);
        for (int i = 0; i < 500; i++) in.add(new double[] {(r.nextDouble() - 0.5) * 200, (r.nextDouble() - 0.5) * 200});
        binary("atan2", 2, StrictMath::atan2, Math::atan2, in,
                (y, x) -> isZeroOrNonFinite(y) || isZeroOrNonFinite(x));
        binary("hypot", 1, StrictMath::hypot, Math::hypot, in,
                (x, y) -> Double.isInfinite(x) || Double.isInfinite(y) || Double.isNaN(x) || Double.isNaN(y));
    }
}
