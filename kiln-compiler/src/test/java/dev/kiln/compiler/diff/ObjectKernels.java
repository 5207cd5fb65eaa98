package dev.kiln.compiler.diff;

/**
 * Kernel objects: small numeric objects whose instance methods are kernels, written the way such classes are
 * written (final array fields set by a constructor, scalar parameters, argument checks that throw, instance methods
 * calling each other and static helpers). Each is compared with HotSpot by {@code DiffObjectTest}.
 */
final class ObjectKernels {
    private ObjectKernels() {
    }

    /** Piecewise-linear interpolation over sorted knots; outside them it clamps or extrapolates. */
    static final class Interpolator {
        final double[] xs;
        final double[] ys;
        final boolean extrapolate;

        Interpolator(double[] xs, double[] ys, boolean extrapolate) {
            this.xs = xs;
            this.ys = ys;
            this.extrapolate = extrapolate;
        }

        double at(double x) {
            if (xs.length != ys.length) {
                throw new IllegalStateException("knots and values differ in length: " + xs.length + " vs " + ys.length);
            }
            int n = xs.length;
            if (n == 1) return ys[0];
            if (!extrapolate) {
                if (x <= xs[0]) return ys[0];
                if (x >= xs[n - 1]) return ys[n - 1];
            }
            int k = segment(x);
            double t = (x - xs[k]) / (xs[k + 1] - xs[k]);
            return ys[k] + t * (ys[k + 1] - ys[k]);
        }

        /** The k with xs[k] <= x < xs[k + 1], clamped to the first and last segment. */
        private int segment(double x) {
            int lo = 0;
            int hi = xs.length - 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (xs[mid] <= x) lo = mid;
                else hi = mid;
            }
            return lo;
        }

