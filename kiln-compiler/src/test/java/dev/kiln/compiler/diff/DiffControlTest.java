package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;

/** Switches (dense, sparse, negative keys, default), loops of every shape, early return. */
class DiffControlTest {
    static final Diff D = Diff.forClass(DiffControlTest.class);
    static final Class<?> K = ControlKernels.class;

    static List<Integer> range(int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int i = from; i <= to; i++) l.add(i);
        return l;
    }

    static List<Integer> with(List<Integer> a, List<Integer> b) {
        List<Integer> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense", "denseNegative", "sparse", "noDefault"})
    void switches(String kernel) {
        D.checkAll(K, kernel, product(with(range(-10, 10), with(INTS,
                List.of(-1_000_000, -999_999, 1 << 20, (1 << 20) + 1, 1000, 999)))));
    }

    @Test
    void switchOnCharAndByte() {
        List<Character> cs = new ArrayList<>(CHARS);
        cs.addAll(List.of('a', 'e', 'u', 'b', '0', '1'));
        D.checkAll(K, "onChar", product(cs));
        D.checkAll(K, "onByte", product(BYTES));
    }

    @Test
    void switchInLoop() {
        D.checkAll(K, "switchInLoop", product(List.of(0, 1, 2, 3, 5, 17, 100, 1000, 100_000, -5)));
    }

    @Test
    void loops() {
        D.checkAll(K, "nestedLoops", product(List.of(0, 1, 7, 100), List.of(0, 1, 13, 300)));
        D.checkAll(K, "labeledBreak", product(List.of(0, 5, 17, 24, 30, 400)));
        D.checkAll(K, "doWhile", product(List.of(-5, 0, 1, 2, 50, 5000)));
        D.checkAll(K, "whileLoop", product(with(range(-3, 30), List.of(27, 97, 871, 1_000_001, Integer.MAX_VALUE,
                Integer.MIN_VALUE))));
        D.checkAll(K, "gcd", product(INTS_SMALL, List.of(1, 2, 12, -18, 0x7fff, 1_000_000_007)));
        D.checkAll(K, "gcd", product(List.of(Integer.MIN_VALUE, 0), List.of(-1, 0)));
        D.checkAll(K, "isPrime", product(with(range(-2, 60), List.of(Integer.MAX_VALUE, 2147483629,
                1_000_000_007, 46349 * 46351, Integer.MIN_VALUE))));
        D.checkAll(K, "firstPair", product(List.of(0, 5, 50), List.of(0, 2, 25, 2500, 4801, -1)));
        D.checkAll(K, "countDown", product(List.of(-1, 0, 1, 2, 3, 100, 10_000)));
        D.checkAll(K, "longCounter", product(List.of(-1L, 0L, 1L, 10L, 3_000_000L)));
        D.checkAll(K, "wrappingLoop", product(List.of(1, 0, -1, Integer.MAX_VALUE, 1 << 30, 123)));
        D.checkAll(K, "floatLoop", product(List.of(0, 1, 10, 1000, 100_000)));
        D.checkAll(K, "bitsByLoop", product(LONGS));
        D.checkAll(K, "earlyReturns", product(INTS_SMALL, INTS_SMALL));
    }
}
