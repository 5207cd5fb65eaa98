package dev.kiln.runtime.cache;

import dev.kiln.KilnException;
import dev.kiln.runtime.abi.NativeBinder;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads verified library bytes. They are written to a private temp file (unique name, owner-only), opened, and the
 * file is deleted at once (the mapping stays). So what runs is exactly what was checked, even if the cache file is
 * replaced, truncated in place (which would SIGBUS a mapping of it) or evicted meanwhile; and glibc's by-name
 * dedup of dlopen never returns another library. If the temp folder cannot hold executable mappings (noexec), the
 * verified cache file itself is opened, except when signatures are checked: the file on disk is not the bytes whose
 * signature was checked (and, for an entry this process compiled, not even the bytes it compiled), so then the
 * load fails instead.
 */
final class Loader {
    private Loader() {
    }

    static MethodHandle load(KilnCache.Found f) {
        return load(f, true);
    }

    static MethodHandle load(KilnCache.Found f, boolean mayOpenCacheFile) {
        Path copy = null;
        try {
            copy = Files.createTempFile(f.meta().symbol() + "-", ".so");
            Files.write(copy, f.library());
            try {
                return NativeBinder.load(copy, f.meta().abi());
            } catch (IllegalArgumentException e) {
                if (!mayOpenCacheFile) throw e;
                return NativeBinder.load(f.dir().resolve(Tier.LIBRARY), f.meta().abi());
            }
        } catch (IOException e) {
            if (!mayOpenCacheFile) {
                throw new KilnException("cannot load kernel library " + f.dir() + ": cannot write a private copy of the "
                        + "checked bytes (" + e.getMessage() + ") and kiln.trust forbids opening the cache file", e);
            }
            return NativeBinder.load(f.dir().resolve(Tier.LIBRARY), f.meta().abi());
        } catch (IllegalArgumentException e) {
            throw new KilnException("cannot load kernel library " + f.dir() + ": " + e.getMessage(), e);
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