        /** Trapezoid rule over the knots. */
        double integral() {
            double sum = 0;
            for (int i = 1; i < xs.length; i++) sum += 0.5 * (xs[i] - xs[i - 1]) * (ys[i] + ys[i - 1]);
            return sum;
        }
    }

    /** A polynomial by its coefficients, lowest degree first. */
    static class Polynomial {
        final double[] c;

        Polynomial(double... c) {
            this.c = c;
        }

        double eval(double x) {
            double t = transform(x);
            double r = 0;
            for (int i = c.length - 1; i >= 0; i--) r = r * t + c[i];
            return r;
        }

        double derivative(double x) {
            double t = transform(x);
            double r = 0;
            for (int i = c.length - 1; i >= 1; i--) r = r * t + i * c[i];
            return r;
        }

        /** Newton's method from x0; NaN when it does not settle. */
        double root(double x0, int maxIterations) {
            double x = x0;
            for (int i = 0; i < maxIterations; i++) {
                double d = derivative(x);
                if (d == 0) return Double.NaN;
                double next = x - eval(x) / d;
                if (Math.abs(next - x) <= 1e-12 * Math.max(1, Math.abs(x))) return next;
                x = next;
            }
            return Double.NaN;
        }

        int degree() {
            int d = c.length - 1;
            while (d > 0 && c[d] == 0) d--;
            return d;
        }

        double transform(double x) {
            return x;
        }
    }

    /** The same polynomial of (x - shift) * scale: overrides what {@link Polynomial#eval} calls. */
    static final class ShiftedPolynomial extends Polynomial {
        final double shift;
        final double scale;

        ShiftedPolynomial(double shift, double scale, double... c) {
            super(c);
            this.shift = shift;
            this.scale = scale;
        }

        @Override
        double transform(double x) {
            return (x - shift) * scale;
        }
    }

    /** A subclass overriding nothing: the same code runs as for a {@link Polynomial}. */
    static final class NamedPolynomial extends Polynomial {
        NamedPolynomial(double... c) {
            super(c);
        }
    }

    /** An Asian barrier call's payoff on given paths (no random numbers: the paths are inputs). */
    static final class BarrierCall {
        final double strike;
        final double barrier;
        final double notional;
        final boolean knockOut;
        final int averagingStart;

        BarrierCall(double strike, double barrier, double notional, boolean knockOut, int averagingStart) {
            this.strike = strike;
            this.barrier = barrier;
            this.notional = notional;
            this.knockOut = knockOut;
            this.averagingStart = averagingStart;
        }

        /** Payoff of the path stored in paths[from, from + steps). */
        double payoff(double[] paths, int from, int steps) {
            double sum = 0;
            boolean hit = false;
            for (int i = 0; i < steps; i++) {
                double s = paths[from + i];
                if (s >= barrier) hit = true;
                if (i >= averagingStart) sum += s;
            }
            if (hit == knockOut) return 0;
            int counted = steps - averagingStart;
            double average = counted > 0 ? sum / counted : 0;
            return notional * Math.max(average - strike, 0.0);
        }

        /** Mean payoff over paths laid out one after another, each {@code steps} long. */
        double expected(double[] paths, int steps) {
            if (steps <= 0) throw new IllegalArgumentException("steps must be positive: " + steps);
            int n = paths.length / steps;
            double total = 0;
            for (int p = 0; p < n; p++) total += payoff(paths, p * steps, steps);
            return n == 0 ? 0 : total / n;
        }
    }

    /** A fixed-bin histogram that accumulates into its own count array. */
    static final class Histogram {
        final double lo;
        final double hi;
        final long[] counts;
        final double[] sums;

        Histogram(double lo, double hi, int bins) {
            this.lo = lo;
            this.hi = hi;
            this.counts = new long[bins];
            this.sums = new double[bins];
        }

        int bin(double x) {
            int b = (int) ((x - lo) / (hi - lo) * counts.length);
            return Math.min(Math.max(b, 0), counts.length - 1);
        }

        /** Adds every value; NaN is skipped. Returns how many were added. */
        int addAll(double[] values) {
            int added = 0;
            for (double v : values) {
                if (v != v) continue;
                int b = bin(v);
                counts[b]++;
                sums[b] += v;
                added++;
            }
            return added;
        }

        /** As {@link #addAll}, but a value outside [lo, hi) stops it with an exception; earlier ones stay added. */
        void addStrict(double[] values) {
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (!(v >= lo && v < hi)) {
                    throw new IllegalArgumentException("value " + i + " out of range: " + v);
                }
                counts[bin(v)]++;
            }
        }

        double mean() {
            long n = 0;
            double s = 0;
            for (int b = 0; b < counts.length; b++) {
                n += counts[b];
                s += sums[b];
            }
            return s / n;
        }
    }

    /** Exponential and windowed smoothing with parameters checked when used. */
    static final class Smoother {
        final int window;
        final float alpha;

        Smoother(int window, float alpha) {
            this.window = window;
            this.alpha = alpha;
        }

        void movingAverage(double[] in, double[] out) {
            if (window <= 0) throw new IllegalArgumentException("window must be positive: " + window);
            double sum = 0;
            for (int i = 0; i < in.length; i++) {
                sum += in[i];
                if (i >= window) sum -= in[i - window];
                out[i] = sum / Math.min(i + 1, window);
            }
        }

        float exponential(float[] xs) {
            if (!(alpha > 0 && alpha <= 1)) throw new IllegalStateException("alpha out of (0, 1]: " + alpha);
            float s = xs[0];
            for (int i = 1; i < xs.length; i++) s = alpha * xs[i] + (1 - alpha) * s;
            return s;
        }
    }

    /** Values on a regular grid, row-major, read with bilinear interpolation. */
    static final class Grid {
        final int nx;
        final int ny;
        final double x0;
        final double dx;
        final double y0;
        final double dy;
        final double[] values;

        Grid(int nx, int ny, double x0, double dx, double y0, double dy, double[] values) {
            this.nx = nx;
            this.ny = ny;
            this.x0 = x0;
            this.dx = dx;
            this.y0 = y0;
            this.dy = dy;
            this.values = values;
        }

        double at(int i, int j) {
            return values[j * nx + i];
        }

        double bilinear(double x, double y) {
            double fx = (x - x0) / dx;
            double fy = (y - y0) / dy;
            int i = clampIndex((int) Math.floor(fx), nx - 2);
            int j = clampIndex((int) Math.floor(fy), ny - 2);
            double tx = fx - i;
            double ty = fy - j;
            double a = at(i, j) + tx * (at(i + 1, j) - at(i, j));
            double b = at(i, j + 1) + tx * (at(i + 1, j + 1) - at(i, j + 1));
            return a + ty * (b - a);
        }

        static int clampIndex(int k, int max) {
            return k < 0 ? 0 : Math.min(k, max);
        }
    }

    /** Fixed-point quantisation driven by scalar fields of every primitive type. */
    static final class Quantizer {
        final float scale;
        final short offset;
        final byte shift;
        final char limit;
        final boolean saturate;
        final long salt;

        Quantizer(float scale, short offset, byte shift, char limit, boolean saturate, long salt) {
            this.scale = scale;
            this.offset = offset;
            this.shift = shift;
            this.limit = limit;
            this.saturate = saturate;
            this.salt = salt;
        }

        int quantize(float x) {
            int q = (int) (x * scale) + offset;
            q >>= shift;
            if (saturate) q = Math.max(-limit, Math.min(limit, q));
            return q;
        }

        long hash(int[] data) {
            long h = salt;
            for (int d : data) h = (h ^ quantize(d)) * 0x100000001b3L;
            return h;
        }
    }

    /** Weighted statistics: instance methods calling each other and a static helper. */
    static final class Weighted {
        final double[] weights;

        Weighted(double[] weights) {
            this.weights = weights;
        }

        double mean(double[] xs) {
            double s = 0;
            double w = 0;
            for (int i = 0; i < xs.length; i++) {
                s += weights[i] * xs[i];
                w += weights[i];
            }
            return s / w;
        }

        double variance(double[] xs) {
            double m = mean(xs);
            double s = 0;
            double w = 0;
            for (int i = 0; i < xs.length; i++) {
                s += weights[i] * square(xs[i] - m);
                w += weights[i];
            }
            return s / w;
        }

        double standardError(double[] xs) {
            return Math.sqrt(variance(xs) / xs.length);
        }

        private static double square(double x) {
            return x * x;
        }
    }

    /**
     * A linear model over features: a constant table (static final) and fields together, a matrix parameter, arrays
     * returned (a new one, and the object's own), and a check in an instance callee that throws.
     */
    static final class LinearModel {
        static final double[] LINK_SCALE = {1.0, 0.5, 0.25};

        final double[] coefficients;
        final double intercept;
        final int link;

        LinearModel(double[] coefficients, double intercept, int link) {
            this.coefficients = coefficients;
            this.intercept = intercept;
            this.link = link;
        }

        double predict(double[] features) {
            requireWidth(features.length);
            double s = intercept;
            for (int i = 0; i < features.length; i++) s += coefficients[i] * features[i];
            return s * LINK_SCALE[link];
        }

        private void requireWidth(int n) {
            if (n != coefficients.length) {
                throw new IllegalArgumentException("expected " + coefficients.length + " features, got " + n);
            }
        }

        /** One prediction per row; rows may be null or of the wrong width. */
        double[] predictAll(double[][] rows) {
            double[] out = new double[rows.length];
            for (int r = 0; r < rows.length; r++) out[r] = predict(rows[r]);
            return out;
        }

        double[] coefficients() {
            return coefficients;
        }

        /** Sum of |c| over c, recursively from index k (recursion on this). */
        double l1(int k) {
            return k >= coefficients.length ? 0 : Math.abs(coefficients[k]) + l1(k + 1);
        }
    }

    /** A static method with the same name and parameters as {@link Pure#hypot2}. */
    static final class PureStatic {
        static double hypot2(double a, double b) {
            return a * a + b * b;
        }
    }

    /** Methods that never touch {@code this}. */
    static final class Pure {
        double hypot2(double a, double b) {
            return a * a + b * b;
        }

        long gcd(long a, long b) {
            return b == 0 ? a : gcd(b, a % b);
        }
    }

    /** A base class whose kernel calls an abstract method on {@code this}: each concrete receiver runs its own. */
    abstract static class Payoff {
        final double strike;

        Payoff(double strike) {
            this.strike = strike;
        }

        double total(double[] spots) {
            double t = 0;
            for (double s : spots) t += pay(s);
            return t;
        }

        abstract double pay(double spot);
    }

    static final class CallPayoff extends Payoff {
        CallPayoff(double strike) {
            super(strike);
        }

        @Override
        double pay(double spot) {
            return Math.max(spot - strike, 0);
        }
    }

    static class PutPayoff extends Payoff {
        PutPayoff(double strike) {
            super(strike);
        }

        @Override
        double pay(double spot) {
            return Math.max(strike - spot, 0.0);
        }
    }

    /** Inherits {@link PutPayoff#pay} two levels down from the abstract declaration. */
    static final class CappedPut extends PutPayoff {
        final double cap;

        CappedPut(double strike, double cap) {
            super(strike);
            this.cap = cap;
        }

        @Override
        double total(double[] spots) {
            return Math.min(super.total(spots), cap);
        }
    }
}
