package dev.kiln.runtime.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /tmp/perf-<pid>.map}, the file {@code perf} and other profilers read to name code that has no symbol table
 * of its own (a JIT's): one line per function, {@code START SIZE name} in hex. Kiln appends a line for every function of every kernel library it loads,
 * as it loads it (so {@code perf top} and a recording already running see them), named after the kernel.
 *
 * <p>Addresses and sizes come from the library's own symbol table ({@link ElfSymbols}), read from the bytes that were
 * loaded; the load address is the entry point's address (found by FFM) less its offset. So every entry ever baked is
 * covered, with no extra metadata in the cache.
 *
 * <p>{@code perf} itself uses the map only for anonymous memory, so for {@code perf report} the loaded library's
 * file is kept too ({@link #keepForProfilers}).
 *
 * <p>HotSpot's {@code -XX:+DumpPerfMapAtExit} rewrites the file when the JVM exits, after every shutdown hook has
 * run, which would drop Kiln's lines. When that flag is on, Kiln's shutdown hook hands its lines to a small
 * {@code /bin/sh} process that waits for the JVM to exit and then appends them: the file ends up with the JIT's
 * methods and the kernels.
 */
public final class PerfMap {
    private static final List<String> LINES = new ArrayList<>();
    private static boolean hooked;

    private PerfMap() {
    }

    /** This process's map file. */
    public static Path file() {
        return Path.of("/tmp/perf-" + ProcessHandle.current().pid() + ".map");
    }

    /**
     * Appends the functions of a loaded kernel library.
     *
     * @param kernel  the kernel's display name
     * @param library the library bytes that were loaded
     * @param symbol  its exported entry point
     * @param entry   the entry point's address in this process
     */
    static void add(String kernel, byte[] library, String symbol, long entry) {
        List<ElfSymbols.Function> fns = ElfSymbols.functions(library);
        long base = Long.MIN_VALUE;
        for (ElfSymbols.Function f : fns) if (f.name().equals(symbol)) base = entry - f.value();
        if (base == Long.MIN_VALUE) return; // not an ELF file Kiln made: nothing to name
        StringBuilder sb = new StringBuilder();
        for (ElfSymbols.Function f : fns) {
            String name = f.name().equals(symbol) ? kernel : f.name().replace('/', '.') + " [in " + kernel + "]";
            sb.append(Long.toHexString(base + f.value())).append(' ').append(Long.toHexString(f.size())).append(' ')
                    .append("kiln:").append(name.replace('\n', ' ')).append('\n');
        }
        append(sb.toString());
    }

    /**
     * {@code perf} reads the perf map only for anonymous memory; a kernel library is a file mapping, of a private copy
     * deleted as soon as it is loaded (see {@code pipeline.LibraryLoader}), and {@code perf report} looks for that file by its
     * name. So, after the copy is deleted, a new file (a new inode: the mapping is unaffected) is written at the same
     * path, with the kernel's name on its entry point: profiles then name the kernel and every function in it. It is
     * left in the temporary folder, as perf maps are. Called only with {@code kiln.perfMap} on.
     */
    public static void keepForProfilers(Path loaded, byte[] library, String symbol, String kernel) {
        byte[] named;
        try {
            named = ElfSymbols.renamed(library, symbol, "kiln:" + kernel);
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            named = null; // an odd symbol table: the library as it is, named by its exported symbol
        }
        try {
            Files.write(loaded, named != null ? named : library, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            KilnEvents.warnOnce("perfcopy", "cannot keep kernel libraries for profilers in " + loaded.getParent()
                    + ": " + e.getMessage());
        }
    }

    private static synchronized void append(String lines) {
        LINES.add(lines);
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) ch.write(b);
        } catch (IOException e) {
            KilnEvents.warnOnce("perfmap", "cannot write " + file() + ": " + e.getMessage());
        }
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(PerfMap::afterJvmDump, "kiln-perf-map"));
        }
    }

    /** With -XX:+DumpPerfMapAtExit, re-appends Kiln's lines once the JVM has rewritten the file and exited. */
    private static void afterJvmDump() {
        if (!jvmDumpsAtExit()) return;
        String all;
        synchronized (PerfMap.class) {
            all = String.join("", LINES);
        }
        try {
            Path lines = Files.createTempFile("kiln-perf-", ".map");
            Files.writeString(lines, all);
            String pid = Long.toString(ProcessHandle.current().pid());
            // $0 pid, $1 Kiln's lines, $2 the map: wait for the JVM to be gone or a zombie (its map is written by then).
            new ProcessBuilder("/bin/sh", "-c",
                    "while kill -0 \"$0\" 2>/dev/null && ! grep -q '^State:.*Z' /proc/\"$0\"/status 2>/dev/null; do "
                            + "sleep 0.05; done; cat \"$1\" >> \"$2\"; rm -f \"$1\"",
                    pid, lines.toString(), file().toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | RuntimeException e) {
            System.err.println("kiln: warning: -XX:+DumpPerfMapAtExit will overwrite " + file()
                    + " and Kiln cannot re-append its kernels (" + e.getMessage() + ")");
        }
    }

    private static boolean jvmDumpsAtExit() {
        try {
            var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            return bean != null && bean.getVMOption("DumpPerfMapAtExit").getValue().toLowerCase(Locale.ROOT)
                    .equals("true");
        } catch (RuntimeException | LinkageError e) {
            return false; // not HotSpot, or no jdk.management module: no such dump either
        }
    }
}
