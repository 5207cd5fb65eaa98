package dev.kiln.compiler.diff;

import dev.kiln.compiler.Pipeline;
import dev.kiln.compiler.ir.Printer;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loops that {@code RangeCheckVersioning} gives a check-free copy, at the edges of its proof: an index leaves its
 * array in the first, a middle or the last iteration (the guard must send the call to the checked loop, which throws
 * where Java does, after the same writes), or never; bounds and offsets near {@code int}'s limits, a counter that
 * wraps; null, empty and length-1 arrays; the same array passed twice. Results, exceptions and array contents after
 * the call or the throw must match HotSpot's.
 */
class DiffVersionedLoopsTest {
    static final Diff D = Diff.forClass(DiffVersionedLoopsTest.class);
    static final Class<?> K = VersionedLoopKernels.class;
    static final int[] LENGTHS = {0, 1, 2, 3, 8, 9, 31, 32, 33, 64, 70};

    static List<Object> doubles() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = Math.sin(i * 1.3) * (i % 7 == 5 ? -1e300 : 3) + (i == n / 2 ? -0.0 : 0);
            if (n > 4) a[n - 3] = Double.NaN;
            out.add(a);
        }
        return out;
    }

    static final List<Integer> SMALL = List.of(0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 30, 31, 32, 33, 34, 35, 64, 66, -1, -2);
    static final List<Integer> EDGES = List.of(Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 2);

    static List<Integer> ints(List<Integer> a, List<Integer> b) {
        List<Integer> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The accesses of {@code name}'s IR after Kiln's passes that carry no checks. */
    static int unchecked(Class<?> owner, String name) {
        String ir = Printer.print(Pipeline.standard().ir(KernelGraph.of(owner, name, null)));
        return (int) ir.lines().filter(l -> l.contains(" unchecked")).count();
    }

    @Test
    void everyShapeHereGetsACheckFreeCopyAndPlainLoopsDoNot() {
        for (String k : List.of("butterfly", "countDown", "stepThree", "widen", "untilNegative", "checkedCopy", "wrapping",
                "invariantAndBackwards", "daxpyInc", "strided")) {
            assertTrue(unchecked(K, k) > 0, k + " was not versioned");
        }
        // every index steps with the counter: irce's job, no copy
        assertEquals(0, unchecked(LoopKernels.class, "dscalOff"));
        assertEquals(0, unchecked(LoopKernels.class, "dot"));
    }

    @Test
    void butterflyOverEveryLengthAndOffset() {
        List<Integer> ns = ints(SMALL, EDGES);
        List<Integer> offsets = List.of(0, 1, 2, 5, 30, -1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE);
        D.checkAll(K, "butterfly", product(ns, doubles(), offsets, doubles(), List.of(0, 1, 3, -4, 40)));
    }

    @Test
    void butterflyOnOneArray() {
        // a and w the same array: the writes to a change later twiddle reads
        for (Object a : doubles()) {
            for (int n : new int[] {0, 2, 4, 8, 16, 20, 30, 34}) {
                for (int off : new int[] {0, 1, 3}) for (int sw : new int[] {0, 2, 5}) D.check(K, "butterfly", n, a, off, a, sw);
            }
        }
    }

    @Test
    void countingDownWithInclusiveBounds() {
        List<Object> floats = new ArrayList<>(Arrays.asList((Object) null));
        List<Object> longs = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) f[i] = i % 4 == 1 ? Float.NaN : i % 5 == 2 ? 3e20f : i * -1.5f;
            floats.add(f);
            longs.add(new long[2 * n]);
            longs.add(new long[n]);
        }
        List<Integer> ends = ints(SMALL, EDGES);
        D.checkAll(K, "countDown", product(floats, ends, List.of(0, 1, 5, -1, Integer.MIN_VALUE, Integer.MAX_VALUE), longs));
    }

    @Test
    void inclusiveUpperBoundStepThree() {
        List<Object> ints = new ArrayList<>(Arrays.asList((Object) null));
        List<Object> shorts = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            int[] a = new int[n];
            short[] b = new short[n];
            for (int i = 0; i < n; i++) {
                a[i] = i * 7 - 50;
                b[i] = (short) (i * 1000);
            }
            ints.add(a);
            shorts.add(b);
        }
        List<Integer> bounds = List.of(0, 1, 2, 3, 5, 8, 30, 31, 32, 33, 69, 70, -1, Integer.MAX_VALUE, Integer.MAX_VALUE - 2,
                Integer.MIN_VALUE);
        D.checkAll(K, "stepThree", product(bounds, bounds, ints, shorts));
    }

    @Test
    void lengthBoundAndNarrowTypes() {
        List<Object> bytes = new ArrayList<>(Arrays.asList((Object) null));
        List<Object> chars = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) b[i] = (byte) (i * 41 - 128);
            bytes.add(b);
            chars.add(new char[n]);
            chars.add(new char[2 * n]);
            chars.add(new char[Math.max(0, 2 * n - 3)]);
        }
        D.checkAll(K, "widen", product(bytes, chars));
    }

    @Test
    void earlyExitsAndThrowsInside() {
        List<Integer> ns = ints(SMALL, EDGES);
        D.checkAll(K, "untilNegative", product(doubles(), ns));
        D.checkAll(K, "checkedCopy", product(doubles(), doubles(), ns));
    }

    @Test
    void aCounterThatWrapsNeverRunsTheCopy() {
        List<Object> arrays = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : new int[] {0, 1, 5, 20, 40}) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) a[i] = i * i;
            arrays.add(a);
        }
        List<Integer> starts = List.of(0, 3, Integer.MAX_VALUE - 10, Integer.MAX_VALUE - 2, Integer.MIN_VALUE, -5);
        List<Integer> ends = List.of(0, 9, 30, 60, Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1);
        D.checkAll(K, "wrapping", product(starts, ends, arrays));
    }

    @Test
    void stridesThatAreParameters() {
        List<Integer> ns = List.of(0, 1, 2, 3, 8, 16, 17, 31, 33, 35, -1, Integer.MIN_VALUE);
        List<Integer> incs = List.of(1, 2, 3, -1, -2, 0, 7, 70, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE + 1);
        D.checkAll(K, "daxpyInc", product(ns, List.of(0.5), doubles(), incs, doubles(), List.of(1, 2, -1, -3, 0)));
        // a count near 2^31 ends at the first index out of bounds; with both strides 0 it would run 2^31 times
        D.checkAll(K, "daxpyInc", product(List.of(Integer.MAX_VALUE), List.of(0.5), doubles(), List.of(1, -1, 3),
                doubles(), List.of(1, 0, -2)));
        for (Object a : doubles()) for (int n : new int[] {0, 3, 9, 16}) for (int inc : new int[] {1, 2, -1}) {
            D.check(K, "daxpyInc", n, -2.0, a, inc, a, 1); // x and y the same array
        }
        List<Object> ints = new ArrayList<>(Arrays.asList((Object) null));
        List<Object> longs = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : LENGTHS) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) a[i] = i * 31 - 7;
            ints.add(a);
            longs.add(new long[2 * n + 1]);
            longs.add(new long[n]);
        }
        List<Integer> ends = List.of(0, 1, 5, 32, 33, 70, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 3);
        D.checkAll(K, "strided", product(ints, longs, ends, ends, List.of(1, 2, 5, 40, -1, -3, 0, Integer.MAX_VALUE,
                Integer.MIN_VALUE)));
    }

    @Test
    void invariantAndBackwardIndices() {
        D.checkAll(K, "invariantAndBackwards", product(doubles(), List.of(0, 1, 5, 30, 69, 70, -1, Integer.MAX_VALUE),
                ints(SMALL, EDGES)));
    }
}
