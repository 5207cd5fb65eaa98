package dev.kiln.it;

import dev.kiln.KilnConfig;
import dev.kiln.runtime.cache.EntryInfo;
import dev.kiln.runtime.cache.KilnCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The race that cost Numba users type variants (three stages of a shell pipeline, {@code A | B | C}, started
 * together and warming one empty cache, each compiling an overlapping set of functions and of overloads of one
 * function): three JVMs joined by real pipes, data flowing through them. Afterwards every kernel of every stage is in
 * the cache exactly once, was compiled by exactly one stage, and a strict fourth run compiles nothing.
 */
class ShellPipelineTest {
    private static final String V = "dev.kiln.it.kernels.Variants#";
    private static final int ROWS = 200;

    @TempDir
    Path tmp;

    private static List<String> many(int from, int to) {
        List<String> l = new ArrayList<>();
        for (String k : Jvm.many(from, to)) l.add(k + ":D");
        return l;
    }

    private static List<String> stage(List<String> many, String... variants) {
        List<String> l = new ArrayList<>(many);
        for (String v : variants) l.add(V + v);
        return l;
    }

    @Test
    void threeStagesOfAPipelineWarmOneCacheWithoutLosingAVariant() throws Throwable {
        List<String> manyC = many(12, 20);
        manyC.addAll(many(0, 6));
        List<List<String>> stages = List.of(
                stage(many(0, 12), "dot:D", "dot:F", "peak:J", "tail:I", "peak:D"),
                stage(many(6, 18), "dot:F", "dot:J", "peak:F", "peak:J", "tail:D", "tail:I"),
                stage(manyC, "dot:I", "dot:D", "peak:I", "peak:D", "tail:F", "tail:J"));
        Path cache = tmp.resolve("cache");
        List<ProcessBuilder> pbs = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Jvm j = Jvm.child().main(PipeStage.class).cache(cache).stats(tmp.resolve("stage" + i + ".json"));
            if (i == 0) j.args("--rows", String.valueOf(ROWS));
            else j.args("--in");
            ProcessBuilder pb = j.args(stages.get(i)).processBuilder();
            pb.redirectError(tmp.resolve("stage" + i + ".err").toFile());
            pbs.add(pb);
        }
        pbs.get(0).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        List<Process> ps = ProcessBuilder.startPipeline(pbs);
        var out = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                out.complete(new String(ps.getLast().getInputStream().readAllBytes()));
            } catch (java.io.IOException e) {
                out.completeExceptionally(e);
            }
        });
        for (int i = 0; i < ps.size(); i++) {
            Process p = ps.get(i);
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                ps.forEach(Process::destroyForcibly);
                fail("stage " + i + " did not finish");
            }
            String err = Files.readString(tmp.resolve("stage" + i + ".err"));
            assertEquals(0, p.exitValue(), "stage " + i + ":\n" + err);
            assertEquals(stages.get(i).size(), err.lines().filter(l -> l.startsWith("OK ")).count(), err);
            assertFalse(err.contains("warning"), err);
        }

        // The rows went through all three stages: what HotSpot alone computes for the same pipeline.
        StringBuilder want = new StringBuilder();
        List<List<PipeStage.Step>> java = new ArrayList<>();
        for (List<String> s : stages) java.add(PipeStage.javaSteps(s));
        for (int row = 0; row < ROWS; row++) {
            double v = PipeStage.first(row);
            for (List<PipeStage.Step> s : java) v = PipeStage.next(s, v);
            want.append(row).append(' ').append(v).append('\n');
        }
        assertEquals(want.toString(), out.get(60, TimeUnit.SECONDS));

        // Every kernel of every stage: in the cache once, compiled by exactly one stage.
        TreeSet<String> kernels = new TreeSet<>();
        for (List<String> s : stages) for (String k : s) kernels.add(identity(PipeStage.method(k)));
        assertEquals(32, kernels.size(), "20 of Many and 12 overloads of Variants");
        Map<String, Integer> compiledBy = new HashMap<>();
        long compiles = 0;
        for (int i = 0; i < stages.size(); i++) {
            Jvm.Stats s = Jvm.Stats.read(tmp.resolve("stage" + i + ".json"));
            assertEquals(stages.get(i).size(), s.hits() + s.compiles(), "stage " + i);
            for (String k : s.compiledKeys()) {
                Integer before = compiledBy.put(k, i);
                assertNull(before, "key " + k + " compiled by stage " + before + " and stage " + i);
            }
            compiles += s.compiles();
        }
        assertEquals(kernels.size(), compiles);
        KilnCache c = KilnCache.open(KilnConfig.defaults().withCachePath(List.of(cache)));
        Map<String, Integer> entries = new TreeMap<>();
        for (EntryInfo e : c.list()) entries.merge(e.kernel(), 1, Integer::sum);
        Map<String, Integer> once = new TreeMap<>();
        for (String k : kernels) once.put(k, 1);
        assertEquals(once, entries);
        assertTrue(c.verify().clean());

        // A strict fourth run of every stage's kernels: all hits, no compile, no miss.
        List<String> all = new ArrayList<>();
        for (List<String> s : stages) for (String k : s) if (!all.contains(k)) all.add(k);
        Path stats = tmp.resolve("strict.json");
        Jvm.Result r = Jvm.child().main(PipeStage.class).cache(cache).env("KILN_STRICT", "1")
                .env("KILN_STATS_FILE", stats.toString()).args("--rows", "3").args(all).run(300).ok();
        assertEquals(all.size(), r.err().lines().filter(l -> l.startsWith("OK ")).count(), r.toString());
        Jvm.Stats s = Jvm.Stats.read(stats);
        assertEquals(0, s.compiles(), r.toString());
        assertEquals(0, s.misses(), r.toString());
        assertEquals(kernels.size(), s.hits());
    }

    private static String identity(Method m) {
        return m.getDeclaringClass().getName() + "." + m.getName()
                + MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
    }
}
