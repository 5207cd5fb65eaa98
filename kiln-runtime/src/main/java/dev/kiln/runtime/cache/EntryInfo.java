package dev.kiln.runtime.cache;

import java.nio.file.Path;
import java.time.Instant;
import java.util.SortedSet;

/**
 * One cache entry as listed: where it is, its metadata, its size on disk and when it was last used.
 *
 * @param tier     the cache tier (root folder) holding it
 * @param dir      the entry folder ({@code <tier>/kiln-v1/kernels/<kernel>/<key>})
 * @param meta     parsed metadata (not yet checked against the library: see {@link KilnCache#verify()})
 * @param size     bytes on disk (library, metadata, marker)
 * @param lastUsed last recorded use (hourly resolution), else creation
 */
public record EntryInfo(Path tier, Path dir, EntryMeta meta, long size, Instant lastUsed) {
    public String key() { return meta.key(); }
    public String kernel() { return meta.kernel(); }
    public String target() { return meta.target(); }
    public SortedSet<String> requiredFeatures() { return meta.requiredFeatures(); }
    public Instant created() { return meta.created(); }
    public String compiler() { return meta.compiler(); }
}
