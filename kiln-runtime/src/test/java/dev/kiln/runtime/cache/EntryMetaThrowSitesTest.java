package dev.kiln.runtime.cache;

import dev.kiln.runtime.abi.KernelAbi;
import dev.kiln.runtime.abi.SourceFrame;
import dev.kiln.runtime.abi.ThrowSite;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Throw sites and call sites survive the entry's metadata file exactly, whatever characters their texts hold. */
class EntryMetaThrowSitesTest {
    @Test
    void roundTrip() throws Exception {
        String hex = "0123456789abcdef".repeat(4);
        List<ThrowSite> sites = List.of(
                new ThrowSite("java.lang.IllegalArgumentException", "(Ljava/lang/String;)V",
                        List.of(ThrowSite.literal("n must be positive: "), "I", ThrowSite.literal(" (\ttab, \\ back, \n new line, \\0, é, 中)"), "D"),
                        new SourceFrame("com.acme.Fft", "log2", "Fft.java", 42)),
                new ThrowSite("java.lang.IllegalStateException", "()V", List.of(),
                        new SourceFrame("com.acme.Outer$Inner", "run", null, -1)),
                new ThrowSite("java.lang.AssertionError", "(J)V", List.of("J"),
                        new SourceFrame("a.B", "c", "B.java", 7)),
                // a cold path run as Java: its class file travels with the entry
                ThrowSite.javaPath("a.B$KilnPath$0011223344556677", "(IDJ)V", List.of("I", "D", "J"),
                        new SourceFrame("a.B", "c", "B.java", 9), new byte[] {(byte) 0xca, (byte) 0xfe, 0, 9, '\t', '\\'}));
        List<SourceFrame> calls = List.of(new SourceFrame("com.acme.Fft", "transform", "Fft.java", 10),
                new SourceFrame("x.Y", "z", null, -1));
        KernelAbi abi = new KernelAbi(KernelKey.symbol(hex), "([DI)D", true, List.of("Cannot load from double array"),
                sites, calls);
        EntryMeta m = new EntryMeta(hex, "com.acme.Fft.transform([DI)D", hex, new TreeMap<>(), "kiln-test",
                "x86-64-v3", "O3 fastMath=false boundsChecks=true", abi, 10, hex, Instant.EPOCH);
        EntryMeta back = EntryMeta.parse(m.toBytes());
        assertEquals(abi, back.abi());
        assertEquals(sites, back.abi().throwSites());
        assertEquals(calls, back.abi().callSites());

        // A signature covers the throw sites: the Java side initialises and constructs the classes they name.
        List<ThrowSite> other = List.of(new ThrowSite("java.lang.System", "()V", List.of(), sites.get(0).frame()));
        EntryMeta swapped = new EntryMeta(hex, m.kernel(), hex, new TreeMap<>(), "kiln-test", "x86-64-v3", m.options(),
                new KernelAbi(abi.symbol(), abi.descriptor(), true, abi.messages(), other, calls), 10, hex, Instant.EPOCH);
        byte[] lib = new byte[10];
        assertNotEquals(new String(EntrySignature.payload(m, lib)), new String(EntrySignature.payload(swapped, lib)));

        // ... and the code of a path run as Java
        List<ThrowSite> otherCode = new java.util.ArrayList<>(sites);
        ThrowSite p = sites.get(3);
        otherCode.set(3, ThrowSite.javaPath(p.exception(), p.constructor(), p.message(), p.frame(), new byte[] {1, 2, 3}));
        EntryMeta recoded = new EntryMeta(hex, m.kernel(), hex, new TreeMap<>(), "kiln-test", "x86-64-v3", m.options(),
                new KernelAbi(abi.symbol(), abi.descriptor(), true, abi.messages(), otherCode, calls), 10, hex, Instant.EPOCH);
        assertNotEquals(new String(EntrySignature.payload(m, lib)), new String(EntrySignature.payload(recoded, lib)));
    }

    @Test
    void javaPathsStayOutOfTheThrowLineThatEarlierAbisRead() throws Exception {
        // A Kiln of an earlier ABI explaining a miss parses every entry's abi-throw lines: a Java path's must be one
        // it accepts, a site of its own format (the path's code is in a field of its own that it ignores).
        ThrowSite path = ThrowSite.javaPath("a.B$KilnPath$00", "(I)V", List.of("I"), new SourceFrame("a.B", "c", null, 3),
                new byte[] {(byte) 0xca, (byte) 0xfe});
        String line = path.encode();
        assertEquals(new ThrowSite("a.B$KilnPath$00", "(I)V", List.of("I"), new SourceFrame("a.B", "c", null, 3)),
                ThrowSite.decode(line));
        assertEquals(6 + 1, line.split("\t").length);
        assertEquals(List.of(path), ThrowSite.withJavaPaths(List.of(ThrowSite.decode(line)),
                ThrowSite.encodeJavaPaths(List.of(path))));
    }
}
