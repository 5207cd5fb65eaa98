package dev.kiln.compiler.diff;

import dev.kiln.Kiln;
import dev.kiln.KilnConfig;
import dev.kiln.Target;
import dev.kiln.runtime.cpu.HostCpu;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * (int) and (long) of doubles in vectorised loops, on AVX-512 (the conversion with a branch on its sentinel to the
 * clamp, {@code Avx512Conversions}) and on AVX2 (the clamp alone), against HotSpot: every value whose conversion
 * gives the sentinel or differs from it (NaN, the infinities, the range edges, -2^31 and -2^63 themselves) at every
 * lane of a 16-lane group and in the vector remainder, next to ordinary values; empty and length-1 arrays; a null
 * array; and the store's array too short, so the loop throws in the first, a middle or the last iteration.
 */
class DiffVectorConversionTest {
    static final Class<?> K = VectorConversionKernels.class;
    static final double[] EDGES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
            0x1p31, -0x1p31, Math.nextUp(-0x1p31), Math.nextDown(-0x1p31), 2147483647.0, 2147483647.5, -2147483648.5,
            0x1p63, -0x1p63, Math.nextUp(-0x1p63), Math.nextDown(-0x1p63), Math.nextDown(0x1p63), 1e300, -1e300,
            Double.MIN_VALUE, -0.9999999999999999, Double.MAX_VALUE, -Double.MAX_VALUE};
    static final int[] LENGTHS = {0, 1, 15, 16, 17, 64, 200};

    static Diff on(String level) {
        assumeTrue(HostCpu.detect().containsAll(Target.levelFeatures(level)), "host cannot run " + level);
        try {
            var dir = Files.createTempDirectory("kiln-difftest-vconv-" + level + "-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Diff.deleteTree(dir)));
            return Diff.using(Kiln.create(KilnConfig.defaults().withCachePath(List.of(dir)).withTarget(level)),
                    "DiffVectorConversionTest-" + level);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ordinary values in [-4, 4] with {@code v} at {@code at}. */
    static double[] withAt(int n, double v, int at, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextDouble(-4, 4);
        if (at < n) a[at] = v;
        return a;
    }

    static List<double[]> inputs() {
        List<double[]> out = new ArrayList<>();
        for (int n : LENGTHS) out.add(withAt(n, 0, n, n));
        long seed = 1;
        for (double v : EDGES) {
            // every lane of the first 16-lane group, a later group, and the last element (often the remainder)
            for (int at = 0; at < 16; at++) out.add(withAt(64, v, at, seed++));
            out.add(withAt(200, v, 130, seed++));
            out.add(withAt(200, v, 199, seed++));
            out.add(withAt(1, v, 0, seed++));
        }
        double[] all = new double[EDGES.length * 3];
        for (int i = 0; i < all.length; i++) all[i] = EDGES[i % EDGES.length];
        out.add(all);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86-64-v4", "x86-64-v3"})
    void conversionsMatchHotSpot(String level) {
        Diff d = on(level);
        for (double[] a : inputs()) {
            // scale 1 converts the edges themselves; 1000 as in the benchmark
            d.check(K, "quantise", a, 1.0, new int[a.length]);
            d.check(K, "quantise", a, 1000.0, new int[a.length]);
            d.check(K, "toLongs", a, new long[a.length]);
            d.check(K, "intSum", a);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86-64-v4", "x86-64-v3"})
    void throwsInTheFirstAMiddleOrTheLastIteration(String level) {
        Diff d = on(level);
        for (int n : new int[] {1, 17, 200}) {
            double[] a = withAt(n, Double.NaN, n / 2, n);
            for (int m : new int[] {0, n / 2, n - 1}) {
                d.check(K, "quantise", a, 1000.0, new int[m]);   // q too short: the store at m throws
                d.check(K, "toLongs", a, new long[m]);
            }
            d.check(K, "quantise", a, 1.0, null);
            d.check(K, "quantise", null, 1.0, new int[n]);
            d.check(K, "toLongs", null, new long[n]);
        }
    }
}
