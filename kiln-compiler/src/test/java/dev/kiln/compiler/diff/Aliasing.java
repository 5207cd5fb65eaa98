package dev.kiln.compiler.diff;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Supplier;

/**
 * Which object each array of a call's outcome is, beyond its contents: the result and the argument arrays afterwards
 * (rows included, and the array fields of a receiver) are walked in one order and every array gets a label: the
 * first place it was met among the arguments ({@code arg1}, {@code arg0[2]}, {@code arg0.w}), {@code static} for an
 * array that existed before the call outside the arguments (a constant table: the same object in two HotSpot runs),
 * or {@code new#k} for the k-th array the call created. HotSpot's and Kiln's label lists must be equal: a kernel
 * that returns {@code new long[][] {a}} must give back {@code a} itself as the row, not a copy or another array.
 */
final class Aliasing {
    private Aliasing() {
    }

    /**
     * Null when both outcomes have the same aliasing, else what differs. Call only when their contents are the same
     * (so both have the same shape). {@code wantAgain} runs HotSpot once more; it is called only when HotSpot's result
     * holds an array that is not one of the arguments.
     */
    static String difference(Diff.Outcome want, Supplier<Diff.Outcome> wantAgain, Diff.Outcome got) {
        List<String> w = labels(want, wantAgain);
        List<String> g = labels(got, () -> want);
        if (w.equals(g)) return null;
        for (int i = 0; i < Math.min(w.size(), g.size()); i++) {
            if (!w.get(i).equals(g.get(i))) {
                return "aliasing: array #" + i + " is " + w.get(i) + " on HotSpot but " + g.get(i) + " on Kiln (labels "
                        + w + " vs " + g + ")";
            }
        }
        return "aliasing: labels " + w + " vs " + g;
    }

    /** {@code probe}: an outcome whose result, where it holds the very same array, marks that array as static. */
    private static List<String> labels(Diff.Outcome o, Supplier<Diff.Outcome> probe) {
        Walk walk = new Walk();
        Object[] args = o.argsAfter();
        for (int i = 0; i < args.length; i++) walk.arg(args[i], "arg" + i);
        if (o.thrown() == null && o.value() != null && o.value().getClass().isArray()) {
            walk.result(o.value(), new ArrayList<>(), probe);
        }
        return walk.out;
    }

    private static final class Walk {
        final IdentityHashMap<Object, String> seen = new IdentityHashMap<>();
        final List<String> out = new ArrayList<>();
        int fresh;
        Diff.Outcome probed;

        void arg(Object a, String path) {
            if (a == null) return;
            if (a.getClass().isArray()) {
                String known = seen.putIfAbsent(a, path);
                out.add(known != null ? known : path);
                if (known == null && a instanceof Object[] rows) {
                    for (int i = 0; i < rows.length; i++) arg(rows[i], path + "[" + i + "]");
                }
            } else if (!a.getClass().getModule().equals(Object.class.getModule())) {
                // a receiver: its array fields are the caller's arrays too
                for (Class<?> c = a.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (Modifier.isStatic(f.getModifiers()) || !f.getType().isArray()) continue;
                        try {
                            f.setAccessible(true);
                            arg(f.get(a), path + "." + f.getName());
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
        }

        /** {@code at}: the indices leading to {@code a} from the result. */
        void result(Object a, List<Integer> at, Supplier<Diff.Outcome> probe) {
            if (a == null) return;
            String known = seen.get(a);
            if (known == null) {
                known = a == probeAt(probe, at) ? "static" : "new#" + fresh++;
                seen.put(a, known);
                out.add(known);
                if (a instanceof Object[] rows) {
                    for (int i = 0; i < rows.length; i++) {
                        at.add(i);
                        result(rows[i], at, probe);
                        at.removeLast();
                    }
                }
            } else {
                out.add(known);
            }
        }

        private Object probeAt(Supplier<Diff.Outcome> probe, List<Integer> at) {
            if (probed == null) probed = probe.get();
            if (probed.thrown() != null) return null;
            Object x = probed.value();
            for (int i : at) {
                if (!(x instanceof Object[] rows) || i >= rows.length) return null;
                x = rows[i];
            }
            return x;
        }
    }

    /** A supplier that runs {@code s} once, on first use. */
    static <T> Supplier<T> once(Supplier<T> s) {
        Object[] box = new Object[1];
        boolean[] done = new boolean[1];
        return () -> {
            if (!done[0]) {
                box[0] = s.get();
                done[0] = true;
            }
            @SuppressWarnings("unchecked") T t = (T) box[0];
            return t;
        };
    }
}
