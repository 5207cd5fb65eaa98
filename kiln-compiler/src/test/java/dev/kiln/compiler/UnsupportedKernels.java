package dev.kiln.compiler;

/** Kernels using things Kiln refuses; the line comments mark what each test expects. */
public final class UnsupportedKernels {
    static int counter;
    static final String NAME = "kiln";

    private UnsupportedKernels() {
    }

    public static int allocates(int n) {
        String[] tmp = new String[n]; // allocates
        return tmp.length;
    }

    public static int viaHelper(int n) {
        return helper(n) + 1;
    }

    static int helper(int n) {
        Object o = new Object(); // helper allocates
        return o.hashCode() + n;
    }

    public static int catches(int a, int b) {
        try {
            return a / b;
        } catch (ArithmeticException e) {
            return 0;
        }
    }

    public static int readsMutableStatic(int n) {
        return n + counter;
    }

    public static int unknownJdkCall(int n) {
        return Integer.bitCount(n) + (int) System.nanoTime(); // System.nanoTime is not an intrinsic
    }

    public static int concatenates(int n) {
        return ("n=" + n).length();
    }

    public static int throwsItself(int n) {
        if (n < 0) {
            int k = n;
            while (k < 0) k += 3; // a loop on the throw path keeps it compiled, so the constructor is refused
            throw new IllegalArgumentException("negative " + k, null);
        }
        return n;
    }

    public static int objectMatrix(Object[][] m) {
        return m.length;
    }
}
