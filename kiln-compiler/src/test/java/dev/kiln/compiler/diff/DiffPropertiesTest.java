package dev.kiln.compiler.diff;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.List;

/**
 * Property-based: for random inputs, with the edge values mixed in often, Kiln and HotSpot agree on a representative
 * set of kernels (every bytecode family, arrays, intrinsics). jqwik shrinks a failure to a small input.
 */
class DiffPropertiesTest {
    static final Diff D = Diff.forClass(DiffPropertiesTest.class);

    @Provide
    Arbitrary<Integer> ints() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers()), Tuple.of(3, Arbitraries.of(Edge.INTS)),
                Tuple.of(3, Arbitraries.integers().between(-70, 70)));
    }

    @Provide
    Arbitrary<Long> longs() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.longs()), Tuple.of(3, Arbitraries.of(Edge.LONGS)),
                Tuple.of(3, Arbitraries.longs().between(-70, 70)));
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(Edge.DOUBLES)),
                Tuple.of(3, Arbitraries.longs().map(Double::longBitsToDouble)),
                Tuple.of(3, Arbitraries.doubles().between(-1e6, 1e6)),
                Tuple.of(1, Arbitraries.integers().between(-100, 100).map(i -> i / 2.0)));
    }

    @Provide
    Arbitrary<Float> floats() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(Edge.FLOATS)),
                Tuple.of(3, Arbitraries.integers().map(Float::intBitsToFloat)),
                Tuple.of(3, Arbitraries.floats().between(-1e6f, 1e6f)),
                Tuple.of(1, Arbitraries.integers().between(-100, 100).map(i -> i / 2.0f)));
    }

    @Provide
    Arbitrary<int[]> intArrays() {
        return ints().list().ofMaxSize(24).map(l -> l.stream().mapToInt(Integer::intValue).toArray()).injectNull(0.05);
    }

    @Provide
    Arbitrary<double[]> doubleArrays() {
        return doubles().list().ofMaxSize(24).map(l -> l.stream().mapToDouble(Double::doubleValue).toArray())
                .injectNull(0.05);
    }

    @Provide
    Arbitrary<float[]> floatArrays() {
        return floats().list().ofMaxSize(24).map(l -> {
            float[] f = new float[l.size()];
            for (int i = 0; i < f.length; i++) f[i] = l.get(i);
            return f;
        }).injectNull(0.05);
    }

    @Provide
    Arbitrary<byte[]> byteArrays() {
        return Arbitraries.bytes().list().ofMaxSize(24).map(l -> {
            byte[] b = new byte[l.size()];
            for (int i = 0; i < b.length; i++) b[i] = l.get(i);
            return b;
        }).injectNull(0.05);
    }

    @Provide
    Arbitrary<Integer> indices() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(-2, 26)),
                Tuple.of(1, Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE)));
    }

    static void all(Class<?> owner, List<String> kernels, Object... args) {
        for (String k : kernels) D.check(owner, k, args);
    }

    @Property(tries = 400)
    void intArithmetic(@ForAll("ints") int a, @ForAll("ints") int b, @ForAll("ints") int c) {
        all(ArithKernels.class, List.of("iadd", "isub", "imul", "idiv", "irem", "ishl", "ishr", "iushr", "ixor"), a, b);
        D.check(ArithKernels.class, "imix", a, b, c);
        D.check(CompareKernels.class, "iAll", a, b);
        D.check(ControlKernels.class, "gcd", a, b);
    }

    @Property(tries = 400)
    void longArithmetic(@ForAll("longs") long a, @ForAll("longs") long b, @ForAll("ints") int s) {
        all(ArithKernels.class, List.of("ladd", "lsub", "lmul", "ldiv", "lrem", "land"), a, b);
        all(ArithKernels.class, List.of("lshl", "lshr", "lushr"), a, s);
        D.check(ArithKernels.class, "lmix", a, s, b);
        D.check(CompareKernels.class, "lAll", a, b);
        D.check(ControlKernels.class, "bitsByLoop", a);
    }

    @Property(tries = 400)
    void doubleArithmeticAndCompare(@ForAll("doubles") double a, @ForAll("doubles") double b,
                                    @ForAll("doubles") double c) {
        all(ArithKernels.class, List.of("dadd", "dsub", "dmul", "ddiv", "drem", "dchain"), a, b);
        D.check(ArithKernels.class, "dmulAdd", a, b, c);
        D.check(CompareKernels.class, "dAll", a, b);
        D.check(CompareKernels.class, "dClamp", a, b, c);
    }

    @Property(tries = 400)
    void floatArithmeticAndCompare(@ForAll("floats") float a, @ForAll("floats") float b, @ForAll("floats") float c) {
        all(ArithKernels.class, List.of("fadd", "fsub", "fmul", "fdiv", "frem", "fchain"), a, b);
        D.check(ArithKernels.class, "fmulAdd", a, b, c);
        D.check(CompareKernels.class, "fAll", a, b);
    }

    @Property(tries = 400)
    void conversions(@ForAll("doubles") double d, @ForAll("floats") float f, @ForAll("longs") long l,
                     @ForAll("ints") int i) {
        all(ConvKernels.class, List.of("d2i", "d2l", "d2f", "d2b", "d2c"), d);
        all(ConvKernels.class, List.of("f2i", "f2l", "f2d", "f2s"), f);
        all(ConvKernels.class, List.of("l2i", "l2f", "l2d"), l);
        all(ConvKernels.class, List.of("i2b", "i2c", "i2s", "i2f"), i);
        D.check(ConvKernels.class, "saturations", d, f);
    }

    @Property(tries = 300)
    void switchesAndLoops(@ForAll("ints") int k, @ForAll("ints") int t) {
        all(ControlKernels.class, List.of("dense", "denseNegative", "sparse", "noDefault"), k);
        D.check(ControlKernels.class, "earlyReturns", k, t);
        D.check(ControlKernels.class, "whileLoop", k);
        D.check(ControlKernels.class, "isPrime", k);
    }

    @Property(tries = 300)
    void intArrays(@ForAll("intArrays") int[] a, @ForAll("intArrays") int[] b, @ForAll("indices") int i,
                   @ForAll("ints") int v) {
        D.check(ArrayKernels.class, "getI", a, i);
        D.check(ArrayKernels.class, "setI", a, i, v);
        D.check(ArrayKernels.class, "sumI", (Object) a);
        D.check(ArrayKernels.class, "reverse", (Object) a);
        D.check(ArrayKernels.class, "smooth", a, b);
        D.check(ArrayKernels.class, "smooth", a, a);
        D.check(ArrayKernels.class, "fillUpTo", a, i, v);
        D.check(ArrayKernels.class, "copyOne", a, i, b, v & 7);
        D.check(ArrayKernels.class, "viaCallee", a, v);
    }

    @Property(tries = 300)
    void floatingArrays(@ForAll("doubleArrays") double[] a, @ForAll("doubleArrays") double[] b,
                        @ForAll("floatArrays") float[] f, @ForAll("floats") float s, @ForAll("byteArrays") byte[] bs,
                        @ForAll("indices") int i) {
        D.check(ArrayKernels.class, "sumD", (Object) a);
        D.check(ArrayKernels.class, "dot", a, b);
        D.check(ArrayKernels.class, "argMax", (Object) a);
        D.check(ArrayKernels.class, "shiftRight", a, b);
        D.check(ArrayKernels.class, "sumF", (Object) f);
        D.check(ArrayKernels.class, "scale", f, s);
        D.check(ArrayKernels.class, "sumB", (Object) bs);
        D.check(ArrayKernels.class, "incB", bs, i);
        D.check(ArrayKernels.class, "getB", bs, i);
    }
}
