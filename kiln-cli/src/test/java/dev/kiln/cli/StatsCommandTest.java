package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void rendersAStatsFileAsATable() throws Exception {
        Path f = Files.writeString(tmp.resolve("stats.json"), """
                {"hitsByTier": {"/opt/kiln/cache": 12, "/home/u/.cache/kiln": 1},
                 "missesByReason": {"no-entry": 2, "inputs-changed": 1},
                 "compiles": 3, "compileNanos": 1234000000, "loadNanos": 4500000,
                 "strict": true,
                 "kernels": [{"kernel": "app.Losses#layer", "target": "x86-64-v4", "source": "hit", "loadNanos": 1500000},
                             {"kernel": "app.Losses#count", "target": "x86-64-v4", "source": "compiled", "compileNanos": 700000000}]}
                """);
        Cli.Result r = Cli.run("stats", f.toString());
        assertEquals(0, r.exit(), r::toString);
        String out = r.out();
        assertTrue(out.matches("(?s).*hits by tier\\s+13\\n\\s+/opt/kiln/cache\\s+12\\n.*"), out);
        assertTrue(out.matches("(?s).*misses by reason\\s+3\\n\\s+no-entry\\s+2\\n\\s+inputs-changed\\s+1\\n.*"), out);
        assertTrue(out.matches("(?s).*compiles\\s+3\\n.*"), out);
        assertTrue(out.matches("(?s).*compile time\\s+1\\.23 s\\n.*"), out);
        assertTrue(out.matches("(?s).*load time\\s+4\\.5 ms\\n.*"), out);
        assertTrue(out.matches("(?s).*kernels:\\nkernel\\s+target\\s+source\\s+load time\\s+compile time\\n"
                + "app\\.Losses#layer\\s+x86-64-v4\\s+hit\\s+1\\.5 ms\\s+-\\n.*"), out);
    }

    @Test
    void rendersTheRuntimesStatsFormat() throws Exception {
        Path f = Files.writeString(tmp.resolve("run.json"), """
                {
                  "hits": 1,
                  "misses": 2,
                  "compiles": 2,
                  "hitsByTier": {"/opt/kiln-cache": 1},
                  "missesByReason": {"inputs-changed": 1, "no-entry": 1},
                  "compileMillis": 1530,
                  "loadMillis": 12,
                  "compiledKeys": ["469cbf22a3398c8b", "6a1fd3fd04c57f18"],
                  "missLog": ["com.acme.Losses.layer([DDD)D: inputs-changed: callee Clip.clip(DDD)D changed",
                              "com.acme.Losses.scale([FF)V: no-entry: no entry"],
                  "remote": {"hits": 3, "misses": 1, "errors": 0, "refused": 0, "inBytes": 24576, "puts": 0,
                             "outBytes": 0, "dropped": 0, "waitMicros": 5120, "setupMicros": 0},
                  "pid": 4242
                }
                """);
        Cli.Result r = Cli.run("stats", f.toString());
        assertEquals(0, r.exit(), r::toString);
        String out = r.out();
        // Remote counters are unlike things: listed, never summed.
        assertTrue(out.matches("(?s).*\\nremote\\n\\s+hits\\s+3\\n\\s+misses\\s+1\\n.*"), out);
        assertTrue(out.matches("(?s).*\\n\\s+in bytes\\s+24\\.0 KiB\\n.*"), out);
        assertTrue(out.matches("(?s).*compile time\\s+1\\.53 s\\n.*"), out);
        assertTrue(out.matches("(?s).*load time\\s+12\\.0 ms\\n.*"), out);
        assertTrue(out.matches("(?s).*miss log\\s+2\\n\\s+com\\.acme\\.Losses\\.layer\\(\\[DDD\\)D: inputs-changed: callee Clip.clip\\(DDD\\)D changed\\n.*"), out);
        assertTrue(out.matches("(?s).*compiled keys\\s+2\\n\\s+469cbf22a3398c8b\\n.*"), out);
    }

    @Test
    void errorsAreOneLine() throws Exception {
        CliErrorsTest.oneLineError(Cli.run("stats", tmp.resolve("none.json").toString()), Exit.INPUT,
                "cannot read stats file " + tmp.resolve("none.json") + ": no such file");
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"compiles\": 3,\n oops");
        CliErrorsTest.oneLineError(Cli.run("stats", bad.toString()), Exit.INPUT, "is not a Kiln stats file");
        Path arr = Files.writeString(tmp.resolve("arr.json"), "[1,2]");
        CliErrorsTest.oneLineError(Cli.run("stats", arr.toString()), Exit.INPUT, "expected a JSON object");
        CliErrorsTest.oneLineError(Cli.run("stats"), Exit.USAGE, "FILE");
    }

    @Test
    void sizesAndDurations() {
        assertEquals(500L << 20, Sizes.parseSize("500M"));
        assertEquals(2L << 30, Sizes.parseSize("2G"));
        assertEquals(1536, Sizes.parseSize("1.5KiB"));
        assertEquals(123, Sizes.parseSize("123"));
        assertEquals("1.5 KiB", Sizes.bytes(1536));
        assertEquals("2.00 s", Sizes.duration(2_000_000_000L));
    }
}
