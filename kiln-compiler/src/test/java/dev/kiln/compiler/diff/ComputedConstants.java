package dev.kiln.compiler.diff;

/**
 * Kernels reading static finals that their class initializer computes (no ConstantValue attribute), as numeric code
 * is written: a normalisation constant, bit patterns, an epsilon, a mask sized by a system property.
 */
final class ComputedConstants {
    private ComputedConstants() {
    }

    static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    static final long POSITIVE_ZERO_BITS = Double.doubleToRawLongBits(0.0);
    static final double EPSILON = Double.longBitsToDouble((long) (1023 - 53) << 52);
    static final float HALF = Float.intBitsToFloat(0x3f000000);
    static final int MASK = (1 << Integer.getInteger("kiln.test.maskBits", 12)) - 1;
    static final boolean STRICT_ZERO = Boolean.parseBoolean("true");
    static final char SEPARATOR = "a;b".charAt(1);
    static final short LIMIT = (short) (Short.MAX_VALUE / 3);
    static final byte SHIFT = (byte) Integer.bitCount(0xF0);
    private static final double LOG_MAX = Math.log(Double.MAX_VALUE);

    static double normalPdf(double x) {
        return Math.exp(-0.5 * x * x) / SQRT_2PI;
    }

    static boolean isPositiveZero(double x) {
        return Double.doubleToRawLongBits(x) == POSITIVE_ZERO_BITS;
    }

    static boolean nearlyEqual(double a, double b) {
        return Math.abs(a - b) <= EPSILON * Math.max(Math.abs(a), Math.abs(b)) || (STRICT_ZERO && a == b);
    }

    static int bucket(int h, char c, short s, byte b) {
        return ((h & MASK) ^ (c == SEPARATOR ? LIMIT : s)) >> SHIFT ^ b;
    }

    static float halve(float x) {
        return x * HALF;
    }

    static double safeExp(double x) {
        return x > LOG_MAX ? Double.POSITIVE_INFINITY : Math.exp(x);
    }

    /** A computed constant declared in an interface, read through a class implementing it (getstatic names the class). */
    interface Scales {
        double UNIT = Double.parseDouble(System.getProperty("kiln.test.unit", "0.5"));

        static double twice(double x) {
            return 2 * x;
        }
    }

    static final class Scaled implements Scales {
        private Scaled() {
        }

        static double scaled(double x) {
            return Scales.twice(x) * Scaled.UNIT;
        }
    }
}
