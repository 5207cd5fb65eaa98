package dev.kiln.compiler.diff;

/** Kernels for the arithmetic bytecodes of each computational type. */
final class ArithKernels {
    private ArithKernels() {
    }

    // ---- int
    static int iadd(int a, int b) { return a + b; }
    static int isub(int a, int b) { return a - b; }
    static int imul(int a, int b) { return a * b; }
    static int idiv(int a, int b) { return a / b; }
    static int irem(int a, int b) { return a % b; }
    static int ineg(int a) { return -a; }
    static int iand(int a, int b) { return a & b; }
    static int ior(int a, int b) { return a | b; }
    static int ixor(int a, int b) { return a ^ b; }
    static int inot(int a) { return ~a; }
    static int ishl(int a, int s) { return a << s; }
    static int ishr(int a, int s) { return a >> s; }
    static int iushr(int a, int s) { return a >>> s; }
    static int ishlConst(int a) { return (a << 33) ^ (a >> 40) ^ (a >>> -1); }
    static int idivConst(int a) { return a / -1 + a / 7 + a % -1 + a % 16 + a / 16 + a / -8; }

    static int iinc(int a) {
        a++;
        a += 127;
        a -= 128;
        a += 1000;
        a -= 40000;
        a += 32767;
        return a;
    }

    static int imix(int a, int b, int c) {
        int r = a * 31 + b;
        r ^= r >>> 16;
        r = r * 0x85ebca6b + (c << 5) - (c >> 3);
        return r / (b | 1) + r % ((c & 0xff) | 1);
    }

    // ---- long
    static long ladd(long a, long b) { return a + b; }
    static long lsub(long a, long b) { return a - b; }
    static long lmul(long a, long b) { return a * b; }
    static long ldiv(long a, long b) { return a / b; }
    static long lrem(long a, long b) { return a % b; }
    static long lneg(long a) { return -a; }
    static long land(long a, long b) { return a & b; }
    static long lor(long a, long b) { return a | b; }
    static long lxor(long a, long b) { return a ^ b; }
    static long lshl(long a, int s) { return a << s; }
    static long lshr(long a, int s) { return a >> s; }
    static long lushr(long a, int s) { return a >>> s; }
    static long lshlConst(long a) { return (a << 65) ^ (a >> 64) ^ (a >>> -1) ^ (a << 32); }
    static long lshiftByLong(long a, long s) { return (a << s) + (a >>> (s + 1)); }
    static long ldivConst(long a) { return a / -1L + a / 7L + a % -1L + a % 1024L + a / 1024L; }

    static long lmix(long a, int b, long c) {
        long r = a * 0x9E3779B97F4A7C15L + b;
        r ^= r >>> 29;
        return r / (c | 1L) - (r % ((c & 0xffff) | 1L)) + ((long) b << 40);
    }

    // ---- float
    static float fadd(float a, float b) { return a + b; }
    static float fsub(float a, float b) { return a - b; }
    static float fmul(float a, float b) { return a * b; }
    static float fdiv(float a, float b) { return a / b; }
    static float frem(float a, float b) { return a % b; }
    static float fneg(float a) { return -a; }
    static float fzeroMinus(float a) { return 0.0f - a; }

    /** Must round after each operation: no contraction to fma, no float-in-double evaluation. */
    static float fmulAdd(float a, float b, float c) { return a * b + c; }

    static float fchain(float a, float b) {
        float x = a * 1.1f + b;
        x = x * x - a / (b + 0.5f);
        return x + 1e-7f * a;
    }

    // ---- double
    static double dadd(double a, double b) { return a + b; }
    static double dsub(double a, double b) { return a - b; }
    static double dmul(double a, double b) { return a * b; }
    static double ddiv(double a, double b) { return a / b; }
    static double drem(double a, double b) { return a % b; }
    static double dneg(double a) { return -a; }
    static double dzeroMinus(double a) { return 0.0 - a; }
    static double dplusZero(double a) { return a + 0.0; }
    static double dtimesOne(double a) { return a * 1.0; }
    static double dselfSub(double a) { return a - a; }
    static double dselfDiv(double a) { return a / a; }

    /** a * b + c must not become fma(a, b, c). */
    static double dmulAdd(double a, double b, double c) { return a * b + c; }

    /** Re-association would change the result: (a + b) + c. */
    static double dassoc(double a, double b, double c) { return (a + b) + c; }

    static double dchain(double a, double b) {
        double x = a * 1.1 + b;
        x = x * x - a / (b + 0.5);
        return x + 1e-17 * a - (a - b) * (a + b);
    }
}
