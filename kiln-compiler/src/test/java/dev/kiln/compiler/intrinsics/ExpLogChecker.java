package dev.kiln.compiler.intrinsics;

import dev.kiln.Kiln;
import dev.kiln.KilnConfig;

import java.lang.invoke.MethodHandle;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks Kiln's Math.exp and Math.log as compiled kernels run them on one target: loops over arrays (the vectorised
 * code, with its scalar remainder) and single calls. Every result must be within 1 ulp of StrictMath's (counted in
 * steps between adjacent doubles), Java's special cases exact, a sample within 1 ulp of a 60-digit {@link BigMath}
 * reference, results non-decreasing over runs of adjacent arguments (semi-monotonic), and a single call must give
 * the loop's result bit for bit. Used by {@link VectorExpLogTest} (a few million arguments) and
 * {@link VectorExpLogExhaustiveTest} (as many as asked for).
 */
final class ExpLogChecker {
    final String target;
    private final MethodHandle expAll, logAll, exp1, log1;
    long checked;
    long monotoneArgs;
    long exactSamples;
    /** Largest error against the exact value seen, for exp [0] and log [1], and where. */
    final double[] maxExactUlps = new double[2];
    final String[] worstExact = {"", ""};
    long maxStrictSteps;
    final List<String> bad = new ArrayList<>();

    ExpLogChecker(String target, Path cache) {
        this.target = target;
        Kiln kiln = Kiln.create(KilnConfig.defaults().withCachePath(List.of(cache)).withHostCpu(target));
        Class<?> k = VectorMathKernels.class;
        expAll = kiln.compile(k, "expAll");
        logAll = kiln.compile(k, "logAll");
        exp1 = kiln.compile(k, "exp1");
        log1 = kiln.compile(k, "log1");
    }

    double[] run(boolean exp, double[] x) throws Throwable {
        double[] out = new double[x.length];
        if (exp) expAll.invokeExact(x, out);
        else logAll.invokeExact(x, out);
        return out;
    }

    double single(boolean exp, double x) throws Throwable {
        return exp ? (double) exp1.invokeExact(x) : (double) log1.invokeExact(x);
    }

    private void fail(String what) {
        if (bad.size() < 30) bad.add(target + ": " + what);
    }

    /** Every result against StrictMath and Java's special cases; every 16th also as a single call. */
    void againstStrict(boolean exp, double[] x) throws Throwable {
        double[] y = run(exp, x);
        String f = exp ? "exp" : "log";
        for (int i = 0; i < x.length; i++) {
            double a = x[i];
            double s = exp ? StrictMath.exp(a) : StrictMath.log(a);
            Double special = special(exp, a);
            if (special != null) {
                if (Double.doubleToLongBits(y[i]) != Double.doubleToLongBits(special)) {
                    fail(f + "(" + a + ") = " + y[i] + ", Java specifies " + special);
                }
            } else {
                long d = steps(y[i], s);
                maxStrictSteps = Math.max(maxStrictSteps, d);
                if (d > 1) fail(f + "(" + a + ") = " + y[i] + ", StrictMath " + s + ": " + d + " steps apart");
            }
            if ((i & 15) == 0) {
                double one = single(exp, a);
                if (Double.doubleToRawLongBits(one) != Double.doubleToRawLongBits(y[i])) {
                    fail(f + "(" + a + "): a single call gives " + one + ", the loop " + y[i]);
                }
            }
        }
        checked += x.length;
    }

    /** Java's specified results: exp of NaN and infinities; log of NaN, negatives, zeros and +infinity. */
    static Double special(boolean exp, double a) {
        if (Double.isNaN(a)) return Double.NaN;
        if (exp) {
            if (a == Double.POSITIVE_INFINITY) return a;
            if (a == Double.NEGATIVE_INFINITY) return 0.0;
            return null;
        }
        if (a < 0) return Double.NaN;
        if (a == 0) return Double.NEGATIVE_INFINITY;
        if (a == Double.POSITIVE_INFINITY) return a;
        if (a == 1) return 0.0;
        return null;
    }

