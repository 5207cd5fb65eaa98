package dev.kiln.compiler.diff;

/**
 * Kernels whose objects escape, so Kiln keeps refusing them (DiffValueObjectTest): each refused construct's line
 * ends with a {@code // @bad name} marker the test finds.
 */
final class ValueObjectRefusals {
    private ValueObjectRefusals() {
    }

    static final class Box {
        double v;

        Box(double v) {
            this.v = v;
        }
    }

    static final class Holder {
        static Object last;
    }

    /** Its initialiser reads the clock: when it runs is visible, so compiled code cannot skip it. */
    static final class WithStatic {
        static final long BORN = System.nanoTime();
        final double v;

        WithStatic(double v) {
            this.v = v + BORN;
        }
    }

    static final class Linked {
        final Linked next;

        Linked(Linked next) {
            this.next = next;
        }
    }

    static double intoArray(double x) {
        Object[] keep = new Object[1]; // @bad array
        keep[0] = new Box(x);
        return x;
    }

    static double intoStatic(double x) {
        Holder.last = new Box(x); // @bad static
        return x;
    }

    static boolean identity(double x) {
        Box a = new Box(x);
        Box b = new Box(x);
        return a == b; // @bad identity
    }

    static int hashed(double x) {
        Box a = new Box(x);
        return a.hashCode(); // @bad hash
    }

    static int concatenated(double x) {
        return ("v=" + new Box(x)).length(); // @bad concat
    }

    static double mutableMerge(double x, boolean c) {
        Box b = c ? new Box(x) : new Box(-x); // @bad merge
        return b.v;
    }

    static double maybeNull(double x) {
        Box b = null;
        if (x > 0) b = new Box(x); // @bad null
        return b == null ? 0 : b.v;
    }

    static double staticInitialiser(double x) {
        return new WithStatic(x).v; // @bad clinit
    }

    static double objectField(double x) {
        return new Linked(null).next == null ? x : 0; // @bad objectField
    }

    static Box returned(double x) {
        return new Box(x);
    }

    static double passedToJdk(double x) {
        Box b = new Box(x);
        return java.util.Objects.hashCode(b); // @bad jdk
    }
}
