package dev.kiln.compiler.diff;

/** tableswitch, lookupswitch, loops of every shape, early returns. */
final class ControlKernels {
    private ControlKernels() {
    }

    /** Dense: tableswitch. */
    static int dense(int k) {
        switch (k) {
            case 0: return 10;
            case 1: return 11;
            case 2: return 12;
            case 3: return 13;
            case 4: return 14;
            case 5: return 15;
            case 6: return 16;
            default: return -1;
        }
    }

    /** Dense around zero with negative keys, with fall-through. */
    static int denseNegative(int k) {
        int r = 0;
        switch (k) {
            case -3: r += 1;
            case -2: r += 10;
                break;
            case -1: r += 100;
            case 0: r += 1000;
            case 1: r += 10000;
                break;
            case 2: return 7;
            case 3: r -= 5;
                break;
            default: r = k * 2;
        }
        return r;
    }

    /** Sparse: lookupswitch, including the extremes. */
    static int sparse(int k) {
        return switch (k) {
            case Integer.MIN_VALUE -> 1;
            case -1_000_000 -> 2;
            case -1 -> 3;
            case 7 -> 4;
            case 100 -> 5;
            case 1 << 20 -> 6;
            case Integer.MAX_VALUE -> 7;
            default -> 0;
        };
    }

    /** No default: falls out of the switch. */
    static int noDefault(int k) {
        int r = 5;
        switch (k) {
            case 1 -> r = 50;
            case 1000 -> r = 500;
            default -> { }
        }
        return r;
    }

    static int onChar(char c) {
        switch (c) {
            case 'a': case 'e': case 'i': case 'o': case 'u': return 1;
            case '\uffff': return 2;
            case '0': return 3;
            default: return 0;
        }
    }

    static int onByte(byte b) {
        switch (b) {
            case -128: return 1;
            case -1: return 2;
            case 127: return 3;
            default: return b;
        }
    }

    /** A switch inside a loop, with continue and break out of the loop from inside it. */
    static int switchInLoop(int n) {
        int acc = 0;
        loop:
        for (int i = 0; i < n; i++) {
            switch (i % 5) {
                case 0: acc += i; continue;
                case 1: acc ^= i << 3; break;
                case 2: if (acc > 1_000_000) break loop; acc *= 3; break;
                case 3: acc -= 7;
                default: acc++;
            }
            acc += 1;
        }
        return acc;
    }

    static long nestedLoops(int n, int m) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                s += (long) i * j ^ (i + j);
            }
        }
        return s;
    }

    static int labeledBreak(int n) {
        int found = -1;
        outer:
        for (int i = 1; i < n; i++) {
            for (int j = 1; j < n; j++) {
                if (i * j == 391) {
                    found = i * 1000 + j;
                    break outer;
                }
                if (j > i) continue outer;
            }
        }
        return found;
    }

    static int doWhile(int n) {
        int i = 0;
        int s = 0;
        do {
            s += i * i;
            i++;
        } while (i < n);
        return s;
    }

    static int whileLoop(int x) {
        int steps = 0;
        long v = x;
        while (v != 1 && v != 0 && steps < 10_000) {
            v = (v & 1) == 0 ? v / 2 : 3 * v + 1;
            steps++;
        }
        return steps;
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    static boolean isPrime(int n) {
        if (n < 2) return false;
        if (n % 2 == 0) return n == 2;
        for (int d = 3; (long) d * d <= n; d += 2) {
            if (n % d == 0) return false;
        }
        return true;
    }

    /** Early return from inside nested loops. */
    static int firstPair(int n, int target) {
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                if (i * i + j * j == target) return i * 100 + j;
            }
        }
        return -1;
    }

    static int countDown(int n) {
        int c = 0;
        for (int i = n; i > 0; i -= 3) c += i & 7;
        return c;
    }

    static long longCounter(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) s += i * i;
        return s;
    }

    /** Loop whose counter overflows: terminates only because int arithmetic wraps. */
    static int wrappingLoop(int start) {
        int c = 0;
        for (int i = start; i > 0; i += 1 << 28) c++;
        return c;
    }

    static double floatLoop(int n) {
        float f = 0.0f;
        double d = 0.0;
        for (int i = 1; i <= n; i++) {
            f += 1.0f / i;
            d += 1.0 / ((double) i * i);
        }
        return f + d;
    }

    static int bitsByLoop(long v) {
        int c = 0;
        while (v != 0) {
            v &= v - 1;
            c++;
        }
        return c;
    }

    static int earlyReturns(int a, int b) {
        if (a == 0) return 1;
        if (b < 0) {
            if (a > 0) return 2;
            return 3;
        }
        if (a > b) return 4;
        return a < -b ? 5 : 6;
    }
}
