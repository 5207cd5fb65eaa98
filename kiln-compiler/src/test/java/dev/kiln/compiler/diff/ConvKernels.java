package dev.kiln.compiler.diff;

/** Every primitive conversion bytecode, and conversions through narrow types. */
final class ConvKernels {
    private ConvKernels() {
    }

    static long i2l(int a) { return a; }
    static float i2f(int a) { return a; }
    static double i2d(int a) { return a; }
    static int l2i(long a) { return (int) a; }
    static float l2f(long a) { return a; }
    static double l2d(long a) { return a; }
    static int f2i(float a) { return (int) a; }
    static long f2l(float a) { return (long) a; }
    static double f2d(float a) { return a; }
    static int d2i(double a) { return (int) a; }
    static long d2l(double a) { return (long) a; }
    static float d2f(double a) { return (float) a; }
    static byte i2b(int a) { return (byte) a; }
    static char i2c(int a) { return (char) a; }
    static short i2s(int a) { return (short) a; }
    static int i2bWiden(int a) { return (byte) a; }
    static int i2cWiden(int a) { return (char) a; }
    static int i2sWiden(int a) { return (short) a; }

    static int byteParam(byte b) { return b * 3 + (b >>> 1); }
    static int shortParam(short s) { return s * 3 + (s >>> 1); }
    static int charParam(char c) { return c * 3 + (c >>> 1) - c; }
    static byte byteRoundTrip(byte b) { return (byte) (b + 1); }
    static short shortRoundTrip(short s) { return (short) (s * 2); }
    static char charRoundTrip(char c) { return (char) (c + 1); }
    static char charFromByte(byte b) { return (char) b; }
    static short shortFromChar(char c) { return (short) c; }
    static byte byteFromChar(char c) { return (byte) c; }

    static byte d2b(double d) { return (byte) d; }
    static char d2c(double d) { return (char) d; }
    static short f2s(float f) { return (short) f; }
    static float l2fViaInt(long a) { return (float) (int) a; }
    static double f2dBack(float f) { return (double) f * 2.0 - f; }
    static float d2fBack(double d) { return (float) d * 3.0f; }
    static long charToLong(char c) { return c; }
    static double charToDouble(char c) { return c; }

    /** Conversions at the saturation edges, all in one: sums of independent results. */
    static long saturations(double d, float f) {
        return (long) d + (int) d + (long) f + (int) f + (long) (float) d + (int) (double) f;
    }
}