    /** Errors in ulps of the exact result, for finite results whose exact value is a finite double. */
    void againstExact(boolean exp, double[] x) throws Throwable {
        double[] y = run(exp, x);
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || special(exp, x[i]) != null || (!exp && x[i] <= 0)) continue;
            if (exp && Math.abs(x[i]) > 750) continue; // 0 or infinity, checked against StrictMath
            BigDecimal exact = exp ? BigMath.exp(new BigDecimal(x[i])) : BigMath.log(new BigDecimal(x[i]));
            double e = BigMath.ulpError(y[i], exact);
            if (Double.isNaN(e)) continue; // the exact result is beyond the double range
            exactSamples++;
            int f = exp ? 0 : 1;
            if (e > maxExactUlps[f]) {
                maxExactUlps[f] = e;
                worstExact[f] = (exp ? "exp(" : "log(") + x[i] + ") = " + y[i];
            }
            if (e > 1) fail((exp ? "exp(" : "log(") + x[i] + ") = " + y[i] + ": " + e + " ulps from exact");
        }
    }

    /** Results over {@code n} adjacent arguments from {@code from} upwards never decrease. */
    void monotone(boolean exp, double from, int n) throws Throwable {
        double[] x = new double[n];
        double a = from;
        for (int i = 0; i < n; i++, a = Math.nextUp(a)) x[i] = a;
        double[] y = run(exp, x);
        for (int i = 1; i < n; i++) {
            if (y[i] < y[i - 1]) {
                fail((exp ? "exp" : "log") + " not monotone: f(" + x[i - 1] + ") = " + y[i - 1] + " > f(" + x[i] + ") = " + y[i]);
            }
        }
        monotoneArgs += n;
    }

    /** Distance in adjacent doubles; -0.0 and +0.0 are adjacent, infinity follows MAX_VALUE. */
    static long steps(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.isNaN(a) && Double.isNaN(b) ? 0 : Long.MAX_VALUE;
        return Math.abs(ordinal(a) - ordinal(b));
    }

    private static long ordinal(double d) {
        long bits = Double.doubleToRawLongBits(d);
        return bits >= 0 ? bits : -(bits & Long.MAX_VALUE) - 1;
    }

    // ---------------------------------------------------------------- arguments

    static final double[] EXP_EDGES = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1, -1,
            709.782712893384, Math.nextUp(709.782712893384), Math.nextDown(709.782712893384), 709.7827128933841, 710,
            -745.1332191019411, -745.1332191019412, Math.nextDown(-745.1332191019411), -746, -708.3964185322641,
            -708.3964185322642, -708.39641853226, 0x1p-54, -0x1p-54, 0x1p-1000, Math.log(2), -Math.log(2), 1e-300,
            Double.longBitsToDouble(0x7FF0000000000001L), Double.longBitsToDouble(0xFFF8000000000123L)};
    static final double[] LOG_EDGES = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            -1, -Double.MIN_VALUE, Double.MIN_VALUE, 2 * Double.MIN_VALUE, Double.MIN_NORMAL,
            Math.nextDown(Double.MIN_NORMAL), Math.nextUp(Double.MIN_NORMAL), Double.MAX_VALUE, 1, Math.nextUp(1.0),
            Math.nextDown(1.0), Math.E, 2, 0.5, 0x1p-1074, 0x1p1023, 1 - 0x1p-9, 1 + 0x1p-8, 0.684, 1.369,
            Double.longBitsToDouble(0x7FF0000000000001L), Double.longBitsToDouble(0xFFF8000000000123L)};

    /**
     * {@code n} arguments for exp: uniform over [-746, 710], the same count spread over every binade of |x| from
     * 2^-1074 up (both signs), and the edges.
     */
    static double[] expArguments(SplittableRandom rnd, int n) {
        double[] x = new double[2 * n + EXP_EDGES.length];
        int k = 0;
        for (int i = 0; i < n; i++) x[k++] = rnd.nextDouble(-746, 710);
        for (int i = 0; i < n; i++) {
            int e = -1074 + i % 1084; // binades 2^-1074 .. 2^9
            double m = e < -1022 ? Math.scalb(1.0, e) : Math.scalb(1 + rnd.nextDouble(), e);
            x[k++] = rnd.nextBoolean() ? m : -m;
        }
        for (double d : EXP_EDGES) x[k++] = d;
        return x;
    }

    /** For log: random bit patterns of positive doubles, every binade, near 1, negatives and the edges. */
    static double[] logArguments(SplittableRandom rnd, int n) {
        double[] x = new double[3 * n + n / 8 + LOG_EDGES.length];
        int k = 0;
        for (int i = 0; i < n; i++) x[k++] = Double.longBitsToDouble(rnd.nextLong(0, 0x7FF0000000000000L));
        for (int i = 0; i < n; i++) {
            int e = -1074 + i % 2098; // every binade, subnormal ones included
            x[k++] = e < -1022 ? Math.scalb(1.0 + rnd.nextLong(1L << (e + 1074 + 1)), -1074)
                    : Math.scalb(1 + rnd.nextDouble(), e);
        }
        for (int i = 0; i < n; i++) x[k++] = 1 + Math.scalb(rnd.nextDouble(-1, 1), -rnd.nextInt(1, 60));
        for (int i = 0; i < n / 8; i++) x[k++] = -Double.longBitsToDouble(rnd.nextLong(0, 0x7FF0000000000000L));
        for (double d : LOG_EDGES) x[k++] = d;
        return x;
    }

    /**
     * Where a monotonicity failure could hide: exp where the reduction's k changes ((k + 1/2) ln2/128) and the
     * table index wraps, log at the edges of its intervals of z (and thus binade edges) in a spread of binades,
     * plus random points.
     */
    static List<Double> monotoneStarts(boolean exp, SplittableRandom rnd, int n, int run) {
        List<Double> starts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double c;
            if (exp) {
                long kk = rnd.nextLong(-137700, 131000);
                c = i % 2 == 0 ? (kk + 0.5) * Math.log(2) / 128 : rnd.nextDouble(-746, 710);
            } else {
                int e = rnd.nextInt(-1022, 1023);
                long iv = rnd.nextLong(0, 128);
                long bits = ExpLogTables.LOG_OFF + (iv << 45) + ((long) e << 52);
                c = i % 2 == 0 && bits > 0 && bits < 0x7FF0000000000000L ? Double.longBitsToDouble(bits)
                        : Double.longBitsToDouble(rnd.nextLong(0x0010000000000000L, 0x7FE0000000000000L));
            }
            double a = c;
            for (int s = 0; s < run / 2; s++) a = Math.nextDown(a);
            starts.add(a);
        }
        return starts;
    }

    String summary() {
        return String.format("%s: %d arguments against StrictMath (max %d step), %d in runs of adjacent arguments,"
                + " %d against the exact value, max error exp %.4f ulps (%s), log %.4f ulps (%s)", target, checked,
                maxStrictSteps, monotoneArgs, exactSamples, maxExactUlps[0], worstExact[0], maxExactUlps[1],
                worstExact[1]);
    }
}
