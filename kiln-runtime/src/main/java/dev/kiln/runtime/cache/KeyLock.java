package dev.kiln.runtime.cache;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.LockSupport;

/**
 * A per-key lock shared by threads and processes: an OS file lock ({@code fcntl} through {@link FileChannel#lock}),
 * which the kernel drops when the holder dies, so a killed compiler never blocks anyone. Writers hold it exclusive
 * while compiling and publishing; readers hold it shared while reading an entry's bytes; eviction and quarantine
 * only try it exclusive and skip busy keys.
 *
 * <p>Two traps of POSIX record locks shape this class:
 * <ul>
 * <li>They belong to the whole process (a second lock on the same file from the same JVM throws), so an
 *     in-process mutex <em>per lock file</em> is taken first, and a thread that already holds a key's lock gets a
 *     no-op nested handle. Per file, not striped: a stripe shared by two keys would let a thread holding one key
 *     wait for another key's stripe, a hold-and-wait the design otherwise never has.</li>
 * <li>The kernel's deadlock detector reasons about processes, not threads: two multi-threaded processes that each
 *     hold one key in one thread while another thread waits for the other's key look like a cycle, and a blocking
 *     {@code lock()} fails with {@code EDEADLK} although no thread waits for itself. So a failed blocking lock is
 *     treated as contention: the lock is then polled with the non-blocking {@code tryLock()} (which the detector
 *     never sees) and a short back-off until it is granted. This is safe because no thread ever waits for a key
 *     that is held by a thread waiting for it: writers take exclusive locks only in the first writable tier,
 *     and the only lock taken while holding one is a shared lock on a published entry, whose writer has finished.
 *     Only an error of {@code tryLock()} itself is a real lock failure ({@link LockFailedException}).</li>
 * </ul>
 * Lock files are never deleted while an entry exists; a stale one costs an inode, deleting one in use would let two
 * processes hold "the" lock.
 */
final class KeyLock implements AutoCloseable {
    /** In-process mutexes, one per lock file while anyone holds or waits for it. */
    private static final ConcurrentHashMap<Path, Mutex> MUTEXES = new ConcurrentHashMap<>();
    private static final ThreadLocal<Set<Path>> HELD = ThreadLocal.withInitial(HashSet::new);
    private static final long MAX_BACKOFF_NANOS = 20_000_000L;

    /** A lock that the operating system refused for a reason other than contention (e.g. no lock support). */
    static final class LockFailedException extends IOException {
        LockFailedException(Path file, IOException cause) {
            super("cannot lock " + file + " (" + cause.getMessage() + ")", cause);
        }
    }

    private static final class Mutex {
        final ReentrantLock lock = new ReentrantLock();
        int users; // guarded by MUTEXES' compute
    }

    private final Path path;
    private final Mutex mutex;
    private final FileChannel channel;
    private final FileLock lock;

    private KeyLock(Path path, Mutex mutex, FileChannel channel, FileLock lock) {
        this.path = path;
        this.mutex = mutex;
        this.channel = channel;
        this.lock = lock;
        if (path != null && mutex != null) HELD.get().add(path);
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

    /** A lock that holds nothing (a read-only tier, where nobody changes entries). */
    static KeyLock none() {
        return new KeyLock(null, null, null, null);
    }

    /** The exclusive lock if free right now, else null. */
    static KeyLock tryExclusive(Path lockFile) throws IOException {
        return acquire(lockFile, false, false);
    }

    /** How many lock files have an in-process mutex right now (tests: the table does not grow without bound). */
    static int mutexCount() {
        return MUTEXES.size();
    }

    private static KeyLock acquire(Path lockFile, boolean shared, boolean block) throws IOException {
        Path p = lockFile.toAbsolutePath().normalize();
        if (HELD.get().contains(p)) return new KeyLock(null, null, null, null);
        Mutex m = MUTEXES.compute(p, (k, v) -> {
            Mutex r = v == null ? new Mutex() : v;
            r.users++;
            return r;
        });
        boolean locked = false;
        FileChannel ch = null;
        KeyLock result = null;
        try {
            if (block) m.lock.lock();
            else if (!m.lock.tryLock()) return null;
            locked = true;
            try {
                ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (AccessDeniedException | NoSuchFileException e) {
                if (!shared) throw e;
                ch = openReadOnly(p);
            } catch (FileSystemException e) {
                if (!shared) throw e; // EROFS and friends
                ch = openReadOnly(p);
            }
            if (ch == null) { // read-only tier without a lock file: nobody can change entries there
                result = new KeyLock(p, m, null, null);
                return result;
            }
            FileLock l = block ? lockBlocking(p, ch, shared) : tryLock(p, ch, shared);
            if (l != null) result = new KeyLock(p, m, ch, l);
            return result;
        } finally {
            if (result == null) { // refused or failed: undo everything taken so far
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // closing after a failed or refused lock: nothing to keep
                    }
                }
                if (locked) m.lock.unlock();
                unuse(p);
            }
        }
    }

    /** Drops one user of a lock file's mutex; the last one removes it, so the table holds only live keys. */
    private static void unuse(Path p) {
        MUTEXES.computeIfPresent(p, (k, v) -> --v.users == 0 ? null : v);
    }

    private static FileLock lockBlocking(Path p, FileChannel ch, boolean shared) throws IOException {
        try {
            return ch.lock(0, Long.MAX_VALUE, shared);
        } catch (ClosedChannelException | FileLockInterruptionException e) {
            throw e;
        } catch (IOException e) {
            // EDEADLK from the per-process deadlock detector (see the class comment): wait by polling instead.
        }
        long backoff = 100_000L;
        while (true) {
            FileLock l = tryLock(p, ch, shared);
            if (l != null) return l;
            LockSupport.parkNanos(backoff);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new FileLockInterruptionException();
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
    }

    private static FileLock tryLock(Path p, FileChannel ch, boolean shared) throws IOException {
        try {
            return ch.tryLock(0, Long.MAX_VALUE, shared);
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            throw new LockFailedException(p, e);
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
        if (mutex == null) return; // nested
        try {
            if (lock != null) lock.release();
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // the OS drops the lock with the descriptor anyway
        } finally {
            HELD.get().remove(path);
            mutex.lock.unlock();
            unuse(path);
        }
    }
}
