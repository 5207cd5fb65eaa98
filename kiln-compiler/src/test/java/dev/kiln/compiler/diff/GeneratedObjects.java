package dev.kiln.compiler.diff;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The kernel objects of {@link ProgramGenerator} against HotSpot, in both forms: {@code compile(Class, "k")} with the
 * receiver first, a fresh receiver per call on a fresh and a dirtied thread; and {@code compile(obj, "k")}, bound to
 * one receiver that every input is run on in turn (the Java side runs the same sequence on its own receiver, so
 * writes to the fields' arrays accumulate on both). Receivers come from the one constructor with edge values; array
 * fields of one type share an array sometimes, and a parameter of a field's type is sometimes that field's array.
 * Compared after every call: result or exception (with its kernel frames), arguments, every field of the receiver
 * (array contents), and which array each one is ({@link Aliasing}).
 */
final class GeneratedObjects {
    private GeneratedObjects() {
    }

    private static final int RECEIVERS = 4;

    /** A call: the receiver's field values, the arguments, and for each argument the field it is instead (or -1). */
    private record Call(Object[] fields, Object[] args, int[] fieldArg) {
        /** Receiver first, then the arguments; fresh arrays, with the sharing of the templates. */
        Object[] build(Constructor<?> ctor) {
            Object[] fv = Diff.deepCopy(fields);
            return withArgs(newInstance(ctor, fv), fv);
        }

        Object[] withArgs(Object receiver, Object[] fieldValues) {
            Object[] a = Diff.deepCopy(args);
            Object[] all = new Object[a.length + 1];
            all[0] = receiver;
            for (int k = 0; k < a.length; k++) all[k + 1] = fieldArg[k] >= 0 ? fieldValues[fieldArg[k]] : a[k];
            return all;
        }
    }

    /** Null when both forms agree with HotSpot on every call; else the first differences. */
    static String check(Diff d, ObjectDiff o, ProgramGenerator.Program p, Class<?> owner) {
        MethodHandle classForm;
        try {
            classForm = o.compiled(owner, "k");
        } catch (RuntimeException | Error e) {
            return "Kiln did not compile it: " + e;
        }
        MethodHandle javaH = ObjectDiff.java(owner, "k");
        Constructor<?> ctor = owner.getConstructors()[0];
        List<Call> calls = calls(p);
        Set<String> kernels = Set.of(owner.getName());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < calls.size() && failures.size() < 5; i++) {
            Call c = calls.get(i);
            Diff.Outcome want = run(javaH, c.build(ctor));
            Supplier<Diff.Outcome> again = Aliasing.once(() -> run(javaH, c.build(ctor)));
            for (String mode : Diff.threadsFor(i)) {
                Object[] args = c.build(ctor);
                String diff = difference(want, again, Diff.runOn(mode, () -> run(classForm, args)), kernels);
                if (diff != null) {
                    failures.add("class form, receiver " + Diff.formatArgs(c.fields) + ", (" + Diff.formatArgs(c.args)
                            + ") fields as arguments " + Arrays.toString(c.fieldArg) + " on a " + mode
                            + " thread: " + diff);
                    break;
                }
            }
        }
        if (failures.isEmpty()) {
            String bound = checkBound(d, javaH, ctor, calls, kernels);
            if (bound != null) failures.add(bound);
        }
        return failures.isEmpty() ? null : String.join("\n  ", failures);
    }

    /** The bound form: one receiver for every call, in sequence, against one Java receiver. */
    private static String checkBound(Diff d, MethodHandle java, Constructor<?> ctor, List<Call> calls, Set<String> kernels) {
        Object[] wantFields = Diff.deepCopy(calls.get(0).fields);
        Object[] gotFields = Diff.deepCopy(calls.get(0).fields);
        Object wantR = newInstance(ctor, wantFields);
        Object gotR = newInstance(ctor, gotFields);
        MethodHandle bound;
        try {
            bound = Diff.JAVA_ONLY ? java.bindTo(gotR) : d.kiln().compile(gotR, "k");
        } catch (RuntimeException | Error e) {
            return "Kiln did not compile the bound form: " + e;
        }
        MethodHandle javaBound = java.bindTo(wantR);
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            Object[] before = Diff.deepCopy(wantFields); // the state this call starts from, for Aliasing's re-run
            Diff.Outcome want = runBound(javaBound, c.withArgs(wantR, wantFields));
            Supplier<Diff.Outcome> again = Aliasing.once(() -> {
                Object[] fv = Diff.deepCopy(before);
                Object r = newInstance(ctor, fv);
                return runBound(java.bindTo(r), c.withArgs(r, fv));
            });
            Diff.Outcome got = runBound(bound, c.withArgs(gotR, gotFields));
            String diff = difference(want, again, got, kernels);
            if (diff != null) {
                return "bound form, call #" + i + " in sequence on receiver " + Diff.formatArgs(calls.get(0).fields)
                        + " (" + Diff.formatArgs(c.args) + ") fields as arguments "
                        + Arrays.toString(c.fieldArg) + ": " + diff;
            }
        }
        return null;
    }

    private static String difference(Diff.Outcome want, Supplier<Diff.Outcome> again, Diff.Outcome got, Set<String> kernels) {
        String diff = Diff.difference(want, again, got);
        if (diff == null) diff = ObjectDiff.stateDifference(want.argsAfter()[0], got.argsAfter()[0]);
        if (diff == null && want.thrown() != null) {
            diff = ThrowDiff.traceDifference(want.thrown(), got.thrown(), kernels);
            if (diff != null) diff += " (both threw " + Diff.describe(want.thrown()) + ")";
        }
        return diff;
    }

    /** Runs {@code h} on exactly {@code all} (receiver first): an argument may be one of the receiver's arrays. */
    private static Diff.Outcome run(MethodHandle h, Object[] all) {
        try {
            return new Diff.Outcome(h.invokeWithArguments(all), null, all);
        } catch (Throwable t) {
            return new Diff.Outcome(null, t, all);
        }
    }

    /** Runs a bound handle on the arguments of {@code all}; the outcome still shows the receiver first. */
    private static Diff.Outcome runBound(MethodHandle h, Object[] all) {
        Object[] args = Arrays.copyOfRange(all, 1, all.length);
        try {
            return new Diff.Outcome(h.invokeWithArguments(args), null, all);
        } catch (Throwable t) {
            return new Diff.Outcome(null, t, all);
        }
    }

    private static Object newInstance(Constructor<?> ctor, Object[] fieldValues) {
        try {
            return ctor.newInstance(fieldValues);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The program's inputs, each with one of a few receivers, and fields as arguments where the types fit. */
    private static List<Call> calls(ProgramGenerator.Program p) {
        Random r = new Random(p.seed() * 131 + 3);
        List<Object[]> receivers = new ArrayList<>();
        for (int k = 0; k < RECEIVERS; k++) receivers.add(receiver(p.fields(), r));
        List<Call> out = new ArrayList<>();
        List<Object[]> inputs = DiffGeneratedProgramsTest.inputs(p);
        for (int i = 0; i < inputs.size(); i++) {
            Object[] args = inputs.get(i);
            int[] fieldArg = new int[args.length];
            for (int k = 0; k < args.length; k++) {
                fieldArg[k] = -1;
                if (!p.params().get(k).array() || r.nextInt(3) != 0) continue;
                List<Integer> fit = new ArrayList<>();
                for (int f = 0; f < p.fields().size(); f++) if (p.fields().get(f) == p.params().get(k)) fit.add(f);
                if (!fit.isEmpty()) fieldArg[k] = fit.get(r.nextInt(fit.size()));
            }
            out.add(new Call(receivers.get(i % RECEIVERS), args, fieldArg));
        }
        return out;
    }

    /** Field values: edge values, arrays (null, empty, length 1, longer); one array shared by two fields sometimes. */
    private static Object[] receiver(List<ProgramTypes.T> types, Random r) {
        Object[] v = new Object[types.size()];
        for (int k = 0; k < v.length; k++) {
            Integer shared = null;
            if (types.get(k).array() && r.nextInt(3) == 0) {
                for (int j = 0; j < k; j++) if (types.get(j) == types.get(k) && v[j] != null) shared = j;
            }
            v[k] = shared != null ? v[shared] : DiffGeneratedProgramsTest.value(types.get(k), r);
        }
        return v;
    }
}
