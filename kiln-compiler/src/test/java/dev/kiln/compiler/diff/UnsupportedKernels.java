package dev.kiln.compiler.diff;

/**
 * Kernels Kiln must refuse at compile time. A "// @bad NAME" comment marks the source line the refusal must name
 * (DiffUnsupportedTest finds the line by that marker, and the bytecode offset from the class file).
 */
final class UnsupportedKernels {
    private UnsupportedKernels() {
    }

    /** Its object field keeps it from being replaced by its fields: its allocation stays refused. */
    record Point(int x, Object tag) {
    }

    static int counter = 3;

    static int allocates(int x) {
        int y = x + 1;
        Point p = new Point(y, null); // @bad allocates
        return y + (p == null ? 0 : 1);
    }

    static int usesString(int x) {
        int y = x * 2;
        String s = "kiln";
        return s.length() + y; // @bad usesString
    }

    static int concat(int x) {
        int y = x - 1;
        return ("v" + y).length(); // @bad concat
    }

    static int virtualCall(int[] a) {
        int n = a.length;
        return n + a.hashCode(); // @bad virtualCall
    }

    static int readsStaticField(int x) {
        int y = x ^ 5;
        return y + counter; // @bad readsStaticField
    }

    static int writesStaticField(int x) {
        int y = x ^ 5;
        counter = y; // @bad writesStaticField
        return y;
    }

    static int tryCatch(int[] a, int i) {
        int k = i + 1;
        try {
            return a[k]; // @bad tryCatch.try
        } catch (ArrayIndexOutOfBoundsException e) { // @bad tryCatch.catch
            return -1;
        }
    }

    static int throwsNull(int x) {
        int y = x + 1;
        if (y < 0) {
            while (y < 0) y += 7; // a loop on the throw path: it is compiled, not run as Java, so the throw is refused
            throw null; // @bad throwsNull
        }
        return y;
    }

    static int synchronizedBlock(int[] a) {
        int n = a.length;
        synchronized (a) { // @bad synchronizedBlock
            return a[0] + n;
        }
    }

    static synchronized int synchronizedMethod(int x) {
        return x + 1; // @bad synchronizedMethod
    }

    static long unknownJdkCall(long x) {
        long y = x + 1;
        return y + System.nanoTime(); // @bad unknownJdkCall
    }

    /** The refusal is two calls down: deep -> DeepMid.mid -> DeepLeaf.leaf. */
    static int deep(int x) {
        return x + DeepMid.mid(x);
    }

    static int objectArrayParam(Object[] o) {
        return o.length;
    }

    static int stringMatrixParam(String[][] a) {
        return a.length;
    }

    static int COMPUTED = Integer.parseInt("5"); // not final: may change between calls

    /** An exception whose constructor does more than pass its message up: Kiln cannot rebuild it at the throw. */
    static int arrayInMessage(int[] a) {
        int n = a.length;
        if (n == 0) throw new IllegalArgumentException("empty: " + a); // @bad arrayInMessage
        return n;
    }

    static int exceptionStoredAcrossBranch(int x) {
        RuntimeException e = new RuntimeException("early");
        int y = x + 1;
        if (y < 0) throw e; // @bad exceptionStoredAcrossBranch
        return y;
    }

    static int readsComputedFinal(int x) {
        int y = x * 3;
        return y + COMPUTED; // @bad readsComputedFinal
    }
}

final class DeepMid {
    private DeepMid() {
    }

    static int mid(int x) {
        return DeepLeaf.leaf(x + 1) * 2;
    }
}

final class DeepLeaf {
    private DeepLeaf() {
    }

    static int leaf(int x) {
        int y = x * 3;
        UnsupportedKernels.Point p = new UnsupportedKernels.Point(y, null); // @bad leaf
        return p.x();
    }
}
