package dev.kiln.compiler.intrinsics;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VectorExpLogTest}'s checks over as many arguments as {@code -Dkiln.explog.millions=N} asks for (millions per
 * target, against StrictMath; a thousandth of them against the 60-digit reference; runs of adjacent arguments), with
 * its seed from {@code -Dkiln.explog.seed}. Not part of the build: it takes minutes per hundred million.
 * <pre>
 * mvn -pl kiln-compiler -am verify -Dtest=VectorExpLogExhaustiveTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dkiln.explog.millions=200
 * </pre>
 */
@EnabledIfSystemProperty(named = "kiln.explog.millions", matches = "\\d+")
class VectorExpLogExhaustiveTest {
    @TempDir
    static Path cache;

    @ParameterizedTest
    @ValueSource(strings = {"x86-64", "x86-64-v3", "x86-64-v4"})
    void manyArguments(String target) throws Throwable {
        long millions = Long.getLong("kiln.explog.millions");
        SplittableRandom rnd = new SplittableRandom(Long.getLong("kiln.explog.seed", 20) ^ target.hashCode());
        ExpLogChecker c = new ExpLogChecker(target, cache);
        // One round: about 0.9M against StrictMath (exp 500k, log 390k), 1000 exact, 40 runs of 256 per function.
        for (long round = 0; round < millions; round++) {
            VectorExpLogTest.run(c, rnd, 125_000, 1_000, 40);
            assertTrue(c.bad.isEmpty(), String.join("\n", c.bad));
        }
        System.out.println(c.summary());
    }
}
