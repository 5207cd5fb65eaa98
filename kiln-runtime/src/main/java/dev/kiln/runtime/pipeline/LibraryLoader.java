package dev.kiln.runtime.pipeline;

import dev.kiln.KilnException;
import dev.kiln.runtime.bind.NativeBinder;
import dev.kiln.runtime.cache.KilnCache;
import dev.kiln.runtime.events.PerfMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loads verified library bytes. They are written to a private temp file (unique name, owner-only), opened, and the
 * file is deleted at once (the mapping stays). So what runs is exactly what was checked, even if the cache file is
 * replaced, truncated in place (which would SIGBUS a mapping of it) or evicted meanwhile; and glibc's by-name
 * dedup of dlopen never returns another library. If the temp folder cannot hold executable mappings (noexec), the
 * verified cache file itself is opened, except when signatures are checked: the file on disk is not the bytes whose
 * signature was checked (and, for an entry this process compiled, not even the bytes it compiled), so then the
 * load fails instead.
 */
final class LibraryLoader {
    private static final Set<StandardOpenOption> CREATE_NEW =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /** Where private copies are written ({@code java.io.tmpdir}). */
    private final Path tempDir;
    /** {@code kiln.perfMap}: keep a named copy of each library for profilers. */
    private final boolean perfMap;

    LibraryLoader(Path tempDir, boolean perfMap) {
        this.tempDir = tempDir;
        this.perfMap = perfMap;
    }

    /**
     * Writes the bytes to a new owner-only file with a unique name ({@code Files.createTempFile} would do, but it
     * initialises a SecureRandom, which a fresh JVM pays for on its first kernel; the name needs to be unique, not
     * secret, as CREATE_NEW refuses an existing file or link).
     */
    private Path privateCopy(String symbol, byte[] bytes) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = tempDir.resolve(symbol + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".so");
            try (FileChannel ch = FileChannel.open(p, CREATE_NEW, OWNER_ONLY)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) ch.write(b);
                return p;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) throw e;
            } catch (IOException e) {
                Files.deleteIfExists(p); // a partial copy is never loaded; do not leave it behind
                throw e;
            } catch (UnsupportedOperationException e) {
                return Files.write(Files.createTempFile(symbol + "-", ".so"), bytes); // not a POSIX file system
            }
        }
    }

    /** Whether the entry's library is a file dlopen can open (not one embedded in a jar, read in place). */
    private static boolean onDisk(KilnCache.Found f) {
        return f.dir().getFileSystem() == java.nio.file.FileSystems.getDefault();
    }

    /** {@code loader}: where exceptions the kernel throws resolve (the kernel's class loader). */
    NativeBinder.Bound load(KilnCache.Found f, ClassLoader loader, boolean mayOpenCacheFile) {
        Path copy = null;
        boolean fromCopy = false;
        try {
            copy = privateCopy(f.meta().symbol(), f.library());
            try {
                NativeBinder.Bound b = NativeBinder.bind(copy, f.meta().abi(), loader);
                fromCopy = true;
                return b;
            } catch (IllegalArgumentException e) {
                if (!mayOpenCacheFile || !onDisk(f)) throw e;
                return NativeBinder.bind(f.libraryFile(), f.meta().abi(), loader);
            }
        } catch (IOException e) {
            if (!onDisk(f)) {
                throw new KilnException("cannot load kernel library " + f.dir() + ": cannot write a private copy of the "
                        + "checked bytes (" + e.getMessage() + ") and the entry is inside a jar", e);
            }
            if (!mayOpenCacheFile) {
                throw new KilnException("cannot load kernel library " + f.dir() + ": cannot write a private copy of the "
                        + "checked bytes (" + e.getMessage() + ") and kiln.trust forbids opening the cache file", e);
            }
            return NativeBinder.bind(f.libraryFile(), f.meta().abi(), loader);
        } catch (IllegalArgumentException e) {
            throw new KilnException("cannot load kernel library " + f.dir() + ": " + e.getMessage(), e);
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
                if (fromCopy && perfMap) PerfMap.keepForProfilers(copy, f.library(), f.meta().symbol(), f.meta().kernel());
            }
        }
    }
}
