package dev.kiln.compiler.diff;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link Diff} for kernel objects: each side gets its own receiver, built by the same supplier, and its own copies of
 * the arguments; after the call the receivers' fields (array contents included) must be the same too, as must the
 * result or the exception, and a thrown exception's leading kernel frames ({@link ThrowDiff}). The Kiln side is the class form, {@code kiln.compile(Class, name)}, taking the receiver
 * first, exactly like the reflected Java method.
 */
final class ObjectDiff {
    /** The classes whose frames lead a kernel's exception's stack trace. */
    private static final java.util.Set<String> KERNEL_CLASSES = kernelClasses();

    private static java.util.Set<String> kernelClasses() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Class<?> k : List.of(ObjectKernels.class, ObjectWriteKernels.class)) {
            for (Class<?> c : k.getDeclaredClasses()) names.add(c.getName());
        }
        return names;
    }

    private final Diff diff;
    private final ConcurrentHashMap<String, Object> compiled = new ConcurrentHashMap<>();

    ObjectDiff(Diff diff) {
        this.diff = diff;
    }

    /** The compiled kernel object method of {@code cls}, receiver first; rethrows a compile failure. */
    MethodHandle compiled(Class<?> cls, String name) {
        Object h = compiled.computeIfAbsent(cls.getName() + "." + name, k -> {
            try {
                return Diff.JAVA_ONLY ? java(cls, name) : diff.kiln().compile(cls, name);
            } catch (RuntimeException | Error e) {
                return e;
            }
        });
        if (h instanceof RuntimeException e) throw e;
        if (h instanceof Error e) throw e;
        return (MethodHandle) h;
    }

    /** The Java method (declared in {@code cls} or inherited), receiver first, with virtual dispatch. */
    static MethodHandle java(Class<?> cls, String name) {
        for (Class<?> c = cls; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && !Modifier.isStatic(m.getModifiers())) {
                    try {
                        MethodHandle h = MethodHandles.privateLookupIn(c, MethodHandles.lookup()).unreflect(m);
                        return h.asType(h.type().changeParameterType(0, cls));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        throw new IllegalArgumentException("no instance method " + cls.getName() + "." + name);
    }

    /** Null when a thrown exception's leading kernel frames are the same on both sides (or nothing was thrown). */
    static String traceDifference(Diff.Outcome want, Diff.Outcome got) {
        return want.thrown() == null ? null : ThrowDiff.traceDifference(want.thrown(), got.thrown(), KERNEL_CLASSES);
    }

    /** Every receiver with every input: same outcome and same receiver state on both sides. */
    void checkAll(Class<?> cls, String name, List<Supplier<?>> receivers, List<Object[]> inputs) {
        check(compiled(cls, name), java(cls, name), cls.getSimpleName() + "." + name, receivers, inputs);
    }

    /** As {@link #checkAll}, with a given Kiln handle (another form, a second instance). */
    static void check(MethodHandle kilnH, MethodHandle javaH, String label, List<Supplier<?>> receivers,
                      List<Object[]> inputs) {
        List<String> failures = new ArrayList<>();
        int total = 0;
        for (int r = 0; r < receivers.size(); r++) {
            for (int i = 0; i < inputs.size(); i++) {
                Object[] args = inputs.get(i);
                total++;
                Supplier<?> receiver = receivers.get(r);
                Object want = receiver.get();
                Diff.Outcome w = Diff.run(javaH, withReceiver(want, args));
                java.util.function.Supplier<Diff.Outcome> again =
                        Aliasing.once(() -> Diff.run(javaH, withReceiver(receiver.get(), args)));
                for (String mode : Diff.threadsFor(i)) {
                    Object got = receiver.get();
                    Diff.Outcome g = Diff.runOn(mode, kilnH, withReceiver(got, args));
                    String d = Diff.difference(w, again, g);
                    if (d == null) d = stateDifference(want, got);
                    if (d == null && w.thrown() != null) d = ThrowDiff.traceDifference(w.thrown(), g.thrown(), KERNEL_CLASSES);
                    if (d != null) {
                        if (failures.size() < 25) {
                            failures.add("receiver #" + r + " (" + Diff.formatArgs(args) + ") on a " + mode + " thread: " + d);
                        }
                        break;
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(label + ": " + failures.size() + " of " + total
                    + " calls differ between HotSpot and Kiln:\n  " + String.join("\n  ", failures));
        }
    }

    private static Object[] withReceiver(Object receiver, Object[] args) {
        Object[] all = new Object[args.length + 1];
        all[0] = receiver;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** Null when every field of the two receivers (arrays element by element) is the same. */
    static String stateDifference(Object want, Object got) {
        if (want == null) return got == null ? null : "receiver: expected null";
        for (Class<?> c = want.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                try {
                    f.setAccessible(true);
                    Object w = f.get(want);
                    Object g = f.get(got);
                    if (!Diff.same(w, g)) {
                        return "field " + f.getName() + " afterwards: expected " + Diff.format(w) + " but Kiln left "
                                + Diff.format(g);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return null;
    }
}
