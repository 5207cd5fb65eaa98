package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.each;
import static dev.kiln.compiler.diff.Diff.product;

/**
 * Sums with the sign bit ({@code SignBitAdds}) against HotSpot: MIN and MAX values, whose absolute value and
 * differences overflow, 0 and -1, empty, length-1 and null arrays, arrays of different lengths.
 */
class DiffSignBitTest {
    static final Diff D = Diff.forClass(DiffSignBitTest.class);
    static final Class<?> K = SignBitKernels.class;
    static final List<Integer> INTS = List.of(0, 1, -1, 2, -2, 12345, -12345, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1);
    static final List<Long> LONGS = List.of(0L, 1L, -1L, -7L, 1L << 40, -(1L << 40), Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MIN_VALUE + 1, (long) Integer.MIN_VALUE);

    static List<Object> intArrays() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : new int[] {0, 1, 2, 15, 16, 17, 33, 64, 100}) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) a[i] = INTS.get(i % INTS.size()) * (i % 3 == 0 ? -1 : 1) + i;
            out.add(a);
        }
        return out;
    }

    static List<Object> longArrays() {
        List<Object> out = new ArrayList<>(Arrays.asList((Object) null));
        for (int n : new int[] {0, 1, 2, 7, 8, 9, 33}) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) a[i] = LONGS.get(i % LONGS.size()) - i;
            out.add(a);
        }
        return out;
    }

    @Test
    void absoluteValuesAtTheEdges() {
        D.checkAll(K, "absInt", each(INTS));
        D.checkAll(K, "absLong", each(LONGS));
        D.checkAll(K, "notSignBit", product(INTS, INTS));
    }

    @Test
    void distancesOverflowAsJavaDoes() {
        List<Object> ints = intArrays();
        D.checkAll(K, "distanceInt", product(ints, ints));
        List<Object> longs = longArrays();
        D.checkAll(K, "distanceLong", product(longs, longs));
    }

    @Test
    void halvesInPlace() {
        List<Object> ints = intArrays();
        List<Object> longs = longArrays();
        D.checkAll(K, "halves", product(ints, longs));
    }
}
