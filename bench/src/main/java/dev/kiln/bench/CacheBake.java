package dev.kiln.bench;

import dev.kiln.CompileOptions;
import dev.kiln.Kiln;
import dev.kiln.KilnStats;
import dev.kiln.KilnConfig;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a cache directory with the suite (through the public API, as an application would on first run), then
 * checks that a second {@link Kiln} is served from it. Exit 4 when nothing is served from the cache (the cache is
 * not built yet), 3 when a kernel does not compile.
 *
 * <pre>java -cp … dev.kiln.bench.CacheBake --cache DIR [--fast-math] [--class dev.kiln.bench.Kernels]…</pre>
 */
public final class CacheBake {
    public static void main(String[] args) {
        Path cache = null;
        boolean fast = false;
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cache" -> cache = Path.of(args[++i]);
                case "--fast-math" -> fast = true;
                case "--class" -> classes.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (cache == null) throw new IllegalArgumentException("--cache DIR is required");
        if (classes.isEmpty()) classes.add(Kernels.class.getName());
        KilnConfig config = KilnConfig.fromEnvironment().withCachePath(List.of(cache)).withStrict(false)
                .withOptions(CompileOptions.DEFAULT.withFastMath(fast));
        List<Method> kernels = KernelList.of(classes, CacheBake.class.getClassLoader());
        Kiln kiln = Kiln.create(config);
        for (Method m : kernels) {
            try {
                kiln.compile(m.getDeclaringClass(), m.getName(), type(m));
            } catch (RuntimeException e) {
                System.err.println("bake: " + KernelList.label(m) + ": " + e);
                System.exit(3);
            }
        }
        KilnStats s = kiln.stats();
        System.out.printf("baked %d kernels into %s: %d compiled, %d hits, %.1f ms compiling%n", kernels.size(), cache,
                s.compiles(), s.hits(), s.compileNanos() / 1e6);
        Kiln again = Kiln.create(config);
        Method first = kernels.getFirst();
        again.compile(first.getDeclaringClass(), first.getName(), type(first));
        if (again.stats().hits() == 0) {
            System.out.println("cache: a second Kiln compiled " + KernelList.label(first)
                    + " again instead of loading it (no cache on this build)");
            System.exit(4);
        }
    }

    static MethodType type(Method m) {
        return MethodType.methodType(m.getReturnType(), m.getParameterTypes());
    }
}
