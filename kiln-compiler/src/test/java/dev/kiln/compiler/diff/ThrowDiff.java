package dev.kiln.compiler.diff;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@link Diff} plus the stack trace of a thrown exception: HotSpot's trace starts with the kernel's frames (the
 * method that threw, then each kernel method it was called from, with lines); Kiln's must start with the same
 * frames, followed by the caller's (the harness), never by Kiln's own plumbing.
 */
final class ThrowDiff {
    private ThrowDiff() {
    }

    /** Compares outcomes as {@link Diff#checkAll} does, and the kernel frames of every exception thrown. */
    static void checkAll(Diff d, Class<?> owner, String name, List<Object[]> inputs, Class<?>... kernelClasses) {
        MethodHandle kilnH = d.compiled(owner, name);
        MethodHandle javaH = d.reference(owner, name);
        Set<String> kernels = new java.util.HashSet<>();
        kernels.add(owner.getName());
        for (Class<?> c : kernelClasses) kernels.add(c.getName());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Object[] args = inputs.get(i);
            Diff.Outcome want = Diff.run(javaH, args);
            java.util.function.Supplier<Diff.Outcome> again = Aliasing.once(() -> Diff.run(javaH, args));
            for (String mode : Diff.threadsFor(i)) {
                Diff.Outcome got = Diff.runOn(mode, kilnH, args);
                String diff = Diff.difference(want, again, got);
                if (diff == null && want.thrown() != null) diff = traceDifference(want.thrown(), got.thrown(), kernels);
                if (diff != null) {
                    failures.add("(" + Diff.formatArgs(args) + ") on a " + mode + " thread: " + diff);
                    break;
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(owner.getSimpleName() + "." + name + ": " + failures.size() + " of "
                    + inputs.size() + " inputs differ:\n  " + String.join("\n  ", failures.subList(0,
                    Math.min(25, failures.size()))));
        }
    }

    static void check(Diff d, Class<?> owner, String name, Object... args) {
        checkAll(d, owner, name, List.<Object[]>of(args));
    }

    /** Null when both traces start with the same kernel frames and Kiln's then goes on in the caller. */
    static String traceDifference(Throwable want, Throwable got, Set<String> kernels) {
        // Implicit exceptions (null, bounds, negative size, division, stack) are raised by the runtime without kernel
        // frames (docs/coverage.md).
        if (want instanceof StackOverflowError || want instanceof NullPointerException
                || want instanceof ArrayIndexOutOfBoundsException || want instanceof NegativeArraySizeException
                || want instanceof ArithmeticException && "/ by zero".equals(want.getMessage())) {
            return null;
        }
        List<String> w = kernelFrames(want, kernels);
        List<String> g = kernelFrames(got, kernels);
        if (w.isEmpty()) return "test bug: HotSpot's trace has no kernel frame";
        if (!w.equals(g)) return "stack trace: expected kernel frames " + w + " but Kiln's start with " + g;
        if (g.size() == got.getStackTrace().length) return null; // all kernel frames: HotSpot's 1024-frame cap
        StackTraceElement next = got.getStackTrace()[g.size()];
        if (next.getClassName().startsWith("dev.kiln.runtime") || next.getClassName().startsWith("java.lang.invoke.")) {
            return "stack trace: Kiln's plumbing after the kernel frames: " + next;
        }
        return null;
    }

    /** Class, method, file and line of the leading kernel frames (what a printed stack trace shows of them). */
    private static List<String> kernelFrames(Throwable t, Set<String> kernels) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            if (!kernels.contains(e.getClassName())) break;
            out.add(e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")");
        }
        return out;
    }
}
