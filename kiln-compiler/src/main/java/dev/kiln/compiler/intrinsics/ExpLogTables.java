package dev.kiln.compiler.intrinsics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The constants of Kiln's exp and log ({@link VectorMath}), computed once in {@link BigDecimal} to 50 digits, so
 * every table entry and split constant is derived here rather than typed in.
 *
 * <p>exp: {@code 2^(j/128)} for j in 0..127 as a double {@code T} and its relative remainder
 * {@code (2^(j/128) - T) / T}. log: for each of 128 intervals of the reduced argument z, a reciprocal {@code invc}
 * of at most 26 significant bits (so that {@code z * invc} splits into exact products) and {@code -ln(invc)} as a
 * multiple of 2^-42 plus a double remainder (so that adding {@code k ln2} stays exact).
 */
final class ExpLogTables {
    private ExpLogTables() {
    }

    static final int EXP_BITS = 7;
    static final int EXP_N = 1 << EXP_BITS;
    static final int LOG_BITS = 7;
    static final int LOG_N = 1 << LOG_BITS;
    /**
     * log's reduction offset: {@code x = 2^k z} with z's bits in {@code [LOG_OFF, LOG_OFF + 2^52)}, about
     * [0.684, 1.369). Half an interval below 0x3FE6000000000000 so that 1.0 lies inside interval 80, whose
     * {@code invc} is 1: near 1, {@code z - 1} is exact and so is the result's leading term.
     */
    static final long LOG_OFF = 0x3FE6000000000000L - (1L << 44);
    static final int LOG_ONE_INTERVAL = (int) ((0x3FF0000000000000L - LOG_OFF) >>> (52 - LOG_BITS));

    private static final MathContext MC = new MathContext(50, RoundingMode.HALF_EVEN);
    static final BigDecimal LN2 = atanh(BigDecimal.ONE.divide(BigDecimal.valueOf(3), MC)).multiply(BigDecimal.TWO, MC);

    /** 128 / ln 2, rounded. */
    static final double EXP_INV_LN2_N = BigDecimal.valueOf(EXP_N).divide(LN2, MC).doubleValue();
    /** ln2 / 128 as a multiple of 2^-42: its product with any |k| < 2^18 is exact. */
    static final double EXP_LN2_HI_N = multipleOf(LN2.divide(BigDecimal.valueOf(EXP_N), MC), 42);
    static final double EXP_LN2_LO_N = LN2.divide(BigDecimal.valueOf(EXP_N), MC)
            .subtract(new BigDecimal(EXP_LN2_HI_N)).doubleValue();
    /** ln 2 as a multiple of 2^-42: its product with any |k| < 2^11 is exact. */
    static final double LOG_LN2_HI = multipleOf(LN2, 42);
    static final double LOG_LN2_LO = LN2.subtract(new BigDecimal(LOG_LN2_HI)).doubleValue();

    /** Pairs {@code T_j, tail_j}: T_j = 2^(j/128) rounded, tail_j = (2^(j/128) - T_j) / T_j rounded. */
    static double[] expTable() {
        double[] t = new double[2 * EXP_N];
        for (int j = 0; j < EXP_N; j++) {
            BigDecimal exact = twoToThe(j);
            double hi = exact.doubleValue();
            t[2 * j] = hi;
            t[2 * j + 1] = exact.subtract(new BigDecimal(hi)).divide(new BigDecimal(hi), MC).doubleValue();
        }
        return t;
    }

    /** Quadruples {@code invc_i, logc_hi_i, logc_lo_i, 0} for each interval i of z. */
    static double[] logTable() {
        double[] t = new double[4 * LOG_N];
        for (int i = 0; i < LOG_N; i++) {
            double lo = Double.longBitsToDouble(LOG_OFF + ((long) i << (52 - LOG_BITS)));
            double hi = Double.longBitsToDouble(LOG_OFF + ((long) (i + 1) << (52 - LOG_BITS)));
            double invc = i == LOG_ONE_INTERVAL ? 1.0 : roundToBits(2 / (lo + hi), 26);
            BigDecimal logc = ln(new BigDecimal(invc)).negate();
            double logcHi = multipleOf(logc, 42);
            t[4 * i] = invc;
            t[4 * i + 1] = logcHi;
            t[4 * i + 2] = logc.subtract(new BigDecimal(logcHi)).doubleValue();
        }
        return t;
    }

    /** {@code v} rounded to a multiple of 2^-bits (exactly representable for the magnitudes used here). */
    private static double multipleOf(BigDecimal v, int bits) {
        BigDecimal scaled = v.multiply(new BigDecimal(java.math.BigInteger.TWO.pow(bits)));
        return scaled.setScale(0, RoundingMode.HALF_EVEN).doubleValue() / Math.scalb(1.0, bits);
    }

    /** {@code v} rounded to {@code bits} significant bits. */
    private static double roundToBits(double v, int bits) {
        int e = Math.getExponent(v);
        return Math.scalb(Math.rint(Math.scalb(v, bits - 1 - e)), e - bits + 1);
    }

    /** 2^(j/128) by Newton's method on y^128 = 2^j. */
    private static BigDecimal twoToThe(int j) {
        BigDecimal target = BigDecimal.TWO.pow(j);
        BigDecimal y = new BigDecimal(Math.pow(2, j / (double) EXP_N));
        for (int it = 0; it < 4; it++) {
            BigDecimal f = y.pow(EXP_N, MC).subtract(target, MC);
            BigDecimal d = y.pow(EXP_N - 1, MC).multiply(BigDecimal.valueOf(EXP_N), MC);
            y = y.subtract(f.divide(d, MC), MC);
        }
        return y;
    }

    /** ln v = 2 atanh((v - 1) / (v + 1)), for v near 1 (here within [0.7, 1.5]). */
    private static BigDecimal ln(BigDecimal v) {
        return atanh(v.subtract(BigDecimal.ONE).divide(v.add(BigDecimal.ONE), MC)).multiply(BigDecimal.TWO, MC);
    }

    private static BigDecimal atanh(BigDecimal z) {
        BigDecimal z2 = z.multiply(z, MC);
        BigDecimal power = z;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(55);
        for (int k = 0; power.abs().compareTo(eps) > 0; k++) {
            sum = sum.add(power.divide(BigDecimal.valueOf(2L * k + 1), MC), MC);
            power = power.multiply(z2, MC);
        }
        return sum;
    }
}
