package dev.kiln.compiler.intrinsics;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import org.junit.jupiter.api.AfterAll;
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
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every intrinsic compiled natively (through the LLVM driver, lld and the FFM binder) and compared with HotSpot
 * running the same JDK method, on edge values and seeded random inputs:
 * <ul>
 *   <li>exactly specified methods (everything but the transcendentals): bit-identical results
 *       ({@code doubleToLongBits}, so all NaNs count as one), the same exception type and message;</li>
 *   <li>transcendentals: special arguments (NaN, ±0, ±Infinity, and Java's extra pow/log10 cases) bit-identical; all
 *       other results within twice Java's documented ulp bound of HotSpot's {@code Math} and of {@code StrictMath}
 *       (fdlibm), each of which is within the bound of the exact result.</li>
 * </ul>
 * Built for the baseline x86-64 (floor, roundeven, fma become libm calls there), for x86-64-v3, and at O0.
 */
class IntrinsicNativeTest {
    /** Java's documented error bounds, in ulps of the exact result. */
    static final Map<String, Double> ULP_BOUND = Map.ofEntries(
            Map.entry("exp", 1.0), Map.entry("expm1", 1.0), Map.entry("log", 1.0), Map.entry("log1p", 1.0),
            Map.entry("log10", 1.0), Map.entry("pow", 1.0), Map.entry("sin", 1.0), Map.entry("cos", 1.0),
            Map.entry("tan", 1.0), Map.entry("asin", 1.0), Map.entry("acos", 1.0), Map.entry("atan", 1.0),
            Map.entry("atan2", 2.0), Map.entry("sinh", 2.5), Map.entry("cosh", 2.5), Map.entry("tanh", 2.5),
            Map.entry("hypot", 1.0), Map.entry("cbrt", 1.0));

    static final int RANDOM = 20_000;

    /** Per function: max ulps from HotSpot Math, from StrictMath, and how many results differ from StrictMath. */
    static final Map<String, double[]> STATS = new ConcurrentHashMap<>();
    /** Special cases where HotSpot's Math differs from the specification (and StrictMath). */
    static final Set<String> HOTSPOT_DEVIATIONS = ConcurrentHashMap.newKeySet();

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> baselineO3() {
        return tests(Target.level("x86-64"), CompileOptions.DEFAULT);
    }

    @TestFactory
    Stream<DynamicTest> v3O3() {
        return tests(Target.level("x86-64-v3"), CompileOptions.DEFAULT);
    }

    @TestFactory
    Stream<DynamicTest> v3O0() {
        return tests(Target.level("x86-64-v3"), new CompileOptions(0, false, true));
    }

    private Stream<DynamicTest> tests(Target target, CompileOptions options) {
        List<String> keys = new ArrayList<>(Intrinsics.all().keySet());
        Map<String, MethodHandle> kiln = IntrinsicHarness.load(keys, target, options, dir);
        String tag = target.level() + "-O" + options.optLevel();
        return keys.stream().map(key -> DynamicTest.dynamicTest(key + " " + tag,
                () -> check(key, kiln.get(key), tag.equals("x86-64-v3-O3"))));
    }

    private static void check(String key, MethodHandle kiln, boolean record) {
        String name = key.substring(key.indexOf('.') + 1, key.indexOf('('));
        List<Object[]> inputs = IntrinsicInputs.forDescriptor(IntrinsicHarness.descriptor(key), RANDOM, key.hashCode());
        if (isTranscendental(key)) inputs.addAll(domainInputs(name, key.hashCode()));
        MethodHandle k = spread(kiln);
        List<String> failures = compare(key, inputs, args -> run(k, args), record);
        if (!failures.isEmpty()) {
            fail(key + ": " + failures.size() + " of " + inputs.size() + " inputs differ, e.g.\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(12, failures.size()))));
        }
    }

    static boolean isTranscendental(String key) {
        String name = key.substring(key.indexOf('.') + 1, key.indexOf('('));
        return ULP_BOUND.containsKey(name) && (key.startsWith("java/lang/Math.") || key.startsWith("java/lang/StrictMath."));
    }

    /** Kiln against HotSpot on each argument list; returns the failures (empty when all agree). */
    static List<String> compare(String key, List<Object[]> inputs, Function<Object[], Outcome> kiln, boolean record) {
        String name = key.substring(key.indexOf('.') + 1, key.indexOf('('));
        boolean transcendental = isTranscendental(key);
        MethodHandle hot = spread(IntrinsicHarness.hotspot(key));
        MethodHandle strict = transcendental
                ? spread(IntrinsicHarness.hotspot(key.replace("java/lang/Math.", "java/lang/StrictMath.")))
                : null;
        double bound = transcendental ? ULP_BOUND.get(name) : 0;
        double maxHot = 0, maxStrict = 0;
        long differ = 0, compared = 0;
        List<String> failures = new ArrayList<>();
        for (Object[] args : inputs) {
            Outcome want = run(hot, args);
            Outcome got = kiln.apply(args);
            if (want.error != null || got.error != null) {
                if (want.error == null || got.error == null || want.error.getClass() != got.error.getClass()
                        || !String.valueOf(want.error.getMessage()).equals(String.valueOf(got.error.getMessage()))) {
                    failures.add(show(args) + ": HotSpot " + want + ", Kiln " + got);
                }
                continue;
            }
            if (!transcendental) {
                if (!same(want.value, got.value)) failures.add(show(args) + ": HotSpot " + want + ", Kiln " + got);
                continue;
            }
            double g = (Double) got.value;
            double h = (Double) want.value;
            double s = (Double) run(strict, args).value;
            if (mustBeExact(name, args, want.value, got.value)) {
                // The specification's special cases, which StrictMath (fdlibm) implements exactly. HotSpot's own
                // Math.pow gets some wrong (odd-integer test for |y| in [2^51, 2^53)); those are recorded, not copied.
                if (!same(s, g)) failures.add(show(args) + ": StrictMath " + s + ", HotSpot " + want + ", Kiln " + got);
                if (!same(s, h)) HOTSPOT_DEVIATIONS.add(key + show(args) + ": StrictMath " + s + ", HotSpot Math " + h);
                continue;
            }
            double uh = ulps(g, h), us = ulps(g, s);
            compared++;
            if (Double.doubleToLongBits(g) != Double.doubleToLongBits(s)) differ++;
            maxHot = Math.max(maxHot, uh);
            maxStrict = Math.max(maxStrict, us);
            if (uh > 2 * bound || us > 2 * bound) {
                failures.add(show(args) + ": HotSpot " + h + ", StrictMath " + s + ", Kiln " + g + " (" + uh
                        + " / " + us + " ulps)");
            }
        }
        if (record && transcendental) {
            STATS.put(key, new double[] {maxHot, maxStrict, differ, compared});
        }
        return failures;
    }

    /**
     * Results Java specifies exactly even for transcendentals: any NaN, zero or infinite argument or result (the
     * special cases), pow with |x| = 1 or integral arguments and an exactly representable result, log10 of 10^n.
     */
    private static boolean mustBeExact(String name, Object[] args, Object want, Object got) {
        for (Object a : args) {
            double d = ((Number) a).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) return true;
        }
        for (Object r : new Object[] {want, got}) {
            double d = (Double) r;
            if (Double.isNaN(d) || Double.isInfinite(d)) return true;
        }
        double x = (Double) args[0];
        if (name.equals("pow")) {
            double y = (Double) args[1];
            double w = (Double) want;
            if (Math.abs(x) == 1 || y == 1) return true;
            if (x == Math.rint(x) && y == Math.rint(y) && Math.abs(w) <= 0x1p53 && w == Math.rint(w)
                    && exactPow(x, y, w)) {
                return true;
            }
        }
        if (name.equals("log10")) {
            for (int n = 0; n <= 22; n++) if (x == Double.parseDouble("1e" + n)) return true;
        }
        return false;
    }

    /** Whether x^y (integers, y >= 0) equals w exactly. */
    private static boolean exactPow(double x, double y, double w) {
        if (y < 0 || y > 64) return false;
        return new BigDecimal(x).pow((int) y).compareTo(new BigDecimal(w)) == 0;
    }

    /** Distance in ulps of {@code ref} (its real difference, not the count of doubles between). */
    static double ulps(double x, double ref) {
        if (Double.doubleToLongBits(x) == Double.doubleToLongBits(ref)) return 0;
        if (!Double.isFinite(x) || !Double.isFinite(ref)) return Double.POSITIVE_INFINITY;
        return new BigDecimal(x).subtract(new BigDecimal(ref)).abs().doubleValue() / Math.ulp(ref);
    }

    /** Arguments where each function's results are neither overflowed nor trivially saturated. */
    private static List<Object[]> domainInputs(String name, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Object[]> out = new ArrayList<>();
        for (int n = 0; n < RANDOM; n++) {
            double u = rnd.nextDouble();
            double scale = Math.pow(2, rnd.nextInt(-40, 40));
            out.add(switch (name) {
                case "pow" -> n % 3 == 0
                        ? new Object[] {-(double) rnd.nextInt(1, 50), (double) rnd.nextInt(-40, 40)}
                        : new Object[] {rnd.nextDouble(0, 100) * (n % 3 == 1 ? 1 : 1e-3), rnd.nextDouble(-60, 60)};
                case "asin", "acos" -> new Object[] {u * 2 - 1};
                case "atan2", "hypot" -> new Object[] {(u - 0.5) * scale, rnd.nextDouble(-1, 1) * scale
                        * Math.pow(2, rnd.nextInt(-3, 4))};
                case "log", "log10", "cbrt" -> new Object[] {u * scale};
                case "log1p" -> new Object[] {u < 0.5 ? u * 2 - 1 : (u - 0.5) * scale};
                case "exp", "expm1" -> new Object[] {rnd.nextDouble(-745, 709.7) * (n % 2 == 0 ? 1 : 1e-3)};
                case "sinh", "cosh" -> new Object[] {rnd.nextDouble(-710, 710) * (n % 2 == 0 ? 1 : 1e-3)};
                case "tanh" -> new Object[] {rnd.nextDouble(-20, 20) * (n % 2 == 0 ? 1 : 1e-4)};
                default -> new Object[] {(u * 2 - 1) * scale}; // sin, cos, tan, atan
            });
        }
        if (name.equals("log10")) {
            for (int e = 0; e <= 22; e++) out.add(new Object[] {Double.parseDouble("1e" + e)});
        }
        if (name.equals("pow")) {
            for (double x : new double[] {2, 3, 10, -2, 0.5}) {
                for (int y = -10; y <= 60; y++) out.add(new Object[] {x, (double) y});
            }
        }
        return out;
    }

    record Outcome(Object value, Throwable error) {
        @Override
        public String toString() {
            if (error != null) return error.toString();
            if (value instanceof Double d) return d + " [" + Long.toHexString(Double.doubleToRawLongBits(d)) + "]";
            if (value instanceof Float f) return f + " [" + Integer.toHexString(Float.floatToRawIntBits(f)) + "]";
            return String.valueOf(value);
        }
    }

    static MethodHandle spread(MethodHandle mh) {
        int n = mh.type().parameterCount();
        return mh.asType(mh.type().generic()).asSpreader(Object[].class, n);
    }

    static Outcome run(MethodHandle spread, Object[] args) {
        try {
            return new Outcome((Object) spread.invokeExact(args), null);
        } catch (Throwable t) {
            return new Outcome(null, t);
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return Double.doubleToLongBits(x) == Double.doubleToLongBits(y);
        }
        if (a instanceof Float x && b instanceof Float y) return Float.floatToIntBits(x) == Float.floatToIntBits(y);
        return a.equals(b);
    }

    private static String show(Object[] args) {
        StringBuilder b = new StringBuilder("(");
        for (int k = 0; k < args.length; k++) {
            if (k > 0) b.append(", ");
            Object a = args[k];
            if (a instanceof Double d) b.append(d).append(Double.isNaN(d) ? "[" + Long.toHexString(Double.doubleToRawLongBits(d)) + "]" : "");
            else if (a instanceof Float f) b.append(f).append('f');
            else if (a instanceof Long l) b.append(l).append('L');
            else b.append(a);
        }
        return b.append(')').toString();
    }

    /** The measured ulp differences, for the record (target/intrinsic-ulps.txt and the test output). */
    @AfterAll
    static void report() throws IOException {
        if (STATS.isEmpty()) return;
        StringBuilder b = new StringBuilder("function: max ulps vs HotSpot, max ulps vs StrictMath, results != StrictMath\n");
        for (var e : new TreeMap<>(STATS).entrySet()) {
            double[] s = e.getValue();
            b.append(String.format("%-34s %.3f  %.3f  %d/%d%n", e.getKey(), s[0], s[1], (long) s[2], (long) s[3]));
        }
        b.append("HotSpot Math special cases that differ from StrictMath (and the spec):\n");
        for (String d : new java.util.TreeSet<>(HOTSPOT_DEVIATIONS)) b.append("  ").append(d).append('\n');
        System.out.print(b);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) Files.writeString(target.resolve("intrinsic-ulps.txt"), b.toString());
    }

    static Set<String> transcendentalNames() {
        return ULP_BOUND.keySet();
    }
}
