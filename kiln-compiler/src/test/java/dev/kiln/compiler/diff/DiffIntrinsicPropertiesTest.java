package dev.kiln.compiler.diff;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

/** Property-based checks of the exactly specified intrinsics, with {@link DiffPropertiesTest}'s generators. */
class DiffIntrinsicPropertiesTest {
    private final DiffPropertiesTest P = new DiffPropertiesTest();

    @Provide
    Arbitrary<Integer> ints() {
        return P.ints();
    }

    @Provide
    Arbitrary<Long> longs() {
        return P.longs();
    }

    @Provide
    Arbitrary<Double> doubles() {
        return P.doubles();
    }

    @Property(tries = 300)
    void exactIntrinsics(@ForAll("ints") int a, @ForAll("ints") int b, @ForAll("longs") long l,
                         @ForAll("longs") long m, @ForAll("doubles") double d, @ForAll("doubles") double e) {
        DiffPropertiesTest.all(IntrinsicKernels.class, List.of("floorDivI", "floorModI", "addExactI", "multiplyExactI", "minI",
                "rotlI", "compareUnsignedI"), a, b);
        DiffPropertiesTest.all(IntrinsicKernels.class, List.of("floorModL", "multiplyExactL", "subtractExactL", "divideUnsignedL"), l, m);
        DiffPropertiesTest.all(IntrinsicKernels.class, List.of("nlzL", "bitCountL", "reverseBytesL", "toIntExact"), l);
        DiffPropertiesTest.all(IntrinsicKernels.class, List.of("minD", "maxD", "copySign", "compareD"), d, e);
        DiffPropertiesTest.all(IntrinsicKernels.class, List.of("floor", "ceil", "rint", "roundD", "sqrt", "absD", "doubleToLongBits"), d);
        DiffPropertiesTest.D.check(IntrinsicKernels.class, "fmaD", d, e, (double) a);
    }
}
