package dev.kiln.compiler.diff;

/**
 * Kernels that allocate objects which never escape: Kiln replaces each by its fields (scalar replacement). Written
 * for the differential tests (DiffValueObjectTest): every kernel returns a primitive computed through the objects.
 */
final class ValueObjectKernels {
    private ValueObjectKernels() {
    }

    /** A small immutable value class with getters and methods returning new objects. */
    static final class Complex {
        private final double re;
        private final double im;

        Complex(double re, double im) {
            this.re = re;
            this.im = im;
        }

        double re() {
            return re;
        }

        double im() {
            return im;
        }

        Complex times(Complex o) {
            return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
        }

        Complex plus(Complex o) {
            return new Complex(re + o.re, im + o.im);
        }

        double abs2() {
            return re * re + im * im;
        }
    }

    record Interval(double lo, double hi) {
        Interval {
            if (!(lo <= hi)) throw new IllegalArgumentException("empty interval " + lo + " > " + hi);
        }

        double width() {
            return hi - lo;
        }
    }

    /** Mutable, with defaults: fields written after construction. */
    static final class Acc {
        int count;
        long bits;
        double sum;
        float f;
        boolean seen;
        byte small;
        char c;
        short sh;
        double[] data;

        void add(double x) {
            count++;
            sum += x;
            seen = true;
        }
    }

    /** A constructor reading an array through a getter: its NullPointerException and bounds error. */
    static final class Head {
        private final double[] xs;
        private final double first;

        Head(double[] xs) {
            this.xs = xs;
            this.first = first(xs);
        }

        private static double first(double[] a) {
            return a[0];
        }

        double last() {
            return xs[xs.length - 1];
        }
    }

    /** A kernel object allocating objects whose methods call a static helper (the receiver's fields pass through). */
    static final class Rotator {
        private final double angle;
        private final double[] weights;

        Rotator(double angle, double[] weights) {
            this.angle = angle;
            this.weights = weights;
        }

        double apply(double x, double y) {
            Complex r = new Complex(Math.cos(angle), Math.sin(angle));
            Complex p = new Complex(x, y).times(r);
            return weighted(p.re(), 0) + weighted(p.im(), 1);
        }

        private double weighted(double v, int i) {
            return v * weights[i];
        }
    }

    /** A getter whose array field may be null: HotSpot's message names "this.xs". */
    static final class Holder {
        private final double[] xs;
        private final int at;

        Holder(double[] xs, int at) {
            this.xs = xs;
            this.at = at;
        }

        double get() {
            return xs[at];
        }

        void set(double v) {
            xs[at] = v;
        }
    }

    /** Cody-Waite-like reduction: a constructor with a loop, three getters (as FastMath's CodyWaite). */
    static final class Reduce {
        private final int k;
        private final double remA;
        private final double remB;

        Reduce(double x) {
            int q = (int) (x * 0.6366197723675814);
            double a;
            double b;
            while (true) {
                a = x - q * 1.5707963267948966;
                b = -(a - x + q * 1.5707963267948966);
                if (a > 0 || !(x > 0) || x > 1e9) break; // NaN, 0 and huge inputs would never end
                q--;
            }
            k = q;
            remA = a;
            remB = b;
        }

        int k() {
            return k;
        }

        double remA() {
            return remA;
        }

        double remB() {
            return remB;
        }
    }

    static double complexSquare(double re, double im) {
        Complex z = new Complex(re, im);
        Complex w = z.times(z);
        return w.re() * 3 + w.im();
    }

    /** z = z^2 + c, n times: an object created in every iteration of a loop. */
    static int mandel(double cr, double ci, int n) {
        Complex c = new Complex(cr, ci);
        Complex z = new Complex(0, 0);
        int i = 0;
        while (i < n && z.abs2() <= 4) {
            z = z.times(z).plus(c);
            i++;
        }
        return i;
    }

    static double recordWidth(double lo, double hi) {
        Interval iv = new Interval(lo, hi);
        return iv.width() + iv.lo() * 0.5;
    }

    /** Objects from both branches merge (an immutable class: field by field). */
    static double branchMerge(double a, boolean flip) {
        Complex z = flip ? new Complex(a, -a) : new Complex(-a, a);
        return z.re() - 2 * z.im();
    }

    static double defaults(int n) {
        Acc acc = new Acc();
        double r = acc.count + acc.bits + acc.sum + acc.f + (acc.seen ? 1 : 0) + acc.small + acc.c + acc.sh
                + (acc.data == null ? 7 : 0);
        for (int i = 0; i < n; i++) acc.add(i * 0.5);
        acc.small = (byte) n;
        acc.c = (char) -n;
        acc.sh = (short) (n * 1000);
        return r + acc.count * 1000 + acc.sum + (acc.seen ? 0.25 : 0) + acc.small + acc.c + acc.sh;
    }

    static double helperGetsObject(double x, double y) {
        Complex z = new Complex(x, y);
        return norm(z) + z.abs2();
    }

    private static double norm(Complex z) {
        return Math.sqrt(z.re() * z.re() + z.im() * z.im());
    }

    static double headOf(double[] xs) {
        Head h = new Head(xs);
        return h.first + h.last();
    }

    static double reduce(double x) {
        Reduce r = new Reduce(x);
        return (r.k() & 3) + r.remA() + r.remB() * 1e10;
    }

    static double made(double x) {
        Complex z = of(x);
        return z.re() + z.im();
    }

    private static Complex of(double x) {
        if (x > 0) return new Complex(x, 1);
        return new Complex(1, x);
    }

    static double mutatedInBranch(double x, boolean b) {
        Acc acc = new Acc();
        if (b) acc.add(x);
        else acc.sum = -x;
        return acc.sum + acc.count;
    }

    static double getterThrows(double[] xs, int i) {
        Holder h = new Holder(xs, i);
        h.set(h.get() * 2 + 1);
        return h.get();
    }

    /** A branch between {@code new} and its constructor: the object under construction is on the stack at a merge. */
    static double conditionalArgument(double a, boolean flip) {
        Complex z = new Complex(flip ? a : -a, a > 1 ? 1 / a : a * a);
        return z.re() + z.im();
    }
}
