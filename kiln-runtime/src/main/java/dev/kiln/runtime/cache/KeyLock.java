package dev.kiln.runtime.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A per-key lock shared by threads and processes: an OS file lock ({@code fcntl} through {@link FileChannel#lock}),
 * which the kernel drops when the holder dies, so a killed compiler never blocks anyone. Writers hold it exclusive
 * while compiling and publishing; readers hold it shared while reading an entry's bytes; eviction and quarantine
 * only try it exclusive and skip busy keys.
 *
 * <p>File locks belong to the whole JVM (a second lock on the same file from the same JVM throws), so a striped
 * in-process mutex is taken first, and a thread that already holds a key's lock gets a no-op nested handle.
 * Lock files are never deleted while an entry exists; a stale one costs an inode, deleting one in use would let two
 * processes hold "the" lock.
 */
final class KeyLock implements AutoCloseable {
    private static final ReentrantLock[] STRIPES = new ReentrantLock[64];
    private static final ThreadLocal<Set<Path>> HELD = ThreadLocal.withInitial(HashSet::new);

    static {
        for (int i = 0; i < STRIPES.length; i++) STRIPES[i] = new ReentrantLock();
    }

    private final Path path;
    private final ReentrantLock stripe;
    private final FileChannel channel;
    private final FileLock lock;

    private KeyLock(Path path, ReentrantLock stripe, FileChannel channel, FileLock lock) {
        this.path = path;
        this.stripe = stripe;
        this.channel = channel;
        this.lock = lock;
        if (path != null) HELD.get().add(path);
    }

    /** Blocks until the exclusive lock is held; creates the lock file. */
    static KeyLock exclusive(Path lockFile) throws IOException {
        return acquire(lockFile, false, true);
    }

    /**
     * Blocks for a shared lock. In a tier this process cannot write (read-only image), a lock file that cannot be
     * created is skipped: nobody can delete entries there either.
     */
    static KeyLock shared(Path lockFile) throws IOException {
        return acquire(lockFile, true, true);
    }

    /** The exclusive lock if free right now, else null. */
    static KeyLock tryExclusive(Path lockFile) throws IOException {
        return acquire(lockFile, false, false);
    }

    private static KeyLock acquire(Path lockFile, boolean shared, boolean block) throws IOException {
        Path p = lockFile.toAbsolutePath().normalize();
        if (HELD.get().contains(p)) return new KeyLock(null, null, null, null);
        ReentrantLock stripe = STRIPES[Math.floorMod(p.hashCode(), STRIPES.length)];
        if (block) stripe.lock();
        else if (!stripe.tryLock()) return null;
        FileChannel ch = null;
        try {
            try {
                ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (AccessDeniedException | NoSuchFileException e) {
                if (!shared) throw e;
                ch = openReadOnly(p);
            } catch (FileSystemException e) {
                if (!shared) throw e; // EROFS and friends
                ch = openReadOnly(p);
            }
            if (ch == null) return new KeyLock(null, stripe, null, null); // read-only tier, no lock file
            FileLock l = block ? ch.lock(0, Long.MAX_VALUE, shared) : ch.tryLock(0, Long.MAX_VALUE, shared);
            if (l == null) {
                ch.close();
                stripe.unlock();
                return null;
            }
            return new KeyLock(p, stripe, ch, l);
        } catch (IOException | RuntimeException | Error e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing after a failed lock: nothing to keep
                }
            }
            stripe.unlock();
            throw e;
        }
    }

    private static FileChannel openReadOnly(Path p) {
        try {
            return Files.exists(p) ? FileChannel.open(p, StandardOpenOption.READ) : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (stripe == null) return; // nested
        try {
            if (lock != null) lock.release();
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // the OS drops the lock with the descriptor anyway
        } finally {
            if (path != null) HELD.get().remove(path);
            stripe.unlock();
        }
    }
}
