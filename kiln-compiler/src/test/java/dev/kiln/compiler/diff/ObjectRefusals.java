package dev.kiln.compiler.diff;

/**
 * Kernel objects doing what Kiln refuses; each refused construct's line ends with a {@code // @bad marker} comment
 * that {@code DiffObjectRefusalTest} checks the refusal's line against.
 */
final class ObjectRefusals {
    private ObjectRefusals() {
    }

    /** Writes a primitive field of this: refused (fields are read-only in kernels). */
    static final class Counter {
        long total;
        final double[] xs;

        Counter(double[] xs) {
            this.xs = xs;
        }

        double sum() {
            double s = 0;
            for (double x : xs) s += x;
            total += xs.length; // @bad counterWrite
            return s;
        }
    }

    /** Holds another object and reads its field. */
    static final class Chain {
        final double weight;
        final Chain next;

        Chain(double weight, Chain next) {
            this.weight = weight;
            this.next = next;
        }

        double total() {
            return weight + next.weight; // @bad chainNext
        }
    }

    /** Passes this to a static method. */
    static final class Escapes {
        final double k;

        Escapes(double k) {
            this.k = k;
        }

        double twice(double x) {
            return helper(this, x); // @bad escapes
        }

        static double helper(Escapes e, double x) {
            return e.k * x;
        }
    }

    /** Calls a method of Object on this. */
    static final class HashesItself {
        int hashed(int x) {
            return x ^ hashCode(); // @bad hashCode
        }
    }

    /** Compares this. */
    static final class ComparesItself {
        int isSet() {
            if (this == null) return 0; // @bad compares
            return 1;
        }
    }

    /** Puts this into an exception message. */
    static final class Describes {
        final int n;

        Describes(int n) {
            this.n = n;
        }

        int check() {
            if (n < 0) throw new IllegalStateException("bad " + this); // @bad describes
            return n;
        }
    }

    /** Reads a boolean[] and a double[][] field: types a kernel object cannot take. */
    static final class Flags {
        final boolean[] on;
        final double[][] table;

        Flags(boolean[] on, double[][] table) {
            this.on = on;
            this.table = table;
        }

        int count() {
            int c = 0;
            for (boolean b : on) if (b) c++; // @bad booleanArray
            return c;
        }

        double first() {
            return table[0][0]; // @bad matrixField
        }
    }

    /** The refusal is in an instance callee: the call path names it. */
    static final class Deep {
        int n;

        int outer(int x) {
            return inner(x) + 1;
        }

        int inner(int x) {
            n = x; // @bad deepWrite
            return x;
        }
    }
}
