package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two kiln processes baking overlapping kernel sets into one empty cache at the same time. */
class ConcurrentBakeTest {
    @TempDir
    Path tmp;

    @Test
    void twoBakesAtOnceBothSucceedAndEachKeyIsCompiledOnce() throws Exception {
        Path app = TestApps.compile(tmp.resolve("app"), Map.of("app.K", """
                package app;
                import dev.kiln.Kernel;
                public final class K {
                    @Kernel public static double a(double[] x) { double s = 0; for (double v : x) s += v * v; return s; }
                    @Kernel public static long b(long[] x) { long s = 0; for (long v : x) s ^= v * 31; return s; }
                    @Kernel public static int c(int[] x, int k) { int n = 0; for (int v : x) if (v % k == 0) n++; return n; }
                    @Kernel public static float d(float[] x) { float m = 0; for (float v : x) m = v > m ? v : m; return m; }
                }
                """));
        Path cache = tmp.resolve("cache");
        String targets = "x86-64-v3,x86-64-v4";
        // Overlap: b and c are in both sets.
        Process one = Procs.startKiln(tmp, Map.of(), "bake", "--classpath", app.toString(), "--cache", cache.toString(),
                "--target", targets, "--jobs", "2", "app.K#a", "app.K#b", "app.K#c");
        Process two = Procs.startKiln(tmp, Map.of(), "bake", "--classpath", app.toString(), "--cache", cache.toString(),
                "--target", targets, "--jobs", "2", "app.K#b", "app.K#c", "app.K#d");
        Procs.Out r1 = Procs.finish(one, tmp);
        Procs.Out r2 = Procs.finish(two, tmp);
        assertEquals(0, r1.exit(), r1::toString);
        assertEquals(0, r2.exit(), r2::toString);
        for (Procs.Out r : new Procs.Out[]{r1, r2}) { // lock contention is never taken for an unwritable tier
            assertFalse(r.err().contains("not writable"), r::toString);
            assertFalse(r.err().contains("private"), r::toString);
        }

        Map<String, Integer> compiled = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        Pattern line = Pattern.compile("(?m)^(compiled|cached)\\s+(\\S+ for \\S+) ");
        for (String out : new String[]{r1.out(), r2.out()}) {
            Matcher m = line.matcher(out);
            while (m.find()) {
                seen.merge(m.group(2), 1, Integer::sum);
                if (m.group(1).equals("compiled")) compiled.merge(m.group(2), 1, Integer::sum);
            }
        }
        String both = r1 + "\n" + r2;
        assertEquals(12, seen.values().stream().mapToInt(Integer::intValue).sum(), both); // 6 tasks per bake
        assertEquals(8, compiled.size(), both); // 4 kernels × 2 targets, each compiled...
        compiled.forEach((task, n) -> assertEquals(1, n, () -> task + " compiled " + n + " times\n" + both)); // ...once
        for (String shared : new String[]{"app.K#b for x86-64-v3", "app.K#c for x86-64-v4"}) {
            assertEquals(2, seen.get(shared), both);
        }

        Cli.Result ls = Cli.run("ls", "--cache", cache.toString());
        assertEquals(0, ls.exit(), ls::toString);
        assertTrue(ls.out().contains("8 entries"), ls::toString);
        Cli.Result fsck = Cli.run("fsck", "--cache", cache.toString());
        assertEquals(0, fsck.exit(), fsck::toString);
        assertTrue(fsck.out().contains("Checked 8 entries"), fsck::toString);
    }
}
