package dev.kiln.runtime.cache;

import dev.kiln.KilnException;
import dev.kiln.KilnVersion;
import dev.kiln.spi.KernelCompiler;

import java.util.Optional;
import java.util.ServiceLoader;

/** The Kiln compiler found on the class path ({@link ServiceLoader}), if any; checked to match this runtime. */
final class CompilerLookup {
    private volatile KernelCompiler compiler;

    KernelCompiler get(KernelKey spec, String missText) {
        KernelCompiler c = compiler;
        if (c == null) {
            c = ServiceLoader.load(KernelCompiler.class, CompilerLookup.class.getClassLoader()).findFirst()
                    .or(() -> ServiceLoader.load(KernelCompiler.class).findFirst())
                    .orElseThrow(() -> new KilnException("kernel " + spec.identity() + " is not in the cache ("
                            + missText + ") and no Kiln compiler is on the class path (add kiln-compiler)"));
            if (!c.version().equals(KilnVersion.COMPILER)) {
                throw new KilnException("kiln-compiler is " + c.version() + " but kiln-runtime expects "
                        + KilnVersion.COMPILER + "; use matching versions");
            }
            compiler = c;
        }
        return c;
    }

    private static final Object PREPARE_LOCK = new Object();
    private static volatile boolean prepared;

    /** Lets the compiler load its native parts before this thread holds a key lock (see {@link KernelCompiler#prepare}). */
    void prepare() {
        if (prepared) return;
        synchronized (PREPARE_LOCK) {
            if (prepared) return;
            Optional<KernelCompiler> c = ifPresent();
            if (c.isEmpty()) return; // a runtime-only process: the re-check under the lock may still find an entry
            c.get().prepare();
            prepared = true;
        }
    }

    Optional<KernelCompiler> ifPresent() {
        if (compiler != null) return Optional.of(compiler);
        return ServiceLoader.load(KernelCompiler.class, CompilerLookup.class.getClassLoader()).findFirst()
                .or(() -> ServiceLoader.load(KernelCompiler.class).findFirst());
    }
}
