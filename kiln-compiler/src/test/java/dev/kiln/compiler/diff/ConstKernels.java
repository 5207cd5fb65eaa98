package dev.kiln.compiler.diff;

/** static final constants of each type (javac inlines them: iconst, bipush, sipush, ldc, ldc2_w, fconst, dconst). */
final class ConstKernels {
    private ConstKernels() {
    }

    static final boolean FLAG = true;
    static final byte B = -128;
    static final short S = -32768;
    static final char C = '\uffff';
    static final int I = 0x7fff_ffff;
    static final int I_MIN = Integer.MIN_VALUE;
    static final long L = Long.MIN_VALUE;
    static final long L_BIG = 0x1234_5678_9abc_def0L;
    static final float F = 3.4028235e38f;
    static final float F_SUB = Float.MIN_VALUE;
    static final float F_NEG_ZERO = -0.0f;
    static final double D = Double.MAX_VALUE;
    static final double D_NAN = Double.NaN;
    static final double D_INF = Double.NEGATIVE_INFINITY;
    static final double D_SUB = 4.9e-324;
    static final double D_NEG_ZERO = -0.0;

    static boolean flag() { return FLAG; }
    static byte b() { return B; }
    static short s() { return S; }
    static char c() { return C; }
    static int i() { return I; }
    static int iMin() { return I_MIN; }
    static long l() { return L; }
    static long lBig() { return L_BIG; }
    static float f() { return F; }
    static float fSub() { return F_SUB; }
    static float fNegZero() { return F_NEG_ZERO; }
    static double d() { return D; }
    static double dNaN() { return D_NAN; }
    static double dInf() { return D_INF; }
    static double dSub() { return D_SUB; }
    static double dNegZero() { return D_NEG_ZERO; }

    /** Every small-constant encoding boundary. */
    static long encodings(int x) {
        long s = x * -1 + x * 0 + x * 5 + x * 6 + x * 127 + x * 128 + x * -128 + x * -129 + x * 32767 + x * 32768
                + x * -32768 + x * -32769 + x * 65536;
        s += x * 0L + x * 1L + x * 2L + 0x1_0000_0000L;
        float f = x * 0.0f + x * 1.0f + x * 2.0f + x * 3.0f;
        double d = x * 0.0 + x * 1.0 + x * 2.0 + x * -0.0;
        return s + (long) f + (long) d;
    }

    static double useConstants(double x) {
        return x * D_SUB + (FLAG ? F_NEG_ZERO : 1) - B * S + C + (x > D ? D_INF : x) + L_BIG % 1000;
    }
}
