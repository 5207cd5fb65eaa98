package dev.kiln.compiler.diff;

/**
 * Kernels aimed at the ways a bytecode-to-LLVM compiler typically goes wrong: LLVM's undefined behaviour (nsw/nuw
 * flags, sdiv overflow, out-of-range fptosi) leaking into Java code whose overflow is defined; constant folding;
 * operand-stack values live across branches; the dup_x forms; slots reused with other types; name mangling of
 * overloaded, same-named and oddly named callees; many arguments (passed on the stack); side effects around faults.
 */
final class TrickyKernels {
    private TrickyKernels() {
    }

    // ---- Java overflow is defined: no nsw/nuw, no folding that assumes it away
    static boolean plusOneGreater(int x) { return x + 1 > x; }
    static boolean negDiffers(int x) { return -x != x; }
    static int mulThenDiv(int x) { return x * 4 / 4; }
    static boolean shlShrSame(int x) { return (x << 1) >> 1 == x; }
    static long widenSum(int a, int b) { return (long) (a + b); }
    static long widenProduct(int a, int b) { return (long) (a * b); }
    static boolean lPlusOneGreater(long x) { return x + 1 > x; }

    static int loopPastOverflow(int start) {
        int c = 0;
        for (int i = start; i < start + 4; i++) c++;
        return c;
    }

    /** The index wraps to a negative int; computing it in 64 bits would give a different (or no) exception. */
    static int wrappedIndex(int[] a, int i) { return a[i + 1]; }
    static int wrappedIndexMul(int[] a, int i) { return a[i * 2]; }

    // ---- LLVM poison/UB on constants: division by literal zero, MIN / -1, out-of-range casts of constants
    static int divByLiteralZero(int x) { return x / 0; }
    static int remByLiteralZero(int x) { return x % 0; }
    static long lDivByLiteralZero(long x) { return x / 0L; }
    static int zeroDivZero() {
        int z = 0;
        return z / z;
    }

    static int minOverMinusOne() {
        int m = Integer.MIN_VALUE;
        int d = -1;
        return m / d + m % d;
    }

    static long lMinOverMinusOne() {
        long m = Long.MIN_VALUE;
        long d = -1;
        return m / d + m % d;
    }

    static long constantCasts() {
        double big = 3e9;
        double nan = 0.0 / 0.0;
        float huge = 1e20f;
        double neg = -1e300;
        return (int) big + (long) nan + (int) nan + (long) huge + (int) huge + (long) neg + (char) big + (short) big;
    }

    static int constantShifts() {
        int x = 1;
        int s = 33;
        long y = 1;
        return (x << s) + (int) (y << 65) + (x >>> 32) + (-1 >> 40);
    }

    static boolean selfCompare(double x) { return x != x; }
    static boolean selfCompareF(float x) { return x == x; }
    static double timesZero(double x) { return x * 0.0; }
    static double minusZeroPlus(double x) { return -0.0 + x; }
    static boolean floatRoundTrip(double d) { return (float) d == d; }

    // ---- operand stack across branches
    static int stackAcrossBranch(boolean a, int x, int y) { return x + (a ? y : -y) * (x > 0 ? 2 : 3); }
    static double stackWide(boolean a, double x, long l) { return x * (a ? 2.0 : x) + (a ? l : 2L) - (x > 0 ? l : 1); }
    static int nestedStack(int a, int b, int c) {
        return a + (b > 0 ? b + (c > 0 ? c : -c) : b - (c > 0 ? 1 : 2)) * (a < 0 ? -1 : 1);
    }

    // ---- dup_x1 / dup_x2 / dup2_x1 / dup2_x2 and pop2
    static int postIncInt(int[] a, int i) { return a[i]++; }
    static long postIncLong(long[] a, int i) { return a[i]++; }
    static double preAddDouble(double[] a, int i, double v) { return a[i] += v; }
    static int assignChain(int[] a, int[] b, int i, int v) { return a[i] = b[i] = v; }
    static long assignChainLong(long[] a, int i, long v) {
        long r;
        r = a[i] = v;
        return r + a[i];
    }
    static short postDecShort(short[] a, int i) { return a[i]--; }
    static char preIncChar(char[] a, int i) { return ++a[i]; }
    static byte compoundByte(byte[] a, int i) { return a[i] *= 3; }
    static int discardLong(long[] a, int i) {
        Tricky2.bump(a, i); // long result discarded: pop2
        Tricky2.bump(a, i);
        return (int) a[i];
    }

