package dev.kiln.spi;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Opens {@link RemoteStorage} for the URI schemes it knows ({@code redis}, {@code s3}, ...). Found with
 * {@link java.util.ServiceLoader}, so a remote tier needs only its module on the class path.
 */
public interface RemoteStorageProvider {
    /** URI schemes served, lower case. */
    Set<String> schemes();

    /**
     * Connects lazily or at once, as the client prefers; must not block longer than {@code timeout}.
     *
     * @param timeout the limit for connecting and for each call
     */
    RemoteStorage open(URI uri, Duration timeout) throws IOException;
}
