package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import dev.kiln.compiler.KernelLowering;
import dev.kiln.model.KernelGraph;
import dev.kiln.runtime.abi.ResultLength;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.kiln.compiler.diff.Diff.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Kernels whose new array result the Java side allocates before the call and native code fills in place
 * (ResultSite, KernelAbi.resultLength), against HotSpot: empty, length-1 and long arrays, null arrays, negative and
 * wrapping lengths, throws before and after the allocation, NaN/±0/±Inf contents; every call on a fresh thread and
 * on one where other kernels ran (the harness's threads).
 */
class DiffResultArrayTest {
    static final Diff D = Diff.forClass(DiffResultArrayTest.class);
    static final Class<?> K = ResultArrayKernels.class;

    /** Doubles of each edge kind plus one past the frame's arena (3000 doubles), which native code used to calloc. */
    static List<Object> doubles() {
        List<Object> xs = new ArrayList<>(Arrays2.doubles());
        double[] edge = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                Double.MAX_VALUE, -1.5};
        double[] big = new double[3000];
        Random r = new Random(11);
        for (int i = 0; i < big.length; i++) big[i] = r.nextGaussian();
        big[17] = Double.NaN;
        big[18] = -0.0;
        xs.add(edge);
        xs.add(big);
        return xs;
    }

    static final List<Integer> LENGTHS = List.of(0, 1, 2, 5, 8, 3000, -1, -7, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Integer.MAX_VALUE - 1);

    /** The compiler finds each result allocation and its length over the parameters, as the ABI records it. */
    @Test
    void lengthsRecordedInTheAbi() {
        assertEquals("+L1", length("scale"));
        // a clone nothing could have changed the source of: the Java side's clone is taken as it is
        assertEquals("=L0", length("addClone"));
        assertEquals("=L0", length("cloneInCallee"));
        assertEquals("=L0", length("cloneOtherFirst"));
        // arrays written: the kernel copies (into the Java side's zeroed array)
        assertEquals("+L0", length("bumpThenClone"));
        assertEquals("+L0", length("cloneThenOverwrite"));
        assertEquals("+L0", length("divide"));
        assertEquals("=0:+P1", length("copyOfLength"));
        assertEquals("=L0", length("copyOfInts")); // the copy of its whole source
        assertEquals("=0@+P1:+P2 -P1", length("copyRange")); // Arrays.copyOfRange(s, from, to) on the Java side
        assertEquals("=0@+P1 +1:+P2", length("rangeShorter"));
        assertEquals("=0@+P1:+P2", length("rangeFromOtherFirst"));
        assertEquals("=0@+P1:+P2", length("rangeOtherIndexFirst"));
        // a new array whose first use is a copy from a parameter: the Java side passes that copy made
        assertEquals("=1:+P2", length("prefixOfSecond"));
        assertEquals("=0:+P1", length("copyShorterThanPrefix"));
        assertEquals("=0:+P1", length("copyFromOtherFirst"));
        assertEquals("=0:+P1", length("copyWithCheckBetween"));
        assertEquals("+P1", length("writeSourceThenCopy"), "a source written before the copy is not what Java saw");
        assertEquals("+P1", length("readThenCopy"), "the array is seen before the copy");
        assertEquals("+P1", length("copyToOffset"));
        assertEquals("+P2 -P1", length("jdkCopyOfRange"));
        assertEquals("+P1", length("jdkCopyOf"));
        assertEquals("+P0", length("sequence"));
        assertEquals("+P0", length("natural"));
        assertEquals("+L0", length("normalize"));
        assertEquals("=0:+L0 +L1", length("concat"));
        assertEquals("+P0 +3", length("padded"));
        assertEquals("+P1 -2 -L0", length("shrunk"));
        assertEquals("+L0 +1", length("storeThenThrow"));
        assertEquals("+P0", length("lastOfLoop"));
        assertEquals("+L0", length("scratchThenResult"));
        assertEquals("+L0", length("maybeCopy"));
        assertEquals("+L0", length("normalizedOrSame"));
        assertNull(length("positives"), "boolean[] has no heap segment to pass in place");
    }

    private static String length(String kernel) {
        ResultLength r = KernelLowering.lower(KernelGraph.of(K, kernel, null), CompileOptions.DEFAULT, "kiln_test")
                .abi().resultLength();
        return r == null ? null : r.encode();
    }

    @Test
    void elementWise() {
        List<Object> xs = doubles();
        D.checkAll(K, "scale", product(List.of(2.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY), xs));
        D.checkAll(K, "addClone", product(xs, xs));
        D.checkAll(K, "divide", product(xs, xs));
        D.checkAll(K, "maybeCopy", product(xs, List.of(true, false)));
        D.checkAll(K, "scratchThenResult", product(xs));
        D.checkAll(K, "bumpThenClone", product(xs));
        D.checkAll(K, "cloneThenOverwrite", product(Arrays2.longs()));
        D.checkAll(K, "cloneInCallee", product(Arrays2.ints()));
        List<Object> sameLengths = new ArrayList<>(Arrays2.ints());
        sameLengths.addAll(List.of(new int[] {1, 2, 3}, new int[] {4, 5, 6}));
        D.checkAll(K, "cloneOtherFirst", product(sameLengths, sameLengths));
        D.checkAll(K, "normalizedOrSame", product(xs));
        D.checkAll(K, "normalizedOrSame", product(List.of(new double[] {0.25, 0.75}, new double[] {1}, new double[] {0.5, 0.5, -0.0})));
    }

    @Test
    void copiesAndRanges() {
        List<Object> xs = doubles();
        D.checkAll(K, "copyOfLength", product(xs, LENGTHS));
        D.checkAll(K, "copyOfInts", product(Arrays2.ints()));
        List<Integer> bounds = List.of(0, 1, 8, 3000, -1, Integer.MAX_VALUE, Integer.MIN_VALUE);
        D.checkAll(K, "copyRange", product(xs, bounds, bounds));
        D.checkAll(K, "jdkCopyOfRange", product(xs, bounds, bounds));
        D.checkAll(K, "jdkCopyOf", product(Arrays2.longs(), LENGTHS));
        D.checkAll(K, "concat", product(Arrays2.chars(), Arrays2.chars()));
        char[] same = {'a', 'b', 'c'};
        D.check(K, "concat", same, same); // one array passed twice: the result aliases neither
    }

    /**
     * Prefix copies the Java side makes (ResultLength.copyOf): the kernel's first copy into the array takes it as it
     * is when it copies the same prefix, and zeroes it and copies when not (a shorter copy, another source); sources
     * null, empty, length 1 and long; lengths negative, zero, shorter and longer than the source.
     */
    @Test
    void prefixCopiesMadeBeforeTheCall() {
        List<Object> ints = new ArrayList<>(Arrays2.ints());
        int[] big = new int[3000];
        for (int i = 0; i < big.length; i++) big[i] = i * 7 - 5;
        ints.add(big);
        ints.add(new int[] {42});
        ints.add(new int[0]);
        List<Integer> lengths = List.of(0, 1, 2, 5, 3000, 3001, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        D.checkAll(K, "prefixOfSecond", product(List.of(1, -4), ints, lengths));
        D.checkAll(K, "copyShorterThanPrefix", product(ints, lengths));
        D.checkAll(K, "copyFromOtherFirst", product(ints, lengths, ints));
        D.checkAll(K, "copyWithCheckBetween", product(ints, lengths, List.of(0, 3, -1)));
        D.checkAll(K, "copyLongerThanResult", product(ints, lengths));
        D.checkAll(K, "writeSourceThenCopy", product(ints, lengths));
        D.checkAll(K, "readThenCopy", product(ints, lengths));
        D.checkAll(K, "copyToOffset", product(ints, lengths));
        D.checkAll(K, "copyOfInts", product(ints));
        D.check(K, "copyFromOtherFirst", big, 3000, big); // the same array as both sources
        List<Integer> froms = List.of(0, 1, 2, 40, 2999, 3000, 3001, -1, Integer.MAX_VALUE, Integer.MIN_VALUE);
        D.checkAll(K, "rangeShorter", product(ints, froms, lengths));
        D.checkAll(K, "rangeFromOtherFirst", product(ints, froms, List.of(0, 1, 5, 3000, -1), ints));
        D.check(K, "rangeFromOtherFirst", big, 7, 100, big);
        D.checkAll(K, "rangeOtherIndexFirst", product(ints, froms, List.of(0, 1, 5, 2999, -1)));
    }

    @Test
    void sequencesAndLengthArithmetic() {
        D.checkAll(K, "sequence", product(LENGTHS, List.of(0, -3, Integer.MAX_VALUE), List.of(1, 7, -1)));
        D.checkAll(K, "natural", product(LENGTHS));
        D.checkAll(K, "padded", product(List.of(0, 1, -3, -4, 2045, Integer.MAX_VALUE, Integer.MAX_VALUE - 3,
                Integer.MIN_VALUE), List.of((byte) 0, (byte) -1)));
        D.checkAll(K, "shrunk", product(Arrays2.floats(), List.of(0, 2, 3, 40, 100, Integer.MIN_VALUE + 1,
                Integer.MAX_VALUE)));
    }

    @Test
    void throwsBeforeAndAfterTheAllocation() {
        List<Object> xs = doubles();
        D.checkAll(K, "normalize", product(xs, List.of(1.0, -0.0, 2.5, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY)));
        D.check(K, "normalize", new double[] {1, -1}, 1.0); // zero sum: thrown after the allocation
        // Lengths past the adapter's limit and past the heap: the check before the allocation throws as in Java
        D.checkAll(K, "refuseThenAllocate", product(List.of(0, 3, 1 << 22, (1 << 22) + 1, Integer.MAX_VALUE - 2,
                Integer.MAX_VALUE, -1), List.of(5, Integer.MAX_VALUE)));
        D.checkAll(K, "storeThenThrow", product(Arrays2.shorts(), List.of(0, 1, 5, 29, 30, -1)));
    }

    /** Only one pass through the allocation may take the Java side's array; the others allocate their own. */
    @Test
    void allocationRunTwice() {
        D.checkAll(K, "lastOfLoop", product(List.of(0, 1, 4, 3000, -1), List.of(0, 1, 3)));
    }

    @Test
    void booleanResultAllocatedByTheKernel() {
        D.checkAll(K, "positives", product(Arrays2.ints()));
    }

    /** Many calls on one thread, alternating kernels and sizes: no call sees another's result array. */
    @Test
    void repeatedCallsOnOneThread() {
        List<Object[]> inputs = new ArrayList<>();
        for (int k = 0; k < 200; k++) inputs.add(new Object[] {k % 7, k, 3});
        D.checkAll(K, "sequence", inputs);
        List<Object[]> copies = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            double[] a = new double[k % 11];
            Arrays.fill(a, k);
            copies.add(new Object[] {a, (k * 5) % 13});
        }
        D.checkAll(K, "copyOfLength", copies);
    }
}
