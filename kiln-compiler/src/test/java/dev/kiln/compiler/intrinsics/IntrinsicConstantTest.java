package dev.kiln.compiler.intrinsics;

import dev.kiln.CompileOptions;
import dev.kiln.Target;
import dev.kiln.compiler.intrinsics.IntrinsicNativeTest.Outcome;
import dev.kiln.compiler.link.Lld;
import dev.kiln.compiler.llvm.LlvmDriver;
import dev.kiln.runtime.abi.KernelAbi;
import dev.kiln.runtime.bind.NativeBinder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Intrinsics whose arguments are constants, as they are after inlining in real kernels: LLVM then folds them at
 * compile time (llvm.minimum, fptosi.sat, the libm calls, the pow special cases ...) or rewrites them (pow(x, 0.5) to
 * sqrt, pow(x, 2) to x*x). Every call with all arguments constant, and with one argument constant and the other a
 * parameter, must still give HotSpot's result, exactly as {@link IntrinsicNativeTest} compares them.
 */
class IntrinsicConstantTest {
    static final double[] D = {Double.NaN, Double.NEGATIVE_INFINITY, -2.5, -1.0, -0.0, 0.0, 0.5, 1.0, 2.0, 3.0,
            Double.POSITIVE_INFINITY, 1e300, Double.MIN_VALUE, 0.49999999999999994};
    static final float[] F = {Float.NaN, Float.NEGATIVE_INFINITY, -2.5f, -1f, -0f, 0f, 0.5f, 1f, 3f,
            Float.POSITIVE_INFINITY, 1e30f, 0.49999997f};
    static final int[] I = {Integer.MIN_VALUE, -7, -1, 0, 1, 2, 7, 31, 32, Integer.MAX_VALUE};
    static final long[] J = {Long.MIN_VALUE, -7, -1, 0, 1, 2, 7, 63, 64, Long.MAX_VALUE, 1L << 40};

    @TempDir
    static Path dir;
    /** Per intrinsic: outcomes by argument list (as a List so it can key a map). */
    static final Map<String, Map<List<Object>, Outcome>> RESULTS = new LinkedHashMap<>();

    /** What one generated function computes: the intrinsic at these argument lists, constants or the parameter. */
    record Plan(String key, String fn, List<Object[]> tuples, int variable) {
    }

