package dev.kiln.compiler.diff;

import dev.kiln.compiler.diff.ObjectKernels.BarrierCall;
import dev.kiln.compiler.diff.ObjectKernels.Grid;
import dev.kiln.compiler.diff.ObjectKernels.Histogram;
import dev.kiln.compiler.diff.ObjectKernels.Interpolator;
import dev.kiln.compiler.diff.ObjectKernels.Polynomial;
import dev.kiln.compiler.diff.ObjectKernels.Pure;
import dev.kiln.compiler.diff.ObjectKernels.Quantizer;
import dev.kiln.compiler.diff.ObjectKernels.ShiftedPolynomial;
import dev.kiln.compiler.diff.ObjectKernels.Smoother;
import dev.kiln.compiler.diff.ObjectKernels.Weighted;
import dev.kiln.CompileOptions;
import dev.kiln.KilnException;
import dev.kiln.model.KernelGraph;
import dev.kiln.model.KernelObjects;
import dev.kiln.runtime.cache.KernelKey;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Kernel objects ({@link ObjectKernels}) against HotSpot: same result bit for bit, same exception and message, same
 * argument arrays and the same receiver fields (array contents) afterwards, also after a throw part-way. Receivers
 * cover edge values in their fields: NaN, ±0.0, ±Inf, MIN/MAX, empty, length-1 and null arrays.
 */
class DiffObjectTest {
    static final Diff D = Diff.forClass(DiffObjectTest.class);
    static final ObjectDiff O = new ObjectDiff(D);

    private static List<Object[]> doubles(List<Double> xs) {
        return Diff.each(xs);
    }

    private static double[] randoms(int n, long seed, double scale) {
        Random r = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = (r.nextDouble() - 0.3) * scale;
        return a;
    }

    static List<Supplier<?>> interpolators() {
        return List.of(
                () -> new Interpolator(new double[] {0, 1, 2.5, 4}, new double[] {1, -1, 3, 0.5}, false),
                () -> new Interpolator(new double[] {0, 1, 2.5, 4}, new double[] {1, -1, 3, 0.5}, true),
                () -> new Interpolator(new double[] {-1e300, 0, 1e300}, new double[] {Double.MAX_VALUE, -0.0, Double.NaN}, true),
                () -> new Interpolator(new double[] {3}, new double[] {-0.0}, false),           // length 1
                () -> new Interpolator(new double[] {0, 0}, new double[] {1, 2}, true),         // zero-width segment
                () -> new Interpolator(new double[0], new double[0], false),                    // empty: index error
                () -> new Interpolator(new double[] {1, 2}, new double[] {1}, false),           // bad state: throws
                () -> new Interpolator(null, new double[] {1}, false),                          // null field
                () -> new Interpolator(new double[] {1, 2}, null, true));
    }

    @Test
    void interpolatorReadsItsArrayFields() {
        List<Double> xs = new ArrayList<>(DOUBLES_SMALL);
        xs.addAll(List.of(0.5, 2.0, 2.5, 3.99, 4.0, 4.5, -0.5));
        O.checkAll(Interpolator.class, "at", interpolators(), doubles(xs));
        O.checkAll(Interpolator.class, "integral", interpolators(), List.<Object[]>of(new Object[0]));
    }

    static List<Supplier<?>> polynomials() {
        return List.of(
                () -> new Polynomial(1, -3, 0, 2),
                () -> new Polynomial(-2, 0, 1),
                () -> new Polynomial(5),
                () -> new Polynomial(),                                   // empty: eval 0, degree -1
                () -> new Polynomial(0, 1, 0, 0, 0),
                () -> new Polynomial(Double.NaN, 1),
                () -> new Polynomial(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY),
                () -> new Polynomial(-0.0, Double.MIN_VALUE, Double.MAX_VALUE),
                () -> new Polynomial((double[]) null));
    }

