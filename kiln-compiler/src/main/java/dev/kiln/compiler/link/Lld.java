package dev.kiln.compiler.link;

import dev.kiln.KilnException;
import org.bytedeco.javacpp.Loader;

import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Links one object file into a shared library with the {@code lld} that ships inside {@code org.bytedeco:llvm}.
 *
 * <p>JavaCPP extracts that jar's files without execute permission, and {@code lld} looks for {@code libLLVM.so.20.1}
 * beside itself, so on first use we assemble a small tool folder next to JavaCPP's cache (made in a temporary folder
 * and renamed into place, so concurrent processes never see half of it).
 */
public final class Lld {
    private static final String TOOL_DIR = "kiln-lld-" + org.bytedeco.llvm.presets.LLVM.class.getPackage()
            .getImplementationVersion();
    private static volatile Path lld;

    private Lld() {
    }

    /**
     * Links {@code object} into a position-independent shared library. Only global symbols of the object are
     * exported (Kiln emits one); the library is self-contained but for libm, recorded as a dependency when found.
     */
    public static byte[] linkShared(byte[] object, String name) {
        Path exe = executable();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("kiln-link-");
            Path obj = dir.resolve(name + ".o");
            Path out = dir.resolve(name + ".so");
            Files.write(obj, object);
            List<String> cmd = new ArrayList<>(List.of(exe.toString(), "-flavor", "gnu", "-shared",
                    "-o", out.toString(), "--build-id=none", "-z", "noexecstack", "-z", "relro", "-z", "now",
                    "-Bsymbolic", "--hash-style=gnu", "-soname", name + ".so", obj.toString()));
            Path libm = libm();
            if (libm != null) {
                cmd.add("--as-needed");
                cmd.add(libm.toString());
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output;
            try (var in = p.getInputStream()) {
                output = new String(in.readAllBytes());
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new KilnException("lld did not finish linking " + name + " within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new KilnException("lld failed linking " + name + " (exit " + p.exitValue() + "): " + output.strip());
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new KilnException("cannot link " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KilnException("interrupted while linking " + name, e);
        } finally {
            if (dir != null) deleteTree(dir);
        }
    }

    /** The lld executable, set up on first use. */
    public static Path executable() {
        Path p = lld;
        if (p != null) return p;
        synchronized (Lld.class) {
            if (lld == null) lld = install();
            return lld;
        }
    }

    private static Path install() {
        try {
            File pkg = cachePackage();
            Path source = pkg.toPath();
            Path tools = Loader.getCacheDir().toPath().resolve(TOOL_DIR);
            Path exe = tools.resolve("lld");
            if (Files.isExecutable(exe)) return exe;
            Path tmp = Files.createTempDirectory(Loader.getCacheDir().toPath(), TOOL_DIR + ".tmp");
            Files.copy(source.resolve("lld"), tmp.resolve("lld"), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp.resolve("lld"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createSymbolicLink(tmp.resolve("libLLVM.so.20.1"), source.resolve("libLLVM.so"));
            try {
                Files.move(tmp, tools, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
                deleteTree(tmp); // another process won the race; its folder is complete
            }
            if (!Files.isExecutable(exe)) throw new KilnException("lld is not executable at " + exe);
            return exe;
        } catch (IOException e) {
            throw new KilnException("cannot set up lld from org.bytedeco:llvm: " + e.getMessage(), e);
        }
    }

    /** JavaCPP's unpacked package; its file lock can be refused under contention (see {@link LockRefusal}). */
    private static File cachePackage() throws IOException {
        return LockRefusal.retry(org.bytedeco.llvm.presets.LLVM::cachePackage);
    }

    /** libm.so.6, so dlopen finds the math functions even where the JVM did not load libm globally. */
    private static Path libm() {
        for (String c : List.of("/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6",
                "/lib64/libm.so.6", "/usr/lib64/libm.so.6")) {
            Path p = Path.of(c);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temp folder is harmless
        }
    }
}
