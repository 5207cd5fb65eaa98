package dev.kiln.runtime.events;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The ELF reading behind the perf map, on a system library (this module compiles no kernels). */
class ElfSymbolsTest {
    private static final Path LIBM = Path.of("/lib/x86_64-linux-gnu/libm.so.6");

    @Test
    void functionsHaveTheOffsetsTheDynamicLinkerUses() throws IOException {
        assumeTrue(Files.isRegularFile(LIBM), "needs " + LIBM);
        List<ElfSymbols.Function> fns = ElfSymbols.functions(Files.readAllBytes(LIBM));
        ElfSymbols.Function cbrt = fns.stream().filter(f -> f.name().equals("cbrt")).findFirst().orElseThrow();
        ElfSymbols.Function frexp = fns.stream().filter(f -> f.name().equals("frexp")).findFirst().orElseThrow();
        assertTrue(cbrt.size() > 0 && frexp.size() > 0, cbrt + " " + frexp);
        // Loaded, the two lie as far apart as their offsets say (one load address for the whole library).
        SymbolLookup libm = SymbolLookup.libraryLookup(LIBM, Arena.global());
        long cbrtAt = libm.find("cbrt").orElseThrow().address();
        long frexpAt = libm.find("frexp").orElseThrow().address();
        assertEquals(cbrt.value() - frexp.value(), cbrtAt - frexpAt);
    }

    @Test
    void aRenamedCopyNamesTheSymbolAnewAndKeepsTheRest() throws IOException {
        assumeTrue(Files.isRegularFile(LIBM), "needs " + LIBM);
        byte[] elf = Files.readAllBytes(LIBM);
        List<ElfSymbols.Function> before = ElfSymbols.functions(elf);
        byte[] copy = ElfSymbols.renamed(elf, "cbrt", "kiln:com.acme.Waves.cbrt(D)D");
        assertNotNull(copy);
        List<ElfSymbols.Function> after = ElfSymbols.functions(copy);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            ElfSymbols.Function b = before.get(i);
            ElfSymbols.Function a = after.get(i);
            assertEquals(b.value(), a.value());
            assertEquals(b.size(), a.size());
            assertEquals(b.name().equals("cbrt") ? "kiln:com.acme.Waves.cbrt(D)D" : b.name(), a.name());
        }
        assertNull(ElfSymbols.renamed(elf, "no_such_function", "x"));
        assertEquals(List.of(), ElfSymbols.functions(new byte[]{0x7f, 'E', 'L', 'F'}));
        assertEquals(List.of(), ElfSymbols.functions(java.util.Arrays.copyOf(elf, 200))); // truncated: no names
    }
}
