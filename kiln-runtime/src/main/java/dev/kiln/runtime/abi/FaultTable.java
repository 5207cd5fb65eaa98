package dev.kiln.runtime.abi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the Java side needs to turn a kernel's fault into HotSpot's exception: the messages fault details index, the
 * throw sites and call sites of {@link KernelAbi}, and the kernel's class loader (a thrown exception's class is
 * resolved through it, as the kernel's own {@code new} would). Bound once into each kernel's method handle.
 */
public final class FaultTable extends java.util.AbstractList<String> {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final List<String> messages;
    private final List<ThrowSite> sites;
    private final List<SourceFrame> callSites;
    private final ClassLoader loader;
    private final AtomicReferenceArray<MethodHandle> constructors;

    public FaultTable(KernelAbi abi, ClassLoader loader) {
        this.messages = abi.messages();
        this.sites = abi.throwSites();
        this.callSites = abi.callSites();
        this.loader = loader;
        this.constructors = new AtomicReferenceArray<>(sites.size());
        this.zeroArrays = abi.zeroArrays();
    }

    private final boolean zeroArrays;

    /** {@link KernelAbi#zeroArrays()}: the generated adapters take this table, and with it the kernel's. */
    public boolean zeroArrays() {
        return zeroArrays;
    }

    public List<String> messages() {
        return messages;
    }

    /** The messages: the generated adapters take this table where they take the message list. */
    @Override
    public String get(int index) {
        return messages.get(index);
    }

    @Override
    public int size() {
        return messages.size();
    }

    /** The exception of throw site {@code index}, with {@code traced} call sites recorded ({@code unwound} in all). */
    Throwable thrown(MemorySegment frame, int index, int traced, long unwound) {
        if (index < 0 || index >= sites.size()) {
            return new IllegalStateException("kernel reported unknown throw site " + index);
        }
        ThrowSite site = sites.get(index);
        Object[] values = new Object[site.valueCount()];
        StringBuilder message = new StringBuilder();
        int k = 0;
        for (String part : site.message()) {
            if (part.charAt(0) == '"') {
                message.append(part, 1, part.length());
                continue;
            }
            long offset = KernelAbi.FRAME_PARAMS + 8L * k;
            // StringBuilder.append is String.valueOf for each type: the conversions javac's concatenation uses.
            Object v = switch (part.charAt(0)) {
                case 'I', 'B', 'S' -> frame.get(ValueLayout.JAVA_INT, offset);
                case 'C' -> (char) frame.get(ValueLayout.JAVA_INT, offset);
                case 'Z' -> frame.get(ValueLayout.JAVA_INT, offset) != 0;
                case 'J' -> frame.get(ValueLayout.JAVA_LONG, offset);
                case 'F' -> frame.get(ValueLayout.JAVA_FLOAT, offset);
                case 'D' -> frame.get(ValueLayout.JAVA_DOUBLE, offset);
                default -> throw new IllegalStateException("bad message part " + part);
            };
            if (part.charAt(0) == 'B') v = (byte) (int) (Integer) v;
            if (part.charAt(0) == 'S') v = (short) (int) (Integer) v;
            values[k++] = v;
            message.append(v);
        }
        if (site.javaPath() != null) {
            // read before the path runs: it is Java, and could itself call a kernel on this thread's frame
            List<StackTraceElement> below = below(frame, traced);
            MethodHandle path;
            try {
                path = javaPath(index, site);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return new IllegalStateException("Kiln cannot run the cold path of " + site.frame().toStackTraceElement(), e);
            }
            Throwable t = JavaPath.run(path, values);
            JavaPath.retrace(t, site, below);
            return t;
        }
        Throwable t;
        try {
            MethodHandle ctor = constructor(index, site);
            Object arg = switch (site.constructor()) {
                case "()V" -> null;
                case "(Ljava/lang/String;)V", "(Ljava/lang/Object;)V" -> message.toString();
                default -> values[0];
            };
            t = (Throwable) (arg == null && site.constructor().equals("()V") ? ctor.invoke() : ctor.invoke(arg));
        } catch (Throwable e) {
            return e; // what the constructor (or the class's initialisation) threw is what Java would propagate
        }
        t.setStackTrace(stackTrace(site, frame, traced, unwound));
        return t;
    }

    private MethodHandle javaPath(int index, ThrowSite site) throws ReflectiveOperationException {
        MethodHandle h = constructors.get(index);
        if (h != null) return h;
        h = JavaPath.define(site, loader);
        constructors.compareAndSet(index, null, h);
        return h;
    }

    private MethodHandle constructor(int index, ThrowSite site) throws ReflectiveOperationException {
        MethodHandle h = constructors.get(index);
        if (h != null) return h;
        Class<?> c = Class.forName(site.exception(), true, loader != null ? loader : ClassLoader.getSystemClassLoader());
        MethodType type = MethodType.fromMethodDescriptorString(site.constructor(), loader);
        var ctor = c.getDeclaredConstructor(type.parameterArray());
        ctor.setAccessible(true);
        h = MethodHandles.lookup().unreflectConstructor(ctor);
        h = h.asType(h.type().changeReturnType(Object.class));
        constructors.compareAndSet(index, null, h);
        return h;
    }

    /** The kernel frames (throw site, then the call sites unwound through), then the caller's frames. */
    private StackTraceElement[] stackTrace(ThrowSite site, MemorySegment frame, int traced, long unwound) {
        List<StackTraceElement> out = new ArrayList<>();
        out.add(site.frame().toStackTraceElement());
        out.addAll(below(frame, traced));
        // HotSpot records at most MaxJavaStackTraceDepth (1024) frames.
        return out.subList(0, Math.min(out.size(), KernelAbi.TRACE_MAX)).toArray(StackTraceElement[]::new);
    }

    /** Below the throwing frame: the call sites unwound through, then the caller's frames. */
    private List<StackTraceElement> below(MemorySegment frame, int traced) {
        List<StackTraceElement> out = new ArrayList<>();
        for (int i = 0; i < traced; i++) {
            int id = frame.get(ValueLayout.JAVA_INT, KernelAbi.FRAME_TRACE + 4L * i);
            if (id >= 0 && id < callSites.size()) out.add(callSites.get(id).toStackTraceElement());
        }
        List<StackTraceElement> callers = WALKER.walk(s -> s
                .dropWhile(f -> isPlumbing(f.getClassName()))
                .map(StackWalker.StackFrame::toStackTraceElement).toList());
        out.addAll(callers);
        return out;
    }

    /** Frames of the binding between the caller and native code: never in HotSpot's trace of the kernel. */
    private static boolean isPlumbing(String cls) {
        return cls.startsWith("dev.kiln.runtime.bind.") || cls.startsWith("dev.kiln.runtime.abi.")
                || cls.startsWith("java.lang.invoke.")
                || cls.startsWith("jdk.internal.");
    }
}
