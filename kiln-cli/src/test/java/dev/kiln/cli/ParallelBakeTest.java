package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code @Kernel} with parallel loops runs as Java around one native chunk per loop: {@code kiln bake} compiles
 * those chunks, so a strict process is served both from the cache (and without the bake, strict mode refuses).
 */
class ParallelBakeTest {
    @TempDir
    Path tmp;

    static final Map<String, String> APP = Map.of(
            "app.Par", """
                    package app;
                    import dev.kiln.Kernel;
                    import java.util.stream.IntStream;
                    public final class Par {
                        @Kernel public static double scaleAndSum(double[] x, double[] out, double k) {
                            IntStream.range(0, x.length).parallel().forEach(i -> out[i] = x[i] * k);
                            return IntStream.range(0, out.length).parallel().mapToDouble(i -> out[i] * out[i]).sum();
                        }
                    }
                    """,
            "app.Main", """
                    package app;
                    import dev.kiln.Kiln;
                    import java.lang.invoke.MethodHandle;
                    public final class Main {
                        public static void main(String[] args) throws Throwable {
                            MethodHandle mh = Kiln.create().compile(Par.class, "scaleAndSum");
                            double[] x = new double[3000];
                            for (int i = 0; i < x.length; i++) x[i] = (i % 7) - 2.5;
                            double[] out = new double[x.length];
                            double got = (double) mh.invokeExact(x, out, 1.5);
                            double want = 0; // the documented rule: blocks of ceil(3000 / 1024) = 3, summed in order
                            for (int b = 0; b < x.length; b += 3) {
                                double s = 0;
                                for (int i = b; i < Math.min(b + 3, x.length); i++) s += (x[i] * 1.5) * (x[i] * 1.5);
                                want += s;
                            }
                            boolean ok = Double.doubleToRawLongBits(got) == Double.doubleToRawLongBits(want)
                                    && out[2999] == x[2999] * 1.5;
                            System.out.println(ok ? "RESULTS OK" : "RESULTS DIFFER " + got + " " + want);
                            System.exit(ok ? 0 : 1);
                        }
                    }
                    """);

    @Test
    void bakeCompilesTheChunksAndAStrictProcessIsServedThem() throws Exception {
        Path classes = TestApps.compile(tmp.resolve("classes"), APP);
        Path cache = tmp.resolve("cache");
        String cp = Procs.join(TestApps.runtimeLocation(), classes);

        // Nothing baked: strict mode refuses to compile the first chunk.
        Procs.Out cold = Procs.app(tmp, Map.of("KILN_CACHE_PATH", cache.toString(), "KILN_STRICT", "1"), cp, "app.Main");
        assertTrue(cold.exit() != 0 && !cold.out().contains("RESULTS OK"), cold::toString);

        Cli.Result bake = Cli.run("bake", "--classpath", classes.toString(), "--cache", cache.toString(), "--jobs", "1");
        assertEquals(0, bake.exit(), bake::toString);
        assertTrue(bake.out().matches("(?s).*compiled\\s+1\\n.*failed\\s+0\\n.*"), bake::toString);
        // What a CI gate runs before shipping the cache: every loop of the kernel is served.
        Cli.Result verify = Cli.run("verify", "--classpath", classes.toString(), "--cache", cache.toString());
        assertEquals(0, verify.exit(), verify::toString);
        assertTrue(verify.out().contains("loop 1 served by") && verify.out().contains("loop 2 served by"), verify::toString);
        Cli.Result explain = Cli.run("explain", "--classpath", classes.toString(), "--cache", cache.toString(),
                "app.Par#scaleAndSum");
        assertEquals(0, explain.exit(), explain::toString);
        assertTrue(explain.out().contains("runs as Java around 2 parallel loops")
                && explain.out().split("\nHIT: ", -1).length == 3, explain::toString);

        Path stats = tmp.resolve("stats.json");
        Procs.Out run = Procs.app(tmp, Map.of("KILN_CACHE_PATH", cache.toString(), "KILN_STRICT", "1",
                "KILN_THREADS", "2", "KILN_STATS_FILE", stats.toString()), cp, "app.Main");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("RESULTS OK"), run::toString);
        JsonNode s = new ObjectMapper().readTree(stats.toFile());
        assertEquals(2, s.get("hits").asLong(), s::toString); // one chunk per loop
        assertEquals(0, s.get("compiles").asLong(), s::toString);
    }
}
