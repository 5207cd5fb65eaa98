package dev.kiln.it;

import dev.kiln.Kiln;
import dev.kiln.KilnException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One stage of a shell pipeline ({@code A | B | C}). Arguments: {@code [--in] [--rows N] Class#name:T...}, where T
 * (D, F, J or I) picks the overload {@code (T[] x, T a) -> T}. The stage compiles all its kernels first (so the
 * stages of a pipeline started together compile at the same time), then passes rows on: it reads {@code "row value"}
 * lines from stdin with {@code --in}, else makes N rows, and writes each row with its value moved by every kernel's
 * result ({@link #next}). Every native result is checked against HotSpot's. Diagnostics go to stderr ({@code OK
 * kernel} once per kernel); exit 3 on a KilnException, 4 on a wrong result.
 */
public final class PipeStage {
    /** A kernel of the stage: its Java method and its native handle (null when only the Java side is wanted). */
    record Step(String spec, Method java, MethodHandle nat) {
    }

    public static void main(String[] args) throws Throwable {
        boolean in = false;
        int rows = 50;
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in" -> in = true;
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                default -> specs.add(args[i]);
            }
        }
        PrintStream err = System.err;
        List<Step> steps = new ArrayList<>();
        try {
            Kiln kiln = Kiln.create();
            for (String s : specs) {
                Method m = method(s);
                MethodHandle mh = kiln.compile(m.getDeclaringClass(), m.getName(),
                        MethodType.methodType(m.getReturnType(), m.getParameterTypes()));
                steps.add(new Step(s, m, mh));
                err.println("OK " + s);
            }
        } catch (KilnException e) {
            err.println("KILN-ERROR " + e.getMessage());
            System.exit(3);
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        if (in) {
            BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                int sp = line.indexOf(' ');
                out.println(line.substring(0, sp) + " " + next(steps, Double.parseDouble(line.substring(sp + 1))));
            }
        } else {
            for (int row = 0; row < rows; row++) out.println(row + " " + next(steps, first(row)));
        }
        out.flush();
        if (out.checkError()) System.exit(5);
    }

    static double first(int row) {
        return (row * 0.37) % 5 - 2;
    }

    /** The row's next value: {@code v} moved by each kernel's result on arrays made from {@code v}. */
    static double next(List<Step> steps, double v) throws Throwable {
        double acc = v;
        for (Step s : steps) {
            Class<?> t = s.java().getReturnType();
            Object x = java.lang.reflect.Array.newInstance(t, 8);
            for (int i = 0; i < 8; i++) java.lang.reflect.Array.set(x, i, of(t, v * 10 + i * 0.25 - 1));
            Object a = of(t, 0.5 + v);
            Object java = s.java().invoke(null, copy(x), a);
            if (s.nat() != null) {
                Object nat = s.nat().invoke(copy(x), a);
                if (!Objects.equals(nat, java)) {
                    System.err.println("WRONG " + s.spec() + " native=" + nat + " java=" + java);
                    System.exit(4);
                }
            }
            acc += ((Number) java).doubleValue() * 1e-3;
        }
        return acc;
    }

    private static Object copy(Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        Object c = java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), n);
        System.arraycopy(array, 0, c, 0, n);
        return c;
    }

    private static Object of(Class<?> t, double d) {
        if (t == double.class) return d;
        if (t == float.class) return (float) d;
        if (t == long.class) return (long) Math.floor(d);
        return (int) Math.floor(d);
    }

    /** {@code Class#name:T} as the method {@code (T[] x, T a) -> T}. */
    static Method method(String spec) throws ReflectiveOperationException {
        int hash = spec.indexOf('#');
        int colon = spec.indexOf(':', hash);
        Class<?> t = switch (spec.charAt(colon + 1)) {
            case 'D' -> double.class;
            case 'F' -> float.class;
            case 'J' -> long.class;
            case 'I' -> int.class;
            default -> throw new IllegalArgumentException(spec);
        };
        Class<?> c = Class.forName(spec.substring(0, hash));
        return c.getMethod(spec.substring(hash + 1, colon), t.arrayType(), t);
    }

    /** The Java-only steps of a stage, for the test to compute what the pipeline must print. */
    static List<Step> javaSteps(List<String> specs) throws ReflectiveOperationException {
        List<Step> l = new ArrayList<>();
        for (String s : specs) l.add(new Step(s, method(s), null));
        return l;
    }
}
