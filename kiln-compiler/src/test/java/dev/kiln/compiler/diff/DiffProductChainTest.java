package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Product chains run in blocks of 16 factors (ProductChainBlocks): the product must be Java's bit for bit with a
 * special factor (NaN, infinities, signed zeros, subnormals, overflow and underflow) in the first, a middle or the
 * last iteration; trip counts 0, 1, around the block size and the vector widths; exceptions at the same iteration
 * with the same writes done; stores into the array read or another.
 */
class DiffProductChainTest {
    static final Diff D = Diff.forClass(DiffProductChainTest.class);
    static final Class<?> K = ProductChainKernels.class;

    static final int[] LENGTHS = {0, 1, 2, 7, 8, 15, 16, 17, 31, 32, 33, 47, 50};
    static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
            Double.MIN_VALUE, 0x1p-1060, 1e308, -1e-308, Double.MAX_VALUE};

    /** Arrays of ordinary factors with one special factor first, in the middle or last, and a plain one per length. */
    static List<Object> doubles() {
        List<Object> out = new ArrayList<>();
        for (int n : LENGTHS) {
            out.add(plain(n));
            if (n == 0) continue;
            for (double v : SPECIALS) {
                for (int at : new int[] {0, n / 2, n - 1}) {
                    double[] a = plain(n);
                    a[at] = v;
                    out.add(a);
                }
            }
        }
        return out;
    }

    static double[] plain(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = (i % 3 == 1 ? -1 : 1) * (1.0 + i * 0.37) * (i % 4 == 0 ? 1e-3 : 1e2);
        return a;
    }

    static List<Object> lengthsOf(List<Object> arrays) {
        List<Object> out = new ArrayList<>();
        for (Object o : arrays) out.add(((double[]) o).length);
        return out;
    }

    @Test
    void specialFactorsFirstMiddleAndLast() throws Throwable {
        MethodHandle java = D.reference(K, "affine");
        MethodHandle kiln = D.compiled(K, "affine");
        MethodHandle left = D.compiled(K, "affineLeft");
        int checked = 0;
        for (Object o : doubles()) {
            double[] a = (double[]) o;
            for (double p0 : new double[] {1.0, -0.0, 1e300, Double.MIN_VALUE}) {
                for (int n : new int[] {a.length, Math.max(0, a.length - 1)}) {
                    double want = (double) java.invoke(a, n, p0, 1.0, -0.0);
                    assertEquals(Double.doubleToRawLongBits(want),
                            Double.doubleToRawLongBits((double) kiln.invoke(a, n, p0, 1.0, -0.0)), "affine n=" + n);
                    double wantLeft = (double) D.reference(K, "affineLeft").invoke(a, n, p0, 1.0, -0.0);
                    assertEquals(Double.doubleToRawLongBits(wantLeft),
                            Double.doubleToRawLongBits((double) left.invoke(a, n, p0, 1.0, -0.0)), "affineLeft n=" + n);
                    checked++;
                }
            }
        }
        assertEquals(doubles().size() * 8, checked);
    }

    @Test
    void countsBeyondTheArrayThrowAtTheirIteration() {
        List<Object> arrays = List.of(plain(0), plain(1), plain(16), plain(17), plain(33));
        D.checkAll(K, "affine", product(arrays, List.of(0, 1, 15, 16, 17, 18, 32, 33, 34, -1), List.of(1.0, -0.0),
                List.of(1.5), List.of(0.25)));
        D.checkAll(K, "affineLeft", product(arrays, List.of(0, 16, 17, 34), List.of(3.0), List.of(-1.5), List.of(0.0)));
    }

    @Test
    void floatChains() {
        List<Object> arrays = new ArrayList<>();
        for (int n : LENGTHS) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = (float) plain(n)[i];
            arrays.add(a);
            if (n > 0) {
                for (float v : new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0.0f, Float.MIN_VALUE, 3e38f}) {
                    for (int at : new int[] {0, n / 2, n - 1}) {
                        float[] b = a.clone();
                        b[at] = v;
                        arrays.add(b);
                    }
                }
            }
        }
        D.checkAll(K, "affineF", product(arrays, List.of(0, 1, 16, 17, 33, 50), List.of(1f, -0f), List.of(1f),
                List.of(-0.0f)));
    }

    @Test
    void inclusiveBoundsNearTheIntLimits() {
        int max = Integer.MAX_VALUE, min = Integer.MIN_VALUE;
        List<Integer> froms = List.of(0, 5, -20, max - 40, max - 15, max - 16, max - 17, min, min + 3);
        List<Integer> tos = List.of(-1, 0, 14, 15, 16, 31, 32, 33, 60, max - 1, max - 20, min, min + 20, min + 40);
        List<Object[]> cases = new ArrayList<>();
        for (Object[] c : product(froms, tos, List.of(1.0, -0.0, Double.NaN), List.of(0.5, 1e300))) {
            long trips = (long) (int) c[1] - (int) c[0] + 1;
            if (trips <= 200) cases.add(c); // a count near 2^32 would take seconds on both sides
        }
        D.checkAll(K, "inclusive", cases);
    }

    @Test
    void storesIntoDisjointOrTheSameArray() {
        List<Object[]> cases = new ArrayList<>();
        for (int n : new int[] {0, 1, 15, 16, 17, 33, 40}) {
            for (int count : new int[] {0, 1, 16, 17, n, n + 1}) {
                for (int off : new int[] {0, 1, -1, 5, n - count}) {
                    double[] a = plain(n);
                    cases.add(new Object[] {a, plain(n + 3), count, off, 2.0});
                    cases.add(new Object[] {a, a, count, off, 2.0}); // aliased: later factors read earlier stores
                    if (count > 0 && count <= n) {
                        double[] b = plain(n);
                        b[count - 1] = Double.NaN;
                        cases.add(new Object[] {b, b, count, off, -0.0});
                    }
                }
            }
        }
        D.checkAll(K, "storing", cases);
    }

    @Test
    void payoffOverStepCounts() {
        D.checkAll(K, "payoff", product(List.of(0, 1, 12345, -7, Integer.MAX_VALUE), List.of(100.0, -0.0, Double.NaN),
                List.of(0.2, 0.0, 1e3), List.of(0, 1, 7, 15, 16, 17, 31, 32, 33, 100, -1)));
    }

    @Test
    void throwingBodiesThrowAtTheSameIteration() {
        D.checkAll(K, "dividing", product(List.of(0, 1, 16, 17, 40), List.of(0, 1, 8, 15, 16, 17, 39, 100),
                List.of(1.0, Double.NaN)));
        List<Object[]> cases = new ArrayList<>();
        for (int n : new int[] {0, 1, 16, 17, 33}) {
            for (int count : new int[] {0, n, n + 1}) {
                double[] a = plain(n);
                cases.add(new Object[] {a, new double[n], count});
                cases.add(new Object[] {a, a, count});
            }
        }
        D.checkAll(K, "running", cases);
    }

    /** Math.exp may differ from HotSpot's within its ulp bound: the product must be Kiln's own factors' in order. */
    @Test
    void expProductIsItsFactorsMultipliedInOrder() throws Throwable {
        MethodHandle kiln = D.compiled(K, "expStored");
        for (int n : new int[] {0, 1, 2, 7, 8, 15, 16, 17, 31, 32, 33, 50, 100}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = Math.sin(i * 1.3) * (i % 5 == 2 ? 700 : 3);
            if (n > 2) x[n / 2] = Double.NaN;
            for (int count : new int[] {0, n / 2, n}) {
                double[] e = new double[n];
                double got = (double) kiln.invoke(x, e, count);
                double want = 1;
                for (int i = 0; i < count; i++) want *= e[i];
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), "n=" + n + " count=" + count);
            }
        }
    }
}
