package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.kiln.compiler.diff.Diff.product;

/**
 * Math.min/max of double and float and (int)/(long) of floating values (lowered with a fast path and a cold fix-up,
 * FloatOps) on every edge: NaN in either position, +-0.0 in both orders, infinities, MIN_VALUE/MAX_VALUE, subnormals,
 * values just beyond int/long range. Scalar, and in loops of 1, 7, 64 and 1000 elements with the edges at every kind
 * of position (vector body, remainder), strict and fastMath.
 */
class DiffFloatOpsTest {
    static final Diff STRICT = Diff.forClass(DiffFloatOpsTest.class);
    static final Diff FAST = Diff.forClass(DiffFloatOpsTest.class, CompileOptions.DEFAULT.withFastMath(true));
    static final Class<?> K = FloatOpsKernels.class;
    static final int[] LENGTHS = {1, 7, 64, 1000};

    static final List<Double> D_EDGES = List.of(Double.NaN, Double.longBitsToDouble(0xfff8_0000_0000_0001L), 0.0, -0.0,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, -4.9e-320, 2.2250738585072009E-308, 1.0, -1.0,
            0.5, -2.5);
    static final List<Float> F_EDGES = List.of(Float.NaN, Float.intBitsToFloat(0xffc0_0001), 0.0f, -0.0f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE,
            -Float.MAX_VALUE, Float.MIN_NORMAL, -1e-40f, 1.0f, -1.0f, 0.5f, -2.5f);

    /** Just around every boundary of the int and long ranges, and the values that convert to nothing in particular. */
    static final List<Double> D_CONV = convDoubles();
    static final List<Float> F_CONV = convFloats();

    static List<Double> convDoubles() {
        List<Double> l = new ArrayList<>(D_EDGES);
        for (double b : new double[] {0x1p31, -0x1p31, 0x1p63, -0x1p63, 0x1p32, 0x1p64}) {
            l.addAll(List.of(b, Math.nextUp(b), Math.nextDown(b), b - 1, b + 1, b - 0.5, b + 0.5, -b));
        }
        l.addAll(List.of(2147483647.0, 2147483647.9, -2147483648.9, -2147483649.0, 9.223372036854775807E18,
                1e10, -1e10, 1e19, -1e19, 0.9999999999999999, -0.9999999999999999, 3e9, -3e9));
        return l;
    }

    static List<Float> convFloats() {
        List<Float> l = new ArrayList<>(F_EDGES);
        for (float b : new float[] {0x1p31f, -0x1p31f, 0x1p63f, -0x1p63f, 0x1p32f, 0x1p64f}) {
            l.addAll(List.of(b, Math.nextUp(b), Math.nextDown(b), -b));
        }
        l.addAll(List.of(2147483520f, -2147483520f, 9.2233715E18f, 0.99999994f, -0.99999994f, 3e9f, -3e9f, 1e19f));
        return l;
    }

