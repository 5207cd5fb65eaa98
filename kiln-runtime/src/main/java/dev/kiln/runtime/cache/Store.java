package dev.kiln.runtime.cache;

import java.io.IOException;

/**
 * One place cache entries are kept (in the spirit of sccache's {@code Storage}): a directory ({@link Tier}: a
 * configured cache folder, this process's private fallback, or entries embedded on the class path, read in place),
 * or a shared object store ({@link RemoteTier}, behind the {@link dev.kiln.spi.RemoteStorage} SPI). What to search
 * first, where to fall back and which store turned out unwritable is the business of the composite
 * ({@link TieredStore}), never of a store.
 */
interface Store {
    /** As shown in messages and stats: a folder, a jar's entries, or a URI without credentials. */
    String describe();

    /** Null when this process may write here now, else why not (sccache's {@code check()}). */
    IOException unwritable();
}
