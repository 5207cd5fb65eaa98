package dev.kiln.runtime.link;

import dev.kiln.model.KernelGraph;
import dev.kiln.runtime.bind.NativeBinder;
import dev.kiln.runtime.cache.KilnCache;
import dev.kiln.runtime.parallel.ParallelLoop;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.MethodModel;

/**
 * The JDK's one-time set-up that the first cached link pays on the caller's thread (measured on the loss worker:
 * the SHA-256 provider ~20 ms, the key code's stamp ~12 ms, the class-file API's first parse ~17 ms), started on a
 * daemon thread when the first link begins, so that it overlaps reading the settings and opening the cache; FFM's
 * own set-up ({@link NativeBinder#prewarm}) starts at the same moment on its thread. Each part
 * is a class initialisation or an idempotent lookup, so whichever thread comes first does it and the other waits for
 * it or finds it done: nothing it computes is a key, an entry or a result.
 */
final class LinkWarmUp implements Runnable {
    private LinkWarmUp() {
    }

    static void start() {
        NativeBinder.prewarm(); // FFM's set-up on its own thread, now rather than when the first service opens
        Thread t = new Thread(new LinkWarmUp(), "kiln-link-warm-up"); // not a lambda: its bootstrap is start-up time too
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        prepare();
    }

    /** Does the set-up on this thread; whether every part of it ran (a warm-up only: the link reports failures). */
    static boolean prepare() {
        try {
            KilnCache.prepareDirectMode();
            return parseOnce();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Reads one of the runtime's own class files through the class-file API as the parallel-loop check does. */
    private static boolean parseOnce() {
        ClassLoader l = LinkWarmUp.class.getClassLoader() != null ? LinkWarmUp.class.getClassLoader()
                : ClassLoader.getSystemClassLoader();
        byte[] raw;
        try (InputStream in = l.getResourceAsStream(ParallelLoop.class.getName().replace('.', '/') + ".class")) {
            if (in == null) return false;
            raw = in.readAllBytes();
        } catch (IOException e) {
            return false;
        }
        int elements = 0;
        for (MethodModel m : KernelGraph.asCompiled(raw).methods()) {
            if (m.code().isPresent()) elements += m.code().get().elementList().size();
        }
        return elements > 0;
    }
}
