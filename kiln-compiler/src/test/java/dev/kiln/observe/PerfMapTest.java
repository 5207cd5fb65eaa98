package dev.kiln.observe;

import dev.kiln.Kiln;
import dev.kiln.KilnConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code kiln.perfMap}: the perf map and the profiler copy of each library; {@code kiln.log=info}: one line per kernel. */
class PerfMapTest {
    @TempDir
    Path tmp;

    private Path kept;

    @AfterEach
    void clear() throws java.io.IOException {
        System.clearProperty("kiln.perfMap");
        System.clearProperty("kiln.log");
        if (kept != null) { // left for profilers otherwise
            Files.deleteIfExists(kept);
            Files.deleteIfExists(Path.of("/tmp/perf-" + ProcessHandle.current().pid() + ".map"));
        }
    }

    @Test
    void theMapHasALineCoveringTheKernelsEntryPointAndTheLibraryIsKeptNamedAfterIt() throws Throwable {
        System.setProperty("kiln.perfMap", "true");
        KilnConfig cfg = KilnConfig.defaults().withCachePath(List.of(tmp.resolve("cache")));
        MethodHandle mh = Kiln.create(cfg).compile(ObservedKernels.class, "norm");
        assertEquals(5.0, (double) mh.invokeExact(new double[]{3, 4}));

        // The library this process mapped for the kernel: a private copy, named after its entry point.
        String kernel = "kiln:dev.kiln.observe.ObservedKernels.norm([D)D";
        Path library = null;
        for (String l : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = l.indexOf('/');
            if (slash < 0 || !l.substring(slash).matches("\\S*/kiln_[0-9a-f]{32}-[0-9a-f]+\\.so.*")) continue;
            Path p = Path.of(l.substring(slash).replace(" (deleted)", ""));
            // The file now at that path is the profiler's copy (the mapped one was deleted): it names the kernel.
            if (Files.exists(p) && new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(kernel)) library = p;
        }
        assertNotNull(library, "a kept copy naming " + kernel);
        kept = library;
        String symbol = library.getFileName().toString().substring(0, "kiln_".length() + 32);
        // Looked up by the name it was loaded under, the loaded library answers (the dynamic linker matches names).
        long entry = SymbolLookup.libraryLookup(library.toString(), Arena.global()).find(symbol).orElseThrow().address();

        List<String> lines = Files.readAllLines(Path.of("/tmp/perf-" + ProcessHandle.current().pid() + ".map"));
        List<String> covering = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split(" ", 3);
            assertEquals(3, f.length, l);
            long start = HexFormat.fromHexDigitsToLong(f[0]);
            long size = HexFormat.fromHexDigitsToLong(f[1]);
            assertTrue(size > 0, l);
            if (Long.compareUnsigned(entry, start) >= 0 && Long.compareUnsigned(entry, start + size) < 0) covering.add(f[2]);
        }
        assertEquals(List.of(kernel), covering, "exactly one line covers the entry point " + Long.toHexString(entry));
        // Every other function of the library is there too, named as the kernel's.
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(" kiln:kiln.raise [in dev.kiln.observe.ObservedKernels.norm([D)D]")),
                String.join("\n", lines));
    }

    @Test
    void infoLogsOneLinePerKernelCompiledOrServed() throws Throwable {
        System.setProperty("kiln.log", "info");
        KilnConfig cfg = KilnConfig.defaults().withCachePath(List.of(tmp.resolve("cache")));
        String first = stderrOf(() -> Kiln.create(cfg).compile(ObservedKernels.class, "sumsq"));
        String second = stderrOf(() -> Kiln.create(cfg).compile(ObservedKernels.class, "sumsq"));
        assertEquals(1, first.lines().count(), first);
        assertTrue(first.matches("kiln: info: ObservedKernels\\.sumsq\\(\\[D\\)D compiled for x86-64\\S* in \\d+\\.\\d ms "
                + "\\(no-entry\\); entry in " + java.util.regex.Pattern.quote(tmp.resolve("cache").toString()) + "\\R"), first);
        assertEquals(1, second.lines().count(), second);
        assertTrue(second.matches("kiln: info: ObservedKernels\\.sumsq\\(\\[D\\)D served from cache "
                + java.util.regex.Pattern.quote(tmp.resolve("cache").toString()) + " \\(x86-64\\S*\\) in \\d+\\.\\d ms\\R"), second);
        System.setProperty("kiln.log", "warn");
        assertEquals("", stderrOf(() -> Kiln.create(cfg).compile(ObservedKernels.class, "sumsq")));
    }

    private static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setErr(new PrintStream(b, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
