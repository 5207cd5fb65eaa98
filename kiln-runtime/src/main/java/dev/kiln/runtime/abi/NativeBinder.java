package dev.kiln.runtime.abi;

import dev.kiln.KilnException;

import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
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
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
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
    /** Fault record (24 bytes) then one 8-byte slot per parameter; a method has at most 255 parameter slots. */
    static final long FRAME_SIZE = KernelAbi.FRAME_PARAMS + 8L * 255;
    private static final ThreadLocal<MemorySegment> FRAME = new ThreadLocal<>() {
        @Override
        protected MemorySegment initialValue() {
            return Arena.ofAuto().allocate(FRAME_SIZE, 8);
        }
    };
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
        Thread t = new Thread(new Prewarm(), "kiln-ffm-prewarm");
        t.setDaemon(true);
        t.start();
    }

    /** A class, not a lambda: a lambda's bootstrap is start-up time too. */
    private static final class Prewarm implements Runnable {
        @Override
        public void run() {
            downcall(KernelAbi.arraySlots(0));
        }
    }

    /**
     * Opens a library on its own (its symbols are never interposed with another library's) for the life of the
     * process, and binds {@code abi.symbol()}.
     */
    public static MethodHandle load(Path library, KernelAbi abi) {
        return open(library, abi).handle();
    }

    /** Opens a library for the life of the process and finds its entry point; binding is left to the caller. */
    public static Bound open(Path library, KernelAbi abi) {
        return find(SymbolLookup.libraryLookup(library, Arena.global()), abi);
    }

    public static MethodHandle bind(SymbolLookup lookup, KernelAbi abi) {
        return find(lookup, abi).handle();
    }

    private static Bound find(SymbolLookup lookup, KernelAbi abi) {
        Optional<MemorySegment> found = lookup.find(abi.symbol());
        if (found.isEmpty()) throw new KilnException("kernel library has no symbol " + abi.symbol());
        MethodType javaType = abi.javaType();
        for (Class<?> p : javaType.parameterList()) {
            if (p.isArray() && (p == boolean[].class || !p.getComponentType().isPrimitive())) {
                throw new KilnException("array type " + p.getTypeName() + " cannot cross into a kernel");
            }
            if (!p.isArray() && !p.isPrimitive()) {
                throw new KilnException("type " + p.getName() + " cannot cross into a kernel");
            }
        }
        return new Bound(found.get(), abi, javaType);
    }

    /**
     * A kernel's entry point, found and checked, not yet bound. {@link #handle()} gives a method handle (an adapter
     * shared by every kernel of one Java type, plus two bound arguments); {@link #implement} a functional interface
     * instance whose method is itself the adapter (one small class, no method handle in between).
     */
    public static final class Bound {
        private final MemorySegment entry;
        private final KernelAbi abi;
        private final MethodType javaType;
        private volatile MethodHandle handle;

        Bound(MemorySegment entry, KernelAbi abi, MethodType javaType) {
            this.entry = entry;
            this.abi = abi;
            this.javaType = javaType;
        }

        public KernelAbi abi() {
            return abi;
        }

        /** A method handle of the kernel's exact Java type (made on first request). */
        public MethodHandle handle() {
            MethodHandle h = handle;
            if (h == null) {
                MethodHandle adapter = ADAPTERS.get(javaType);
                if (adapter == null) {
                    adapter = adapter(javaType);
                    MethodHandle raced = ADAPTERS.putIfAbsent(javaType, adapter);
                    if (raced != null) adapter = raced;
                }
                handle = h = MethodHandles.insertArguments(adapter, 0, entry, abi.messages());
            }
            return h;
        }

        /**
         * An instance of {@code iface} whose single abstract method {@code sam} (of exactly the kernel's type) calls
         * the kernel: one hidden class per kernel whose method marshals and makes the downcall itself, with the
         * downcall, entry point and messages as class-data constants (so the JIT inlines straight to the native call).
         */
        public <T> T implement(Class<T> iface, Method sam) {
            MethodType type = MethodType.methodType(sam.getReturnType(), sam.getParameterTypes());
            if (!type.equals(javaType)) return InterfaceBinder.bind(iface, sam, handle());
            InterfaceBinder.requirePublic(iface);
            MethodHandle downcall = downcall(KernelAbi.arraySlots(arrays(javaType)));
            ClassDesc self = ClassDesc.of(NativeBinder.class.getPackageName() + ".KernelImpl");
            byte[] bytes = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS).build(self,
                    new ImplClass(self, iface.describeConstable().orElseThrow(), sam.getName(), javaType, downcall));
            try {
                MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(bytes,
                        List.of(downcall, entry, abi.messages()), true);
                MethodHandle make = hidden.findStatic(hidden.lookupClass(), "make", MethodType.methodType(Object.class));
                return iface.cast((Object) make.invokeExact());
            } catch (Throwable e) {
                throw new KilnException("cannot bind kernel to " + iface.getName() + ": " + e, e);
            }
        }
    }

    private static int arrays(MethodType javaType) {
        int n = 0;
        for (Class<?> p : javaType.parameterList()) if (p.isArray()) n++;
        return n;
    }

    /** The downcall for kernels with {@code slots} array pointers (all return void: the result is in the frame). */
    private static MethodHandle downcall(int slots) {
        MethodHandle h = DOWNCALLS.get(slots);
        if (h != null) return h;
        synchronized (DOWNCALLS) {
            h = DOWNCALLS.get(slots);
            if (h == null) {
                MemoryLayout[] args = new MemoryLayout[slots + 1];
                java.util.Arrays.fill(args, ValueLayout.ADDRESS);
                h = LINKER.downcallHandle(FunctionDescriptor.ofVoid(args), Linker.Option.critical(true));
                DOWNCALLS.put(slots, h);
            }
            return h;
        }
    }

    /**
     * Spins {@code static R call(MemorySegment fn, List messages, params)}: scalars and array lengths into the
     * frame, the downcall invoked exactly with each array's segment, a fault left in the frame rethrown, and the
     * result read from the frame and narrowed back to the Java type.
     */
    private static MethodHandle adapter(MethodType javaType) {
        MethodHandle downcall = downcall(KernelAbi.arraySlots(arrays(javaType)));
        MethodType callType = javaType.insertParameterTypes(0, MemorySegment.class, List.class);
        ClassDesc self = ClassDesc.of(NativeBinder.class.getPackageName() + ".KernelEntry");
        byte[] bytes = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS).build(self,
                new AdapterClass(callType.describeConstable().orElseThrow(), javaType, downcall));
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(bytes, downcall, true);
            return hidden.findStatic(hidden.lookupClass(), "call", callType);
        } catch (ReflectiveOperationException e) {
            throw new KilnException("cannot build the adapter for kernels of type " + javaType + ": " + e, e);
        }
    }

    // The generated code has no branches, so it needs no stack map table (hence DROP_STACK_MAPS: generating one
    // would load and run the ClassFile API's stack-map generator for nothing). Builders are classes, not lambdas.

    private static final class AdapterClass implements Consumer<ClassBuilder> {
        private final MethodTypeDesc callDesc;
        private final MethodType javaType;
        private final MethodHandle downcall;

        AdapterClass(MethodTypeDesc callDesc, MethodType javaType, MethodHandle downcall) {
            this.callDesc = callDesc;
            this.javaType = javaType;
            this.downcall = downcall;
        }

        @Override
        public void accept(ClassBuilder cb) {
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
            cb.withMethodBody("call", callDesc, ClassFile.ACC_STATIC | ClassFile.ACC_PUBLIC,
                    new Body(javaType, downcall, 2, CLASS_DATA, null, null));
        }
    }

    private static final class ImplClass implements Consumer<ClassBuilder> {
        private final ClassDesc self;
        private final ClassDesc iface;
        private final String method;
        private final MethodType javaType;
        private final MethodHandle downcall;

        ImplClass(ClassDesc self, ClassDesc iface, String method, MethodType javaType, MethodHandle downcall) {
            this.self = self;
            this.iface = iface;
            this.method = method;
            this.javaType = javaType;
            this.downcall = downcall;
        }

        @Override
        public void accept(ClassBuilder cb) {
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
            cb.withInterfaceSymbols(iface);
            cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, new Init());
            cb.withMethodBody("make", MethodTypeDesc.of(ConstantDescs.CD_Object), ClassFile.ACC_STATIC, new Make(self));
            cb.withMethodBody(method, javaType.describeConstable().orElseThrow(),
                    ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, new Body(javaType, downcall, 1,
                            classDataAt(0, ConstantDescs.CD_MethodHandle), classDataAt(1, CD_SEGMENT),
                            classDataAt(2, CD_LIST)));
        }
    }

    private static final class Init implements Consumer<CodeBuilder> {
        @Override
        public void accept(CodeBuilder code) {
            code.aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_();
        }
    }

    private static final class Make implements Consumer<CodeBuilder> {
        private final ClassDesc self;

        Make(ClassDesc self) {
            this.self = self;
        }

        @Override
        public void accept(CodeBuilder code) {
            code.new_(self).dup().invokespecial(self, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).areturn();
        }
    }

    private static final DynamicConstantDesc<MethodHandle> CLASS_DATA =
            DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA, ConstantDescs.DEFAULT_NAME, ConstantDescs.CD_MethodHandle);

    private static DynamicConstantDesc<?> classDataAt(int index, ClassDesc type) {
        return DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA_AT, ConstantDescs.DEFAULT_NAME, type, index);
    }

    /**
     * The marshalling code: scalars and array lengths into the frame, the downcall invoked exactly with each array's
     * segment, a fault left in the frame rethrown, the result read from the frame and narrowed to the Java type.
     * Parameters start at local {@code first}; the entry point and messages are locals 0 and 1 (the shared adapter)
     * or class-data constants (a kernel's own class).
     */
    private static final class Body implements Consumer<CodeBuilder> {
        private final MethodType javaType;
        private final MethodHandle downcall;
        private final int first;
        private final DynamicConstantDesc<?> downcallConst;
        private final DynamicConstantDesc<?> fnConst;
        private final DynamicConstantDesc<?> messagesConst;

        Body(MethodType javaType, MethodHandle downcall, int first, DynamicConstantDesc<?> downcallConst,
             DynamicConstantDesc<?> fnConst, DynamicConstantDesc<?> messagesConst) {
            this.javaType = javaType;
            this.downcall = downcall;
            this.first = first;
            this.downcallConst = downcallConst;
            this.fnConst = fnConst;
            this.messagesConst = messagesConst;
        }

        @Override
        public void accept(CodeBuilder code) {
            int arrays = arrays(javaType);
            int slots = KernelAbi.arraySlots(arrays);
            MethodTypeDesc nativeDesc = downcall.type().describeConstable().orElseThrow();
            Class<?> ret = javaType.returnType();
            int frame = first;
            for (Class<?> p : javaType.parameterList()) frame += TypeKind.from(p).slotSize();
            code.invokestatic(CD_MARSHAL, "frame", MethodTypeDesc.of(CD_SEGMENT)).astore(frame);
            int slot = first;
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
            code.ldc(downcallConst);
            if (fnConst == null) code.aload(0);
            else code.ldc(fnConst);
            slot = first;
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
            code.aload(frame);
            if (messagesConst == null) code.aload(1);
            else code.ldc(messagesConst);
            code.invokestatic(CD_MARSHAL, "rethrow", MethodTypeDesc.of(ConstantDescs.CD_void, CD_SEGMENT, CD_LIST));
            if (ret != void.class) {
                TypeKind rk = TypeKind.from(ret);
                ClassDesc read;
                String getter;
                switch (rk) {
                    case LONG -> { read = ConstantDescs.CD_long; getter = "getLong"; }
                    case FLOAT -> { read = ConstantDescs.CD_float; getter = "getFloat"; }
                    case DOUBLE -> { read = ConstantDescs.CD_double; getter = "getDouble"; }
                    default -> { read = ConstantDescs.CD_int; getter = "getInt"; }
                }
                code.aload(frame).ldc(KernelAbi.FRAME_RESULT);
                code.invokestatic(CD_MARSHAL, getter, MethodTypeDesc.of(read, CD_SEGMENT, ConstantDescs.CD_long));
            }
            if (ret == boolean.class) code.iconst_1().iand(); // the JVM's rule for a boolean return
            else if (ret == byte.class) code.i2b();
            else if (ret == short.class) code.i2s();
            else if (ret == char.class) code.i2c();
            code.return_(TypeKind.from(ret));
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
