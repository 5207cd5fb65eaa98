package dev.kiln.bench;

import dev.kiln.CompileOptions;
import dev.kiln.Kiln;
import dev.kiln.KilnConfig;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Before timing anything: each suite kernel through Kiln must give HotSpot's results (bit-identical by default,
 * close with fastMath), return value and output arrays. A fast wrong kernel is not a result. Kernels that call
 * transcendental Math functions need not match bit for bit: Java bounds each call's error (1 ulp for exp and log),
 * and HotSpot and Kiln may round one step apart. In {@code log(1 + exp(x))} a 1-ulp step in exp, after rounding
 * {@code 1 + e}, moves the result by up to ~4 of its own ulps, so 8 ulps are allowed there. (Each function's own
 * bound is tested exactly in kiln-compiler's TranscendentalAccuracyTest.) Exit 1 on a mismatch, 3 when Kiln cannot
 * compile a kernel.
 */
public final class SuiteCheck {
    public static void main(String[] args) throws Throwable {
        int bad = 0, failed = 0;
        for (boolean fast : new boolean[]{false, true}) {
            Kiln kiln = Kiln.create(KilnConfig.fromEnvironment().withOptions(CompileOptions.DEFAULT.withFastMath(fast)));
            for (Method m : KernelList.of(List.of(Kernels.class.getName()), SuiteCheck.class.getClassLoader())) {
                MethodHandle kilnMh;
                try {
                    kilnMh = kiln.compile(Kernels.class, m.getName());
                } catch (RuntimeException e) {
                    System.out.printf("%-10s fastMath=%-5s cannot compile: %s%n", m.getName(), fast, e);
                    failed++;
                    continue;
                }
                MethodHandle javaMh = MethodHandles.lookup().unreflect(m);
                SuiteData dj = new SuiteData(4096), dk = new SuiteData(4096);
                Object rj = javaMh.invokeWithArguments(args(m.getName(), dj));
                Object rk = kilnMh.invokeWithArguments(args(m.getName(), dk));
                int ulps = TRANSCENDENTAL.contains(m.getName()) ? 8 : 0;
                String why = compare(rj, rk, fast, ulps);
                for (String f : List.of("out", "fy", "counts", "mc", "qi")) {
                    if (why == null) why = compare(field(dj, f), field(dk, f), fast, ulps);
                }
                System.out.printf("%-10s fastMath=%-5s %s%n", m.getName(), fast,
                        why != null ? "MISMATCH " + why : ulps > 0 ? "ok (within " + ulps + " ulps: transcendental)" : "ok");
                if (why != null) bad++;
            }
        }
        if (bad > 0) System.exit(1);
        if (failed > 0) System.exit(3);
    }

    /** Kernels whose results depend on transcendental functions (Java bounds their error, not their bits). */
    static final Set<String> TRANSCENDENTAL = Set.of("expLog");

    static Object[] args(String kernel, SuiteData d) {
        return switch (kernel) {
            case "sum" -> new Object[]{d.a};
            case "dot" -> new Object[]{d.a, d.b};
            case "saxpy" -> new Object[]{1e-6f, d.fx, d.fy};
            case "clip" -> new Object[]{d.a, -1.0, 1.0, d.out};
            case "clipSum" -> new Object[]{d.a, -1.0, 1.0};
            case "quantise" -> new Object[]{d.a, 1000.0, d.qi};
            case "polyHorner" -> new Object[]{d.b, d.coeffs, d.out};
            case "interp" -> new Object[]{d.xs, d.ys, d.q, d.out};
            case "histogram" -> new Object[]{d.a, -3.0, 3.0, d.counts};
            case "matmul" -> new Object[]{d.ma, d.mb, d.mc, d.n};
            case "expLog" -> new Object[]{d.b, d.out};
            case "add" -> new Object[]{17, 25};
            case "sumSmall" -> new Object[]{new int[]{1, 2, 3, 4, 5}};
            default -> throw new IllegalArgumentException(kernel);
        };
    }

    private static Object field(SuiteData d, String f) throws ReflectiveOperationException {
        return SuiteData.class.getField(f).get(d);
    }

    private static String compare(Object a, Object b, boolean fast, int ulps) {
        if (a == null && b == null) return null;
        if (a instanceof double[] x && b instanceof double[] y) {
            for (int i = 0; i < x.length; i++) if (!close(x[i], y[i], fast, ulps)) return "at " + i + ": " + x[i] + " vs " + y[i];
            return null;
        }
        if (a instanceof float[] x && b instanceof float[] y) {
            for (int i = 0; i < x.length; i++) if (!close(x[i], y[i], fast, ulps)) return "at " + i + ": " + x[i] + " vs " + y[i];
            return null;
        }
        if (a instanceof int[] x && b instanceof int[] y) return Arrays.equals(x, y) ? null : "int arrays differ";
        if (a instanceof Double x && b instanceof Double y) return close(x, y, fast, ulps) ? null : x + " vs " + y;
        return a.equals(b) ? null : a + " vs " + b;
    }

    private static boolean close(double x, double y, boolean fast, int ulps) {
        if (Double.doubleToLongBits(x) == Double.doubleToLongBits(y)) return true;
        if (ulps > 0 && Math.abs(x - y) <= ulps * Math.ulp(x)) return true;
        return fast && Math.abs(x - y) <= 1e-6 * (1.0 + Math.abs(x));
    }

    static MethodType type(Method m) {
        return MethodType.methodType(m.getReturnType(), m.getParameterTypes());
    }
}
