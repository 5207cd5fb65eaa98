package dev.kiln.runtime.abi;

import dev.kiln.KilnException;

import java.lang.classfile.ClassFile;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads a kernel library and turns its entry point into a {@link MethodHandle} of the kernel's exact Java type.
 * Arrays go to native code zero-copy ({@link Linker.Option#critical(boolean)} with heap access); faults come back
 * through the per-thread frame and are rethrown as the exception Java would throw. Safe to call from many threads.
 *
 * <p>Binding must be cheap, because a fresh JVM loading baked kernels pays it for every kernel. Creating an FFM
 * downcall handle costs milliseconds per distinct native signature, so kernels share one (see {@link KernelAbi}):
 * scalars, array lengths and the result travel in a per-thread frame, array pointers are padded. The generated adapter
 * is shared by every kernel of one Java type; binding a further kernel is a {@code dlopen} and two bound arguments.
 */
public final class NativeBinder {
    private static final Linker LINKER = Linker.nativeLinker();
    /** Fault record, result, one 8-byte slot per parameter (at most 255), the allocation list and the heap limit. */
    static final long FRAME_SIZE = KernelAbi.FRAME_SIZE;
    private static final ThreadLocal<MemorySegment> FRAME = ThreadLocal.withInitial(() -> {
        MemorySegment f = Arena.ofAuto().allocate(FRAME_SIZE, 8);
        f.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_HEAP_LIMIT, Runtime.getRuntime().maxMemory());
        return f;
    });
    private static final ClassDesc CD_MARSHAL = ClassDesc.of(Marshal.class.getName());
    private static final ClassDesc CD_SEGMENT = ClassDesc.of(MemorySegment.class.getName());
    private static final ClassDesc CD_LIST = ClassDesc.of(List.class.getName());
    private static final ConcurrentHashMap<Integer, MethodHandle> DOWNCALLS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<MethodType, MethodHandle> ADAPTERS = new ConcurrentHashMap<>();

    private NativeBinder() {
    }

    /**
     * Starts creating the shared downcall handle on a daemon thread. The first downcall handle in a JVM costs tens of
     * milliseconds (FFM's own set-up); a process that is about to load kernels overlaps it with reading class files
     * and the cache instead of paying it on the first bind. Idempotent; a bind that arrives first simply waits.
     */
    public static void prewarm() {
        if (DOWNCALLS.containsKey(KernelAbi.arraySlots(0))) return;
        Thread t = new Thread(() -> downcall(KernelAbi.arraySlots(0)), "kiln-ffm-prewarm");
        t.setDaemon(true);
        t.start();
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
        for (Class<?> p : javaType.parameterList()) {
            Class<?> leaf = p;
            while (leaf.isArray()) leaf = leaf.getComponentType();
            if (p.isArray() && !leaf.isPrimitive()) {
                throw new KilnException("array type " + p.getTypeName() + " cannot cross into a kernel");
            }
            if (!p.isArray() && !p.isPrimitive()) {
                throw new KilnException("type " + p.getName() + " cannot cross into a kernel");
            }
        }
        if (ArrayMarshal.needed(javaType)) return ArrayMarshal.bind(entry, abi.messages(), javaType);
        MethodHandle adapter = ADAPTERS.computeIfAbsent(javaType, NativeBinder::adapter);
        return MethodHandles.insertArguments(adapter, 0, entry, abi.messages());
    }

    /** The downcall for kernels with {@code slots} array pointers (all return void: the result is in the frame). */
    static MethodHandle downcall(int slots) {
        return DOWNCALLS.computeIfAbsent(slots, k -> {
            MemoryLayout[] args = new MemoryLayout[slots + 1];
            java.util.Arrays.fill(args, ValueLayout.ADDRESS);
            return LINKER.downcallHandle(FunctionDescriptor.ofVoid(args), Linker.Option.critical(true));
        });
    }

    /**
     * Spins {@code static R call(MemorySegment fn, List messages, params)}: scalars and array lengths into the
     * frame, the downcall invoked exactly with each array's segment, a fault left in the frame rethrown, and the
     * result read from the frame and narrowed back to the Java type.
     */
    private static MethodHandle adapter(MethodType javaType) {
        int arrayCount = 0;
        for (Class<?> p : javaType.parameterList()) if (p.isArray()) arrayCount++;
        final int arrays = arrayCount;
        int slots = KernelAbi.arraySlots(arrays);
        MethodHandle downcall = downcall(slots);
        MethodType callType = javaType.insertParameterTypes(0, MemorySegment.class, List.class);
        MethodTypeDesc callDesc = callType.describeConstable().orElseThrow();
        MethodTypeDesc nativeDesc = downcall.type().describeConstable().orElseThrow();
        var handle = DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA, ConstantDescs.DEFAULT_NAME,
                ConstantDescs.CD_MethodHandle);
        Class<?> ret = javaType.returnType();
        byte[] bytes = ClassFile.of().build(ClassDesc.of(NativeBinder.class.getPackageName() + ".KernelEntry"), cb -> cb
                .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC)
                .withMethodBody("call", callDesc, ClassFile.ACC_STATIC | ClassFile.ACC_PUBLIC, code -> {
                    int frame = 2;
                    for (Class<?> p : javaType.parameterList()) frame += TypeKind.from(p).slotSize();
                    code.invokestatic(CD_MARSHAL, "frame", MethodTypeDesc.of(CD_SEGMENT)).astore(frame);
                    int slot = 2;
                    long offset = KernelAbi.FRAME_PARAMS;
                    for (Class<?> p : javaType.parameterList()) {
                        TypeKind kind = TypeKind.from(p);
                        code.aload(frame).ldc(offset);
                        if (p.isArray()) {
                            code.aload(slot).invokestatic(CD_MARSHAL, "length",
                                    MethodTypeDesc.of(ConstantDescs.CD_int, p.describeConstable().orElseThrow()));
                            kind = TypeKind.INT;
                        } else {
                            code.loadLocal(kind, slot);
                        }
                        ClassDesc stored = switch (kind) {
                            case LONG -> ConstantDescs.CD_long;
                            case FLOAT -> ConstantDescs.CD_float;
                            case DOUBLE -> ConstantDescs.CD_double;
                            default -> ConstantDescs.CD_int; // boolean, byte, char, short widen like the JVM's stack
                        };
                        code.invokestatic(CD_MARSHAL, "put",
                                MethodTypeDesc.of(ConstantDescs.CD_void, CD_SEGMENT, ConstantDescs.CD_long, stored));
                        slot += TypeKind.from(p).slotSize();
                        offset += 8;
                    }
                    code.ldc(handle).aload(0);
                    slot = 2;
                    for (Class<?> p : javaType.parameterList()) {
                        if (p.isArray()) {
                            code.aload(slot).invokestatic(CD_MARSHAL, "segment",
                                    MethodTypeDesc.of(CD_SEGMENT, p.describeConstable().orElseThrow()));
                        }
                        slot += TypeKind.from(p).slotSize();
                    }
                    for (int pad = arrays; pad < slots; pad++) code.getstatic(CD_SEGMENT, "NULL", CD_SEGMENT);
                    code.aload(frame);
                    code.invokevirtual(ConstantDescs.CD_MethodHandle, "invokeExact", nativeDesc);
                    code.aload(frame).invokestatic(CD_MARSHAL, "release", MethodTypeDesc.of(ConstantDescs.CD_void, CD_SEGMENT));
                    code.aload(frame).aload(1);
                    code.invokestatic(CD_MARSHAL, "rethrow", MethodTypeDesc.of(ConstantDescs.CD_void, CD_SEGMENT, CD_LIST));
                    if (ret != void.class) {
                        TypeKind rk = TypeKind.from(ret);
                        ClassDesc read = switch (rk) {
                            case LONG -> ConstantDescs.CD_long;
                            case FLOAT -> ConstantDescs.CD_float;
                            case DOUBLE -> ConstantDescs.CD_double;
                            default -> ConstantDescs.CD_int;
                        };
                        code.aload(frame).ldc(KernelAbi.FRAME_RESULT);
                        code.invokestatic(CD_MARSHAL, "get" + read.displayName().substring(0, 1).toUpperCase()
                                + read.displayName().substring(1), MethodTypeDesc.of(read, CD_SEGMENT, ConstantDescs.CD_long));
                    }
                    if (ret == boolean.class) code.iconst_1().iand(); // the JVM's rule for a boolean return
                    else if (ret == byte.class) code.i2b();
                    else if (ret == short.class) code.i2s();
                    else if (ret == char.class) code.i2c();
                    code.return_(TypeKind.from(ret));
                }));
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(bytes, downcall, true);
            return hidden.findStatic(hidden.lookupClass(), "call", callType);
        } catch (ReflectiveOperationException e) {
            throw new KilnException("cannot build the adapter for kernels of type " + javaType + ": " + e, e);
        }
    }

    /** Helpers the generated adapters call; public only because hidden classes link to them. Not API. */
    public static final class Marshal {
        private Marshal() {
        }

        /** This thread's frame: the fault record, then the parameter slots. */
        public static MemorySegment frame() {
            return FRAME.get();
        }

        public static void put(MemorySegment frame, long offset, int v) { frame.set(ValueLayout.JAVA_INT, offset, v); }
        public static void put(MemorySegment frame, long offset, long v) { frame.set(ValueLayout.JAVA_LONG, offset, v); }
        public static void put(MemorySegment frame, long offset, float v) { frame.set(ValueLayout.JAVA_FLOAT, offset, v); }
        public static void put(MemorySegment frame, long offset, double v) { frame.set(ValueLayout.JAVA_DOUBLE, offset, v); }

        public static int getInt(MemorySegment frame, long offset) { return frame.get(ValueLayout.JAVA_INT, offset); }
        public static long getLong(MemorySegment frame, long offset) { return frame.get(ValueLayout.JAVA_LONG, offset); }
        public static float getFloat(MemorySegment frame, long offset) { return frame.get(ValueLayout.JAVA_FLOAT, offset); }
        public static double getDouble(MemorySegment frame, long offset) { return frame.get(ValueLayout.JAVA_DOUBLE, offset); }

        /** Frees the native arrays the call allocated (none escaped: the result is not an array). */
        public static void release(MemorySegment frame) {
            if (frame.get(ValueLayout.JAVA_LONG, KernelAbi.FRAME_ALLOCS) != 0) ArrayMarshal.freeAll(frame);
        }

        /** Rethrows a fault left in {@code record} by the call that just returned. */
        public static void rethrow(MemorySegment record, List<String> messages) {
            if (record.get(ValueLayout.JAVA_INT, 0) != 0) {
                RuntimeException e = Fault.take(record, messages);
                if (e != null) throw e;
            }
        }

        // One overload per element type keeps the call path free of type tests.
        public static MemorySegment segment(byte[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }
        public static MemorySegment segment(short[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }
        public static MemorySegment segment(char[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }
        public static MemorySegment segment(int[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }
        public static MemorySegment segment(long[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }
        public static MemorySegment segment(float[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }
        public static MemorySegment segment(double[] a) { return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a); }

        public static int length(byte[] a) { return a == null ? 0 : a.length; }
        public static int length(short[] a) { return a == null ? 0 : a.length; }
        public static int length(char[] a) { return a == null ? 0 : a.length; }
        public static int length(int[] a) { return a == null ? 0 : a.length; }
        public static int length(long[] a) { return a == null ? 0 : a.length; }
        public static int length(float[] a) { return a == null ? 0 : a.length; }
        public static int length(double[] a) { return a == null ? 0 : a.length; }
    }
}