    @BeforeAll
    static void compileAndRun() throws Throwable {
        List<Plan> plans = new ArrayList<>();
        StringBuilder ir = new StringBuilder();
        Set<String> decls = new LinkedHashSet<>();
        Map<String, String> defs = new LinkedHashMap<>();
        int n = 0;
        for (var e : Intrinsics.all().entrySet()) {
            String key = e.getKey();
            String desc = IntrinsicHarness.descriptor(key);
            String args = desc.substring(1, desc.indexOf(')'));
            List<Object[]> tuples = tuples(args, args.length() >= 3 ? 5 : Integer.MAX_VALUE);
            plans.add(new Plan(key, "test_const_" + n++, tuples, -1));
            for (int v = 0; v < args.length() && args.length() == 2; v++) {
                plans.add(new Plan(key, "test_half_" + n++, tuples, v));
            }
            decls.addAll(e.getValue().declarations());
            defs.putIfAbsent(e.getValue().symbol(), e.getValue().definition());
        }
        for (Plan p : plans) ir.append(function(p));
        for (String d : defs.values()) ir.append('\n').append(d);
        for (String d : decls) ir.append(d).append('\n');

        var obj = LlvmDriver.compile(ir.toString(), "constants", Target.level("x86-64-v3"), CompileOptions.DEFAULT);
        Path lib = dir.resolve("constants.so");
        Files.write(lib, Lld.linkShared(obj.bytes(), "kiln_constants"));
        for (Plan p : plans) {
            String args = IntrinsicHarness.descriptor(p.key);
            args = args.substring(1, args.indexOf(')'));
            Intrinsic in = Intrinsics.all().get(p.key);
            char ret = IntrinsicHarness.descriptor(p.key).charAt(args.length() + 2);
            Map<List<Object>, Outcome> results = RESULTS.computeIfAbsent(p.key + (p.variable < 0 ? "" : " var" + p.variable),
                    k -> new HashMap<>());
            if (p.variable < 0) {
                MethodHandle mh = NativeBinder.bind(lib, new KernelAbi(p.fn, "([J)V", false, List.of())).handle();
                long[] out = new long[2 * p.tuples.size()];
                mh.invokeExact(out);
                for (int k = 0; k < p.tuples.size(); k++) {
                    results.put(List.of(p.tuples.get(k)), decode(out[2 * k], out[2 * k + 1], ret, in));
                }
            } else {
                // One call per value of the variable argument; the function evaluates every tuple with that value.
                char vt = args.charAt(p.variable);
                MethodHandle mh = NativeBinder.bind(lib, new KernelAbi(p.fn, "([J" + vt + ")V", false, List.of())).handle();
                MethodHandle spread = IntrinsicNativeTest.spread(mh);
                for (Object value : values(vt)) {
                    long[] out = new long[2 * p.tuples.size()];
                    Object ignored = spread.invoke(new Object[] {out, value});
                    for (int k = 0; k < p.tuples.size(); k++) {
                        Object[] t = p.tuples.get(k).clone();
                        t[p.variable] = value;
                        results.put(List.of(t), decode(out[2 * k], out[2 * k + 1], ret, in));
                    }
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> foldedLikeHotSpot() {
        return RESULTS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String key = e.getKey().split(" ")[0];
            List<Object[]> inputs = new ArrayList<>();
            for (List<Object> t : e.getValue().keySet()) inputs.add(t.toArray());
            List<String> failures = IntrinsicNativeTest.compare(key, inputs, a -> e.getValue().get(List.of(a)), false);
            if (!failures.isEmpty()) {
                fail(e.getKey() + ": " + failures.size() + " of " + inputs.size() + " differ, e.g.\n  "
                        + String.join("\n  ", failures.subList(0, Math.min(12, failures.size()))));
            }
        }));
    }

    private static Outcome decode(long bits, long flag, char ret, Intrinsic in) {
        if (flag != 0) {
            var spec = in.fault().orElseThrow();
            return new Outcome(null, new ArithmeticException(spec.message()));
        }
        Object v = switch (ret) {
            case 'Z' -> (int) bits != 0;
            case 'I' -> (int) bits;
            case 'J' -> bits;
            case 'F' -> Float.intBitsToFloat((int) bits);
            case 'D' -> Double.longBitsToDouble(bits);
            default -> throw new IllegalArgumentException("return " + ret);
        };
        return new Outcome(v, null);
    }

    private static List<Object> values(char c) {
        List<Object> l = new ArrayList<>();
        switch (c) {
            case 'D' -> { for (double d : D) l.add(d); }
            case 'F' -> { for (float f : F) l.add(f); }
            case 'I' -> { for (int i : I) l.add(i); }
            case 'J' -> { for (long j : J) l.add(j); }
            default -> throw new IllegalArgumentException("descriptor char " + c);
        }
        return l;
    }

    private static List<Object[]> tuples(String args, int cap) {
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[args.length()]);
        for (int pos = 0; pos < args.length(); pos++) {
            List<Object> vs = values(args.charAt(pos));
            if (vs.size() > cap) vs = vs.subList(0, cap);
            List<Object[]> next = new ArrayList<>();
            for (Object[] t : out) {
                for (Object v : vs) {
                    Object[] u = t.clone();
                    u[pos] = v;
                    next.add(u);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * {@code void fn(long[] out [, T v])} in the kernel ABI (out, frame; v in the frame's second slot):
     * out[2k] = bits of the k-th result, out[2k+1] = its fault flag.
     */
    private static String function(Plan p) {
        Intrinsic in = Intrinsics.all().get(p.key);
        String desc = IntrinsicHarness.descriptor(p.key);
        String args = desc.substring(1, desc.indexOf(')'));
        char r = desc.charAt(desc.indexOf(')') + 1);
        String rt = ir(r);
        boolean faults = in.fault().isPresent();
        String callRet = faults ? "{" + rt + ", i1}" : rt;
        StringBuilder b = new StringBuilder("define void @").append(p.fn).append("(ptr %out, ");
        b.append("ptr %frame) {\nentry:\n");
        if (p.variable >= 0) {
            b.append("  %vslot = getelementptr i8, ptr %frame, i64 ").append(KernelAbi.FRAME_PARAMS + 8)
                    .append("\n  %v = load ").append(ir(args.charAt(p.variable))).append(", ptr %vslot\n");
        }
        for (int k = 0; k < p.tuples.size(); k++) {
            Object[] t = p.tuples.get(k);
            StringBuilder call = new StringBuilder();
            for (int a = 0; a < t.length; a++) {
                if (a > 0) call.append(", ");
                call.append(ir(args.charAt(a))).append(' ').append(a == p.variable ? "%v" : constant(t[a]));
            }
            b.append("  %c").append(k).append(" = call ").append(callRet).append(" @\"").append(in.symbol())
                    .append("\"(").append(call).append(")\n");
            String v = "%c" + k;
            String flag = "0";
            if (faults) {
                b.append("  %x").append(k).append(" = extractvalue ").append(callRet).append(" %c").append(k).append(", 0\n");
                b.append("  %f").append(k).append(" = extractvalue ").append(callRet).append(" %c").append(k).append(", 1\n");
                b.append("  %fz").append(k).append(" = zext i1 %f").append(k).append(" to i64\n");
                v = "%x" + k;
                flag = "%fz" + k;
            }
            String bits = "%b" + k;
            switch (rt) {
                case "i64" -> b.append("  ").append(bits).append(" = add i64 ").append(v).append(", 0\n");
                case "i32" -> b.append("  ").append(bits).append(" = sext i32 ").append(v).append(" to i64\n");
                case "double" -> b.append("  ").append(bits).append(" = bitcast double ").append(v).append(" to i64\n");
                default -> {
                    b.append("  %i").append(k).append(" = bitcast float ").append(v).append(" to i32\n");
                    b.append("  ").append(bits).append(" = zext i32 %i").append(k).append(" to i64\n");
                }
            }
            b.append("  %p").append(k).append(" = getelementptr i64, ptr %out, i64 ").append(2 * k).append('\n');
            b.append("  store i64 ").append(bits).append(", ptr %p").append(k).append('\n');
            b.append("  %q").append(k).append(" = getelementptr i64, ptr %out, i64 ").append(2 * k + 1).append('\n');
            b.append("  store i64 ").append(flag).append(", ptr %q").append(k).append('\n');
        }
        return b.append("  ret void\n}\n").toString();
    }

    private static String constant(Object o) {
        return switch (o) {
            case Double d -> String.format("0x%016X", Double.doubleToRawLongBits(d));
            // LLVM writes a float constant as the double of the same value.
            case Float f -> String.format("0x%016X", Double.doubleToRawLongBits((double) f));
            default -> o.toString();
        };
    }

    private static String ir(char c) {
        return switch (c) {
            case 'Z', 'I' -> "i32";
            case 'J' -> "i64";
            case 'F' -> "float";
            case 'D' -> "double";
            default -> throw new IllegalArgumentException("descriptor char " + c);
        };
    }
}
