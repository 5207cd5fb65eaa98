package dev.kiln.compiler.diff;

/** Kernels calling JDK methods Kiln compiles as intrinsics. One JDK method (or a tight family) per kernel. */
final class IntrinsicKernels {
    private IntrinsicKernels() {
    }

    // ---- exact Math
    static int absI(int a) { return Math.abs(a); }
    static long absL(long a) { return Math.abs(a); }
    static float absF(float a) { return Math.abs(a); }
    static double absD(double a) { return Math.abs(a); }
    static int minI(int a, int b) { return Math.min(a, b); }
    static int maxI(int a, int b) { return Math.max(a, b); }
    static long minL(long a, long b) { return Math.min(a, b); }
    static long maxL(long a, long b) { return Math.max(a, b); }
    static float minF(float a, float b) { return Math.min(a, b); }
    static float maxF(float a, float b) { return Math.max(a, b); }
    static double minD(double a, double b) { return Math.min(a, b); }
    static double maxD(double a, double b) { return Math.max(a, b); }
    static double sqrt(double a) { return Math.sqrt(a); }
    static float sqrtF(float a) { return (float) Math.sqrt(a); }
    static double floor(double a) { return Math.floor(a); }
    static double ceil(double a) { return Math.ceil(a); }
    static double rint(double a) { return Math.rint(a); }
    static long roundD(double a) { return Math.round(a); }
    static int roundF(float a) { return Math.round(a); }
    static double fmaD(double a, double b, double c) { return Math.fma(a, b, c); }
    static float fmaF(float a, float b, float c) { return Math.fma(a, b, c); }
    static double signum(double a) { return Math.signum(a); }
    static double copySign(double a, double b) { return Math.copySign(a, b); }
    static double strictSqrt(double a) { return StrictMath.sqrt(a); }

    // ---- *Exact: overflow throws ArithmeticException("integer overflow" / "long overflow")
    static int addExactI(int a, int b) { return Math.addExact(a, b); }
    static long addExactL(long a, long b) { return Math.addExact(a, b); }
    static int subtractExactI(int a, int b) { return Math.subtractExact(a, b); }
    static long subtractExactL(long a, long b) { return Math.subtractExact(a, b); }
    static int multiplyExactI(int a, int b) { return Math.multiplyExact(a, b); }
    static long multiplyExactL(long a, long b) { return Math.multiplyExact(a, b); }
    static long multiplyExactLI(long a, int b) { return Math.multiplyExact(a, b); }
    static int negateExactI(int a) { return Math.negateExact(a); }
    static long negateExactL(long a) { return Math.negateExact(a); }
    static int incrementExactI(int a) { return Math.incrementExact(a); }
    static long decrementExactL(long a) { return Math.decrementExact(a); }
    static int toIntExact(long a) { return Math.toIntExact(a); }
    static int absExactI(int a) { return Math.absExact(a); }

    /** Exact ops after other work, so the fault leaves a partly written array behind. */
    static int exactInLoop(int[] a) {
        int s = 0;
        for (int i = 0; i < a.length; i++) {
            s = Math.addExact(s, a[i]);
            a[i] = s;
        }
        return s;
    }

    // ---- floorDiv / floorMod (by zero: "/ by zero")
    static int floorDivI(int a, int b) { return Math.floorDiv(a, b); }
    static int floorModI(int a, int b) { return Math.floorMod(a, b); }
    static long floorDivL(long a, long b) { return Math.floorDiv(a, b); }
    static long floorModL(long a, long b) { return Math.floorMod(a, b); }
    static int floorModLI(long a, int b) { return Math.floorMod(a, b); }

