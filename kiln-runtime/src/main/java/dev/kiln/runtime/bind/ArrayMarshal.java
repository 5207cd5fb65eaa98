package dev.kiln.runtime.bind;

import dev.kiln.runtime.abi.Fault;
import dev.kiln.runtime.abi.KernelAbi;
import dev.kiln.runtime.abi.ResultLength;

import dev.kiln.KilnException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * The call path for kernels whose arrays cannot all go zero-copy or whose result is an array: {@code boolean[]}
 * parameters (FFM has no heap segment of a {@code boolean[]}: the array is copied into native memory, one copy per
 * distinct array so aliasing holds, and copied back after the call, also when it faulted), and array results (an
 * array the kernel allocated is copied into a new Java array; a parameter it returns is returned itself). Every
 * native array the call allocated is freed afterwards, on every exit path.
 *
 * <p>Boxes its arguments (one {@code Object[]} per call); kernels without these features keep the generated,
 * allocation-free adapter of {@link NativeBinder}.
 */
final class ArrayMarshal {
    private static final MethodHandle INVOKE;
    private static volatile MethodHandle free;

    static {
        try {
            INVOKE = MethodHandles.lookup().findStatic(ArrayMarshal.class, "invoke",
                    MethodType.methodType(Object.class, Plan.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * All of native memory, to read blocks by address. {@code reinterpret} is a restricted method whose caller check
     * walks the stack on every call: once here instead of once per array.
     */
    static final MemorySegment NATIVE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** Per-thread native memory for copies of {@code boolean[]} arguments; grown on demand, reused across calls. */
    private static final ThreadLocal<MemorySegment[]> SCRATCH = ThreadLocal.withInitial(() -> new MemorySegment[1]);

    private ArrayMarshal() {
    }

    /**
     * Whether a kernel of this type needs this path: more than one {@code boolean[]} parameter (which may alias, and
     * then share one copy; the generated adapter copies a single one, see {@code Marshal.segmentOf(boolean[])}),
     * array-of-arrays parameters, an array of arrays returned, or a 1-D array returned with more array parameters than
     * the generated adapter's result helpers take ({@link NativeBinder#RESULT_ARRAYS}).
     */
    static boolean needed(MethodType t) {
        int arrays = 0;
        int booleans = 0;
        for (Class<?> p : t.parameterList()) {
            if (DeepMarshal.isDeep(p) || (p == boolean[].class && ++booleans > 1)) return true;
            if (p.isArray()) arrays++;
        }
        return t.returnType().isArray() && (DeepMarshal.isDeep(t.returnType()) || arrays > NativeBinder.RESULT_ARRAYS);
    }

    /**
     * What one kernel's call needs: its entry, messages, parameter types and the spread downcall; for arrays of arrays
     * also its entries by pointer count ({@link KernelAbi#entrySlots}, ascending, the last being {@code slots}) and
     * their spread downcalls, each made on its first call (the first of a pointer count costs milliseconds in a
     * process, and most kernels use one or two of their entries).
     */
    private record Plan(MemorySegment entry, List<String> messages, Class<?>[] params, Class<?> result, int slots,
                        MethodHandle downcall, boolean deep, boolean rowsWritten, int[] entrySlots,
                        MemorySegment[] entries, MethodHandle[] downcalls, ResultLength resultLength,
                        boolean zeroArrays) {
        MethodHandle downcall(int i) {
            MethodHandle h = downcalls[i];
            if (h == null) downcalls[i] = h = spread(entries[i], entrySlots[i]); // racing threads make equal handles
            return h;
        }
    }

    private static MethodHandle spread(MemorySegment entry, int slots) {
        MethodHandle down = NativeBinder.downcall(slots);
        down = MethodHandles.insertArguments(down, 0, entry); // the function pointer (first argument)
        return down.asSpreader(MemorySegment[].class, slots + 1);
    }

    /**
     * @param entries the kernel's entries by pointer count ({@link KernelAbi#entrySlots}), the last its main one
     * @param resultLength the length of the kernel's 1-D result, which a kernel with arrays of arrays is passed (or
     *                     asks for, {@link ResultLength#isAsked()}); null when none
     * @param zeroArrays whether every array the kernel allocates is zero ({@code KernelAbi.zeroArrays}): made, not copied
     */
    static MethodHandle bind(MemorySegment[] entries, List<String> messages, MethodType javaType, boolean rowsWritten,
                             ResultLength resultLength, boolean zeroArrays) {
        int slots = KernelAbi.pointerSlots(javaType);
        MemorySegment entry = entries[entries.length - 1];
        MethodHandle down = spread(entry, slots);
        boolean deep = DeepMarshal.isDeep(javaType.returnType());
        for (Class<?> p : javaType.parameterList()) deep |= DeepMarshal.isDeep(p);
        int[] entrySlots = entrySlots(javaType);
        MethodHandle[] downcalls = new MethodHandle[entrySlots.length];
        downcalls[downcalls.length - 1] = down;
        Plan plan = new Plan(entry, messages, javaType.parameterArray(), javaType.returnType(), slots, down, deep,
                rowsWritten, entrySlots, entries, downcalls,
                resultLength != null && deep && resultLength.fits(javaType) ? resultLength : null, zeroArrays);
        return MethodHandles.insertArguments(INVOKE, 0, plan)
                .asCollector(Object[].class, javaType.parameterCount())
                .asType(javaType);
    }

    /** {@link KernelAbi#entrySlots} of a kernel of this type. */
    static int[] entrySlots(MethodType t) {
        int arrays = 0;
        boolean deep = false;
        for (Class<?> p : t.parameterList()) {
            if (p.isArray()) arrays++;
            deep |= DeepMarshal.isDeep(p);
        }
        return KernelAbi.entrySlots(arrays, deep, t.returnType().isArray());
    }

    private static Object invoke(Plan plan, Object[] args) throws Throwable {
        if (plan.deep) return invokeDeep(plan, args);
        MemorySegment frame = NativeBinder.Marshal.frame();
        MemorySegment[] ptrs = new MemorySegment[plan.slots + 1];
        Object[] passed = new Object[plan.slots];
        MemorySegment[] copies = null;
        long scratchUsed = 0;
        MemorySegment scratch = null;
        long booleans = 0;
        for (Object a : args) if (a instanceof boolean[] z) booleans += (z.length + 8) & ~7L; // at least 8: each copy has its own address
        if (booleans > 0) scratch = scratch(booleans);
        int ai = 0;
        long offset = KernelAbi.FRAME_PARAMS;
        for (int k = 0; k < args.length; k++, offset += 8) {
            Class<?> p = plan.params[k];
            Object a = args[k];
            if (p.isArray()) {
                frame.set(ValueLayout.JAVA_INT, offset, a == null ? 0 : java.lang.reflect.Array.getLength(a));
                MemorySegment seg;
                if (a == null) {
                    seg = MemorySegment.NULL;
                } else if (a instanceof boolean[] z) {
                    if (copies == null) copies = new MemorySegment[args.length];
                    seg = null;
                    for (int j = 0; j < k; j++) if (args[j] == a) seg = copies[j]; // one copy per distinct array
                    if (seg == null) {
                        seg = scratch.asSlice(scratchUsed, z.length);
                        scratchUsed += (z.length + 8) & ~7L;
                        for (int i = 0; i < z.length; i++) seg.set(ValueLayout.JAVA_BYTE, i, z[i] ? (byte) 1 : 0);
                    }
                    copies[k] = seg;
                } else {
                    seg = heapSegment(a);
                }
                passed[ai] = a;
                ptrs[ai++] = seg;
            } else {
                putScalar(frame, offset, p, a);
            }
        }
        for (int pad = ai; pad < plan.slots; pad++) ptrs[pad] = MemorySegment.NULL;
        ptrs[plan.slots] = frame;
        try {
            plan.downcall.invokeExact(ptrs);
            if (copies != null) {
                for (int k = 0; k < args.length; k++) {
                    if (copies[k] != null) {
                        boolean[] z = (boolean[]) args[k];
                        MemorySegment seg = copies[k];
                        for (int i = 0; i < z.length; i++) z[i] = seg.get(ValueLayout.JAVA_BYTE, i) != 0;
                    }
                }
            }
            NativeBinder.Marshal.rethrow(frame, plan.messages);
            if (plan.result == void.class) return null;
            if (!plan.result.isArray()) return readScalar(frame, plan.result);
            long r = frame.get(ValueLayout.JAVA_LONG, KernelAbi.FRAME_RESULT);
            if (r == 0) return null;
            if (r < 0) return passed[(int) (-r - 1)];
            return plan.zeroArrays ? zeroed(r, plan.result.getComponentType()) : copyOut(r, plan.result.getComponentType());
        } finally {
            NativeBinder.Marshal.release(frame);
        }
    }

    /** Arrays of arrays: in place or copied (see {@link DeepMarshal}). */
    private static Object invokeDeep(Plan plan, Object[] args) throws Throwable {
        MemorySegment frame = NativeBinder.Marshal.frame();
        DeepMarshal deep = DeepMarshal.open();
        deep.zeroArrays(plan.zeroArrays);
        try {
            int arrays = 0;
            for (int k = 0; k < args.length; k++) {
                if (plan.params[k].isArray()) {
                    deep.measure(args[k]);
                    arrays++;
                }
            }
            Object[] arrayArgs = new Object[arrays];
            for (int k = 0, ai = 0; k < args.length; k++) if (plan.params[k].isArray()) arrayArgs[ai++] = args[k];
            // the result array takes a pointer argument after the others: kept free for it
            ResultLength length = plan.resultLength;
            boolean passes;
            int entry;
            int slots;
            MemorySegment[] ptrs;
            while (true) {
                int need = deep.planDirect(arrayArgs, plan.slots, plan.rowsWritten, length != null ? 1 : 0);
                passes = length != null && need < plan.slots;
                entry = 0; // the entry with the fewest pointer arguments that holds them
                while (plan.entrySlots[entry] < need + (passes ? 1 : 0)) entry++;
                slots = plan.entrySlots[entry];
                ptrs = new MemorySegment[slots + 1];
                java.util.Arrays.fill(ptrs, MemorySegment.NULL);
                if (deep.layOut(ptrs)) break;
                // another thread stored into a table since measure: measure again (nothing was passed yet)
                deep.close();
                deep = DeepMarshal.open();
                deep.zeroArrays(plan.zeroArrays);
                for (Object a : arrayArgs) deep.measure(a);
            }
            boolean ask = passes && length.isAsked();
            int ai = 0;
            long offset = KernelAbi.FRAME_PARAMS;
            for (int k = 0; k < args.length; k++, offset += 8) {
                Class<?> p = plan.params[k];
                Object a = args[k];
                if (p.isArray()) {
                    frame.set(ValueLayout.JAVA_INT, offset, a == null ? 0 : java.lang.reflect.Array.getLength(a));
                    ptrs[ai++] = deep.pass(a);
                } else {
                    putScalar(frame, offset, p, a);
                }
            }
            ptrs[slots] = frame;
            deep.publishPatches(frame);
            try {
                if (ask) {
                    frame.set(ValueLayout.JAVA_INT, KernelAbi.FRAME_RESULT_ARRAY + 36, -1);
                } else if (passes) {
                    // null arguments: the kernel throws or allocates itself
                    long n = evaluate(length, args);
                    if (n != Long.MIN_VALUE) passResult(deep, ptrs, frame, plan.result, (int) n);
                }
                plan.downcall(entry).invokeExact(ptrs);
                if (ask && frame.get(ValueLayout.JAVA_INT, 0) == Fault.RESULT_WANTED.code) {
                    // stopped at the result allocation, having written nothing: allocate it here and run again
                    int n = (int) frame.get(ValueLayout.JAVA_LONG, 8);
                    frame.set(ValueLayout.JAVA_INT, 0, 0);
                    NativeBinder.Marshal.release(frame); // what it allocated before
                    frame.set(ValueLayout.JAVA_INT, KernelAbi.FRAME_RESULT_ARRAY + 36, 0);
                    passResult(deep, ptrs, frame, plan.result, n);
                    plan.downcall(entry).invokeExact(ptrs);
                }
                deep.copyBack(frame);
                NativeBinder.Marshal.rethrow(frame, plan.messages);
                if (plan.result == void.class) return null;
                if (!plan.result.isArray()) return readScalar(frame, plan.result);
                long r = frame.get(ValueLayout.JAVA_LONG, KernelAbi.FRAME_RESULT);
                if (r < 0) return arrayArgs[(int) (-r - 1)];
                return deep.result(r, plan.result);
            } finally {
                if (passes) frame.set(ValueLayout.JAVA_INT, KernelAbi.FRAME_RESULT_ARRAY + 36, 0);
                deep.retract(frame);
                NativeBinder.Marshal.release(frame);
            }
        } finally {
            deep.close();
        }
    }

    /**
     * Allocates the kernel's result array of length {@code n} and passes it in the pointer argument kept free
     * (KernelAbi.FRAME_RESULT_ARRAY + 36 names it, + 8 holds its length); nothing for a length Java would refuse or
     * the adapter would not allocate ahead, which the kernel then allocates (and throws for) itself.
     */
    private static void passResult(DeepMarshal deep, MemorySegment[] ptrs, MemorySegment frame, Class<?> result, int n) {
        Object array = prealloc(result.getComponentType(), n);
        if (array == null) return;
        int k = deep.passResult(array);
        ptrs[k] = heapSegment(array);
        frame.set(ValueLayout.JAVA_INT, KernelAbi.FRAME_RESULT_ARRAY + 8, n);
        frame.set(ValueLayout.JAVA_INT, KernelAbi.FRAME_RESULT_ARRAY + 36, k + 1);
    }

    /** {@code length}'s terms over the arguments in wrapping int arithmetic; Long.MIN_VALUE when an array is null. */
    private static long evaluate(ResultLength length, Object[] args) {
        int sum = 0;
        for (ResultLength.Term t : length.terms()) {
            int v;
            if (t.kind() == 'P') {
                v = args[t.value()] instanceof Character c ? c : ((Number) args[t.value()]).intValue();
            } else if (t.kind() == 'L') {
                Object a = args[t.value()];
                if (a == null) return Long.MIN_VALUE;
                v = java.lang.reflect.Array.getLength(a);
            } else {
                v = t.value();
            }
            sum = t.negative() ? sum - v : sum + v;
        }
        return sum;
    }

    /** A new array the kernel asked for, or null when the adapter would not allocate it ahead (see {@code preallocD}). */
    private static Object prealloc(Class<?> c, int n) {
        if (c == double.class) return NativeBinder.Marshal.preallocD(n);
        if (c == int.class) return NativeBinder.Marshal.preallocI(n);
        if (c == long.class) return NativeBinder.Marshal.preallocJ(n);
        if (c == float.class) return NativeBinder.Marshal.preallocF(n);
        if (c == byte.class) return NativeBinder.Marshal.preallocB(n);
        if (c == short.class) return NativeBinder.Marshal.preallocS(n);
        if (c == char.class) return NativeBinder.Marshal.preallocC(n);
        return null; // boolean[]: no heap segment
    }

    private static void putScalar(MemorySegment frame, long offset, Class<?> p, Object a) {
        if (p == long.class) frame.set(ValueLayout.JAVA_LONG, offset, (Long) a);
        else if (p == float.class) frame.set(ValueLayout.JAVA_FLOAT, offset, (Float) a);
        else if (p == double.class) frame.set(ValueLayout.JAVA_DOUBLE, offset, (Double) a);
        else if (p == boolean.class) frame.set(ValueLayout.JAVA_INT, offset, (Boolean) a ? 1 : 0);
        else if (p == char.class) frame.set(ValueLayout.JAVA_INT, offset, (Character) a);
        else frame.set(ValueLayout.JAVA_INT, offset, ((Number) a).intValue());
    }

    private static Object readScalar(MemorySegment frame, Class<?> t) {
        long at = KernelAbi.FRAME_RESULT;
        if (t == long.class) return frame.get(ValueLayout.JAVA_LONG, at);
        if (t == float.class) return frame.get(ValueLayout.JAVA_FLOAT, at);
        if (t == double.class) return frame.get(ValueLayout.JAVA_DOUBLE, at);
        int v = frame.get(ValueLayout.JAVA_INT, at);
        if (t == boolean.class) return (v & 1) != 0;
        if (t == byte.class) return (byte) v;
        if (t == short.class) return (short) v;
        if (t == char.class) return (char) v;
        return v;
    }

    /** A new zeroed Java array of the length of the native array whose data starts at {@code data} (all zero too). */
    static Object zeroed(long data, Class<?> component) {
        return newArray(component, (int) NATIVE.get(ValueLayout.JAVA_LONG, data - KernelAbi.ARRAY_HEADER + 8));
    }

    /** A new Java array with the contents of the native array whose data starts at {@code data}. */
    static Object copyOut(long data, Class<?> component) {
        int n = (int) NATIVE.get(ValueLayout.JAVA_LONG, data - KernelAbi.ARRAY_HEADER + 8);
        if (component == boolean.class) {
            boolean[] z = new boolean[n];
            for (int i = 0; i < n; i++) z[i] = NATIVE.get(ValueLayout.JAVA_BYTE, data + i) != 0;
            return z;
        }
        Object out = newArray(component, n);
        toArray(NATIVE, data, out);
        return out;
    }

    /*
     * Bulk copies between native memory and Java arrays go through the element-wise MemorySegment.copy overloads:
     * one Unsafe.copyMemory whatever the size. The segment-to-segment overload copies blocks under 64 bytes in a Java
     * loop of 8-byte moves instead, and CI once saw a returned double[] of 5-7 elements come back with every odd
     * element zero while 8 elements were right (not reproduced since; docs/design/arrays.md): that path is kept
     * out of the marshalling.
     */

    /** Fills {@code array} (a primitive array other than boolean[]) from native memory at {@code src + offset}. */
    static void toArray(MemorySegment src, long offset, Object array) {
        switch (array) {
            case double[] x -> MemorySegment.copy(src, ValueLayout.JAVA_DOUBLE_UNALIGNED, offset, x, 0, x.length);
            case long[] x -> MemorySegment.copy(src, ValueLayout.JAVA_LONG_UNALIGNED, offset, x, 0, x.length);
            case int[] x -> MemorySegment.copy(src, ValueLayout.JAVA_INT_UNALIGNED, offset, x, 0, x.length);
            case float[] x -> MemorySegment.copy(src, ValueLayout.JAVA_FLOAT_UNALIGNED, offset, x, 0, x.length);
            case short[] x -> MemorySegment.copy(src, ValueLayout.JAVA_SHORT_UNALIGNED, offset, x, 0, x.length);
            case char[] x -> MemorySegment.copy(src, ValueLayout.JAVA_CHAR_UNALIGNED, offset, x, 0, x.length);
            case byte[] x -> MemorySegment.copy(src, ValueLayout.JAVA_BYTE, offset, x, 0, x.length);
            default -> throw new KilnException("array type " + array.getClass().getTypeName() + " cannot cross into a kernel");
        }
    }

    /** Copies {@code array} (a primitive array other than boolean[]) into native memory at {@code dst + offset}. */
    static void fromArray(Object array, MemorySegment dst, long offset) {
        switch (array) {
            case double[] x -> MemorySegment.copy(x, 0, dst, ValueLayout.JAVA_DOUBLE_UNALIGNED, offset, x.length);
            case long[] x -> MemorySegment.copy(x, 0, dst, ValueLayout.JAVA_LONG_UNALIGNED, offset, x.length);
            case int[] x -> MemorySegment.copy(x, 0, dst, ValueLayout.JAVA_INT_UNALIGNED, offset, x.length);
            case float[] x -> MemorySegment.copy(x, 0, dst, ValueLayout.JAVA_FLOAT_UNALIGNED, offset, x.length);
            case short[] x -> MemorySegment.copy(x, 0, dst, ValueLayout.JAVA_SHORT_UNALIGNED, offset, x.length);
            case char[] x -> MemorySegment.copy(x, 0, dst, ValueLayout.JAVA_CHAR_UNALIGNED, offset, x.length);
            case byte[] x -> MemorySegment.copy(x, 0, dst, ValueLayout.JAVA_BYTE, offset, x.length);
            default -> throw new KilnException("array type " + array.getClass().getTypeName() + " cannot cross into a kernel");
        }
    }

    /** {@code new component[n]} without reflection (Array.newInstance is several times slower). */
    static Object newArray(Class<?> component, int n) {
        if (component == double.class) return new double[n];
        if (component == int.class) return new int[n];
        if (component == long.class) return new long[n];
        if (component == float.class) return new float[n];
        if (component == byte.class) return new byte[n];
        if (component == short.class) return new short[n];
        if (component == char.class) return new char[n];
        return java.lang.reflect.Array.newInstance(component, n);
    }

    static MemorySegment heapSegment(Object a) {
        return switch (a) {
            case byte[] x -> MemorySegment.ofArray(x);
            case short[] x -> MemorySegment.ofArray(x);
            case char[] x -> MemorySegment.ofArray(x);
            case int[] x -> MemorySegment.ofArray(x);
            case long[] x -> MemorySegment.ofArray(x);
            case float[] x -> MemorySegment.ofArray(x);
            case double[] x -> MemorySegment.ofArray(x);
            default -> throw new KilnException("array type " + a.getClass().getTypeName() + " cannot cross into a kernel");
        };
    }

    /** This thread's scratch memory, at least {@code need} bytes (kernels never call back into Java: no nesting). */
    private static MemorySegment scratch(long need) {
        MemorySegment[] holder = SCRATCH.get();
        MemorySegment s = holder[0];
        if (s == null || s.byteSize() < need) {
            s = Arena.ofAuto().allocate(Math.max(need, s == null ? 4096 : s.byteSize() * 2), 8);
            holder[0] = s;
        }
        return s;
    }

    /** Frees every block on the frame's allocation list and empties it. */
    static void freeAll(MemorySegment frame) {
        long head = frame.get(ValueLayout.JAVA_LONG, KernelAbi.FRAME_ALLOCS);
        frame.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_ALLOCS, 0);
        MethodHandle f = freeHandle();
        while (head != 0) {
            long next = NATIVE.get(ValueLayout.JAVA_LONG, head);
            try {
                f.invokeExact(MemorySegment.ofAddress(head));
            } catch (Throwable t) {
                throw new KilnException("cannot free a kernel's native array: " + t, t);
            }
            head = next;
        }
    }

    private static MethodHandle freeHandle() {
        MethodHandle f = free;
        if (f == null) {
            Linker linker = Linker.nativeLinker();
            MemorySegment sym = processFree(linker);
            // critical: free() never calls back into Java and returns quickly (no thread-state transition)
            f = linker.downcallHandle(sym, FunctionDescriptor.ofVoid(ValueLayout.ADDRESS), Linker.Option.critical(false));
            free = f;
        }
        return f;
    }

    /**
     * The {@code free} that pairs with a kernel library's {@code calloc}. The library's reference is unversioned and
     * binds to the first definition in the process, jemalloc or tcmalloc when one is preloaded (common in JVM fleets),
     * while {@code Linker.defaultLookup()} searches libc's own scope: handing a jemalloc block to glibc's free
     * corrupts the heap and crashes the JVM. So look it up as the dynamic linker bound the kernel's, with
     * {@code dlsym(RTLD_DEFAULT, "free")}.
     */
    private static MemorySegment processFree(Linker linker) {
        SymbolLookup libc = linker.defaultLookup();
        MemorySegment libcFree = libc.find("free").orElseThrow(() -> new KilnException("the C library has no free()"));
        MemorySegment dlsym = libc.find("dlsym").orElse(null);
        if (dlsym == null) return libcFree;
        try (Arena arena = Arena.ofConfined()) {
            MethodHandle h = linker.downcallHandle(dlsym,
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            // RTLD_DEFAULT is the null handle on Linux
            MemorySegment found = (MemorySegment) h.invokeExact(MemorySegment.NULL, arena.allocateFrom("free"));
            return found.equals(MemorySegment.NULL) ? libcFree : found;
        } catch (Throwable t) {
            return libcFree;
        }
    }

    /** A 1-D array's elements in bytes ({@code boolean[]}: one each). */
    static long byteSize(Object a) {
        if (a instanceof double[] x) return 8L * x.length; // the common rows first, without the type switch
        if (a instanceof float[] x) return 4L * x.length;
        return switch (a) {
            case double[] x -> 8L * x.length;
            case long[] x -> 8L * x.length;
            case int[] x -> 4L * x.length;
            case float[] x -> 4L * x.length;
            case short[] x -> 2L * x.length;
            case char[] x -> 2L * x.length;
            case byte[] x -> x.length;
            case boolean[] x -> x.length;
            default -> heapSegment(a).byteSize(); // throws the "cannot cross" message
        };
    }

    /** Copies a 1-D array into native memory at {@code at} ({@code boolean[]} as bytes 0/1). */
    static void copyIn(Object a, long at) {
        if (a instanceof double[] x) { // the common rows first, without the type switch
            MemorySegment.copy(x, 0, NATIVE, ValueLayout.JAVA_DOUBLE_UNALIGNED, at, x.length);
        } else if (a instanceof float[] x) {
            MemorySegment.copy(x, 0, NATIVE, ValueLayout.JAVA_FLOAT_UNALIGNED, at, x.length);
        } else if (a instanceof boolean[] z) {
            for (int j = 0; j < z.length; j++) NATIVE.set(ValueLayout.JAVA_BYTE, at + j, z[j] ? (byte) 1 : 0);
        } else {
            fromArray(a, NATIVE, at);
        }
    }
}
