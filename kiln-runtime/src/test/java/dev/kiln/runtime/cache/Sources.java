package dev.kiln.runtime.cache;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compiles Java sources at test time into their own folder and class loader (each variant stands alone). */
final class Sources {
    private Sources() {
    }

    static ClassLoader compile(Path dir, Map<String, String> sources, String... javacOptions) throws IOException {
        Path src = dir.resolve("src");
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of(javacOptions));
        args.addAll(List.of("-d", out.toString()));
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) throw new IllegalStateException("javac failed for " + sources.keySet());
        return new URLClassLoader(new URL[]{out.toUri().toURL()}, null);
    }

    static final String LOSSES = """
            package k;
            public class Losses {
                public static double layer(double[] x, double t) {
                    double s = 0;
                    for (int i = 0; i < x.length; i++) s += Clip.clip(x[i] - t, -1.0, 1.0);
                    return s;
                }
                public static int other(int a) { return a + 1; }
            }
            """;
    static final String CLIP = """
            package k;
            public class Clip {
                public static double clip(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }
            }
            """;

    static Map<String, String> base() {
        return Map.of("k.Losses", LOSSES, "k.Clip", CLIP);
    }
}