    static List<Diff> both() {
        return List.of(STRICT, FAST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"minD", "maxD", "doubleMin", "strictMaxD"})
    void doublePairs(String kernel) {
        for (Diff d : both()) d.checkAll(K, kernel, product(D_EDGES, D_EDGES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"minF", "maxF", "floatMax"})
    void floatPairs(String kernel) {
        for (Diff d : both()) d.checkAll(K, kernel, product(F_EDGES, F_EDGES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"clipD"})
    void clipScalar(String kernel) {
        List<Double> bounds = List.of(-1.0, 1.0, 0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MAX_VALUE);
        for (Diff d : both()) d.checkAll(K, kernel, product(D_EDGES, bounds, bounds));
        List<Float> fb = List.of(-1.0f, 1.0f, 0.0f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY);
        for (Diff d : both()) d.checkAll(K, "clipF", product(F_EDGES, fb, fb));
    }

    /** Arrays of every length with the edges at the start, in the middle, at the end and spread with a stride. */
    static List<double[]> doubleArrays(List<Double> edges, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<double[]> out = new ArrayList<>();
        for (int n : LENGTHS) {
            for (int start = 0; start < Math.min(n, 5); start++) {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = r.nextDouble(-4, 4);
                int stride = Math.max(1, n / edges.size());
                for (int k = 0; k < edges.size(); k++) a[(start + k * (start % 2 == 0 ? 1 : stride)) % n] = edges.get(k);
                out.add(a);
            }
            double[] end = new double[n];
            for (int i = 0; i < n; i++) end[i] = edges.get((i + n) % edges.size());
            out.add(end);
        }
        return out;
    }

    static float[] toFloats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    static List<float[]> floatArrays(List<Float> edges, long seed) {
        List<Double> asDoubles = new ArrayList<>();
        for (float f : edges) asDoubles.add((double) f);
        List<float[]> out = new ArrayList<>();
        for (double[] a : doubleArrays(asDoubles, seed)) out.add(toFloats(a));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"strict", "fast"})
    void clipLoops(String mode) {
        Diff d = mode.equals("strict") ? STRICT : FAST;
        List<Double> bounds = List.of(-1.0, 1.0, -0.0, 0.0, Double.NaN);
        for (double[] x : doubleArrays(D_EDGES, 1)) {
            for (double lo : bounds) {
                for (double hi : bounds) {
                    d.check(K, "clipSum", x, lo, hi);
                    d.check(K, "clipStore", x, lo, hi, new double[x.length]);
                }
            }
        }
        List<Float> fbounds = List.of(-1.0f, 1.0f, -0.0f, 0.0f, Float.NaN);
        for (float[] x : floatArrays(F_EDGES, 2)) {
            for (float lo : fbounds) {
                for (float hi : fbounds) {
                    d.check(K, "clipSumF", x, lo, hi);
                    d.check(K, "clipStoreF", x, lo, hi, new float[x.length]);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"strict", "fast"})
    void pairLoops(String mode) {
        Diff d = mode.equals("strict") ? STRICT : FAST;
        // Every ordered pair of edges side by side, shifted so that each lands in vector lanes and in the remainder.
        int pairs = D_EDGES.size() * D_EDGES.size();
        for (int n : LENGTHS) {
            for (int shift = 0; shift < Math.min(n, 3); shift++) {
                for (int from = 0; from < pairs; from += n) {
                    double[] a = new double[n];
                    double[] b = new double[n];
                    for (int i = 0; i < n; i++) {
                        int p = (from + i + shift) % pairs;
                        a[i] = D_EDGES.get(p / D_EDGES.size());
                        b[i] = D_EDGES.get(p % D_EDGES.size());
                    }
                    d.check(K, "minMaxArrays", a, b, new double[n], new double[n]);
                    d.check(K, "minMaxArraysF", toFloats(a), toFloats(b), new float[n], new float[n]);
                    d.check(K, "minMaxReduce", a);
                    d.check(K, "minMaxReduce", b);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"d2i", "d2l"})
    void doubleConversions(String kernel) {
        for (Diff d : both()) d.checkAll(K, kernel, product(D_CONV));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f2i", "f2l"})
    void floatConversions(String kernel) {
        for (Diff d : both()) d.checkAll(K, kernel, product(F_CONV));
    }

    @ParameterizedTest
    @ValueSource(strings = {"strict", "fast"})
    void conversionLoops(String mode) {
        Diff d = mode.equals("strict") ? STRICT : FAST;
        for (double[] x : doubleArrays(D_CONV, 3)) {
            d.check(K, "convertArrays", x, new int[x.length], new long[x.length]);
            d.check(K, "convertSum", x);
        }
        for (float[] x : floatArrays(F_CONV, 4)) {
            d.check(K, "convertArraysF", x, new int[x.length], new long[x.length]);
        }
    }

    /**
     * Scalar loops whose conversions stay scalar (x86's conversion with a fix-up on its sentinel): a recurrence over
     * every conversion edge, and histograms whose bin index comes from the conversion, with an out-of-range bin
     * (NaN gives bin 0, the infinities and huge values saturate) in the first, a middle and the last iteration, so
     * the exception and the counts written before it are compared.
     */
    @ParameterizedTest
    @ValueSource(strings = {"strict", "fast"})
    void scalarConversionLoops(String mode) {
        Diff d = mode.equals("strict") ? STRICT : FAST;
        for (double[] x : doubleArrays(D_CONV, 5)) d.check(K, "convertChain", x);
        List<Double> bad = List.of(-1.0, 16.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                1e300, -0x1p31, 0x1p31, 15.999999999999998, -0.9999999999999999);
        SplittableRandom r = new SplittableRandom(6);
        for (int n : new int[] {1, 7, 64, 1000}) {
            double[] fine = new double[n];
            for (int i = 0; i < n; i++) fine[i] = r.nextDouble(0, 16);
            d.check(K, "binCounts", fine.clone(), 1.0, new int[16]);
            d.check(K, "binCountsF", toFloats(fine), 1.0f, new int[16]);
            for (double v : bad) {
                for (int at : new int[] {0, n / 2, n - 1}) {
                    double[] x = fine.clone();
                    x[at] = v;
                    d.check(K, "binCounts", x, 1.0, new int[16]);
                    d.check(K, "binCountsF", toFloats(x), 1.0f, new int[16]);
                }
            }
        }
    }
}
