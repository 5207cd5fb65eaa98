package dev.kiln.runtime.abi;

import dev.kiln.KilnException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a kernel library and turns its entry point into a {@link MethodHandle} of the kernel's exact Java type.
 * Arrays go to native code zero-copy ({@link Linker.Option#critical(boolean)} with heap access); faults come back
 * through a per-thread record and are rethrown as the exception Java would throw. Safe to call from many threads.
 */
public final class NativeBinder {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final ThreadLocal<MemorySegment> FAULT_RECORD =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Fault.SIZE, 8));

    private NativeBinder() {
    }

    /**
     * Opens a library on its own (its symbols are never interposed with another library's) for the life of the
     * process, and binds {@code abi.symbol()}.
     */
    public static MethodHandle load(Path library, KernelAbi abi) {
        SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
        return bind(lookup, abi);
    }

    public static MethodHandle bind(SymbolLookup lookup, KernelAbi abi) {
        MemorySegment entry = lookup.find(abi.symbol())
                .orElseThrow(() -> new KilnException("kernel library has no symbol " + abi.symbol()));
        MethodType javaType = abi.javaType();
        List<MemoryLayout> args = new ArrayList<>();
        for (Class<?> p : javaType.parameterList()) {
            if (p.isArray()) {
                args.add(ValueLayout.ADDRESS);
                args.add(ValueLayout.JAVA_INT);
            } else {
                args.add(layout(p));
            }
        }
        if (abi.faultRecord()) args.add(ValueLayout.ADDRESS);
        Class<?> ret = javaType.returnType();
        FunctionDescriptor fd = ret == void.class
                ? FunctionDescriptor.ofVoid(args.toArray(MemoryLayout[]::new))
                : FunctionDescriptor.of(layout(ret), args.toArray(MemoryLayout[]::new));
        MethodHandle mh = LINKER.downcallHandle(entry, fd, Linker.Option.critical(true));
        try {
            return adapt(mh, javaType, abi);
        } catch (ReflectiveOperationException e) {
            throw new KilnException("cannot adapt kernel entry " + abi.symbol() + ": " + e, e);
        }
    }

    /** From (seg, len, ..., fault) to the Java type: split each array into segment and length, add the fault check. */
    private static MethodHandle adapt(MethodHandle mh, MethodType javaType, KernelAbi abi) throws ReflectiveOperationException {
        MethodHandle h = mh;
        if (abi.faultRecord()) {
            int last = h.type().parameterCount() - 1;
            h = MethodHandles.collectArguments(h, last,
                    LOOKUP.findStatic(NativeBinder.class, "faultRecord", MethodType.methodType(MemorySegment.class)));
            Class<?> r = javaType.returnType();
            MethodHandle check = LOOKUP.findVirtual(FaultCheck.class, "check",
                    r == void.class ? MethodType.methodType(void.class) : MethodType.methodType(checkType(r), checkType(r)));
            check = check.bindTo(new FaultCheck(abi.messages()));
            if (r != void.class) check = check.asType(MethodType.methodType(r, r));
            h = MethodHandles.filterReturnValue(h, check);
        }
        // Arrays, from last to first so earlier native positions stay put: (seg, len) <- (arr, arr) <- arr.
        List<Class<?>> params = javaType.parameterList();
        int[] javaToNative = new int[params.size()];
        int pos = 0;
        for (int i = 0; i < params.size(); i++) {
            javaToNative[i] = pos;
            pos += params.get(i).isArray() ? 2 : 1;
        }
        for (int i = params.size() - 1; i >= 0; i--) {
            Class<?> p = params.get(i);
            if (!p.isArray()) continue;
            int at = javaToNative[i];
            if (p == boolean[].class || p.getComponentType().isArray() || !p.getComponentType().isPrimitive()) {
                throw new KilnException("array type " + p.getTypeName() + " cannot cross into a kernel");
            }
            MethodHandle seg = LOOKUP.findStatic(NativeBinder.class, "segment", MethodType.methodType(MemorySegment.class, p));
            MethodHandle len = LOOKUP.findStatic(NativeBinder.class, "length", MethodType.methodType(int.class, p));
            h = MethodHandles.filterArguments(h, at, seg, len);
            // Now (…, p, p, …): merge the two copies into one.
            MethodType t = h.type();
            List<Class<?>> merged = new ArrayList<>(t.parameterList());
            merged.remove(at + 1);
            int[] reorder = new int[t.parameterCount()];
            for (int k = 0; k < reorder.length; k++) reorder[k] = k <= at ? k : k - 1;
            h = MethodHandles.permuteArguments(h, MethodType.methodType(t.returnType(), merged), reorder);
        }
        return h.asType(javaType);
    }

    private static Class<?> checkType(Class<?> r) {
        return r == boolean.class || r == byte.class || r == short.class || r == char.class || r == int.class
                || r == long.class || r == float.class || r == double.class ? r : Object.class;
    }

    private static ValueLayout layout(Class<?> p) {
        if (p == boolean.class) return ValueLayout.JAVA_BOOLEAN;
        if (p == byte.class) return ValueLayout.JAVA_BYTE;
        if (p == short.class) return ValueLayout.JAVA_SHORT;
        if (p == char.class) return ValueLayout.JAVA_CHAR;
        if (p == int.class) return ValueLayout.JAVA_INT;
        if (p == long.class) return ValueLayout.JAVA_LONG;
        if (p == float.class) return ValueLayout.JAVA_FLOAT;
        if (p == double.class) return ValueLayout.JAVA_DOUBLE;
        throw new KilnException("type " + p.getName() + " cannot cross into a kernel");
    }

    private static MemorySegment faultRecord() {
        return FAULT_RECORD.get();
    }

    // One overload per element type keeps the call path free of type tests.
    private static MemorySegment segment(byte[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }
    private static MemorySegment segment(short[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }
    private static MemorySegment segment(char[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }
    private static MemorySegment segment(int[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }
    private static MemorySegment segment(long[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }
    private static MemorySegment segment(float[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }
    private static MemorySegment segment(double[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }

    private static int length(byte[] a) { return a == null ? 0 : a.length; }
    private static int length(short[] a) { return a == null ? 0 : a.length; }
    private static int length(char[] a) { return a == null ? 0 : a.length; }
    private static int length(int[] a) { return a == null ? 0 : a.length; }
    private static int length(long[] a) { return a == null ? 0 : a.length; }
    private static int length(float[] a) { return a == null ? 0 : a.length; }
    private static int length(double[] a) { return a == null ? 0 : a.length; }

    /** Rethrows a fault left in this thread's record by the call that just returned. */
    static final class FaultCheck {
        private final List<String> messages;

        FaultCheck(List<String> messages) {
            this.messages = messages;
        }

        void check() {
            RuntimeException e = Fault.take(FAULT_RECORD.get(), messages);
            if (e != null) throw e;
        }

        boolean check(boolean v) { check(); return v; }
        byte check(byte v) { check(); return v; }
        short check(short v) { check(); return v; }
        char check(char v) { check(); return v; }
        int check(int v) { check(); return v; }
        long check(long v) { check(); return v; }
        float check(float v) { check(); return v; }
        double check(double v) { check(); return v; }
    }
}
