package dev.kiln.compiler.intrinsics;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kiln's transcendentals (Math; StrictMath compiles to the same code) measured against a 60-digit {@link BigMath}
 * reference: the error of every result must be within Java's documented bound (1 ulp; 2 for atan2; 2.5 for sinh,
 * cosh and tanh). HotSpot's Math and StrictMath are measured the same way, for comparison.
 */
class TranscendentalAccuracyTest {
    static final int N = 1500;
    static final Map<String, double[]> ERRORS = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;
    static Map<String, MethodHandle> kiln;

    @BeforeAll
    static void compile() {
        List<String> keys = new ArrayList<>();
        for (String k : Intrinsics.all().keySet()) {
            String name = k.substring(k.indexOf('.') + 1, k.indexOf('('));
            if (k.startsWith("java/lang/Math.") && IntrinsicNativeTest.ULP_BOUND.containsKey(name)) keys.add(k);
        }
        kiln = IntrinsicHarness.load(keys, Target.level("x86-64-v3"), CompileOptions.DEFAULT, dir);
    }

    @TestFactory
    Stream<DynamicTest> withinJavasBound() {
        return kiln.keySet().stream().map(key -> DynamicTest.dynamicTest(key, () -> measure(key)));
    }

    private static void measure(String key) throws Throwable {
        String name = key.substring(key.indexOf('.') + 1, key.indexOf('('));
        boolean binary = key.contains("(DD)");
        double bound = IntrinsicNativeTest.ULP_BOUND.get(name);
        MethodHandle k = kiln.get(key);
        MethodHandle hot = IntrinsicHarness.hotspot(key);
        MethodHandle strict = IntrinsicHarness.hotspot(key.replace("java/lang/Math.", "java/lang/StrictMath."));
        double maxK = 0, maxH = 0, maxS = 0;
        String worst = "";
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        int measured = 0;
        for (int n = 0; n < N; n++) {
            double a = argument(name, rnd, n);
            double b = binary ? second(name, a, rnd, n) : 0;
            if (!Double.isFinite(a) || a == 0 || !Double.isFinite(b) || (binary && b == 0)) continue;
            if (overflows(name, a, b)) continue;
            BigDecimal exact = BigMath.eval(name, a, b);
            if (exact == null) continue;
            double vk = binary ? (double) k.invokeExact(a, b) : (double) k.invokeExact(a);
            double vh = binary ? (double) hot.invokeExact(a, b) : (double) hot.invokeExact(a);
            double vs = binary ? (double) strict.invokeExact(a, b) : (double) strict.invokeExact(a);
            double ek = BigMath.ulpError(vk, exact);
            if (Double.isNaN(ek)) continue; // the exact result overflows a double
            measured++;
            if (ek > maxK) {
                maxK = ek;
                worst = name + "(" + a + (binary ? ", " + b : "") + ") = " + vk + ", exact " + exact.round(
                        new java.math.MathContext(20)) + ": " + ek + " ulps";
            }
            maxH = Math.max(maxH, BigMath.ulpError(vh, exact));
            maxS = Math.max(maxS, BigMath.ulpError(vs, exact));
        }
        ERRORS.put(key, new double[] {maxK, maxH, maxS, measured});
        assertTrue(measured > N / 2, key + ": only " + measured + " arguments measured");
        assertTrue(maxK <= bound, key + ": error above Java's bound of " + bound + " ulps: " + worst);
    }

    /** Where the results are ordinary numbers, spread over many binades, plus known awkward spots. */
    private static double argument(String name, SplittableRandom rnd, int n) {
        double u = rnd.nextDouble();
        double wide = (u * 2 - 1) * Math.pow(2, rnd.nextInt(-60, 60));
        return switch (name) {
            case "exp", "expm1" -> n % 3 == 0 ? wide : rnd.nextDouble(-740, 709);
            case "sinh", "cosh" -> n % 3 == 0 ? wide : rnd.nextDouble(-709, 709);
            case "tanh" -> n % 3 == 0 ? wide : rnd.nextDouble(-20, 20);
            case "log", "log10", "cbrt" -> n % 4 == 0 ? Double.longBitsToDouble(rnd.nextLong() & Long.MAX_VALUE)
                    : n % 4 == 1 ? rnd.nextDouble(0.5, 2) : Math.abs(wide);
            case "log1p" -> n % 2 == 0 ? rnd.nextDouble(-1, 1) : Math.abs(wide);
            case "asin", "acos" -> n % 3 == 0 ? Math.copySign(1 - Math.pow(2, -rnd.nextInt(1, 53)) * u, wide)
                    : u * 2 - 1;
            case "sin", "cos", "tan" -> n % 5 == 0 ? Double.longBitsToDouble(rnd.nextLong() & 0x7FEFFFFFFFFFFFFFL)
                    * (u < 0.5 ? -1 : 1) : wide;
            case "pow" -> n % 3 == 0 ? -(double) rnd.nextInt(1, 40) : rnd.nextDouble(0, 4) * Math.pow(2, rnd.nextInt(-20, 20));
            default -> wide; // atan, atan2, hypot
        };
    }

    private static double second(String name, double a, SplittableRandom rnd, int n) {
        return switch (name) {
            case "pow" -> a < 0 ? (double) rnd.nextInt(-60, 60) : rnd.nextDouble(-40, 40);
            default -> (rnd.nextDouble() * 2 - 1) * Math.abs(a) * Math.pow(2, rnd.nextInt(-30, 30));
        };
    }

    /** Results beyond the double range, or saturated (compared in IntrinsicNativeTest). */
    private static boolean overflows(String name, double a, double b) {
        return switch (name) {
            case "pow" -> Math.abs(b * Math.log(Math.abs(a))) > 700;
            case "exp", "expm1" -> a > 709 || a < -745;
            case "sinh", "cosh" -> Math.abs(a) > 709;
            case "tanh" -> Math.abs(a) > 40;
            default -> false;
        };
    }

    @AfterAll
    static void report() throws IOException {
        StringBuilder b = new StringBuilder("max error in ulps of the exact result: Kiln, HotSpot Math, StrictMath (args)\n");
        for (var e : new TreeMap<>(ERRORS).entrySet()) {
            double[] v = e.getValue();
            b.append(String.format("%-28s %.3f  %.3f  %.3f  (%d)%n", e.getKey(), v[0], v[1], v[2], (long) v[3]));
        }
        System.out.print(b);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) Files.writeString(target.resolve("intrinsic-accuracy.txt"), b.toString());
    }
}