    @Test
    void polynomialCallsItsOwnMethods() {
        O.checkAll(Polynomial.class, "eval", polynomials(), doubles(DOUBLES));
        O.checkAll(Polynomial.class, "derivative", polynomials(), doubles(DOUBLES_SMALL));
        O.checkAll(Polynomial.class, "degree", polynomials(), List.<Object[]>of(new Object[0]));
        O.checkAll(Polynomial.class, "root", polynomials(),
                product(List.of(0.0, 1.0, -1.5, 3.0, Double.NaN), List.of(0, 1, 50)));
    }

    @Test
    void subclassOverrideIsWhatACallOnThisRuns() {
        List<Supplier<?>> shifted = List.of(
                () -> new ShiftedPolynomial(1.5, 2, 1, -3, 0, 2),
                () -> new ShiftedPolynomial(-0.0, Double.NaN, 1, 1),
                () -> new ShiftedPolynomial(Double.MAX_VALUE, -1, 2, 0, 1));
        O.checkAll(ShiftedPolynomial.class, "eval", shifted, doubles(DOUBLES_SMALL));
        O.checkAll(ShiftedPolynomial.class, "root", shifted, product(List.of(0.0, 2.0), List.of(40)));
        // The Polynomial form given a subclass receiver runs the Java method (virtual dispatch), never the wrong code.
        ObjectDiff.check(O.compiled(Polynomial.class, "eval"), ObjectDiff.java(Polynomial.class, "eval"),
                "Polynomial.eval on a ShiftedPolynomial", shifted, doubles(DOUBLES_SMALL));
    }

    @Test
    void anAbstractMethodCalledOnThisRunsTheReceiversImplementation() {
        List<Object[]> spots = Diff.each(Arrays.asList(new double[] {90, 100, 110.5, -0.0, Double.NaN},
                new double[0], new double[] {Double.POSITIVE_INFINITY}, new double[] {Double.MAX_VALUE, -Double.MAX_VALUE},
                null));
        O.checkAll(ObjectKernels.CallPayoff.class, "total", List.of(() -> new ObjectKernels.CallPayoff(100),
                () -> new ObjectKernels.CallPayoff(-0.0), () -> new ObjectKernels.CallPayoff(Double.NaN)), spots);
        O.checkAll(ObjectKernels.PutPayoff.class, "total", List.of(() -> new ObjectKernels.PutPayoff(100),
                () -> new ObjectKernels.PutPayoff(Double.NEGATIVE_INFINITY)), spots);
        // The override calls super.total: the inherited body with PutPayoff.pay, then the cap.
        O.checkAll(ObjectKernels.CappedPut.class, "total", List.of(() -> new ObjectKernels.CappedPut(100, 15),
                () -> new ObjectKernels.CappedPut(100, Double.NaN)), spots);
    }

    @Test
    void barrierPayoffWithScalarParameters() {
        List<Supplier<?>> options = List.of(
                () -> new BarrierCall(100, 130, 1e6, true, 0),
                () -> new BarrierCall(100, 130, 1e6, false, 2),
                () -> new BarrierCall(-0.0, Double.POSITIVE_INFINITY, 1, true, 5),
                () -> new BarrierCall(Double.NaN, 120, 10, true, 0),
                () -> new BarrierCall(95, 110, Double.MAX_VALUE, false, 9));  // averaging from past the end
        Random r = new Random(7);
        double[] paths = new double[8 * 6];
        for (int p = 0; p < 8; p++) {
            double s = 100;
            for (int i = 0; i < 6; i++) paths[p * 6 + i] = s *= Math.exp(0.1 * r.nextGaussian());
        }
        O.checkAll(BarrierCall.class, "expected", options, product(
                Arrays.asList(paths, new double[0], new double[] {140}, null), List.of(6, 1, 4, 0, -2, 7)));
        O.checkAll(BarrierCall.class, "payoff", options, product(List.of(paths), List.of(0, 6, 42, 45, -1), List.of(6, 0)));
    }

    static List<Supplier<?>> histograms() {
        return List.of(
                () -> new Histogram(0, 10, 5),
                () -> new Histogram(-1, 1, 1),
                () -> new Histogram(0, 0, 3),                     // zero width: NaN bins clamp to 0
                () -> new Histogram(Double.NEGATIVE_INFINITY, 0, 4),
                () -> new Histogram(0, 1, 0));                    // no bins: index error after the scan starts
    }

