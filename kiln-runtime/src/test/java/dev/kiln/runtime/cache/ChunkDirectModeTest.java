package dev.kiln.runtime.cache;

import dev.kiln.CompileOptions;
import dev.kiln.KilnVersion;
import dev.kiln.model.KernelGraph;
import dev.kiln.runtime.parallel.ParallelKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A parallel loop's chunk class exists only as bytes its loader serves; its direct-mode record serves it like any
 * kernel's: the key of a record equals the fully derived one while the class files are unchanged, and an edited
 * callee of the lambda (or an edited lambda) is not served by the old record.
 */
class ChunkDirectModeTest {
    @TempDir
    Path tmp;

    private static final CompileOptions OPT = CompileOptions.DEFAULT;

    private static final String PAR = """
            package k;
            import java.util.stream.IntStream;
            public class Par {
                public static void scale(double[] x, double[] out, double f) {
                    IntStream.range(0, x.length).parallel().forEach(i -> out[i] = Clip.clip(x[i] * f, -1.0, 1.0));
                }
                public static double total(double[] x) {
                    return IntStream.range(0, x.length).parallel().mapToDouble(i -> x[i] * BIAS).sum();
                }
                static final double BIAS = 2.0;
            }
            """;
    private static final String CLIP = """
            package k;
            public class Clip {
                public static double clip(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }
            }
            """;

    /** A chunk request as the kernel service receives it. */
    private record Request(ClassLoader loader, String owner, String name, String descriptor) {
    }

    /**
     * The chunk requests of kernel {@code method} of k.Par compiled from {@code sources} into {@code dir}: the chunk
     * class's loader (which serves its bytes), name and descriptor, as the kernel service asks for them.
     */
    private static List<Request> chunks(Path dir, Map<String, String> sources, String method) throws Exception {
        ClassLoader l = Sources.compile(dir, sources);
        List<Request> got = new ArrayList<>();
        for (KernelGraph g : ParallelKernels.chunkGraphs(l, "k/Par", method, null)) {
            got.add(new Request(g.loader(), g.root().owner(), g.root().name(), g.root().descriptor()));
        }
        assertEquals(1, got.size(), method + " has one parallel loop");
        return got;
    }

    private static KernelKey full(Request r) {
        return KernelKey.of(KernelGraph.of(r.loader, r.owner, r.name, r.descriptor), OPT, KilnVersion.COMPILER);
    }

    private static KernelKey direct(List<Tier> tiers, Request r) {
        DirectIndex.Hit h = DirectIndex.lookup(tiers, new DirectIndex.Request(r.loader, r.owner, r.name, r.descriptor),
                KilnVersion.COMPILER, OPT);
        return h == null ? null : h.key();
    }

    @Test
    void aChunkRecordGivesTheFullKeyAndMissesAnEditedCallee() throws Exception {
        List<Tier> tiers = List.of(new Tier(tmp.resolve("cache"), 0));
        Map<String, String> base = Map.of("k.Par", PAR, "k.Clip", CLIP);
        for (String method : new String[]{"scale", "total"}) {
            Request a = chunks(tmp.resolve(method + "-a"), base, method).getFirst();
            assertNull(direct(tiers, a), "nothing recorded yet");
            KernelGraph g = KernelGraph.of(a.loader, a.owner, a.name, a.descriptor);
            KernelKey want = KernelKey.of(g, OPT, KilnVersion.COMPILER);
            DirectIndex.record(tiers, g, want);

            // A new process makes the same chunk bytes again: its record serves it, with the full key.
            Request again = chunks(tmp.resolve(method + "-again"), base, method).getFirst();
            assertEquals(a.owner, again.owner);
            KernelKey got = direct(tiers, again);
            assertNotNull(got, method);
            assertEquals(want.identity(), got.identity());
            assertEquals(want.inputs(), got.inputs());
            assertEquals(want.methodDigests(), got.methodDigests());
        }
        // An edited callee of scale's lambda, an edited constant of total's: the old records serve neither.
        Request clip = chunks(tmp.resolve("clip"), Map.of("k.Par", PAR, "k.Clip", CLIP.replace("Math.max(lo,", "Math.max(lo - 0.0,")),
                "scale").getFirst();
        assertNull(direct(tiers, clip), "edited callee");
        assertNotEquals(full(chunks(tmp.resolve("scale-b"), base, "scale").getFirst()).inputs(), full(clip).inputs());
        Request bias = chunks(tmp.resolve("bias"), Map.of("k.Par", PAR.replace("BIAS = 2.0", "BIAS = 3.0"), "k.Clip", CLIP),
                "total").getFirst();
        assertNull(direct(tiers, bias), "edited constant");
    }
}
