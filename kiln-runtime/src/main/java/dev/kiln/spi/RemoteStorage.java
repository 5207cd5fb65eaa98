package dev.kiln.spi;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A shared object store behind a remote cache tier (in the spirit of sccache's {@code Storage}). Kiln stores one
 * immutable object per cache entry, named after the entry's key, so a store needs no more than this: objects are
 * written whole or not at all, never changed, never appended to.
 *
 * <p>Every method may block on the network; the implementation must give up after the timeout it was opened with
 * (Kiln also guards each call with its own deadline). Failures are {@link IOException}s with one readable line.
 * Implementations are thread-safe.
 */
public interface RemoteStorage extends AutoCloseable {
    /** The object's bytes, or empty when there is no such object. */
    Optional<byte[]> get(String name) throws IOException;

    /**
     * Stores {@code data} under {@code name} unless an object of that name exists. Readers see the whole object or
     * nothing, never a part (a torn or concurrent put must not be visible).
     *
     * @return true if this call stored it, false if it was already there
     */
    boolean putIfAbsent(String name, byte[] data) throws IOException;

    /** Names of the objects whose name starts with {@code prefix}, in any order (at most {@code limit}). */
    List<String> list(String prefix, int limit) throws IOException;

    /** The tier as shown in messages and stats: its URI without credentials. */
    String describe();

    @Override
    void close();
}
