package dev.kiln.bench;

import dev.kiln.CompileOptions;
import dev.kiln.Kiln;
import dev.kiln.KilnConfig;

import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles suite kernels for the holders' {@code static final} fields. A kernel Kiln cannot compile (yet) leaves a
 * null field and a recorded reason; {@link #require} turns that into a clear benchmark failure instead of a
 * class-initialisation error that would take every other benchmark in the class down with it.
 */
final class Compiled {
    private static final Map<String, String> FAILURES = new ConcurrentHashMap<>();

    private Compiled() {
    }

    static Kiln kiln(boolean fastMath) {
        return Kiln.create(KilnConfig.fromEnvironment().withOptions(CompileOptions.DEFAULT.withFastMath(fastMath)));
    }

    static MethodHandle handle(Kiln kiln, String name) {
        try {
            return kiln.compile(Kernels.class, name);
        } catch (RuntimeException e) {
            FAILURES.put(key(kiln, name), e.toString());
            return null;
        }
    }

    /** The interface-bound form, exactly as an application gets it: {@code kiln.compile(owner, name, iface)}. */
    static <T> T bound(Kiln kiln, String name, Class<T> fn) {
        try {
            return kiln.compile(Kernels.class, name, fn);
        } catch (RuntimeException e) {
            FAILURES.put(key(kiln, name), e.toString());
            return null;
        }
    }

    static <T> T require(T value, String name) {
        if (value == null) {
            String why = FAILURES.entrySet().stream().filter(e -> e.getKey().endsWith("/" + name))
                    .map(Map.Entry::getValue).findFirst().orElse("unknown reason");
            throw new IllegalStateException("Kiln could not compile Kernels." + name + ": " + why);
        }
        return value;
    }

    private static String key(Kiln kiln, String name) {
        return kiln.config().options() + "/" + name;
    }
}
