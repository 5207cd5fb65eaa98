package dev.kiln.compiler.diff;

/**
 * fcmpl/fcmpg/dcmpl/dcmpg (javac picks the one that makes NaN fall to the "false" side of each source comparison),
 * lcmp, every if form, ?:, boolean parameters and results.
 */
final class CompareKernels {
    private CompareKernels() {
    }

    // ---- float: each comparison, and its negation (which flips NaN handling)
    static boolean fLt(float a, float b) { return a < b; }
    static boolean fLe(float a, float b) { return a <= b; }
    static boolean fGt(float a, float b) { return a > b; }
    static boolean fGe(float a, float b) { return a >= b; }
    static boolean fEq(float a, float b) { return a == b; }
    static boolean fNe(float a, float b) { return a != b; }
    static boolean fNotLt(float a, float b) { return !(a < b); }
    static boolean fNotGe(float a, float b) { return !(a >= b); }
    static boolean fNotGt(float a, float b) { return !(a > b); }
    static boolean fNotLe(float a, float b) { return !(a <= b); }

    /** All comparisons as bits of one int, through if statements (branches rather than materialised booleans). */
    static int fAll(float a, float b) {
        int r = 0;
        if (a < b) r |= 1;
        if (a <= b) r |= 2;
        if (a > b) r |= 4;
        if (a >= b) r |= 8;
        if (a == b) r |= 16;
        if (a != b) r |= 32;
        if (!(a < b)) r |= 64;
        if (!(a >= b)) r |= 128;
        if (b < a) r |= 256;
        if (!(b <= a)) r |= 512;
        if (a < 0.0f) r |= 1024;
        if (a > 0.0f) r |= 2048;
        if (a == 0.0f) r |= 4096;
        if (!(a <= 1.0f)) r |= 8192;
        return r;
    }

    // ---- double
    static boolean dLt(double a, double b) { return a < b; }
    static boolean dLe(double a, double b) { return a <= b; }
    static boolean dGt(double a, double b) { return a > b; }
    static boolean dGe(double a, double b) { return a >= b; }
    static boolean dEq(double a, double b) { return a == b; }
    static boolean dNe(double a, double b) { return a != b; }
    static boolean dNotLt(double a, double b) { return !(a < b); }
    static boolean dNotGe(double a, double b) { return !(a >= b); }
    static boolean dNotGt(double a, double b) { return !(a > b); }
    static boolean dNotLe(double a, double b) { return !(a <= b); }

    static int dAll(double a, double b) {
        int r = 0;
        if (a < b) r |= 1;
        if (a <= b) r |= 2;
        if (a > b) r |= 4;
        if (a >= b) r |= 8;
        if (a == b) r |= 16;
        if (a != b) r |= 32;
        if (!(a < b)) r |= 64;
        if (!(a >= b)) r |= 128;
        if (b < a) r |= 256;
        if (!(b <= a)) r |= 512;
        if (a < 0.0) r |= 1024;
        if (a > 0.0) r |= 2048;
        if (a == 0.0) r |= 4096;
        if (!(a <= 1.0)) r |= 8192;
        return r;
    }

    /** A NaN-aware max written with comparisons: the result depends on operand order for NaN and signed zeros. */
    static double dMaxTernary(double a, double b) { return a > b ? a : b; }
    static double dMinTernary(double a, double b) { return a < b ? a : b; }
    static float fMaxTernary(float a, float b) { return a >= b ? a : b; }
    static double dClamp(double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); }

    // ---- long
    static boolean lLt(long a, long b) { return a < b; }
    static boolean lGe(long a, long b) { return a >= b; }
    static boolean lEq(long a, long b) { return a == b; }

    static int lAll(long a, long b) {
        int r = 0;
        if (a < b) r |= 1;
        if (a <= b) r |= 2;
        if (a > b) r |= 4;
        if (a >= b) r |= 8;
        if (a == b) r |= 16;
        if (a != b) r |= 32;
        if (a < 0) r |= 64;
        if (a == 0) r |= 128;
        if (a > 0L) r |= 256;
        return r;
    }

    // ---- int: if_icmp*, if* against zero
    static int iAll(int a, int b) {
        int r = 0;
        if (a < b) r |= 1;
        if (a <= b) r |= 2;
        if (a > b) r |= 4;
        if (a >= b) r |= 8;
        if (a == b) r |= 16;
        if (a != b) r |= 32;
        if (a < 0) r |= 64;
        if (a <= 0) r |= 128;
        if (a > 0) r |= 256;
        if (a >= 0) r |= 512;
        if (a == 0) r |= 1024;
        if (a != 0) r |= 2048;
        return r;
    }

    static int iTernary(int a, int b) { return a < b ? a - b : (a == b ? 0 : b - a); }
    static long lTernary(long a, long b) { return a > b ? a : b; }
    static int nestedTernary(int a) { return a < 0 ? -1 : a == 0 ? 0 : a < 100 ? 1 : a < 10000 ? 2 : 3; }

    static int unsignedLess(int a, int b) { return (a ^ Integer.MIN_VALUE) < (b ^ Integer.MIN_VALUE) ? 1 : 0; }

    // ---- boolean parameters and results, short-circuit operators
    static boolean bAnd(boolean a, boolean b) { return a && b; }
    static boolean bOr(boolean a, boolean b) { return a || b; }
    static boolean bXor(boolean a, boolean b) { return a ^ b; }
    static boolean bNot(boolean a) { return !a; }
    static boolean bBitAnd(boolean a, boolean b) { return a & b; }
    static boolean bEq(boolean a, boolean b) { return a == b; }
    static int bToInt(boolean a) { return a ? 1 : 0; }
    static boolean bFromInt(int a) { return (a & 1) != 0; }
    static boolean inRange(int x, int lo, int hi) { return x >= lo && x < hi; }
    static boolean complexCond(int a, double d, boolean f) { return (a > 3 || d < 0.5) && !(f && a % 2 == 0); }

    static char cMax(char a, char b) { return a > b ? a : b; }
    static char toUpper(char c) { return c >= 'a' && c <= 'z' ? (char) (c - 32) : c; }
}
