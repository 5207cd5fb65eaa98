package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;

/** Array copies against HotSpot: values, exceptions with HotSpot's texts, arrays after the call and after a throw. */
class DiffCopyTest {
    static final Diff D = Diff.forClass(DiffCopyTest.class);
    static final Class<?> K = CopyKernels.class;

    static final List<Integer> POS = List.of(0, 1, 3, 10, 11, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);

    static List<Object> ints() {
        return Arrays.asList(null, new int[0], new int[] {5}, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    }

    static List<Object> bools() {
        return Arrays.asList(null, new boolean[0], new boolean[] {true}, new boolean[] {true, false, true, true});
    }

    @Test
    void clones() {
        D.checkAll(K, "cloneD", product(Arrays2.doubles()));
        D.checkAll(K, "cloneZ", product(bools()));
        D.checkAll(K, "cloneC", product(Arrays2.chars()));
        D.checkAll(K, "cloneIsCopy", product(Arrays.asList(null, new int[] {1}, new int[] {4, 5})));
    }

    @Test
    void copyOfAndRange() {
        List<Integer> lens = List.of(0, 1, 3, 40, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        D.checkAll(K, "copyOfD", product(Arrays2.doubles(), lens));
        D.checkAll(K, "copyOfB", product(Arrays2.bytes(), lens));
        D.checkAll(K, "copyOfZ", product(bools(), lens));
        D.checkAll(K, "copyOfRangeJ", product(Arrays2.longs(), POS, POS));
        D.checkAll(K, "copyOfRangeS", product(Arrays2.shorts(), List.of(0, 2, -1, 40), List.of(0, 3, 5, 40, -2)));
    }

    @Test
    void fills() {
        D.checkAll(K, "fillI", product(ints(), List.of(0, -1, 7)));
        D.checkAll(K, "fillD", product(Arrays2.doubles(), Edge.DOUBLES_SMALL));
        D.checkAll(K, "fillZ", product(bools(), List.of(true, false)));
        D.checkAll(K, "fillRangeF", product(Arrays2.floats(), POS, POS, List.of(2.5f, Float.NaN)));
        D.checkAll(K, "fillRangeC", product(Arrays2.chars(), List.of(0, 2, -1), List.of(0, 3, 40), List.of('x', '\uffff')));
        D.checkAll(K, "fillRangeB", product(Arrays2.bytes(), List.of(1, 4), List.of(3, 2), List.of((byte) -1)));
    }

    @Test
    void arraycopy() {
        D.checkAll(K, "copyI", product(ints(), POS, ints(), POS, List.of(0, 1, 3, 10, -1, Integer.MAX_VALUE)));
        D.checkAll(K, "copyZ", product(bools(), List.of(0, 1, -1), bools(), List.of(0, 2), List.of(0, 2, 5)));
        D.checkAll(K, "copyMismatch", product(Arrays.asList(null, new int[2]), Arrays.asList(null, new double[2]), List.of(0, 1, -1)));
        D.checkAll(K, "shift", product(Arrays.asList(new int[] {1, 2, 3, 4, 5}, new int[] {9}), List.of(0, 1, 2, 5)));
        D.checkAll(K, "writeThenCopy", product(ints(), Arrays.asList(new int[3], new int[12]), List.of(0, 2, 3, 11, -1)));
        D.checkAll(K, "scratchWork", product(Arrays2.doubles(), List.of(1, 2, 8, 100, 0)));
        // Aliasing: one array as source and destination, overlapping both ways.
        for (int sp : List.of(0, 2, 5)) {
            for (int dp : List.of(0, 3, 6)) {
                int[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
                D.check(K, "copyI", a, sp, a, dp, 4);
            }
        }
    }
}
