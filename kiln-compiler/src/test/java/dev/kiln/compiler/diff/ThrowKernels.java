package dev.kiln.compiler.diff;

/** The shapes of {@code throw} Kiln compiles, one per kernel (the corpus has them in context). */
final class ThrowKernels {
    private ThrowKernels() {
    }

    static int noArg(int x) {
        if (x < 0) throw new IllegalStateException();
        return x + 1;
    }

    static int constantMessage(int x) {
        if (x == 7) throw new UnsupportedOperationException("seven is not supported");
        return x * 3;
    }

    static long concatInt(int n, long acc) {
        if (n <= 0) throw new IllegalArgumentException("n must be positive: " + n);
        return acc * n;
    }

    static double concatAllTypes(int i, long l, float f, double d, char c, boolean z, byte b, short s) {
        if (i != 0) {
            throw new IllegalArgumentException("i=" + i + " l=" + l + " f=" + f + " d=" + d + " c=" + c + " z=" + z
                    + " b=" + b + " s=" + s + "!");
        }
        return l + f + d + c + b + s;
    }

    static double valueOfs(double x, int k) {
        if (Double.isNaN(x)) throw new ArithmeticException(String.valueOf(x));
        if (x < 0) throw new ArithmeticException("negative: " + Double.toString(x) + " at " + Integer.toString(k));
        if (k > 100) throw new ArithmeticException(Long.toString(k * 1_000_000_000L) + Float.toString((float) x));
        return Math.sqrt(x) + k;
    }

    static int builderChain(int lo, int hi) {
        if (lo > hi) {
            StringBuilder sb = new StringBuilder("bad range [");
            sb.append(lo).append(", ").append(hi).append(']');
            throw new IndexOutOfBoundsException(sb.toString());
        }
        return hi - lo;
    }

    static int messageInLocal(int n) {
        if (n > 1000) {
            String why = "too large: " + n + " > " + 1000;
            throw new IllegalArgumentException(why);
        }
        return n;
    }

    /** Writes part of the array, then throws: the writes before the throw stay. */
    static void fillUntilNegative(double[] out, double[] in) {
        for (int i = 0; i < in.length; i++) {
            if (in[i] < 0) throw new IllegalArgumentException("negative value " + in[i] + " at index " + i);
            out[i] = Math.sqrt(in[i]);
        }
    }

    static int guardClauseCallee(int n) {
        int bits = log2(n);
        return bits * 2 + 1;
    }

    private static int log2(int n) {
        int log = 0;
        for (int k = 1; k < n; k *= 2) log++;
        if (n != (1 << log)) throw new IllegalArgumentException("Data length is not a power of 2!: " + n);
        return log;
    }

    /** Two levels of callee; the throw comes from the innermost. */
    static int nested(int[] a, int i) {
        return middle(a, i) + 1;
    }

    private static int middle(int[] a, int i) {
        int s = a[0];
        return s + checkedIndex(a, i);
    }

    private static int checkedIndex(int[] a, int i) {
        if (i < 0 || i >= a.length) throw new IndexOutOfBoundsException("index " + i + " outside [0, " + a.length + ")");
        return a[i];
    }

    static int customException(int x) {
        if (x > 10) throw new KernelError("limit exceeded by " + (x - 10));
        if (x < -10) throw new KernelError();
        return x;
    }

    static int deepCustomException(int x) {
        if (x == 0) throw new SpecificKernelError("zero");
        return 100 / x;
    }

    static int checked(int x) throws java.io.IOException {
        if (x == 404) throw new java.io.IOException("not found: " + x);
        return x;
    }

    static int errorSubclass(int x) {
        if (x == 1) throw new InternalError("internal " + x);
        if (x == 2) throw new NumberFormatException("For input string: \"" + x + "\"");
        return x;
    }

    static int recursiveThrow(int n) {
        if (n == 0) throw new IllegalStateException("bottom reached");
        return 1 + recursiveThrow(n - 1);
    }

    static double escapes(double x, int i) {
        if (x > 1) throw new IllegalArgumentException("tab\there \"quoted\" \\ back\nslash \u00e9\u4e2d " + x + '\u0001' + i);
        return x;
    }

    /** A concatenation with more than a few constants and arguments (javac folds constants into the recipe). */
    static int manyParts(int a, int b, int c, int d, int e) {
        final String unit = "mm";
        if (a + b + c + d + e > 100) {
            throw new IllegalArgumentException(a + unit + "+" + b + unit + "+" + c + unit + "+" + d + unit + "+" + e
                    + unit + " > " + 100 + unit);
        }
        return a + b + c + d + e;
    }

    static int nullStringInConcat(int x) {
        String s = null;
        if (x < 0) throw new IllegalArgumentException("value " + s + " " + x);
        return x;
    }

    /** A JDK method compiled from its bytecode throws from its own argument checks (StringBuilder-built messages). */
    static int jdkRangeCheck(int[] a, int from, int to) {
        java.util.Arrays.fill(a, from, to, 7);
        return a.length;
    }

    static int primitiveConstructor(int x) {
        if (x < 0) throw new ArrayIndexOutOfBoundsException(x);
        return x;
    }

    static int assertionErrorDirect(int x) {
        if (x == 3) throw new AssertionError(x);
        if (x == 4) throw new AssertionError((double) x / 3);
        if (x == 5) throw new AssertionError("five " + x);
        return x;
    }
}

/** An application exception whose constructors only pass the message up: Kiln rebuilds it. */
class KernelError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KernelError() {
        super();
    }

    KernelError(String message) {
        super(message);
    }
}

class SpecificKernelError extends KernelError {
    private static final long serialVersionUID = 1L;

    SpecificKernelError(String message) {
        super(message);
    }
}
