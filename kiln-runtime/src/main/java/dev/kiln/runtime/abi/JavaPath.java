package dev.kiln.runtime.abi;

import dev.kiln.model.UserAccess;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A cold path run as Java: code of the kernel that can only end in a throw (building a localized exception's
 * {@code Object[]} arguments, boxing them, calling any exception constructor, reading an enum constant) is not
 * compiled; native code leaves with the values the path reads and the Java side runs the path's own bytecode, so it is
 * HotSpot that builds and throws the exception. The compiler copies the path into a class of the kernel method's
 * package ({@link ThrowSite#javaPath()}), whose {@code static void run(...)} takes those values; it is defined in the
 * method's class loader and package with that class's own access, once per process (its name is its content's hash).
 */
final class JavaPath {
    private JavaPath() {
    }

    /** The path's {@code run} method, its class defined next to the class the path was copied from. */
    static MethodHandle define(ThrowSite site, ClassLoader loader) throws ReflectiveOperationException {
        ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
        Class<?> owner = Class.forName(site.frame().className(), false, l);
        MethodHandles.Lookup lookup = UserAccess.privateLookup(owner);
        Class<?> c;
        synchronized (JavaPath.class) {
            try {
                c = Class.forName(site.exception(), false, owner.getClassLoader());
            } catch (ClassNotFoundException absent) {
                c = lookup.defineClass(Base64.getDecoder().decode(site.javaPath()));
            }
        }
        return lookup.findStatic(c, "run", MethodType.fromMethodDescriptorString(site.constructor(), owner.getClassLoader()));
    }

    /** Runs the path: what it throws (it cannot return; if it did, that is reported as a Kiln error). */
    static Throwable run(MethodHandle path, Object[] values) {
        try {
            path.invokeWithArguments(values);
        } catch (Throwable t) {
            return t;
        }
        return new IllegalStateException("Kiln: a cold path returned instead of throwing");
    }

    /**
     * Replaces the path's frame, in the trace of every throwable {@code t} leads to that the path created, with the
     * kernel method's frame at the same line, followed by {@code below} (the call sites unwound and the caller's
     * frames): the trace HotSpot would have given. Frames above it (constructors do not appear; helpers the path
     * called do) stay. A throwable created elsewhere (a preallocated one the path threw) keeps its trace, as in Java.
     */
    static void retrace(Throwable t, ThrowSite site, List<StackTraceElement> below) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable x = t; x != null && seen.add(x); x = x.getCause()) {
            StackTraceElement[] trace = x.getStackTrace();
            int at = -1;
            for (int i = 0; i < trace.length && at < 0; i++) if (trace[i].getClassName().equals(site.exception())) at = i;
            if (at < 0) continue;
            List<StackTraceElement> out = new ArrayList<>(List.of(trace).subList(0, at));
            // as every kernel frame Kiln reports (SourceFrame), at the line the copied code was at
            out.add(new SourceFrame(site.frame().className(), site.frame().method(), site.frame().file(),
                    trace[at].getLineNumber()).toStackTraceElement());
            out.addAll(below);
            x.setStackTrace(out.subList(0, Math.min(out.size(), KernelAbi.TRACE_MAX)).toArray(StackTraceElement[]::new));
        }
    }
}
