package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.kiln.compiler.diff.Diff.each;
import static dev.kiln.compiler.diff.Diff.product;

/**
 * Arg-max and arg-min loops kept as branches (see {@code ArgExtremeBranches}) against HotSpot: NaN in the first, a
 * middle and the last place, signed zeros, ties, infinities, MIN/MAX, empty, length-1 and null arrays, data in
 * random, ascending (the extreme changes every time), descending and alternating order, and LINPACK's offsets and
 * strides, including ones that leave the array.
 */
class DiffArgExtremeTest {
    static final Diff D = Diff.forClass(DiffArgExtremeTest.class);
    static final Class<?> K = ArgExtremeKernels.class;
    /** Around the unroll factor, so main loops and remainders run. */
    static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 100};

    static List<double[]> doubleShapes() {
        List<double[]> out = new ArrayList<>();
        Random r = new Random(20);
        for (int n : LENGTHS) {
            double[] rnd = new double[n], up = new double[n], down = new double[n], zig = new double[n];
            for (int i = 0; i < n; i++) {
                rnd[i] = r.nextGaussian();
                up[i] = i - n / 2;
                down[i] = n - i;
                zig[i] = i % 2 == 0 ? i : -i;
            }
            out.addAll(List.of(rnd, up, down, zig));
            for (int at : new int[] {0, n / 2, n - 1}) {
                if (n == 0) break;
                double[] nan = rnd.clone();
                nan[at] = Double.NaN;
                out.add(nan);
                double[] inf = rnd.clone();
                inf[at] = at % 2 == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                out.add(inf);
            }
        }
        out.add(new double[] {Double.NaN, Double.NaN});
        out.add(new double[] {Double.NaN, 1, Double.NaN, 2});
        out.add(new double[] {-0.0, 0.0, -0.0});
        out.add(new double[] {0.0, -0.0, 0.0});
        out.add(new double[] {3, -3, 3, -3, 3});
        out.add(new double[] {Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE});
        out.add(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY});
        out.add(new double[] {5, 5, 5, 5, 5, 5, 5, 5, 5});
        return out;
    }

    static List<Object> doubles() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        out.addAll(doubleShapes());
        return out;
    }

    static List<Object> floats() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        for (double[] d : doubleShapes()) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
            out.add(f);
        }
        out.add(new float[] {Float.NaN, -0.0f, 0.0f, Float.MIN_VALUE});
        return out;
    }

    static List<Object> longs() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        Random r = new Random(21);
        for (int n : LENGTHS) {
            long[] rnd = new long[n], up = new long[n], zig = new long[n];
            for (int i = 0; i < n; i++) {
                rnd[i] = r.nextLong();
                up[i] = Long.MIN_VALUE + i;
                zig[i] = i % 2 == 0 ? i : -i;
            }
            out.addAll(List.of(rnd, up, zig));
        }
        out.add(new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
        out.add(new long[] {Long.MAX_VALUE, 0, Long.MAX_VALUE});
        return out;
    }

    static List<Object> ints() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        Random r = new Random(22);
        for (int n : LENGTHS) {
            int[] rnd = new int[n], up = new int[n], down = new int[n];
            for (int i = 0; i < n; i++) {
                rnd[i] = r.nextInt();
                up[i] = i;
                down[i] = -i;
            }
            out.addAll(List.of(rnd, up, down));
        }
        out.add(new int[] {Integer.MIN_VALUE, Integer.MIN_VALUE});
        out.add(new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE});
        out.add(new int[] {7, 7, 7});
        return out;
    }

    @Test
    void idamaxOverOffsetsAndStrides() {
        List<Integer> counts = List.of(-1, 0, 1, 2, 5, 8, 9, 17, 33, 100, 101);
        List<Integer> offsets = List.of(0, 1, 3, -1, Integer.MAX_VALUE);
        List<Integer> strides = List.of(1, 2, 3, -1, 0, Integer.MIN_VALUE);
        D.checkAll(K, "idamax", product(counts, doubles(), offsets, strides));
    }

    @Test
    void argExtremesWithNaNZerosAndTies() {
        D.checkAll(K, "argMaxLast", each(doubles()));
        D.checkAll(K, "argMinFloat", each(floats()));
        D.checkAll(K, "argMaxLong", product(longs(), List.of(0, -7, Integer.MAX_VALUE)));
    }

    @Test
    void recordsWritesEveryChangeAndThrowsWhereJavaDoes() {
        // `where` shorter than the number of changes: the store that overflows throws after the earlier ones.
        List<Object> wheres = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : new int[] {0, 1, 3, 100}) wheres.add(new int[n]);
        D.checkAll(K, "records", product(ints(), wheres));
    }

    @Test
    void plainExtremesAreUnchanged() {
        D.checkAll(K, "maxInt", each(ints()));
        D.checkAll(K, "maxIf", each(doubles()));
        D.checkAll(K, "maxMath", each(doubles()));
    }
}
