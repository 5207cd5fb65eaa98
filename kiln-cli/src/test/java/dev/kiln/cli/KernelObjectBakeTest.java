package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernel objects ({@code @Kernel} instance methods) through the CLI: found once per receiver class that runs them,
 * baked, verified as hits, and served to a strict runtime-only process that compiles them with {@code
 * Kiln.compile(receiver, name)}.
 */
class KernelObjectBakeTest {
    @TempDir
    Path tmp;

    static final Map<String, String> APP = Map.of(
            "app.Shape", """
                    package app;
                    import dev.kiln.Kernel;
                    public abstract class Shape {
                        final double[] w;
                        protected Shape(double[] w) { this.w = w; }
                        @Kernel public double total(double x) {
                            double s = 0;
                            for (double v : w) s += f(v * x);
                            return s;
                        }
                        abstract double f(double v);
                    }
                    """,
            "app.Square", """
                    package app;
                    public class Square extends Shape {
                        public Square(double[] w) { super(w); }
                        double f(double v) { return v * v; }
                    }
                    """,
            "app.Clipped", """
                    package app;
                    public final class Clipped extends Square {
                        public Clipped(double[] w) { super(w); }
                        @Override double f(double v) { return Math.min(v * v, 4.0); }
                    }
                    """,
            "app.Own", """
                    package app;
                    public final class Own extends Shape {
                        public Own(double[] w) { super(w); }
                        double f(double v) { return v; }
                        @Override public double total(double x) { return -x; } // not a kernel: overrides it
                    }
                    """,
            "app.Main", """
                    package app;
                    import dev.kiln.Kiln;
                    import java.lang.invoke.MethodHandle;
                    public final class Main {
                        public static void main(String[] args) throws Throwable {
                            Kiln kiln = Kiln.create();
                            double[] w = {0.5, -1.25, 3, 0, -0.0};
                            boolean ok = true;
                            for (Shape s : new Shape[] {new Square(w.clone()), new Clipped(w.clone()), new Own(w.clone())}) {
                                MethodHandle mh = kiln.compile(s, "total");
                                double got = (double) mh.invokeExact(1.5);
                                double want = s.total(1.5);
                                System.out.println(s.getClass().getSimpleName() + " " + got + " (java " + want + ")");
                                ok &= Double.doubleToRawLongBits(got) == Double.doubleToRawLongBits(want);
                            }
                            System.out.println(ok ? "RESULTS OK" : "RESULTS DIFFER");
                            System.exit(ok ? 0 : 1);
                        }
                    }
                    """);

    @Test
    void instanceKernelsAreFoundPerReceiverClassBakedVerifiedAndServedStrict() throws Exception {
        Path classes = TestApps.compile(tmp.resolve("classes"), APP);
        ClassPath cp = ClassPath.parse(classes.toString());
        // Shape is abstract and Own overrides the kernel: the receivers that run Shape.total are Square and Clipped.
        assertEquals(List.of("app.Clipped#total(D)D", "app.Square#total(D)D"),
                KernelDiscovery.scan(cp).stream().map(f -> f.id().toString()).toList());

        Path cache = tmp.resolve("cache");
        Cli.Result bake = Cli.run("bake", "--classpath", classes.toString(), "--cache", cache.toString(), "--jobs", "1");
        assertEquals(0, bake.exit(), bake::toString);
        assertTrue(bake.out().matches("(?s).*compiled\\s+2\\n.*failed\\s+0\\n.*"), bake::toString);

        Cli.Result verify = Cli.run("verify", "--classpath", classes.toString(), "--cache", cache.toString(), "--json");
        assertEquals(0, verify.exit(), verify::toString);
        JsonNode json = new ObjectMapper().readTree(verify.out());
        assertTrue(json.get("ok").asBoolean(), verify::toString);
        assertEquals(2, json.get("kernels").size(), verify::toString);

        // Named on the command line: an inherited instance method, keyed on the receiver class named.
        Cli.Result named = Cli.run("bake", "--classpath", classes.toString(), "--cache", cache.toString(),
                "app.Square#total");
        assertEquals(0, named.exit(), named::toString);
        assertTrue(named.out().matches("(?s).*compiled\\s+0\\n.*already cached\\s+1\\n.*"), named::toString);
        Cli.Result explain = Cli.run("explain", "--classpath", classes.toString(), "--cache", cache.toString(),
                "app.Clipped#total");
        assertEquals(0, explain.exit(), explain::toString);
        assertTrue(explain.out().contains("HIT: "), explain::toString);

        // Any method can be named, annotated or not: Own#total is Own's own override, as compile(own, "total") finds.
        Cli.Result own = Cli.run("bake", "--classpath", classes.toString(), "--cache", cache.toString(), "app.Own#total");
        assertEquals(0, own.exit(), own::toString);
        assertTrue(own.out().matches("(?s).*compiled\\s+1\\n.*"), own::toString);

        // The abstract declaring class has no receivers of its own: naming it says so.
        Cli.Result abstractOne = Cli.run("bake", "--classpath", classes.toString(), "--cache", cache.toString(),
                "app.Shape#total");
        assertTrue(abstractOne.exit() != 0 && abstractOne.out().contains("app.Shape is abstract: no receiver is of"
                + " exactly this class; name a concrete class that runs total"), abstractOne::toString);

        // A strict process with kiln-runtime alone is served the three kernel objects from the baked cache.
        Path stats = tmp.resolve("stats.json");
        Procs.Out run = Procs.app(tmp, Map.of("KILN_CACHE_PATH", cache.toString(), "KILN_STRICT", "1",
                "KILN_STATS_FILE", stats.toString()), Procs.join(TestApps.runtimeLocation(), classes), "app.Main");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("RESULTS OK"), run::toString);
        JsonNode s = new ObjectMapper().readTree(stats.toFile());
        assertEquals(3, s.get("hits").asLong(), s::toString);
        assertEquals(0, s.get("compiles").asLong(), s::toString);
    }
}