    // ---- locals: the same slot holding an int, a double, a long, an array in turn
    static double slotReuse(int k, int[] arr) {
        double r;
        {
            int i = k * 2;
            r = i;
        }
        {
            double d = k / 3.0;
            r += d;
        }
        {
            long l = (long) k << 40;
            r += l;
        }
        {
            int[] z = arr;
            r += z.length;
        }
        return r;
    }

    /** Two scopes' arrays in one slot: the NPE must name the variable live at that point. */
    static int scopedNames(int[] a, int[] c, int k) {
        {
            int[] first = a;
            if (k == 0) return first[0];
        }
        {
            int[] second = c;
            return second[1];
        }
    }

    /** A reassigned parameter keeps its name. */
    static int reassignedParam(int[] a, int[] c) {
        a = c;
        return a[0];
    }

    static int charLocal(char c0, int n) {
        char c = c0;
        for (int i = 0; i < n; i++) c++;
        byte b = (byte) c;
        b += 200;
        short s = (short) (b * 1000);
        s >>= 1;
        return c + b + s;
    }

    // ---- name mangling of callees
    static long overloads(int i, long l, double d) {
        return Tricky2.over(i) + Tricky2.over(l) + (long) Tricky2.over(d) + Tricky2.over(i, i);
    }

    static int sameHelperNameTwoClasses(int x) {
        return Tricky2.addOne(x) * 1000 + Tricky3.addOne(x);
    }

    static int oddNames(int x) {
        return Tricky2.$dollar$(x) + Tricky2.ünïcödé(x) + Tricky2.i32(x) + Tricky2.define(x) + Tricky2.Nested.ret(x)
                + Tricky2.Shapes.sq(x);
    }

    // ---- many arguments: beyond the registers of the C calling convention
    static double many(double d0, double d1, double d2, double d3, double d4, double d5, double d6, double d7,
                       double d8, double d9, int i0, int i1, int i2, int i3, int i4, int i5, int i6, int i7,
                       long l0, float f0, boolean z, byte b, char c, short s, int[] arr, double[] darr) {
        double r = d0 + 2 * d1 + 3 * d2 + 4 * d3 + 5 * d4 + 6 * d5 + 7 * d6 + 8 * d7 + 9 * d8 + 10 * d9;
        r += i0 + 2 * i1 + 3 * i2 + 4 * i3 + 5 * i4 + 6 * i5 + 7 * i6 + 8 * i7 + l0 * 11 + f0 * 13;
        r += (z ? 17 : 19) + b * 23 + c * 29 + s * 31 + arr[arr.length - 1] * 37 + darr[0] * 41;
        return r + Tricky2.manyCallee(d9, d8, d7, d6, d5, d4, d3, d2, d1, d0, i7, i6, i5, i4, i3, i2, i1, i0, l0, f0);
    }

    // ---- side effects around faults must match Java's order exactly
    static int writesAroundDivision(int[] a, int d) {
        a[0] = 1;
        int q = 10 / d;
        a[1] = 2;
        return q;
    }

    static int writesAroundCalleeFault(int[] a, int d) {
        a[0] = 1;
        int q = Tricky2.div(10, d);
        a[1] = q;
        return q;
    }

    static int writesAroundLoadFault(int[] a, int[] b, int i) {
        a[0] = 1;
        int v = b[i];
        a[1] = v;
        return v;
    }

    /** Loop that faults part way: sum of the elements up to and including index n (n may be past the end). */
    static long sumThrough(long[] a, int n, long[] out) {
        long s = 0;
        for (int i = 0; i <= n; i++) {
            s += a[i];
            out[0] = s;
        }
        return s;
    }

    /** Infinite loop left by return and break only. */
    static int whileTrue(int x) {
        int i = 0;
        while (true) {
            i++;
            if (x == i) return i * 3;
            if (i > 100) break;
        }
        return -1;
    }

    // ---- reductions the vectoriser may only touch without changing NaN and signed-zero results
    static double maxReduce(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : a) m = x > m ? x : m;
        return m;
    }

    static float minReduceF(float[] a) {
        float m = Float.POSITIVE_INFINITY;
        for (int i = 0; i < a.length; i++) if (a[i] <= m) m = a[i];
        return m;
    }

    static int countAbove(double[] a, double t) {
        int c = 0;
        for (double x : a) if (!(x <= t)) c++;
        return c;
    }
}
