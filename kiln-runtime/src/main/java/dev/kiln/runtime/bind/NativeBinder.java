package dev.kiln.runtime.bind;

import dev.kiln.runtime.abi.Fault;
import dev.kiln.runtime.abi.FaultTable;
import dev.kiln.runtime.abi.KernelAbi;
import dev.kiln.runtime.abi.ResultLength;

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
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads a kernel library and turns its entry point into a {@link MethodHandle} of the kernel's exact Java type.
 * Arrays go to native code zero-copy ({@link Linker.Option#critical(boolean)} with heap access); faults come back
 * through the per-thread frame and are rethrown as the exception Java would throw. Safe to call from many threads.
 *
 * <p>Binding must be cheap, because a fresh JVM loading baked kernels pays it for every kernel. Creating an FFM
 * downcall handle costs milliseconds per distinct native signature, so kernels share one per sequence of array
 * element types (see {@link KernelAbi}): scalars, array lengths and the result travel in a per-thread frame. Binding a further kernel is a {@code dlopen}
 * and one small hidden class whose bytes are shared by every kernel of its Java type (constants in class data).
 */
public final class NativeBinder {
    /** In a holder: FFM's set-up runs on the thread that first creates a downcall, the prewarm thread as a rule. */
    private static final class Ffm {
        static final Linker LINKER = Linker.nativeLinker();
    }
    /** Fault record (24 bytes) then one 8-byte slot per parameter; a method has at most 255 parameter slots. */
    static final long FRAME_SIZE = KernelAbi.FRAME_SIZE; // and the allocation list, heap limit, row patches, stack limit, trace
    private static final ThreadLocal<Frame> FRAME = new ThreadLocal<>() {
        @Override
        protected Frame initialValue() {
            MemorySegment f = Arena.ofAuto().allocate(FRAME_SIZE, 16);
            f.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_HEAP_LIMIT, Runtime.getRuntime().maxMemory());
            long arena = f.address() + KernelAbi.ARENA_DATA;
            f.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_ARENA, arena);
            f.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_ARENA + 8, arena);
            f.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_ARENA + 16, arena + KernelAbi.ARENA_BYTES);
            return new Frame(f, f.address(), Thread.currentThread());
        }
    };

    /**
     * A thread's frame, and its address: the generated call classes pass the address to the downcall as a
     * {@code long} and read and write the frame through {@link ArrayMarshal#NATIVE}, a constant segment. A frame
     * segment passed as an argument costs FFM a class and session check, and each access to it a bounds, alignment and
     * liveness check, on every call. The segment stays reachable from the thread-local for the thread's life.
     */
    private static final class Frame {
        final MemorySegment segment;
        final long address;
        final Thread owner;
        /** Calls of the owner that missed {@link #last} since it last took it (read and written by the owner only). */
        int misses;
        /**
         * Native memory for the copy of a kernel's one {@code boolean[]} argument ({@link Marshal#segmentOf(boolean[])}),
         * grown on demand; {@link #booleansArg} is its address as a global segment: an argument of an automatic arena's
         * would cost the downcall an acquire and a release of that arena on every call.
         */
        MemorySegment booleans = MemorySegment.NULL;
        MemorySegment booleansArg = MemorySegment.NULL;

        Frame(MemorySegment segment, long address, Thread owner) {
            this.segment = segment;
            this.address = address;
            this.owner = owner;
        }
    }

    /**
     * The frame of one platform thread, kept at hand: a call on that thread finds its frame with one load and a
     * compare, where {@link ThreadLocal#get} walks the thread's map (five dependent loads) between one call's native
     * code and the next (measured in docs/architecture.md). Plain, not volatile: a frame's fields are final but for
     * its owner's miss count, a stale read only sends a call to the thread-local, and only the owner's calls use the
     * frame. A platform thread takes it when it is empty or its owner has ended, and after {@link #TAKE_AFTER} of its
     * own calls missed it, so a thread that called first and went idle does not keep it from a busy one, and threads
     * taking turns write it rarely, not on every call. Virtual threads (whose carrier can change) always look their
     * frame up. An ended owner's frame stays reachable until another platform thread takes its place.
     */
    private static Frame last;
    private static final int TAKE_AFTER = 1024;

    /** This thread's frame, prepared for a call (see {@link #last}). */
    private static Frame frameForCall() {
        Frame f = last;
        if (f != null && f.owner == Thread.currentThread()) return f;
        return lookUpFrame(f);
    }

    private static Frame lookUpFrame(Frame seen) {
        Frame f = FRAME.get();
        // A virtual thread's carrier (whose native stack the kernel runs on) can change between calls.
        if (Thread.currentThread().isVirtual()) {
            f.segment.set(ValueLayout.JAVA_LONG, KernelAbi.FRAME_STACK_LIMIT, 0);
        } else if (seen == null || ++f.misses >= TAKE_AFTER || !seen.owner.isAlive()) {
            f.misses = 0;
            last = f;
        }
        return f;
    }

    // Unaligned layouts: every slot is aligned, but the JIT cannot know it of an address and would test it per access.
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    /** Downcall handles by slot count and the element types of the array slots ({@code "3DDI"}; {@code "3"} untyped). */
    private static final ConcurrentHashMap<String, MethodHandle> DOWNCALLS = new ConcurrentHashMap<>();
    /**
     * Bytes of the per-kernel call class, by Java type and the encoded result length (identical for every kernel of
     * one type and result length).
     */
    private static final ConcurrentHashMap<String, byte[]> CALL_CLASSES = new ConcurrentHashMap<>();

    private NativeBinder() {
    }

    /**
     * Starts creating the shared downcall handle on a daemon thread. The first downcall handle in a JVM costs tens of
     * milliseconds (FFM's own set-up); a process that is about to load kernels overlaps it with reading class files
     * and the cache instead of paying it on the first bind. Idempotent; a bind that arrives first simply waits.
     */
    public static void prewarm() {
        Prewarm.QUEUE.offer(""); // what a kernel without arrays binds
    }

    /**
     * Starts creating, on the same daemon thread, the downcall a kernel of method descriptor {@code descriptor} binds
     * ({@link #downcall(MethodType, boolean)}): each new sequence of array element types costs milliseconds of FFM
     * work, which the thread overlaps with the lookup, checks and {@code dlopen} before the bind. A bind that arrives
     * first makes it itself; one that arrives while it is being made waits for it. Nothing else depends on it.
     */
    public static void prepare(String descriptor) {
        Prewarm.QUEUE.offer(descriptor);
    }

    /** The thread behind {@link #prewarm} and {@link #prepare}. A class, not a lambda: a lambda's bootstrap is start-up time too. */
    private static final class Prewarm implements Runnable {
        static final java.util.concurrent.LinkedBlockingQueue<String> QUEUE = new java.util.concurrent.LinkedBlockingQueue<>();

        static {
            Thread t = new Thread(new Prewarm(), "kiln-ffm-prewarm");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void run() {
            while (true) {
                String d;
                try {
                    d = QUEUE.take();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    if (d.isEmpty()) downcall(0, "", true);
                    else downcall(MethodType.fromMethodDescriptorString(d, null), false);
                } catch (RuntimeException | LinkageError e) {
                    // not a type a kernel binds (the bind reports what is wrong), or FFM unavailable: the bind says so
                }
            }
        }
    }

    /**
     * The binder's one entry: opens a library on its own (its symbols are never interposed with another library's)
     * for the life of the process and finds and checks the entry point {@code abi.symbol()}; {@link Bound#handle()}
     * or {@link Bound#implement} then make it callable. Exceptions the kernel throws resolve through {@code loader}
     * (the kernel's class loader).
     */
    public static Bound bind(Path library, KernelAbi abi, ClassLoader loader) {
        // By absolute name: the Path form first resolves it with toRealPath (more interpreted file-system code on every
        // hit) only to name the library; dlopen follows links itself. Names are unique (private copies, entry paths).
        SymbolLookup lookup = library.getFileSystem() == java.nio.file.FileSystems.getDefault()
                ? SymbolLookup.libraryLookup(library.toAbsolutePath().toString(), Arena.global())
                : SymbolLookup.libraryLookup(library, Arena.global());
        return find(lookup, abi, loader);
    }

    /** As {@link #bind(Path, KernelAbi, ClassLoader)}, exceptions resolving through the system class loader. */
    public static Bound bind(Path library, KernelAbi abi) {
        return bind(library, abi, ClassLoader.getSystemClassLoader());
    }

    private static Bound find(SymbolLookup lookup, KernelAbi abi, ClassLoader loader) {
        Optional<MemorySegment> found = lookup.find(abi.symbol());
        if (found.isEmpty()) throw new KilnException("kernel library has no symbol " + abi.symbol());
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
        int[] slots = ArrayMarshal.entrySlots(javaType);
        MemorySegment[] entries = new MemorySegment[slots.length];
        entries[slots.length - 1] = found.get();
        for (int i = 0; i < slots.length - 1; i++) {
            String name = KernelAbi.entrySymbol(abi.symbol(), slots[i]);
            entries[i] = lookup.find(name).orElseThrow(() -> new KilnException("kernel library has no symbol " + name));
        }
        return new Bound(entries, abi, javaType, new FaultTable(abi, loader));
    }

    /**
     * A kernel's entry point, found and checked ({@link #bind}). {@link #handle()} gives a direct method handle to a
     * static method of a small class of the kernel's own; {@link #implement} a functional interface instance whose
     * method is itself the marshalling code (one small class, no method handle in between).
     */
    public static final class Bound {
        private final MemorySegment entry;
        /** Every entry by pointer count ({@link KernelAbi#entrySlots}); the last is {@code entry}. */
        private final MemorySegment[] entries;
        private final KernelAbi abi;
        private final MethodType javaType;
        private final FaultTable faults; // the messages, as a List, plus throw sites and the kernel's class loader
        private volatile MethodHandle handle;

        Bound(MemorySegment[] entries, KernelAbi abi, MethodType javaType, FaultTable faults) {
            this.entries = entries;
            this.entry = entries[entries.length - 1];
            this.abi = abi;
            this.javaType = javaType;
            this.faults = faults;
        }

        public KernelAbi abi() {
            return abi;
        }

        /** The entry point's address in this process (for the perf map and JFR). */
        public long address() {
            return entry.address();
        }

        /** A method handle of the kernel's exact Java type (made on first request). */
        public MethodHandle handle() {
            MethodHandle h = handle;
            if (h == null && ArrayMarshal.needed(javaType)) {
                // boolean[] copies, array results, arrays of arrays: the marshalling path (see ArrayMarshal)
                handle = h = ArrayMarshal.bind(entries, faults, javaType, abi.rowsWritten(),
                        abi.resultLength(), abi.zeroArrays());
            }
            if (h == null) handle = h = callHandle(javaType, entry, faults, resultLength(abi, javaType));
            return h;
        }

        /**
         * An instance of {@code iface} whose single abstract method {@code sam} (of exactly the kernel's type) calls
         * the kernel: one hidden class per kernel whose method marshals and makes the downcall itself, with the
         * downcall, entry point and messages as class-data constants (so the JIT inlines straight to the native call).
         */
        public <T> T implement(Class<T> iface, Method sam) {
            MethodType type = MethodType.methodType(sam.getReturnType(), sam.getParameterTypes());
            if (!type.equals(javaType) || ArrayMarshal.needed(javaType)) return InterfaceBinder.bind(iface, sam, handle());
            InterfaceBinder.requirePublic(iface);
            MethodHandle downcall = downcall(javaType, false);
            ResultLength length = resultLength(abi, javaType);
            byte[] bytes = CallClasses.implClass(iface, sam.getName(), javaType, downcall, length);
            try {
                MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(bytes,
                        classData(downcall, entry, faults, javaType, length), true);
                MethodHandle make = hidden.findStatic(hidden.lookupClass(), "make", MethodType.methodType(Object.class));
                return iface.cast((Object) make.invokeExact());
            } catch (Throwable e) {
                throw new KilnException("cannot bind kernel to " + iface.getName() + ": " + e, e);
            }
        }
    }

    /**
     * The kernel's result length when the generated adapter allocates its result (see {@link ResultLength}): the
     * array passed in place takes the pointer slot after the parameters' (see {@link #RESULT_ARRAYS}).
     */
    private static ResultLength resultLength(KernelAbi abi, MethodType javaType) {
        ResultLength r = abi.resultLength();
        return r != null && !r.isAsked() && r.fits(javaType) && arrays(javaType) < RESULT_ARRAYS && !ArrayMarshal.needed(javaType)
                && ClassBytes.argSlots(javaType.toMethodDescriptorString()) < 255 ? r : null;
    }

    /** The kernel's type with the adapter-allocated result array as a last parameter. */
    static MethodType withResultArray(MethodType javaType) {
        return javaType.appendParameterTypes(javaType.returnType());
    }

    /** The class data of a call class: the downcall, entry, messages, then the downcall that passes a result array. */
    private static List<Object> classData(MethodHandle downcall, MemorySegment entry, FaultTable faults,
                                          MethodType javaType, ResultLength length) {
        if (length == null) return List.of(downcall, entry, faults);
        return List.of(downcall, entry, faults, downcall(javaType, true));
    }

    static int arrays(MethodType javaType) {
        int n = 0;
        for (Class<?> p : javaType.parameterList()) if (p.isArray()) n++;
        return n;
    }

    /**
     * The downcall for a kernel of Java type {@code javaType}: the shared one of its slot count, except that each
     * array slot's address layout names the array's element type. FFM turns each distinct descriptor into its own
     * specialised class, whose code asks each segment for its base and offset through virtual calls profiled per
     * class. Shared by kernels whose slots hold different array types, those calls see more than two segment classes,
     * stop inlining, and the segments escape (tens of nanoseconds per call once a process has run kernels over
     * {@code int[]}, {@code long[]} and {@code double[]}); keyed by element types, each sees one heap class and the
     * null segment. The layouts differ only in their target layout, so the native signature is the same.
     */
    static MethodHandle downcall(MethodType javaType, boolean resultPassed) {
        StringBuilder elements = new StringBuilder();
        for (Class<?> p : javaType.parameterList()) if (p.isArray()) elements.append(p.getComponentType().descriptorString());
        // the slot after the parameters' takes the result array the adapter allocates (null when it passes none)
        if (resultPassed) elements.append(javaType.returnType().getComponentType().descriptorString());
        return downcall(KernelAbi.pointerSlots(javaType), elements.toString(), true);
    }

    private static MemoryLayout element(char descriptor) {
        return switch (descriptor) {
            case 'B' -> ValueLayout.JAVA_BYTE;
            case 'S' -> ValueLayout.JAVA_SHORT;
            case 'C' -> ValueLayout.JAVA_CHAR;
            case 'I' -> ValueLayout.JAVA_INT;
            case 'J' -> ValueLayout.JAVA_LONG;
            case 'F' -> ValueLayout.JAVA_FLOAT;
            case 'D' -> ValueLayout.JAVA_DOUBLE;
            default -> ValueLayout.JAVA_BOOLEAN;
        };
    }

    /** The downcall for kernels with {@code slots} pointers before the frame (all return void: the result is in the frame). */
    static MethodHandle downcall(int slots) {
        return downcall(slots, "", false);
    }

    /**
     * {@code slots} pointers, the first ones' target layouts naming {@code elements}' types, then the frame: its
     * address as a {@code long} when {@code frameAddress} (the generated call classes), else its segment.
     */
    private static MethodHandle downcall(int slots, String elements, boolean frameAddress) {
        return DOWNCALLS.computeIfAbsent((frameAddress ? "J" : "") + slots + elements, k -> {
            MemoryLayout[] args = new MemoryLayout[slots + 1];
            java.util.Arrays.fill(args, ValueLayout.ADDRESS);
            if (frameAddress) args[slots] = ValueLayout.JAVA_LONG; // the same register as a pointer
            for (int i = 0; i < elements.length(); i++) args[i] = ValueLayout.ADDRESS.withTargetLayout(element(elements.charAt(i)));
            return Ffm.LINKER.downcallHandle(FunctionDescriptor.ofVoid(args), Linker.Option.critical(true));
        });
    }

    /**
     * A direct handle to {@code static R call(params)} of a hidden class of the kernel's own, with the downcall, entry
     * point and messages as class-data constants. In a fresh JVM this is the cheapest handle of an arbitrary type:
     * a shared adapter plus {@code insertArguments} costs a bound-handle species and four to five more lambda
     * forms, each a class spun by interpreted code, where this needs one class definition and at most the direct
     * handle's own form. The class bytes depend on the Java type only, so they are written once per type.
     */
    private static MethodHandle callHandle(MethodType javaType, MemorySegment entry, FaultTable faults,
                                           ResultLength length) {
        MethodHandle downcall = downcall(javaType, false);
        String key = length == null ? javaType.toMethodDescriptorString()
                : javaType.toMethodDescriptorString() + " " + length.encode();
        byte[] bytes = CALL_CLASSES.get(key);
        if (bytes == null) {
            ClassBytes cb = new ClassBytes(CallClasses.PACKAGE + "KernelCall");
            CallClasses.callMethods(cb, CallClasses.PACKAGE + "KernelCall", "call", ClassBytes.ACC_PUBLIC | ClassBytes.ACC_STATIC, javaType,
                    downcall.type().toMethodDescriptorString(), 0, length);
            bytes = cb.toBytes();
            CALL_CLASSES.putIfAbsent(key, bytes);
        }
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(bytes,
                    classData(downcall, entry, faults, javaType, length), true);
            return hidden.findStatic(hidden.lookupClass(), "call", javaType);
        } catch (ReflectiveOperationException e) {
            throw new KilnException("cannot bind a kernel of type " + javaType + ": " + e, e);
        }
    }


    /** Kernels returning a 1-D array with up to this many array parameters take the generated adapter. */
    static final int RESULT_ARRAYS = 8;

    /** Helpers the generated adapters call; public only because hidden classes link to them. Not API. */
    public static final class Marshal {
        private Marshal() {
        }

        /** This thread's frame: the fault record, then the parameter slots. */
        public static MemorySegment frame() {
            return frameForCall().segment;
        }

        /** This thread's frame's address (see {@link Frame}), prepared for a call as {@link #frame()} does. */
        public static long frameAddress() {
            return frameForCall().address;
        }

        public static void put(long frame, long offset, int v) { ArrayMarshal.NATIVE.set(INT, frame + offset, v); }
        public static void put(long frame, long offset, long v) { ArrayMarshal.NATIVE.set(LONG, frame + offset, v); }
        public static void put(long frame, long offset, float v) { ArrayMarshal.NATIVE.set(FLOAT, frame + offset, v); }
        public static void put(long frame, long offset, double v) { ArrayMarshal.NATIVE.set(DOUBLE, frame + offset, v); }

        public static int getInt(long frame, long offset) { return ArrayMarshal.NATIVE.get(INT, frame + offset); }
        public static long getLong(long frame, long offset) { return ArrayMarshal.NATIVE.get(LONG, frame + offset); }
        public static float getFloat(long frame, long offset) { return ArrayMarshal.NATIVE.get(FLOAT, frame + offset); }
        public static double getDouble(long frame, long offset) { return ArrayMarshal.NATIVE.get(DOUBLE, frame + offset); }

        /*
         * The result array the adapter allocates before the call (see ResultLength): null, and the kernel allocates
         * (and throws) as without it, for a length Java would refuse (negative, past the VM limit) and for arrays past
         * PREALLOC_BYTES, which the call might never reach (a throw first) and the heap might not hold.
         */
        private static final long PREALLOC_BYTES = Math.min(1 << 24, Runtime.getRuntime().maxMemory() / 16);

        private static boolean preallocated(int n, int elementBytes) {
            return n >= 0 && (long) n * elementBytes <= PREALLOC_BYTES;
        }

        // An OutOfMemoryError here is not the program's: the kernel allocates (or throws first) as without it.
        public static byte[] preallocB(int n) { try { return preallocated(n, 1) ? new byte[n] : null; } catch (OutOfMemoryError e) { return null; } }
        public static short[] preallocS(int n) { try { return preallocated(n, 2) ? new short[n] : null; } catch (OutOfMemoryError e) { return null; } }
        public static char[] preallocC(int n) { try { return preallocated(n, 2) ? new char[n] : null; } catch (OutOfMemoryError e) { return null; } }
        public static int[] preallocI(int n) { try { return preallocated(n, 4) ? new int[n] : null; } catch (OutOfMemoryError e) { return null; } }
        public static long[] preallocJ(int n) { try { return preallocated(n, 8) ? new long[n] : null; } catch (OutOfMemoryError e) { return null; } }
        public static float[] preallocF(int n) { try { return preallocated(n, 4) ? new float[n] : null; } catch (OutOfMemoryError e) { return null; } }
        public static double[] preallocD(int n) { try { return preallocated(n, 8) ? new double[n] : null; } catch (OutOfMemoryError e) { return null; } }

        // The clone a kernel's result is (ResultLength.copyOf), under the same limits.
        public static byte[] precopyB(byte[] a) { try { return preallocated(a.length, 1) ? a.clone() : null; } catch (OutOfMemoryError e) { return null; } }
        public static short[] precopyS(short[] a) { try { return preallocated(a.length, 2) ? a.clone() : null; } catch (OutOfMemoryError e) { return null; } }
        public static char[] precopyC(char[] a) { try { return preallocated(a.length, 2) ? a.clone() : null; } catch (OutOfMemoryError e) { return null; } }
        public static int[] precopyI(int[] a) { try { return preallocated(a.length, 4) ? a.clone() : null; } catch (OutOfMemoryError e) { return null; } }
        public static long[] precopyJ(long[] a) { try { return preallocated(a.length, 8) ? a.clone() : null; } catch (OutOfMemoryError e) { return null; } }
        public static float[] precopyF(float[] a) { try { return preallocated(a.length, 4) ? a.clone() : null; } catch (OutOfMemoryError e) { return null; } }
        public static double[] precopyD(double[] a) { try { return preallocated(a.length, 8) ? a.clone() : null; } catch (OutOfMemoryError e) { return null; } }

        // The prefix copy a kernel's result is (ResultLength.copyOf with a length of its own): the JIT's Arrays.copyOf
        // zeroes only the part past the copy, where a new array and a native copy would write every element twice.
        public static byte[] precopyB(byte[] a, int n) { try { return preallocated(n, 1) ? Arrays.copyOf(a, n) : null; } catch (OutOfMemoryError e) { return null; } }
        public static short[] precopyS(short[] a, int n) { try { return preallocated(n, 2) ? Arrays.copyOf(a, n) : null; } catch (OutOfMemoryError e) { return null; } }
        public static char[] precopyC(char[] a, int n) { try { return preallocated(n, 2) ? Arrays.copyOf(a, n) : null; } catch (OutOfMemoryError e) { return null; } }
        public static int[] precopyI(int[] a, int n) { try { return preallocated(n, 4) ? Arrays.copyOf(a, n) : null; } catch (OutOfMemoryError e) { return null; } }
        public static long[] precopyJ(long[] a, int n) { try { return preallocated(n, 8) ? Arrays.copyOf(a, n) : null; } catch (OutOfMemoryError e) { return null; } }
        public static float[] precopyF(float[] a, int n) { try { return preallocated(n, 4) ? Arrays.copyOf(a, n) : null; } catch (OutOfMemoryError e) { return null; } }
        public static double[] precopyD(double[] a, int n) { try { return preallocated(n, 8) ? Arrays.copyOf(a, n) : null; } catch (OutOfMemoryError e) { return null; } }

        // The range copy a kernel's result is (ResultLength.from not empty), when Arrays.copyOfRange would not throw.
        private static boolean range(int length, int from, int n, int elementBytes) {
            return from >= 0 && from <= length && preallocated(n, elementBytes) && (long) from + n <= Integer.MAX_VALUE;
        }

        public static byte[] precopyRangeB(byte[] a, int f, int n) { try { return range(a.length, f, n, 1) ? Arrays.copyOfRange(a, f, f + n) : null; } catch (OutOfMemoryError e) { return null; } }
        public static short[] precopyRangeS(short[] a, int f, int n) { try { return range(a.length, f, n, 2) ? Arrays.copyOfRange(a, f, f + n) : null; } catch (OutOfMemoryError e) { return null; } }
        public static char[] precopyRangeC(char[] a, int f, int n) { try { return range(a.length, f, n, 2) ? Arrays.copyOfRange(a, f, f + n) : null; } catch (OutOfMemoryError e) { return null; } }
        public static int[] precopyRangeI(int[] a, int f, int n) { try { return range(a.length, f, n, 4) ? Arrays.copyOfRange(a, f, f + n) : null; } catch (OutOfMemoryError e) { return null; } }
        public static long[] precopyRangeJ(long[] a, int f, int n) { try { return range(a.length, f, n, 8) ? Arrays.copyOfRange(a, f, f + n) : null; } catch (OutOfMemoryError e) { return null; } }
        public static float[] precopyRangeF(float[] a, int f, int n) { try { return range(a.length, f, n, 4) ? Arrays.copyOfRange(a, f, f + n) : null; } catch (OutOfMemoryError e) { return null; } }
        public static double[] precopyRangeD(double[] a, int f, int n) { try { return range(a.length, f, n, 8) ? Arrays.copyOfRange(a, f, f + n) : null; } catch (OutOfMemoryError e) { return null; } }

        /**
         * Whether the call that just returned left {@code result} in the result slot (the array passed in place,
         * {@code -(k+1)}), with no fault and no native arrays to free.
         */
        public static boolean took(long frame, long result) {
            return getLong(frame, KernelAbi.FRAME_RESULT) == result && !faulted(frame) && !allocated(frame);
        }

        /** Whether the call that just returned allocated native arrays. */
        public static boolean allocated(long frame) {
            return getLong(frame, KernelAbi.FRAME_ALLOCS) != 0;
        }

        /** Whether the call that just returned left a fault. */
        public static boolean faulted(long frame) {
            return getInt(frame, 0) != 0;
        }

        /** {@link #release(MemorySegment)} of this thread's frame, whose address is {@code frame}. */
        public static void release(long frame) {
            if (allocated(frame)) ArrayMarshal.freeAll(FRAME.get().segment);
        }

        /** {@link #rethrow(MemorySegment, List)} of this thread's frame, whose address is {@code frame}. */
        public static void rethrow(long frame, List<String> messages) throws Throwable {
            if (faulted(frame)) rethrow(FRAME.get().segment, messages);
        }

        /** Frees the native arrays the call allocated (none escaped: the result is not an array). */
        public static void release(MemorySegment frame) {
            if (frame.get(ValueLayout.JAVA_LONG, KernelAbi.FRAME_ALLOCS) != 0) ArrayMarshal.freeAll(frame);
        }

        /**
         * Rethrows a fault left in {@code record} by the call that just returned (checked exceptions too);
         * {@code messages} is the kernel's {@link FaultTable}.
         */
        public static void rethrow(MemorySegment record, List<String> messages) throws Throwable {
            if (record.get(ValueLayout.JAVA_INT, 0) != 0) {
                FaultTable t = messages instanceof FaultTable ft ? ft
                        : new FaultTable(new KernelAbi("kiln_unknown", "()V", true, messages), null);
                Throwable e = Fault.take(record, t);
                if (e != null) throw e;
            }
        }

        /**
         * A 1-D array result, after the call: a fault rethrown, else null, the {@code k}-th array passed (result
         * {@code -(k+1)}) or a new Java array copied from the native one; the call's native arrays freed either way.
         */
        private static Object result(MemorySegment frame, List<String> messages, Class<?> component, Object a0, Object a1,
                                     Object a2, Object a3, Object a4, Object a5, Object a6, Object a7) throws Throwable {
            try {
                rethrow(frame, messages);
                long r = frame.get(ValueLayout.JAVA_LONG, KernelAbi.FRAME_RESULT);
                if (r == 0) return null;
                if (r > 0) {
                    // a kernel that touches no element leaves its arrays' memory as it found it (KernelAbi.zeroArrays)
                    return messages instanceof FaultTable t && t.zeroArrays() ? ArrayMarshal.zeroed(r, component)
                            : ArrayMarshal.copyOut(r, component);
                }
                return switch ((int) (-r - 1)) {
                    case 0 -> a0;
                    case 1 -> a1;
                    case 2 -> a2;
                    case 3 -> a3;
                    case 4 -> a4;
                    case 5 -> a5;
                    case 6 -> a6;
                    default -> a7;
                };
            } finally {
                release(frame);
            }
        }

        public static Object resultZ(long f, List<String> m, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7) throws Throwable { return result(FRAME.get().segment, m, boolean.class, a0, a1, a2, a3, a4, a5, a6, a7); }
        public static Object resultB(long f, List<String> m, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7) throws Throwable { return result(FRAME.get().segment, m, byte.class, a0, a1, a2, a3, a4, a5, a6, a7); }
        public static Object resultC(long f, List<String> m, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7) throws Throwable { return result(FRAME.get().segment, m, char.class, a0, a1, a2, a3, a4, a5, a6, a7); }
        public static Object resultS(long f, List<String> m, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7) throws Throwable { return result(FRAME.get().segment, m, short.class, a0, a1, a2, a3, a4, a5, a6, a7); }
        public static Object resultI(long f, List<String> m, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7) throws Throwable { return result(FRAME.get().segment, m, int.class, a0, a1, a2, a3, a4, a5, a6, a7); }
        public static Object resultJ(long f, List<String> m, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7) throws Throwable { return result(FRAME.get().segment, m, long.class, a0, a1, a2, a3, a4, a5, a6, a7); }
        public static Object resultF(long f, List<String> m, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7) throws Throwable { return result(FRAME.get().segment, m, float.class, a0, a1, a2, a3, a4, a5, a6, a7); }
        public static Object resultD(long f, List<String> m, Object a0, Object a1, Object a2, Object a3, Object a4, Object a5, Object a6, Object a7) throws Throwable { return result(FRAME.get().segment, m, double.class, a0, a1, a2, a3, a4, a5, a6, a7); }

        // One overload per element type keeps the call path free of type tests; the array is not null (the
        // generated class tests that itself).
        public static MemorySegment segmentOf(byte[] a) { return MemorySegment.ofArray(a); }
        public static MemorySegment segmentOf(short[] a) { return MemorySegment.ofArray(a); }
        public static MemorySegment segmentOf(char[] a) { return MemorySegment.ofArray(a); }
        public static MemorySegment segmentOf(int[] a) { return MemorySegment.ofArray(a); }
        public static MemorySegment segmentOf(long[] a) { return MemorySegment.ofArray(a); }
        public static MemorySegment segmentOf(float[] a) { return MemorySegment.ofArray(a); }
        public static MemorySegment segmentOf(double[] a) { return MemorySegment.ofArray(a); }

        /**
         * A {@code boolean[]} argument, which has no heap segment: copied as bytes 0/1 into this thread's native
         * memory for it (a kernel takes at most one such argument on this path, so no copy is shared; with more,
         * which may alias, the call goes through {@link ArrayMarshal}), and copied back by {@link #copyBack}.
         */
        public static MemorySegment segmentOf(boolean[] a) {
            Frame f = frameForCall();
            int n = a.length;
            if (f.booleans.byteSize() < Math.max(n, 1)) {
                f.booleans = Arena.ofAuto().allocate(Math.max(64L, Math.max(n, 2 * f.booleans.byteSize())), 8);
                f.booleansArg = MemorySegment.ofAddress(f.booleans.address());
            }
            long at = f.booleansArg.address();
            for (int i = 0; i < n; i++) ArrayMarshal.NATIVE.set(ValueLayout.JAVA_BYTE, at + i, a[i] ? (byte) 1 : (byte) 0);
            return f.booleansArg;
        }

        /**
         * After the call, faulted or not: the kernel's writes to its {@code boolean[]} argument's copy
         * ({@link #segmentOf(boolean[])}) into the array; nothing for null.
         */
        public static void copyBack(boolean[] a) {
            if (a == null) return;
            long at = frameForCall().booleansArg.address();
            // the copy holds 0/1 (as bastore leaves them); "& 1" the JIT vectorises, "!= 0" it does not (half the speed)
            for (int i = 0; i < a.length; i++) a[i] = (ArrayMarshal.NATIVE.get(ValueLayout.JAVA_BYTE, at + i) & 1) != 0;
        }

        public static int length(boolean[] a) { return a == null ? 0 : a.length; }
        public static int length(byte[] a) { return a == null ? 0 : a.length; }
        public static int length(short[] a) { return a == null ? 0 : a.length; }
        public static int length(char[] a) { return a == null ? 0 : a.length; }
        public static int length(int[] a) { return a == null ? 0 : a.length; }
        public static int length(long[] a) { return a == null ? 0 : a.length; }
        public static int length(float[] a) { return a == null ? 0 : a.length; }
        public static int length(double[] a) { return a == null ? 0 : a.length; }
    }
}