    // ---- Integer / Long bit operations
    static int bitCountI(int a) { return Integer.bitCount(a); }
    static int bitCountL(long a) { return Long.bitCount(a); }
    static int nlzI(int a) { return Integer.numberOfLeadingZeros(a); }
    static int ntzI(int a) { return Integer.numberOfTrailingZeros(a); }
    static int nlzL(long a) { return Long.numberOfLeadingZeros(a); }
    static int ntzL(long a) { return Long.numberOfTrailingZeros(a); }
    static int rotlI(int a, int d) { return Integer.rotateLeft(a, d); }
    static int rotrI(int a, int d) { return Integer.rotateRight(a, d); }
    static long rotlL(long a, int d) { return Long.rotateLeft(a, d); }
    static long rotrL(long a, int d) { return Long.rotateRight(a, d); }
    static int reverseI(int a) { return Integer.reverse(a); }
    static long reverseL(long a) { return Long.reverse(a); }
    static int reverseBytesI(int a) { return Integer.reverseBytes(a); }
    static long reverseBytesL(long a) { return Long.reverseBytes(a); }
    static int highestOneBitI(int a) { return Integer.highestOneBit(a); }
    static long lowestOneBitL(long a) { return Long.lowestOneBit(a); }
    static int signumI(int a) { return Integer.signum(a); }
    static int signumL(long a) { return Long.signum(a); }
    static int compareI(int a, int b) { return Integer.compare(a, b); }
    static int compareL(long a, long b) { return Long.compare(a, b); }
    static int compareUnsignedI(int a, int b) { return Integer.compareUnsigned(a, b); }
    static int divideUnsignedI(int a, int b) { return Integer.divideUnsigned(a, b); }
    static int remainderUnsignedI(int a, int b) { return Integer.remainderUnsigned(a, b); }
    static long divideUnsignedL(long a, long b) { return Long.divideUnsigned(a, b); }
    static long remainderUnsignedL(long a, long b) { return Long.remainderUnsigned(a, b); }

    // ---- Float / Double bits
    static long doubleToRawLongBits(double a) { return Double.doubleToRawLongBits(a); }
    /** Canonicalises NaN: every NaN gives 0x7ff8000000000000L. */
    static long doubleToLongBits(double a) { return Double.doubleToLongBits(a); }
    static double longBitsToDouble(long a) { return Double.longBitsToDouble(a); }
    static int floatToIntBits(float a) { return Float.floatToIntBits(a); }
    static int floatToRawIntBitsNonNaN(float a) { return Float.isNaN(a) ? -1 : Float.floatToRawIntBits(a); }
    static float intBitsToFloat(int a) { return Float.intBitsToFloat(a); }
    /** NaN payloads do not survive a round trip portably, but everything else must: compare the non-NaN bits. */
    static long roundTripBits(long a) {
        double d = Double.longBitsToDouble(a);
        return d != d ? 1 : Double.doubleToRawLongBits(d);
    }
    static boolean isNaND(double a) { return Double.isNaN(a); }
    static boolean isInfiniteD(double a) { return Double.isInfinite(a); }
    static boolean isFiniteD(double a) { return Double.isFinite(a); }
    static boolean isNaNF(float a) { return Float.isNaN(a); }
    static int compareD(double a, double b) { return Double.compare(a, b); }
    static int compareF(float a, float b) { return Float.compare(a, b); }

    // ---- transcendental (ulp-bounded)
    static double exp(double a) { return Math.exp(a); }
    static double log(double a) { return Math.log(a); }
    static double log10(double a) { return Math.log10(a); }
    static double sin(double a) { return Math.sin(a); }
    static double cos(double a) { return Math.cos(a); }
    static double tan(double a) { return Math.tan(a); }
    static double asin(double a) { return Math.asin(a); }
    static double acos(double a) { return Math.acos(a); }
    static double atan(double a) { return Math.atan(a); }
    static double sinh(double a) { return Math.sinh(a); }
    static double cosh(double a) { return Math.cosh(a); }
    static double tanh(double a) { return Math.tanh(a); }
    static double expm1(double a) { return Math.expm1(a); }
    static double log1p(double a) { return Math.log1p(a); }
    static double cbrt(double a) { return Math.cbrt(a); }
    static double pow(double a, double b) { return Math.pow(a, b); }
    static double atan2(double a, double b) { return Math.atan2(a, b); }
    static double hypot(double a, double b) { return Math.hypot(a, b); }
}
