package dev.kiln.runtime.abi;

import dev.kiln.runtime.cache.EntryMeta;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodType;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The result length's text form, what it may refer to, and its trip through an entry's metadata. */
class ResultLengthTest {
    @Test
    void textRoundTrip() {
        for (String s : List.of("+P0", "+P2 -P1", "+L0 +L1", "+P0 +3", "+P1 -2 -L0", "-L3 +-5", "+" + Integer.MIN_VALUE, "=L2", "=0:+P1",
                "=3:+L3 -1", "=0@+P1:+P2 -P1", "=2@+L2 -3:+P0")) {
            assertEquals(s, ResultLength.parse(s).encode());
        }
        ResultLength r = ResultLength.parse("+P2 -P1");
        assertEquals(List.of(new ResultLength.Term(false, 'P', 2), new ResultLength.Term(true, 'P', 1)), r.terms());
        assertEquals(-1, r.copyOf());
        assertEquals(ResultLength.cloneOf(2), ResultLength.parse("=L2"));
        assertEquals(List.of(new ResultLength.Term(false, 'L', 2)), ResultLength.parse("=L2").terms());
        ResultLength prefix = ResultLength.parse("=0:+P1");
        assertEquals(0, prefix.copyOf());
        assertFalse(prefix.isClone());
        assertEquals(List.of(new ResultLength.Term(false, 'P', 1)), prefix.terms());
        assertTrue(ResultLength.parse("=L2").isClone());
        ResultLength range = ResultLength.parse("=0@+P1:+P2 -P1");
        assertEquals(List.of(new ResultLength.Term(false, 'P', 1)), range.from());
        assertFalse(range.isClone());
        assertEquals(List.of(), prefix.from());
        assertEquals("=L0", ResultLength.copyOf(0, List.of(new ResultLength.Term(false, 'L', 0))).encode(),
                "a copy of a parameter's own length is its clone");
        assertThrows(IllegalArgumentException.class, () -> new ResultLength(List.of(new ResultLength.Term(false, 'P', 0)), -2));
        for (String bad : List.of("", "P0", "+Q1", "+P", "+P-1", "+L0  +P1", "*3", "=0", "=0:", "=x:+P1", "=L", "=0@:+P1", "=0@P1:+P1")) {
            assertThrows(IllegalArgumentException.class, () -> ResultLength.parse(bad), bad);
        }
    }

    @Test
    void fitsOnlyIntParametersLengthsAndHeapResults() {
        MethodType t = MethodType.fromMethodDescriptorString("([DIJZ[[D)[D", null);
        assertTrue(ResultLength.parse("+L0 +P1 +7").fits(t));
        assertFalse(ResultLength.parse("+P0").fits(t), "an array is not an int");
        assertFalse(ResultLength.parse("+P2").fits(t), "a long is not an int");
        assertFalse(ResultLength.parse("+P3").fits(t), "a boolean is not a length");
        assertFalse(ResultLength.parse("+L1").fits(t), "an int has no length");
        // the marshalling path of kernels with arrays of arrays sizes by an array of arrays' length too
        assertTrue(ResultLength.parse("+L4").fits(t));
        assertFalse(ResultLength.parse("+L0").fits(MethodType.fromMethodDescriptorString("([Ljava/lang/String;)[D", null)),
                "an array of objects is no kernel's");
        assertFalse(ResultLength.parse("+P5").fits(t), "past the parameters");
        assertTrue(ResultLength.parse("=L0").fits(t));
        assertFalse(ResultLength.parse("=L0").fits(MethodType.fromMethodDescriptorString("([I)[D", null)),
                "a clone has its source's type");
        assertTrue(ResultLength.parse("=0:+P1").fits(t));
        assertFalse(ResultLength.parse("=1:+P1").fits(t), "a copy's source is an array");
        assertFalse(ResultLength.parse("=4:+P1").fits(t), "a copy's source is of the result's type");
        assertTrue(ResultLength.parse("=0@+P1:+P1").fits(t));
        assertFalse(ResultLength.parse("=0@+P2:+P1").fits(t), "the index to copy from is an int");
        assertFalse(ResultLength.parse("+P0").fits(MethodType.fromMethodDescriptorString("(I)[Z", null)),
                "a boolean[] result is copied out, never passed in place");
        assertThrows(IllegalArgumentException.class, () -> new KernelAbi("k", "(I)[Z", true, List.of(), List.of(),
                List.of(), ResultLength.parse("+P0")));
    }

    @Test
    void entryMetadataKeepsIt() throws Exception {
        String hex = "0123456789abcdef".repeat(4);
        KernelAbi with = new KernelAbi("kiln_" + hex.substring(0, 16), "([DII)[D", true, List.of("m"), List.of(),
                List.of(), ResultLength.parse("+P2 -P1"));
        EntryMeta m = new EntryMeta(hex, "a.B.c([DII)[D", hex, new TreeMap<>(), "kiln-test", "x86-64-v3",
                "O3", with, 10, hex, Instant.EPOCH);
        assertEquals(with, EntryMeta.parse(m.toBytes()).abi());
        KernelAbi without = new KernelAbi(with.symbol(), with.descriptor(), true, List.of("m"), List.of(), List.of());
        EntryMeta n = new EntryMeta(hex, m.kernel(), hex, new TreeMap<>(), "kiln-test", "x86-64-v3", "O3", without,
                10, hex, Instant.EPOCH);
        assertNull(EntryMeta.parse(n.toBytes()).abi().resultLength());
    }

    /** An asked length ("?"): no terms, fits any 1-D result but boolean[], kept in the metadata with zeroArrays. */
    @Test
    void askedLengthAndZeroArrays() throws Exception {
        ResultLength asked = ResultLength.parse("?");
        assertSame(ResultLength.ASKED, asked);
        assertTrue(asked.isAsked());
        assertEquals("?", asked.encode());
        assertFalse(asked.isClone());
        assertFalse(ResultLength.parse("+P0").isAsked());
        assertTrue(asked.fits(MethodType.fromMethodDescriptorString("([[D)[D", null)));
        assertFalse(asked.fits(MethodType.fromMethodDescriptorString("([[Z)[Z", null)), "boolean[] has no heap segment");
        assertFalse(asked.fits(MethodType.fromMethodDescriptorString("([[D)[[D", null)), "an array of arrays");
        assertThrows(IllegalArgumentException.class, () -> new ResultLength(List.of(), 0), "a copy has a length");
        String hex = "0123456789abcdef".repeat(4);
        KernelAbi abi = new KernelAbi("kiln_" + hex.substring(0, 16), "([[D)[D", true, List.of(), List.of(),
                List.of(), false, asked, true);
        EntryMeta m = new EntryMeta(hex, "a.B.c([[D)[D", hex, new TreeMap<>(), "kiln-test", "x86-64-v3",
                "O3", abi, 10, hex, Instant.EPOCH);
        KernelAbi back = EntryMeta.parse(m.toBytes()).abi();
        assertEquals(abi, back);
        assertTrue(back.zeroArrays());
        KernelAbi touching = new KernelAbi(abi.symbol(), abi.descriptor(), true, List.of(), List.of(), List.of());
        assertFalse(EntryMeta.parse(new EntryMeta(hex, m.kernel(), hex, new TreeMap<>(), "kiln-test", "x86-64-v3",
                "O3", touching, 10, hex, Instant.EPOCH).toBytes()).abi().zeroArrays());
    }
}
