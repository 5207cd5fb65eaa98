package dev.kiln.compiler.intrinsics;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kiln's Math.exp and Math.log as compiled loops run them (vector variants of 2, 4 and 8 lanes on the three targets,
 * plus the scalar remainder and single calls), about a million arguments per target: see {@link ExpLogChecker}.
 * {@link VectorExpLogExhaustiveTest} runs the same checks over hundreds of millions.
 */
class VectorExpLogTest {
    @TempDir
    static Path cache;

    @ParameterizedTest
    @ValueSource(strings = {"x86-64", "x86-64-v3", "x86-64-v4"})
    void withinOneUlpSemiMonotoneAndTheSameInLoopsAndSingleCalls(String target) throws Throwable {
        ExpLogChecker c = new ExpLogChecker(target, cache);
        run(c, new SplittableRandom(target.hashCode()), 150_000, 1_500, 400);
        System.out.println(c.summary());
        assertTrue(c.bad.isEmpty(), String.join("\n", c.bad));
        assertTrue(c.checked > 1_000_000 && c.exactSamples > 2_500, c.summary());
    }

    /** {@code n} per kind of argument against StrictMath, {@code exact} against BigMath, {@code runs} runs of 256. */
    static void run(ExpLogChecker c, SplittableRandom rnd, int n, int exact, int runs) throws Throwable {
        for (boolean exp : new boolean[] {true, false}) {
            c.againstStrict(exp, exp ? ExpLogChecker.expArguments(rnd, 2 * n) : ExpLogChecker.logArguments(rnd, n));
            c.againstExact(exp, exp ? ExpLogChecker.expArguments(rnd, exact / 2) : ExpLogChecker.logArguments(rnd, exact / 3));
            for (double start : ExpLogChecker.monotoneStarts(exp, rnd, runs, 256)) c.monotone(exp, start, 256);
        }
    }
}
