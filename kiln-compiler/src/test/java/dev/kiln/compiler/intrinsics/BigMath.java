package dev.kiln.compiler.intrinsics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Reference values for the transcendentals, to 60 significant digits, from textbook series in {@link BigDecimal}
 * (Taylor, atanh, Machin). Slow but simple enough to trust; used to measure errors in ulps of the exact result.
 * Arguments are exact doubles; callers handle NaN, infinities and zeros (the specification's special cases).
 */
final class BigMath {
    private BigMath() {
    }

    static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);
    /** Enough digits of pi to reduce any double's sine argument with 60 digits to spare (|x| < 2^1024 ~ 1e308). */
    private static final MathContext WIDE = new MathContext(460, RoundingMode.HALF_EVEN);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    static final BigDecimal PI_WIDE = machinPi();
    static final BigDecimal PI = PI_WIDE.round(MC);
    static final BigDecimal HALF_PI = PI.divide(TWO, MC);
    static final BigDecimal LN2 = atanhSeries(BigDecimal.ONE.divide(BigDecimal.valueOf(3), MC)).multiply(TWO, MC);
    static final BigDecimal LN10 = log(BigDecimal.TEN);

    private static BigDecimal machinPi() {
        // pi = 16 atan(1/5) - 4 atan(1/239)
        return atanInverse(5).multiply(BigDecimal.valueOf(16)).subtract(atanInverse(239).multiply(BigDecimal.valueOf(4)))
                .round(WIDE);
    }

    private static BigDecimal atanInverse(int n) {
        MathContext mc = new MathContext(WIDE.getPrecision() + 10);
        BigDecimal n2 = BigDecimal.valueOf((long) n * n);
        BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(n), mc);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
        for (int k = 0; power.compareTo(eps) > 0; k++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), mc);
            sum = (k % 2 == 0) ? sum.add(term, mc) : sum.subtract(term, mc);
            power = power.divide(n2, mc);
        }
        return sum;
    }

    /** atanh(z) = z + z^3/3 + z^5/5 + ... for |z| <= 1/3. */
    private static BigDecimal atanhSeries(BigDecimal z) {
        BigDecimal z2 = z.multiply(z, MC);
        BigDecimal power = z;
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 0; k < 400; k++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), MC);
            if (term.signum() == 0 || k > 0 && term.abs().compareTo(sum.abs().movePointLeft(65)) < 0) break;
            sum = sum.add(term, MC);
            power = power.multiply(z2, MC);
        }
        return sum;
    }

    /** Natural log of a positive value: y = m * 2^e with m in [1, 2), log m = 2 atanh((m-1)/(m+1)). */
    static BigDecimal log(BigDecimal y) {
        int e = Math.getExponent(y.doubleValue());
        if (y.doubleValue() < Double.MIN_NORMAL) e = (int) Math.floor(Math.log(y.doubleValue()) / Math.log(2));
        BigDecimal m = e >= 0 ? y.divide(new BigDecimal(BigInteger.TWO.pow(e)), MC)
                : y.multiply(new BigDecimal(BigInteger.TWO.pow(-e)));
        BigDecimal z = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), MC);
        return atanhSeries(z).multiply(TWO, MC).add(LN2.multiply(BigDecimal.valueOf(e), MC), MC);
    }

    static BigDecimal exp(BigDecimal x) {
        BigDecimal k = x.divide(LN2, MC).setScale(0, RoundingMode.HALF_EVEN);
        BigDecimal r = x.subtract(LN2.multiply(k, MC), MC);
        // exp(r) = exp(r / 2^10)^(2^10), the series on a tiny argument.
        BigDecimal s = r.divide(BigDecimal.valueOf(1024), MC);
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int n = 1; n < 60; n++) {
            term = term.multiply(s, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
        }
        for (int n = 0; n < 10; n++) sum = sum.multiply(sum, MC);
        int kk = k.intValueExact();
        BigDecimal p = new BigDecimal(BigInteger.TWO.pow(Math.abs(kk)));
        return kk >= 0 ? sum.multiply(p, MC) : sum.divide(p, MC);
    }

    /** sum x^k / k! for k >= 1: exp(x) - 1 without cancellation for small x. */
    static BigDecimal expm1(BigDecimal x) {
        if (x.abs().compareTo(BigDecimal.ONE) >= 0) return exp(x).subtract(BigDecimal.ONE, MC);
        BigDecimal term = x;
        BigDecimal sum = x;
        for (int n = 2; n < 80; n++) {
            term = term.multiply(x, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
        }
        return sum;
    }

    /** sin and cos of a reduced argument |r| <= pi/4 (Taylor). */
    private static BigDecimal sinSeries(BigDecimal r) {
        BigDecimal r2 = r.multiply(r, MC);
        BigDecimal term = r;
        BigDecimal sum = r;
        for (int n = 1; n < 40; n++) {
            term = term.multiply(r2, MC).divide(BigDecimal.valueOf((2L * n) * (2L * n + 1)), MC).negate();
            sum = sum.add(term, MC);
        }
        return sum;
    }

    private static BigDecimal cosSeries(BigDecimal r) {
        BigDecimal r2 = r.multiply(r, MC);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int n = 1; n < 40; n++) {
            term = term.multiply(r2, MC).divide(BigDecimal.valueOf((2L * n - 1) * (2L * n)), MC).negate();
            sum = sum.add(term, MC);
        }
        return sum;
    }

    /** {sin x, cos x}: x - k pi/2 with pi to 460 digits, exact for every double. */
    static BigDecimal[] sinCos(BigDecimal x) {
        BigDecimal halfPi = PI_WIDE.divide(TWO, WIDE);
        BigDecimal k = x.divide(halfPi, WIDE).setScale(0, RoundingMode.HALF_EVEN);
        BigDecimal r = x.subtract(halfPi.multiply(k, WIDE), WIDE).round(MC);
        BigDecimal s = sinSeries(r);
        BigDecimal c = cosSeries(r);
        int q = k.remainder(BigDecimal.valueOf(4)).intValue();
        if (q < 0) q += 4;
        return switch (q) {
            case 0 -> new BigDecimal[] {s, c};
            case 1 -> new BigDecimal[] {c, s.negate()};
            case 2 -> new BigDecimal[] {s.negate(), c.negate()};
            default -> new BigDecimal[] {c.negate(), s};
        };
    }

    static BigDecimal atan(BigDecimal x) {
        if (x.abs().compareTo(BigDecimal.ONE) > 0) {
            BigDecimal a = HALF_PI.subtract(atan(BigDecimal.ONE.divide(x.abs(), MC)), MC);
            return x.signum() < 0 ? a.negate() : a;
        }
        // Two halvings, atan(x) = 2 atan(x / (1 + sqrt(1 + x^2))), then the series on |t| <= tan(pi/16).
        BigDecimal t = x;
        for (int n = 0; n < 2; n++) {
            t = t.divide(BigDecimal.ONE.add(BigDecimal.ONE.add(t.multiply(t, MC)).sqrt(MC)), MC);
        }
        BigDecimal t2 = t.multiply(t, MC);
        BigDecimal power = t;
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 0; k < 100; k++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), MC);
            sum = (k % 2 == 0) ? sum.add(term, MC) : sum.subtract(term, MC);
            power = power.multiply(t2, MC);
        }
        return sum.multiply(BigDecimal.valueOf(4), MC);
    }

    static BigDecimal asin(BigDecimal x) {
        int c = x.abs().compareTo(BigDecimal.ONE);
        if (c == 0) return x.signum() > 0 ? HALF_PI : HALF_PI.negate();
        return atan(x.divide(BigDecimal.ONE.subtract(x.multiply(x)).sqrt(MC), MC));
    }

    static BigDecimal atan2(BigDecimal y, BigDecimal x) {
        if (x.signum() == 0) return y.signum() > 0 ? HALF_PI : HALF_PI.negate();
        BigDecimal a = atan(y.divide(x, MC));
        if (x.signum() > 0) return a;
        return y.signum() >= 0 ? a.add(PI, MC) : a.subtract(PI, MC);
    }

    static BigDecimal sinh(BigDecimal x) {
        if (x.abs().compareTo(BigDecimal.ONE) < 0) {
            BigDecimal x2 = x.multiply(x, MC);
            BigDecimal term = x;
            BigDecimal sum = x;
            for (int n = 1; n < 40; n++) {
                term = term.multiply(x2, MC).divide(BigDecimal.valueOf((2L * n) * (2L * n + 1)), MC);
                sum = sum.add(term, MC);
            }
            return sum;
        }
        BigDecimal e = exp(x);
        return e.subtract(BigDecimal.ONE.divide(e, MC), MC).divide(TWO, MC);
    }

    static BigDecimal cosh(BigDecimal x) {
        BigDecimal e = exp(x);
        return e.add(BigDecimal.ONE.divide(e, MC), MC).divide(TWO, MC);
    }

    /** y^(1/3) by Newton from the double estimate. */
    static BigDecimal cbrt(BigDecimal x) {
        BigDecimal y = new BigDecimal(Math.cbrt(x.doubleValue()));
        BigDecimal three = BigDecimal.valueOf(3);
        for (int n = 0; n < 4; n++) {
            BigDecimal y2 = y.multiply(y, MC);
            y = y.subtract(y2.multiply(y, MC).subtract(x, MC).divide(y2.multiply(three, MC), MC), MC);
        }
        return y;
    }

    /**
     * The exact value of {@code f} at the (finite, non-zero) arguments, or null where the function is not real
     * there (Java's NaN cases).
     */
    static BigDecimal eval(String f, double a, double b) {
        BigDecimal x = new BigDecimal(a);
        return switch (f) {
            case "exp" -> exp(x);
            case "expm1" -> expm1(x);
            case "log" -> a > 0 ? log(x) : null;
            case "log10" -> a > 0 ? log(x).divide(LN10, MC) : null;
            case "log1p" -> a > -1 ? log(x.add(BigDecimal.ONE)) : null;
            case "sin" -> sinCos(x)[0];
            case "cos" -> sinCos(x)[1];
            case "tan" -> {
                BigDecimal[] sc = sinCos(x);
                yield sc[0].divide(sc[1], MC);
            }
            case "asin" -> Math.abs(a) <= 1 ? asin(x) : null;
            case "acos" -> Math.abs(a) <= 1 ? HALF_PI.subtract(asin(x), MC) : null;
            case "atan" -> atan(x);
            case "atan2" -> atan2(x, new BigDecimal(b));
            case "sinh" -> sinh(x);
            case "cosh" -> cosh(x);
            case "tanh" -> sinh(x).divide(cosh(x), MC);
            case "hypot" -> x.multiply(x).add(new BigDecimal(b).multiply(new BigDecimal(b))).sqrt(MC);
            case "cbrt" -> cbrt(x);
            case "pow" -> {
                if (a < 0 && b != Math.rint(b)) yield null;
                BigDecimal p = exp(new BigDecimal(b).multiply(log(x.abs()), MC));
                boolean odd = a < 0 && Math.abs(b) < 0x1p53 && ((long) b & 1) == 1;
                yield odd ? p.negate() : p;
            }
            default -> throw new IllegalArgumentException(f);
        };
    }

    /** |v - exact| in ulps of the exact value rounded to double (the specification's measure). */
    static double ulpError(double v, BigDecimal exact) {
        double rounded = exact.doubleValue();
        if (Double.isInfinite(rounded)) return Double.isInfinite(v) && Math.signum(v) == Math.signum(rounded) ? 0 : Double.NaN;
        if (!Double.isFinite(v)) return Double.POSITIVE_INFINITY;
        BigDecimal ulp = new BigDecimal(Math.ulp(rounded));
        return new BigDecimal(v).subtract(exact).abs().divide(ulp, MathContext.DECIMAL64).doubleValue();
    }
}
