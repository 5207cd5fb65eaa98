package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.KilnInternalException;
import dev.kiln.KilnConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The differential harness: runs a kernel compiled by Kiln and the same method on HotSpot with the same inputs, and
 * compares everything observable: the result bit for bit (all NaNs count as one value, since Java leaves NaN payloads
 * unspecified; {@code -0.0 != 0.0}), the arrays the kernel may have written (each side gets its own copies of the
 * inputs), and the exception type and exact message.
 *
 * <p>One instance per test class ({@link #forClass}): one {@link Kiln}, one cache directory, and every kernel compiled at
 * most once (a failed compile is remembered and rethrown, so a broken kernel costs one compile).
 *
 * <p>System property {@code kiln.difftest.reference=java} replaces the compiled kernel by the Java method itself: the
 * suite then checks its own expectations (hard-coded messages, ulp bounds, ...) without a compiler.
 */
final class Diff {
    /** True when the "compiled" side is HotSpot too (self-check of the suite). */
    static final boolean JAVA_ONLY = "java".equals(System.getProperty("kiln.difftest.reference"));

    private final String label;
    private final CompileOptions options;
    private volatile Kiln kiln;
    private volatile Path cacheDir;
    private final ConcurrentHashMap<String, Object> compiled = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MethodHandle> reference = new ConcurrentHashMap<>();

    private Diff(String label, CompileOptions options, Path sharedCacheDir) {
        this.label = label;
        this.options = options;
        this.cacheDir = sharedCacheDir;
    }

    static Diff forClass(Class<?> testClass) {
        return new Diff(testClass.getSimpleName(), CompileOptions.DEFAULT, null);
    }

    /** A harness whose kernels are compiled with {@code options} (its own cache directory). */
    static Diff forClass(Class<?> testClass, CompileOptions options) {
        return new Diff(testClass.getSimpleName() + "-O" + options.optLevel(), options, null);
    }

    /** A second, independent Kiln instance over the same cache directory as {@code other} (which must exist). */
    static Diff sharingCacheOf(Diff other) {
        other.kiln();
        return new Diff(other.label + "-second", other.options, other.cacheDir);
    }

    /** A harness over a given Kiln instance (e.g. a strict one reading another harness's cache). */
    static Diff using(Kiln kiln, String label) {
        Diff d = new Diff(label, CompileOptions.DEFAULT, null);
        d.kiln = kiln;
        return d;
    }

    Path cacheDir() {
        kiln();
        return cacheDir;
    }

    /** The Kiln instance of this test class, created on first use with its own cache directory. */
    Kiln kiln() {
        Kiln k = kiln;
        if (k == null) {
            synchronized (this) {
                k = kiln;
                if (k == null) {
                    if (cacheDir == null) {
                        try {
                            cacheDir = Files.createTempDirectory("kiln-difftest-" + label + "-");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        Path dir = cacheDir;
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                    }
                    k = Kiln.create(KilnConfig.defaults().withCachePath(List.of(cacheDir)).withOptions(options));
                    kiln = k;
                }
            }
        }
        return k;
    }

    /** The Kiln-compiled kernel {@code owner.name} (unique name), compiled once. Rethrows the compile failure. */
    MethodHandle compiled(Class<?> owner, String name) {
        String key = owner.getName() + "." + name;
        Object h = compiled.computeIfAbsent(key, k -> {
            try {
                return JAVA_ONLY ? reference(owner, name) : kiln().compile(owner, name);
            } catch (RuntimeException | Error e) {
                return e;
            }
        });
        if (h instanceof RuntimeException e) throw e;
        if (h instanceof Error e) throw e;
        return (MethodHandle) h;
    }

    /** The method itself, run by HotSpot. */
    MethodHandle reference(Class<?> owner, String name) {
        return reference.computeIfAbsent(owner.getName() + "." + name, k -> {
            Method found = null;
            for (Method m : owner.getDeclaredMethods()) {
                if (m.getName().equals(name)) {
                    if (found != null) throw new IllegalArgumentException("overloaded kernel name " + k);
                    found = m;
                }
            }
            if (found == null || !Modifier.isStatic(found.getModifiers())) {
                throw new IllegalArgumentException("no static method " + k);
            }
            try {
                return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).unreflect(found);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** What one call did: its result (boxed) or the exception, and the argument arrays afterwards. */
    record Outcome(Object value, Throwable thrown, Object[] argsAfter) {
    }

    /** Runs {@code mh} on deep copies of {@code args}. */
    static Outcome run(MethodHandle mh, Object[] args) {
        Object[] copy = deepCopy(args);
        try {
            Object v = mh.invokeWithArguments(copy);
            return new Outcome(v, null, copy);
        } catch (Throwable t) {
            return new Outcome(null, t, copy);
        }
    }

    /** Compiles (once) and compares Kiln with HotSpot for one input; fails with a full description on any difference. */
    void check(Class<?> owner, String name, Object... args) {
        checkAll(owner, name, List.<Object[]>of(args));
    }

    /** As {@link #check}, for many inputs; reports every mismatching input (up to 25) in one failure. */
    void checkAll(Class<?> owner, String name, List<Object[]> inputs) {
        MethodHandle kilnH = compiled(owner, name);
        MethodHandle javaH = reference(owner, name);
        List<String> failures = new ArrayList<>();
        int mismatches = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Object[] args = inputs.get(i);
            String d = compare(javaH, kilnH, args, i);
            if (d != null) {
                mismatches++;
                if (failures.size() < 25) failures.add(d);
            }
        }
        if (mismatches > 0) {
            throw new AssertionError(owner.getSimpleName() + "." + name + ": " + mismatches + " of " + inputs.size()
                    + " inputs differ between HotSpot and Kiln:\n  " + String.join("\n  ", failures));
        }
    }

    /**
     * The threads every Kiln call is checked on (system property {@code kiln.difftest.threads}, comma-separated):
     * {@code fresh}, a new thread, as a first call sees it; {@code dirty}, this thread right after
     * {@link DirtyThread#dirty()} ran other kernels on it (per-thread state a call leaves behind must not matter);
     * {@code same}, this thread as it is. Default: fresh and dirty.
     */
    static final List<String> THREADS = List.of(System.getProperty("kiln.difftest.threads", "fresh,dirty").split(","));

    /** Runs {@code mh} as {@link #run} does, on the thread {@code mode} names (see {@link #THREADS}). */
    static Outcome runOn(String mode, MethodHandle mh, Object[] args) {
        return runOn(mode, () -> run(mh, args));
    }

    /** Runs {@code call} on the thread {@code mode} names (see {@link #THREADS}). */
    static Outcome runOn(String mode, java.util.function.Supplier<Outcome> call) {
        return switch (mode) {
            case "fresh" -> {
                Outcome[] out = new Outcome[1];
                Thread t = new Thread(() -> out[0] = call.get(), "kiln-difftest-fresh");
                t.start();
                boolean interrupted = false;
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) Thread.currentThread().interrupt();
                yield out[0];
            }
            case "dirty" -> {
                DirtyThread.dirty();
                yield call.get();
            }
            case "same" -> call.get();
            default -> throw new IllegalArgumentException("kiln.difftest.threads: unknown mode " + mode);
        };
    }

    /**
     * The threads input number {@code index} of a kernel runs on: a thread costs about as much as the call checked,
     * so {@code fresh} is kept to the first 4 inputs of each kernel and every 64th after (the first call on a thread is
     * the one that sees it fresh, whatever the input); every input runs on a dirtied thread. A negative index (a
     * single call, outside a kernel's list of inputs) runs on a dirtied thread only.
     */
    static List<String> threadsFor(int index) {
        if (index >= 0 && (index < 4 || index % 64 == 0)) return THREADS;
        return THREADS.stream().filter(m -> !m.equals("fresh")).toList();
    }

    /** As {@link #compare(MethodHandle, MethodHandle, Object[], int)}, for a single call (a dirtied thread). */
    static String compare(MethodHandle javaH, MethodHandle kilnH, Object[] args) {
        return compare(javaH, kilnH, args, -1);
    }

    /**
     * Null when both sides agree on every thread of {@link #threadsFor} input number {@code index}, else a one-line
     * description of the first difference.
     */
    static String compare(MethodHandle javaH, MethodHandle kilnH, Object[] args, int index) {
        Outcome want = run(javaH, args);
        java.util.function.Supplier<Outcome> again = Aliasing.once(() -> run(javaH, args));
        for (String mode : threadsFor(index)) {
            String diff = difference(want, again, runOn(mode, kilnH, args));
            if (diff == null) continue;
            // Whether the same call differs again tells a wrong kernel from a transient fault (memory, races).
            int n = 0;
            for (int i = 0; i < 3; i++) if (difference(want, again, runOn(mode, kilnH, args)) != null) n++;
            return "(" + formatArgs(args) + ") on a " + mode + " thread: " + diff + " [differs again on " + n + " of 3 re-runs]";
        }
        return null;
    }

    /** {@link #difference(Outcome, Outcome)}, then the aliasing of result and arguments ({@link Aliasing}). */
    static String difference(Outcome want, java.util.function.Supplier<Outcome> wantAgain, Outcome got) {
        String d = difference(want, got);
        return d != null ? d : Aliasing.difference(want, wantAgain, got);
    }

    /** Null when the outcomes are the same, else what differs. */
    static String difference(Outcome want, Outcome got) {
        if (want.thrown() != null && isOmittedFastThrow(want.thrown())) {
            return "HotSpot threw a preallocated " + want.thrown().getClass().getName()
                    + " without message (run with -XX:-OmitStackTraceInFastThrow)";
        }
        if (want.thrown() != null || got.thrown() != null) {
            if (want.thrown() == null) {
                return "expected " + format(want.value()) + " but Kiln threw " + describe(got.thrown());
            }
            if (got.thrown() == null) {
                return "expected " + describe(want.thrown()) + " but Kiln returned " + format(got.value());
            }
            if (!sameThrowable(want.thrown(), got.thrown())) {
                return "expected " + describe(want.thrown()) + " but Kiln threw " + describe(got.thrown());
            }
        } else if (!same(want.value(), got.value())) {
            return "expected " + format(want.value()) + " but Kiln returned " + format(got.value());
        }
        for (int i = 0; i < want.argsAfter().length; i++) {
            Object w = want.argsAfter()[i];
            Object g = got.argsAfter()[i];
            if (w != null && w.getClass().isArray() && !same(w, g)) {
                return "argument " + i + " afterwards: expected " + format(w) + " but Kiln left " + format(g)
                        + (want.thrown() != null ? " (both threw " + describe(want.thrown()) + ")" : "");
            }
        }
        return null;
    }

    static boolean sameThrowable(Throwable want, Throwable got) {
        if (want.getClass() != got.getClass()) return false;
        // Java's own StackOverflowError has no message and its depth depends on the stack size: type only.
        if (want instanceof StackOverflowError) return true;
        return Objects.equals(want.getMessage(), got.getMessage());
    }

    /** HotSpot's C2 may throw a preallocated, message-less exception for hot implicit exceptions. */
    static boolean isOmittedFastThrow(Throwable t) {
        return (t instanceof NullPointerException || t instanceof ArithmeticException
                || t instanceof ArrayIndexOutOfBoundsException || t instanceof ArrayStoreException
                || t instanceof ClassCastException)
                && t.getMessage() == null && t.getStackTrace().length == 0;
    }

    /**
     * Bitwise equality with every NaN equal to every other NaN ({@code doubleToLongBits} / {@code floatToIntBits}
     * collapse payloads), element-wise for arrays.
     */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a.getClass() != b.getClass()) return false;
        if (a instanceof Double x) return Double.doubleToLongBits(x) == Double.doubleToLongBits((Double) b);
        if (a instanceof Float x) return Float.floatToIntBits(x) == Float.floatToIntBits((Float) b);
        if (a.getClass().isArray()) {
            int n = Array.getLength(a);
            if (n != Array.getLength(b)) return false;
            for (int i = 0; i < n; i++) if (!same(Array.get(a, i), Array.get(b, i))) return false;
            return true;
        }
        return a.equals(b);
    }

    /**
     * Copies every array argument, and the rows of arrays of arrays; an array reached twice (passed twice, or a row
     * that is also a parameter or another row) stays one copied array, so aliasing is preserved.
     */
    static Object[] deepCopy(Object[] args) {
        Object[] c = args.clone();
        java.util.IdentityHashMap<Object, Object> copies = new java.util.IdentityHashMap<>();
        for (int i = 0; i < c.length; i++) c[i] = deepCopyOf(c[i], copies);
        return c;
    }

    private static Object deepCopyOf(Object o, java.util.IdentityHashMap<Object, Object> copies) {
        if (o == null || !o.getClass().isArray()) return o;
        Object done = copies.get(o);
        if (done != null) return done;
        Object c = copyArg(o);
        copies.put(o, c);
        if (c instanceof Object[] rows) {
            for (int i = 0; i < rows.length; i++) rows[i] = deepCopyOf(rows[i], copies);
        }
        return c;
    }

    static Object copyArg(Object o) {
        if (o == null || !o.getClass().isArray()) return o;
        int n = Array.getLength(o);
        Object c = Array.newInstance(o.getClass().getComponentType(), n);
        System.arraycopy(o, 0, c, 0, n);
        return c;
    }

    static String describe(Throwable t) {
        return t.getClass().getName() + "(" + (t.getMessage() == null ? "null" : "\"" + t.getMessage() + "\"") + ")";
    }

    static String formatArgs(Object[] args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(format(args[i]));
        }
        return sb.toString();
    }

    static String format(Object o) {
        if (o == null) return "null";
        if (o instanceof Double d) {
            return d + (Double.isNaN(d) || d == 0 || Double.isInfinite(d) || Math.abs(d) < Double.MIN_NORMAL
                    || d != Math.rint(d) ? "[0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + "]" : "");
        }
        if (o instanceof Float f) {
            return f + "f" + (f == 0 || Float.isNaN(f) || f != Math.rint(f)
                    ? "[0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + "]" : "");
        }
        if (o instanceof Long l) return l + "L";
        if (o instanceof Character c) return String.format("'\\u%04x'", (int) c);
        if (o instanceof Byte b) return "(byte)" + b;
        if (o instanceof Short s) return "(short)" + s;
        if (o.getClass().isArray()) {
            int n = Array.getLength(o);
            StringBuilder sb = new StringBuilder(o.getClass().getComponentType().getName()).append("[]{");
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(", ");
                if (i == 16 && n > 20) {
                    sb.append("... (").append(n).append(" elements)");
                    break;
                }
                sb.append(format(Array.get(o, i)));
            }
            return sb.append('}').toString();
        }
        return String.valueOf(o);
    }

    /** All combinations of the given value lists, as argument arrays. */
    static List<Object[]> product(List<?>... columns) {
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[0]);
        for (List<?> col : columns) {
            List<Object[]> next = new ArrayList<>();
            for (Object[] prefix : out) {
                for (Object v : col) {
                    Object[] a = Arrays.copyOf(prefix, prefix.length + 1);
                    a[prefix.length] = v;
                    next.add(a);
                }
            }
            out = next;
        }
        return out;
    }

    /** Argument lists with one argument each. */
    /**
     * The KilnException {@code compile} throws, asserting it is a refusal of the code and not Kiln's own fault
     * ({@link KilnInternalException}: invalid LLVM IR), which must fail a test wherever it shows up.
     */
    static KilnException refusal(org.junit.jupiter.api.function.Executable compile) {
        Throwable t = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, compile);
        if (t instanceof KilnInternalException) throw new AssertionError("expected a refusal, got Kiln's own fault", t);
        if (t instanceof KilnException e) return e;
        throw new AssertionError("expected a KilnException, got " + t, t);
    }

    static List<Object[]> each(List<?> values) {
        return product(values);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort at exit
                }
            });
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
