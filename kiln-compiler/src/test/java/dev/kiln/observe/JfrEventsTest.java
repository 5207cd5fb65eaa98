package dev.kiln.observe;

import dev.kiln.Kiln;
import dev.kiln.UnsupportedConstructException;
import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.CacheMissException;
import dev.kiln.runtime.link.KernelLinker;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Kiln's JFR events, recorded in this process with {@code jdk.jfr.Recording}: a compile (miss, compile, load), a hit
 * (load from the cache tier), a refusal (with and without strict mode) and a call site linked to its Java body.
 */
class JfrEventsTest {
    private static final String SUMSQ = "dev.kiln.observe.ObservedKernels.sumsq([D)D";
    private static final String REFUSED = "dev.kiln.observe.ObservedKernels.refused(I)I";
    private static final List<String> EVENTS = List.of("dev.kiln.KernelLoad", "dev.kiln.KernelCompile",
            "dev.kiln.KernelMiss", "dev.kiln.KernelRefusal", "dev.kiln.JavaFallback");

    @TempDir
    Path tmp;

    @Test
    void compileHitMissRefusalAndFallbackAreRecordedWithTheirFields() throws Throwable {
        KilnConfig cfg = KilnConfig.defaults().withCachePath(List.of(tmp.resolve("cache")));
        List<RecordedEvent> events;
        try (Recording r = new Recording()) {
            for (String e : EVENTS) r.enable(e).withStackTrace();
            r.start();
            MethodHandle mh = Kiln.create(cfg).compile(ObservedKernels.class, "sumsq");
            assertEquals(14.0, (double) mh.invokeExact(new double[]{1, 2, 3}));
            Kiln.create(cfg).compile(ObservedKernels.class, "sumsq"); // a new instance: served by the tier
            assertThrows(UnsupportedConstructException.class, () -> Kiln.create(cfg).compile(ObservedKernels.class, "refused"));
            assertThrows(CacheMissException.class,
                    () -> Kiln.create(cfg.withStrict(true)).compile(ObservedKernels.class, "refused"));
            MethodType t = MethodType.methodType(int.class, int.class);
            MethodHandle javaBody = ObservedKernels.lookup().findStatic(ObservedKernels.class, "refused", t);
            // The linker reads its settings once per process: only this test links in this module.
            System.setProperty("kiln.cache.path", tmp.resolve("linker-cache").toString());
            MethodHandle linked;
            try {
                linked = KernelLinker.link(ObservedKernels.lookup(), "refused", t, javaBody).dynamicInvoker();
            } finally {
                System.clearProperty("kiln.cache.path");
            }
            assertEquals(2, (int) linked.invokeExact(42)); // the Java body runs
            r.stop();
            Path file = tmp.resolve("kiln.jfr");
            r.dump(file);
            events = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().startsWith("dev.kiln."))
                    .filter(e -> e.getString("kernel").startsWith("dev.kiln.observe.")).toList();
        }

        // Compile: a no-entry miss, the compile with every phase timed, a load of what was compiled.
        List<RecordedEvent> sumsq = of(events, SUMSQ);
        RecordedEvent miss = only(sumsq, "dev.kiln.KernelMiss");
        assertEquals("no-entry", miss.getString("reason"));
        assertTrue(miss.getString("detail").contains(tmp.resolve("cache").toString()), miss.toString());
        RecordedEvent compile = only(sumsq, "dev.kiln.KernelCompile");
        for (String phase : List.of("frontEnd", "llvmParse", "optimise", "codegen", "link")) {
            Duration d = compile.getDuration(phase);
            assertTrue(d.toNanos() > 0 && d.compareTo(compile.getDuration()) <= 0, phase + " " + d + " in " + compile);
        }
        assertTrue(compile.getLong("librarySize") > 0, compile.toString());
        assertEquals(64, compile.getString("key").length(), compile.toString());
        List<RecordedEvent> loads = sumsq.stream().filter(e -> e.getEventType().getName().equals("dev.kiln.KernelLoad")).toList();
        assertEquals(2, loads.size(), loads.toString());
        assertEquals("compiled", loads.get(0).getString("source"));
        assertEquals("cache", loads.get(1).getString("source"));
        for (RecordedEvent l : loads) {
            assertEquals(tmp.resolve("cache").toString(), l.getString("tier"));
            assertEquals(compile.getString("key"), l.getString("key"));
            assertEquals(compile.getString("target"), l.getString("target"));
            assertNotEquals(0L, l.getLong("address"));
        }
        // Loaded twice (two Kiln instances), so two mappings of the same code.
        assertNotEquals(loads.get(0).getLong("address"), loads.get(1).getLong("address"));

        // Refusal: the construct, class, method and line; once by the compile, once by strict mode's check, and
        // once more when the call site was linked (that compile refused it again).
        List<RecordedEvent> refused = of(events, REFUSED);
        List<RecordedEvent> refusals = refused.stream()
                .filter(e -> e.getEventType().getName().equals("dev.kiln.KernelRefusal")).toList();
        assertEquals(3, refusals.size(), refused.toString());
        for (RecordedEvent e : refusals) {
            assertTrue(e.getString("construct").startsWith("call to java.lang.StringBuilder.length()I"), e.toString());
            assertEquals("dev.kiln.observe.ObservedKernels", e.getString("className"));
            assertEquals("refused", e.getString("methodName"));
            assertEquals(28, e.getInt("line"));
            assertTrue(e.getInt("bci") > 0, e.toString());
        }
        List<String> reasons = refused.stream().filter(e -> e.getEventType().getName().equals("dev.kiln.KernelMiss"))
                .map(e -> e.getString("reason")).toList();
        assertEquals(List.of("no-entry", "refused", "no-entry"), reasons, "the strict miss names the refusal");
        RecordedEvent fallback = only(refused, "dev.kiln.JavaFallback");
        assertTrue(fallback.getString("reason").startsWith("unsupported call to java.lang.StringBuilder.length()I"),
                fallback.toString());
        assertNull(refused.stream().filter(e -> e.getEventType().getName().equals("dev.kiln.KernelLoad"))
                .findAny().orElse(null));
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String kernel) {
        return events.stream().filter(e -> e.getString("kernel").equals(kernel)).toList();
    }

    private static RecordedEvent only(List<RecordedEvent> events, String type) {
        List<RecordedEvent> l = events.stream().filter(e -> e.getEventType().getName().equals(type)).toList();
        assertEquals(1, l.size(), type + " in " + events);
        return l.get(0);
    }
}
