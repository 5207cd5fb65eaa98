package dev.kiln.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Class variants compiled at test time, each in its own folder and class loader, against one cache. */
class InvalidationTest {
    @TempDir
    Path tmp;

    static final String LOSSES = """
            package inv;
            public class Losses {
                public static double layer(double[] x, double t) {
                    double s = 0;
                    for (int i = 0; i < x.length; i++) s += Clip.clip(x[i] - t, -1.0, 1.0);
                    return s;
                }
                public static int unrelated(int a) { return a + 1; }
            }
            """;
    static final String CLIP = """
            package inv;
            public class Clip {
                public static double clip(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }
            }
            """;

    Path variant(String name, String losses, String clip) throws Exception {
        Path dir = tmp.resolve(name);
        Path src = dir.resolve("src/inv");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Losses.java"), losses);
        Files.writeString(src.resolve("Clip.java"), clip);
        Path out = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-g", "-d", out.toString(),
                src.resolve("Losses.java").toString(), src.resolve("Clip.java").toString());
        assertEquals(0, rc);
        return out;
    }

    Jvm.Stats run(Path classes, Path cache, String name, Map<String, Object> props) throws Exception {
        Path stats = tmp.resolve(name + ".json");
        Jvm j = Jvm.child().cache(cache).stats(stats).args("--classes", classes.toString(), "inv.Losses#layer");
        props.forEach(j::prop);
        Jvm.Result r = j.run(120).ok();
        assertEquals(1, r.count("OK "), r.toString());
        return Jvm.Stats.read(stats);
    }

    @Test
    void calleeEditsMissUnrelatedEditsHitOptionsMiss() throws Exception {
        Path cache = tmp.resolve("cache");
        Path base = variant("base", LOSSES, CLIP);
        Path callee = variant("callee", LOSSES, CLIP.replace("v < lo ? lo : v > hi ? hi : v", "v > hi ? hi : v < lo ? lo : v"));
        Path unrelated = variant("unrelated", LOSSES.replace("return a + 1;", "return a * 31 - 7;")
                .replace("public class Losses {", "public class Losses {\n    static final String NOTE = \"unrelated\";\n"), CLIP);

        Jvm.Stats s = run(base, cache, "base", Map.of());
        assertEquals(1, s.compiles());
        assertEquals(List.of("inv.Losses.layer([DD)D: no-entry: no entry for Losses.layer([DD)D in [" + cache.toAbsolutePath() + "]"),
                s.missLog());

        s = run(callee, cache, "callee", Map.of());
        assertEquals(1, s.compiles());
        assertEquals(Map.of("inputs-changed", 1L), s.missesByReason());
        assertEquals("inv.Losses.layer([DD)D: inputs-changed: callee Clip.clip(DDD)D changed", s.missLog().get(0));

        s = run(unrelated, cache, "unrelated", Map.of());
        assertEquals(0, s.compiles(), s.missLog().toString());
        assertEquals(1, s.hits());

        s = run(base, cache, "fast", Map.of("kiln.fastMath", true));
        assertEquals(1, s.compiles());
        assertEquals("inv.Losses.layer([DD)D: options-changed: fastMath differs (cached false, now true)", s.missLog().get(0));

        s = run(base, cache, "again", Map.of("kiln.strict", true));
        assertEquals(0, s.compiles());
        List<String> all = new ArrayList<>(s.hitsByTier().keySet());
        assertEquals(List.of(cache.toAbsolutePath().toString()), all);
    }
}
