package dev.kiln.runtime.events;

import dev.kiln.UnsupportedConstructException;
import dev.kiln.runtime.KilnContext;
import dev.kiln.runtime.cache.KernelKey;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Kiln tells the outside about each kernel: JFR events ({@link Jfr}), the perf map ({@link PerfMap}, with
 * {@code kiln.perfMap} / {@code KILN_PERF_MAP}) and, with {@code kiln.log=info} / {@code KILN_LOG=info}, one line
 * per kernel on standard error. Called where a kernel is linked, looked up, compiled or loaded; never per call.
 * Without a recording, JFR costs a boolean test: no event class is loaded.
 */
public final class KilnEvents {
    private static final boolean JFR_MODULE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private KilnEvents() {
    }

    private static boolean jfr() {
        return JFR_MODULE && Jfr.initialized();
    }

    /** An event begun now, to pass to {@link #loaded}; null when nothing records. */
    public static Object loadStarting() {
        return jfr() ? Jfr.beginLoad() : null;
    }

    /** As {@link #loadStarting()}, for {@link #compiled}. */
    public static Object compileStarting() {
        return jfr() ? Jfr.beginCompile() : null;
    }

    /**
     * A kernel's library was loaded and its entry point found.
     *
     * @param ctx          the settings of the {@code Kiln} that loaded it (log level, perf map)
     * @param source       {@code cache}, {@code remote} or {@code compiled}
     * @param compileNanos for {@code compiled}, how long the compile took
     * @param missReason   for {@code compiled}, why the cache did not serve it
     */
    public static void loaded(KilnContext ctx, Object begun, String kernel, String source, String tier, String key, String target,
                              byte[] library, String symbol, long address, long nanos, long compileNanos,
                              String missReason) {
        if (begun != null) Jfr.commitLoad(begun, kernel, source, tier, key, target, address);
        if (ctx.perfMap()) PerfMap.add(kernel, library, symbol, address);
        if (ctx.logInfo()) {
            kernel = KernelKey.displayMethod(kernel);
            target = dev.kiln.runtime.cache.KilnCache.shortTarget(target);
            info(source.equals("compiled")
                    ? kernel + " compiled for " + target + " in " + millis(compileNanos) + " (" + missReason
                            + "); entry in " + tier
                    : kernel + " served from " + (source.equals("remote") ? "a remote tier (copied to " + tier + ")"
                            : "cache " + tier) + " (" + target + ") in " + millis(nanos));
        }
    }

    /** A kernel was compiled ({@code phases}: the compiler's timings, see {@link dev.kiln.spi.CompiledKernel}). */
    public static void compiled(Object begun, String kernel, String key, String target, Map<String, Long> phases,
                                long librarySize) {
        if (begun != null) Jfr.commitCompile(begun, kernel, key, target, phases, librarySize);
    }

    /** The cache could not serve a kernel. */
    public static void missed(String kernel, String reason, String detail) {
        if (jfr()) Jfr.miss(kernel, reason, detail);
    }

    /** The compiler refused a kernel. */
    public static void refused(String kernel, UnsupportedConstructException e) {
        if (jfr()) Jfr.refusal(kernel, e);
    }

    /**
     * A call site was linked to the kernel's Java body. {@code warned}: the linker already printed its warning (so
     * {@code KILN_LOG=info} adds no second line).
     */
    public static void fellBack(KilnContext ctx, String kernel, String reason, boolean warned) {
        if (jfr()) Jfr.fallback(kernel, reason);
        if (!warned && ctx.logInfo()) info(KernelKey.displayMethod(kernel) + " runs as Java: " + reason);
    }

    private static void info(String line) {
        System.err.println("kiln: info: " + line);
    }

    static void warnOnce(String id, String message) {
        if (WARNED.add(id)) System.err.println("kiln: warning: " + message);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