    @Test
    void histogramWritesItsFieldArrays() {
        List<Object[]> inputs = Diff.each(Arrays.asList(
                new double[] {1, 2, 2.5, 9.99, 10, -3, 5},
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0},
                new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE},
                randoms(200, 3, 14), new double[0], new double[] {0.5}, null));
        O.checkAll(Histogram.class, "addAll", histograms(), inputs);
        O.checkAll(Histogram.class, "addStrict", histograms(), inputs); // throws part-way: counts so far stay
        O.checkAll(Histogram.class, "mean", histograms(), List.<Object[]>of(new Object[0]));
    }

    @Test
    void histogramAccumulatesAcrossCallsInTheSameArrays() throws Throwable {
        assumeFalse(Diff.JAVA_ONLY);
        Histogram viaKiln = new Histogram(0, 4, 4);
        Histogram viaJava = new Histogram(0, 4, 4);
        MethodHandle bound = D.kiln().compile(viaKiln, "addAll");
        double[][] batches = {{0.5, 1.5}, {1.5, 3.9, Double.NaN}, {-1, 7}};
        for (double[] b : batches) {
            assertEquals(viaJava.addAll(b), (int) bound.invokeExact(b));
        }
        assertEquals(Arrays.toString(viaJava.counts), Arrays.toString(viaKiln.counts));
        assertEquals(Arrays.toString(viaJava.sums), Arrays.toString(viaKiln.sums));
    }

    @Test
    void methodThatThrowsOnBadFieldState() {
        List<Supplier<?>> smoothers = List.of(
                () -> new Smoother(3, 0.5f), () -> new Smoother(1, 1f), () -> new Smoother(0, 0.25f),
                () -> new Smoother(-7, Float.NaN), () -> new Smoother(Integer.MAX_VALUE, 0f),
                () -> new Smoother(Integer.MIN_VALUE, -0.0f), () -> new Smoother(2, Float.MIN_VALUE));
        List<Object[]> inputs = new ArrayList<>();
        for (double[] in : Arrays.asList(new double[] {1, 2, 3, 4, 5}, new double[] {Double.NaN, 1, -0.0},
                new double[0], new double[] {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE}, null)) {
            int n = in == null ? 1 : in.length;
            inputs.add(new Object[] {in, new double[n]});
            inputs.add(new Object[] {in, new double[Math.max(0, n - 2)]});  // out too short: throws part-way
        }
        O.checkAll(Smoother.class, "movingAverage", smoothers, inputs);
        O.checkAll(Smoother.class, "exponential", smoothers, Diff.each(Arrays.asList(
                new float[] {1, 2, 3}, new float[] {Float.NaN, 1}, new float[] {-0.0f}, new float[0], null,
                new float[] {Float.MAX_VALUE, Float.MAX_VALUE, -Float.MIN_VALUE})));
    }

    @Test
    void gridWithInstanceAndStaticHelpers() {
        double[] v = new double[4 * 3];
        for (int i = 0; i < v.length; i++) v[i] = Math.sin(i) * 10;
        List<Supplier<?>> grids = List.of(
                () -> new Grid(4, 3, 0, 1, 0, 1, v.clone()),
                () -> new Grid(4, 3, -1, 0.5, 2, -0.25, v.clone()),
                () -> new Grid(4, 3, 0, 0, 0, 1, v.clone()),            // dx = 0: NaN and Inf coordinates
                () -> new Grid(5, 3, 0, 1, 0, 1, v.clone()),            // claims more cells than it has
                () -> new Grid(1, 1, 0, 1, 0, 1, new double[] {2}),     // clamp to -1: index out of bounds
                () -> new Grid(4, 3, 0, 1, 0, 1, null));
        O.checkAll(Grid.class, "bilinear", grids, product(DOUBLES_SMALL, List.of(0.0, 0.5, 1.75, 2.0, -1.0, Double.NaN)));
    }

    @Test
    void scalarFieldsOfEveryPrimitiveType() {
        List<Supplier<?>> qs = new ArrayList<>();
        for (float scale : new float[] {1, 255.5f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MAX_VALUE}) {
            for (byte shift : new byte[] {0, 3, 31, 33, -1, Byte.MIN_VALUE}) {
                short offset = (short) (shift * 1000 + 7);
                qs.add(() -> new Quantizer(scale, offset, shift, '\u7fff', shift % 2 == 0, 0xcbf29ce484222325L));
                qs.add(() -> new Quantizer(scale, Short.MIN_VALUE, shift, '\uffff', true, Long.MIN_VALUE));
            }
        }
        O.checkAll(Quantizer.class, "quantize", qs, Diff.each(FLOATS_SMALL));
        O.checkAll(Quantizer.class, "hash", qs, Diff.each(Arrays.asList(
                new int[] {1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}, new int[0], null)));
    }

    @Test
    void instanceMethodsCallingEachOtherAndAStaticHelper() {
        List<Supplier<?>> ws = List.of(
                () -> new Weighted(new double[] {1, 2, 3, 4}),
                () -> new Weighted(new double[] {0, 0, 0, 0}),
                () -> new Weighted(new double[] {Double.MIN_VALUE, -1, Double.POSITIVE_INFINITY, 1}),
                () -> new Weighted(new double[] {1}),
                () -> new Weighted(null));
        List<Object[]> inputs = Diff.each(Arrays.asList(new double[] {1, 2, 3, 4}, new double[] {-0.0, Double.NaN, 1, 1},
                new double[] {5}, new double[0], new double[] {1, 2, 3, 4, 5}, null));
        O.checkAll(Weighted.class, "variance", ws, inputs);
        O.checkAll(Weighted.class, "standardError", ws, inputs);
    }

    static List<Supplier<?>> models() {
        return List.of(
                () -> new ObjectKernels.LinearModel(new double[] {1, -2, 0.5}, 0.25, 0),
                () -> new ObjectKernels.LinearModel(new double[] {Double.NaN, 1, 1}, -0.0, 2),
                () -> new ObjectKernels.LinearModel(new double[] {1e308, 1e308, -1e308}, Double.MAX_VALUE, 1),
                () -> new ObjectKernels.LinearModel(new double[] {3}, 0, 3),            // link out of the table
                () -> new ObjectKernels.LinearModel(new double[0], 1, 1),
                () -> new ObjectKernels.LinearModel(null, 1, 0));
    }

    @Test
    void tablesAndFieldsTogetherMatricesAndReturnedArrays() {
        List<Object[]> features = Diff.each(Arrays.asList(new double[] {1, 2, 3}, new double[] {-0.0, Double.POSITIVE_INFINITY, 1},
                new double[] {4}, new double[0], new double[] {1, 2}, null));
        O.checkAll(ObjectKernels.LinearModel.class, "predict", models(), features);
        double[] three = {1, 1, 1};
        O.checkAll(ObjectKernels.LinearModel.class, "predictAll", models(), Diff.each(Arrays.asList(
                new double[][] {three, {0, 1, 2}, three}, new double[][] {{1, 2, 3}, null}, new double[][] {{1}},
                new double[0][], new double[][] {{5, 6, 7}, {1, 2}}, null)));
        O.checkAll(ObjectKernels.LinearModel.class, "coefficients", models(), List.<Object[]>of(new Object[0]));
        O.checkAll(ObjectKernels.LinearModel.class, "l1", models(), Diff.each(List.of(0, 1, 2, 3, -1)));
    }

    @Test
    void anArrayFieldReturnedIsTheObjectsOwnArray() throws Throwable {
        assumeFalse(Diff.JAVA_ONLY);
        ObjectKernels.LinearModel m = new ObjectKernels.LinearModel(new double[] {1, 2}, 0, 0);
        double[] got = (double[]) D.kiln().compile(m, "coefficients").invokeExact();
        assertTrue(got == m.coefficients, "expected the field's array itself");
    }

    @Test
    void nullTextsWithoutLocalVariableNames() throws ReflectiveOperationException {
        Class<?> cls = NoDebugClassLoader.load(NoDebugObject.class);
        var make = cls.getDeclaredConstructor(double[].class, long.class);
        make.setAccessible(true);
        List<Supplier<?>> objects = new ArrayList<>();
        for (double[] xs : Arrays.asList(new double[] {1, 2}, null)) {
            objects.add(() -> {
                try {
                    return make.newInstance(xs == null ? null : xs.clone(), -3L);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        // "<parameter1>" is the slot after this, "<parameter2>" the one after a long; this.xs, <local2> (t).
        O.checkAll(cls, "element", objects, product(Arrays.asList(new double[] {5, 6}, null), List.of(0, 1, 2)));
        O.checkAll(cls, "afterWide", objects, product(List.of(0L, 3L), Arrays.asList(new double[] {5}, null)));
        O.checkAll(cls, "viaLocal", objects, Diff.each(List.of(0, 2)));
        O.checkAll(cls, "length", objects, List.<Object[]>of(new Object[0]));
    }

    @Test
    void methodsThatNeverTouchThis() {
        List<Supplier<?>> one = List.of(Pure::new);
        O.checkAll(Pure.class, "hypot2", one, product(DOUBLES_SMALL, DOUBLES_SMALL));
        O.checkAll(Pure.class, "gcd", one, product(LONGS_SMALL, LONGS_SMALL));
    }

    // ---- the API's forms

    public interface DoubleFn {
        double apply(double x);
    }

    /** The receiver first; typed Object since Kiln's generated class cannot name a package-private class. */
    public interface ReceiverFn {
        double apply(Object receiver, double x);
    }

    public interface NamesPrivateType {
        double apply(Polynomial p, double x);
    }

    @Test
    void boundFormsSeeFieldsAtCallTime() throws Throwable {
        assumeFalse(Diff.JAVA_ONLY);
        Polynomial p = new Polynomial(1, 2, 3);
        MethodHandle mh = D.kiln().compile(p, "eval");
        DoubleFn fn = D.kiln().compile(p, "eval", DoubleFn.class);
        assertEquals(p.eval(2), (double) mh.invokeExact(2.0));
        assertEquals(p.eval(2), fn.apply(2));
        p.c[2] = -4; // the array field is passed by reference: the next call sees the change
        assertEquals(p.eval(2), (double) mh.invokeExact(2.0));
        assertEquals(p.eval(2), fn.apply(2));
        Interpolator in = new Interpolator(new double[] {0, 1}, new double[] {0, 10}, false);
        assertEquals(5.0, (double) D.kiln().compile(in, "at").invokeExact(0.5));
        ReceiverFn byClass = D.kiln().compile(Polynomial.class, "eval", ReceiverFn.class);
        assertEquals(new Polynomial(2, 1).eval(3), byClass.apply(new Polynomial(2, 1), 3));
        assertEquals(new ShiftedPolynomial(1, 2, 2, 1).eval(3), byClass.apply(new ShiftedPolynomial(1, 2, 2, 1), 3));
        KilnException e = Diff.refusal(() -> D.kiln().compile(Polynomial.class, "eval", NamesPrivateType.class));
        assertTrue(e.getMessage().contains(Polynomial.class.getName() + " must be public"), e.getMessage());
    }

    @Test
    void runsNativeCodeNotTheJavaMethod() {
        assumeFalse(Diff.JAVA_ONLY);
        // An implicit exception from native code carries no kernel frame (docs/coverage.md); the Java method's would.
        MethodHandle h = O.compiled(Interpolator.class, "at");
        Interpolator empty = new Interpolator(new double[0], new double[0], false);
        ArrayIndexOutOfBoundsException e = assertThrows(ArrayIndexOutOfBoundsException.class, () -> {
            double ignored = (double) h.invokeExact(empty, 1.0);
        });
        for (StackTraceElement f : e.getStackTrace()) {
            assertTrue(!f.getClassName().equals(Interpolator.class.getName()), "ran the Java method: " + f);
        }
    }

    @Test
    void nullReceiverThrowsAsAJavaCallWould() {
        assumeFalse(Diff.JAVA_ONLY);
        MethodHandle h = O.compiled(Polynomial.class, "eval");
        NullPointerException kiln = assertThrows(NullPointerException.class, () -> {
            double ignored = (double) h.invokeExact((Polynomial) null, 1.0);
        });
        Polynomial none = null;
        NullPointerException java = assertThrows(NullPointerException.class, () -> none.eval(1.0));
        // HotSpot's text without the part naming the caller's variable, which only the caller's bytecode knows.
        assertTrue(java.getMessage().startsWith(kiln.getMessage() + " because "), java.getMessage() + " / " + kiln.getMessage());
        assertEquals("Cannot invoke \"" + Polynomial.class.getName() + ".eval(double)\"", kiln.getMessage());
        assertThrows(NullPointerException.class, () -> D.kiln().compile((Object) null, "eval"));
    }

    private static KernelKey keyOf(KernelGraph g) {
        return KernelKey.of(g, CompileOptions.DEFAULT, "test");
    }

    private static String internal(Class<?> c) {
        return c.getName().replace('.', '/');
    }

    @Test
    void keysCoverDispatchAndStaticness() {
        ClassLoader l = DiffObjectTest.class.getClassLoader();
        KernelKey plain = keyOf(KernelGraph.ofInstance(l, internal(Polynomial.class), "eval", null));
        KernelKey shifted = keyOf(KernelGraph.ofInstance(l, internal(ShiftedPolynomial.class), "eval", null));
        KernelKey named = keyOf(KernelGraph.ofInstance(l, internal(ObjectKernels.NamedPolynomial.class), "eval", null));
        assertEquals(plain.kernel(), shifted.kernel(), "both run Polynomial.eval");
        assertTrue(!plain.inputs().equals(shifted.inputs()), "the override of transform must change the key");
        assertEquals(plain.inputs(), named.inputs(), "a subclass overriding nothing runs the same code");
        KernelKey instance = keyOf(KernelGraph.ofInstance(l, internal(Pure.class), "hypot2", null));
        KernelKey statik = keyOf(KernelGraph.of(l, internal(ObjectKernels.PureStatic.class), "hypot2", null));
        assertTrue(!instance.methodDigests().values().iterator().next()
                .equals(statik.methodDigests().values().iterator().next()), "static and instance code share a digest");
        assertTrue(!instance.keyFor(dev.kiln.Target.parse("x86-64")).equals(statik.keyFor(dev.kiln.Target.parse("x86-64"))));
        assertEquals(List.of("Polynomial.c:[D", "ShiftedPolynomial.scale:D", "ShiftedPolynomial.shift:D"),
                KernelObjects.fields(KernelGraph.ofInstance(l, internal(ShiftedPolynomial.class), "eval", null)).stream()
                        .map(f -> f.owner().substring(f.owner().lastIndexOf('$') + 1) + "." + f.name() + ":" + f.descriptor())
                        .toList());
    }

    @Test
    void cachedEntriesBehaveTheSame() {
        assumeFalse(Diff.JAVA_ONLY);
        O.checkAll(Weighted.class, "variance", List.of(() -> new Weighted(new double[] {1, 2})),
                Diff.each(Arrays.asList(new double[] {3, 4}, new double[] {1})));
        Diff second = Diff.sharingCacheOf(D);
        ObjectDiff viaCache = new ObjectDiff(second);
        long compilesBefore = second.kiln().stats().compiles();
        viaCache.checkAll(Weighted.class, "variance", List.of(() -> new Weighted(new double[] {1, 2}), () -> new Weighted(null)),
                Diff.each(Arrays.asList(new double[] {3, 4}, new double[] {1}, null)));
        assertEquals(compilesBefore, second.kiln().stats().compiles(), "the second instance compiled instead of loading");
    }
}
