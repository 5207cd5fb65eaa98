package dev.kiln.runtime.bind;

import dev.kiln.runtime.abi.KernelAbi;
import dev.kiln.runtime.abi.ResultLength;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of the small classes {@link NativeBinder} defines for each kernel: the marshalling code of the kernel's
 * Java type (scalars and lengths into the frame, the downcall with each array's segment, the fault and the result
 * read back), as a static method of a call class or as the method of a class implementing an interface, and, for
 * a kernel whose result the adapter allocates ({@link ResultLength}), the path that allocates it and passes it in place.
 */
final class CallClasses {
    private CallClasses() {
    }

    static final String PACKAGE = "dev/kiln/runtime/bind/";
    private static final String MARSHAL = PACKAGE + "NativeBinder$Marshal";
    private static final String SEG_CLASS = "java/lang/foreign/MemorySegment";
    private static final String SEG = "L" + SEG_CLASS + ";";
    private static final String MH = "Ljava/lang/invoke/MethodHandle;";
    private static final String LIST = "Ljava/util/List;";

    /**
     * A kernel's own class: {@code final class KernelImpl implements iface}, whose method {@code sam} is the
     * marshalling code with the downcall, the entry point and the messages as class data (a List, in that order),
     * and {@code static Object make()} to instantiate it.
     */
    static byte[] implClass(Class<?> iface, String sam, MethodType javaType, MethodHandle downcall,
                            ResultLength length) {
        String self = PACKAGE + "KernelImpl";
        ClassBytes cb = new ClassBytes(self);
        ClassBytes.Code init = cb.code().load('L', 0).invokespecial("java/lang/Object", "<init>", "()V").return_('V');
        cb.method(ClassBytes.ACC_PUBLIC, "<init>", "()V", 1, init);
        ClassBytes.Code make = cb.code().newDup(self).invokespecial(self, "<init>", "()V").return_('L');
        cb.method(ClassBytes.ACC_STATIC, "make", "()Ljava/lang/Object;", 0, make);
        callMethods(cb, self, sam, ClassBytes.ACC_PUBLIC | ClassBytes.ACC_FINAL, javaType,
                downcall.type().toMethodDescriptorString(), 1, length);
        return cb.toBytes(iface.getName().replace('.', '/'));
    }

    /**
     * The marshalling code: scalars and array lengths into the frame, the downcall invoked exactly with each array's
     * segment, a fault left in the frame rethrown, the result read from the frame and narrowed to the Java type.
     * Parameters start at local {@code first}. The downcall, entry point and messages are the class's class-data
     * constants.
     * The checks after the call are forward branches to one frame (the parameters plus the frame local).
     * {@code downcall} is the class-data index of the downcall; {@code lastNullable} says the last array parameter
     * (an adapter-allocated result array) may be null even when {@code nullable} is false.
     */
    private static void body(ClassBytes.Code code, String self, MethodType javaType, String nativeDesc, int first,
                             boolean nullable, int downcall, boolean lastNullable) {
        int arrays = NativeBinder.arrays(javaType);
        int slots = MethodType.fromMethodDescriptorString(nativeDesc, null).parameterCount() - 2; // less entry and frame
        int frame = first;
        for (Class<?> p : javaType.parameterList()) frame += p == long.class || p == double.class ? 2 : 1;
        code.invokestatic(MARSHAL, "frameAddress", "()J").lstore(frame);
        int slot = first;
        long offset = KernelAbi.FRAME_PARAMS;
        for (Class<?> p : javaType.parameterList()) {
            code.load('J', frame).ldc(offset);
            String d = p.descriptorString();
            char stored;
            if (p.isArray()) {
                code.load('[', slot).invokestatic(MARSHAL, "length", "(" + d + ")I");
                stored = 'I';
            } else {
                char t = d.charAt(0);
                code.load(t, slot);
                stored = t == 'J' || t == 'F' || t == 'D' ? t : 'I'; // boolean, byte, char, short widen like the stack
            }
            code.invokestatic(MARSHAL, "put", "(JJ" + stored + ")V");
            slot += p == long.class || p == double.class ? 2 : 1;
            offset += 8;
        }
        code.classData(downcall, MH).classData(1, SEG);
        slot = first;
        int seen = 0;
        for (Class<?> p : javaType.parameterList()) {
            if (p.isArray()) {
                code.load('[', slot);
                if (lastNullable && ++seen == arrays) code.invokestatic(self, "resultSegment", "(" + p.descriptorString() + ")" + SEG);
                else if (nullable) code.invokestatic(self, "segment", "(" + p.descriptorString() + ")" + SEG);
                else code.invokestatic(MARSHAL, "segmentOf", "(" + p.descriptorString() + ")" + SEG);
            }
            slot += p == long.class || p == double.class ? 2 : 1;
        }
        for (int pad = arrays; pad < slots; pad++) code.getstatic("java/lang/foreign/MemorySegment", "NULL", SEG);
        code.load('J', frame).invokevirtual("java/lang/invoke/MethodHandle", "invokeExact", nativeDesc);
        // a boolean[] argument went as a native copy: the kernel's writes back into it first, also before a throw
        slot = first;
        for (Class<?> p : javaType.parameterList()) {
            if (p == boolean[].class) code.load('[', slot).invokestatic(MARSHAL, "copyBack", "([Z)V");
            slot += p == long.class || p == double.class ? 2 : 1;
        }
        if (lastNullable) {
            // The kernel returned the array passed in place, without a fault or native arrays to free: return it
            // here, on a branch whose profile is this kernel's, instead of through the shared result helper.
            code.load('J', frame).ldc(-(long) arrays).invokestatic(MARSHAL, "took", "(JJ)Z");
            int general = code.ifeq();
            code.load('[', frame - 1).return_('[');
            code.target(general, ClassBytes.Code.LONG_LOCAL);
        }
        if (javaType.returnType().isArray()) {
            // the helper copies the result out before freeing the call's native arrays; the arrays passed, padded,
            // are what a result -(k+1) names
            code.load('J', frame);
            code.classData(2, LIST);
            slot = first;
            for (Class<?> p : javaType.parameterList()) {
                if (p.isArray()) code.load('[', slot);
                slot += p == long.class || p == double.class ? 2 : 1;
            }
            for (int pad = arrays; pad < NativeBinder.RESULT_ARRAYS; pad++) code.aconstNull();
            String obj = "Ljava/lang/Object;";
            String d = javaType.returnType().descriptorString();
            code.invokestatic(MARSHAL, "result" + d.charAt(1), "(J" + LIST + obj.repeat(NativeBinder.RESULT_ARRAYS) + ")" + obj);
            code.checkcast(d).return_('[');
            return;
        }
        // The two checks after the call branch here, not inside shared helpers: a branch's profile is then this
        // kernel's own, so one that never allocates or throws compiles both away. A shared helper's profile counts
        // every kernel's calls; once any kernel throws often, the JIT compiles every kernel's throw path in, and
        // with it keeps the call's array segments as real objects (measured: 24 -> 312 bytes and 20 -> 52 ns a call
        // for a kernel taking four tables).
        code.load('J', frame).invokestatic(MARSHAL, "allocated", "(J)Z");
        int noAllocs = code.ifeq();
        code.load('J', frame).invokestatic(MARSHAL, "release", "(J)V");
        code.target(noAllocs, ClassBytes.Code.LONG_LOCAL);
        code.load('J', frame).invokestatic(MARSHAL, "faulted", "(J)Z");
        int noFault = code.ifeq();
        code.load('J', frame);
        code.classData(2, LIST);
        code.invokestatic(MARSHAL, "rethrow", "(J" + LIST + ")V");
        code.target(noFault, ClassBytes.Code.LONG_LOCAL);
        char r = javaType.returnType().descriptorString().charAt(0);
        if (r != 'V') {
            char read = r == 'J' || r == 'F' || r == 'D' ? r : 'I';
            String getter = switch (read) {
                case 'J' -> "getLong";
                case 'F' -> "getFloat";
                case 'D' -> "getDouble";
                default -> "getInt";
            };
            code.load('J', frame).ldc(KernelAbi.FRAME_RESULT).invokestatic(MARSHAL, getter, "(JJ)" + read);
            code.narrow(r); // the JVM's rules for a boolean, byte, short or char return
        }
        code.return_(r);
    }

    /**
     * The kernel's method {@code name} of type {@code javaType} (static when {@code first} is 0, else an instance
     * method), and what it needs. A kernel with array parameters gets two paths: {@code name} tests every array for
     * null and, when none is, passes each array's segment straight to the downcall; a call with a null array goes
     * to {@code static slow}, which passes the null segment for it. Kept apart, the fast path never merges an array's
     * segment with the null one, so the JIT can keep its segments as scalars (a merged segment is allocated on every
     * call, 32 bytes per array, once a kernel has been called with null even once, as the corpus's edge inputs do).
     */
    static void callMethods(ClassBytes cb, String self, String name, int access, MethodType javaType,
                            String nativeDesc, int first, ResultLength length) {
        String desc = javaType.toMethodDescriptorString();
        int params = ClassBytes.argSlots(desc);
        ClassBytes.Code code = cb.code();
        if (NativeBinder.arrays(javaType) == 0 && length == null) {
            body(code, self, javaType, nativeDesc, first, false, 0, false);
            cb.method(access, name, desc, first + params, code);
            return;
        }
        List<Integer> toSlow = new ArrayList<>();
        int slot = first;
        for (Class<?> p : javaType.parameterList()) {
            if (p.isArray()) {
                code.load('[', slot);
                toSlow.add(code.ifnull());
            }
            slot += p == long.class || p == double.class ? 2 : 1;
        }
        if (length == null) {
            body(code, self, javaType, nativeDesc, first, false, 0, false);
        } else {
            // Every array is there, so the length is defined: allocate the result and pass it in place (the kernel
            // takes it at its marked allocation, see ResultLength), through static "pre" with it as a last parameter.
            slot = first;
            for (Class<?> p : javaType.parameterList()) {
                code.load(p.isArray() ? '[' : p.descriptorString().charAt(0), slot);
                slot += p == long.class || p == double.class ? 2 : 1;
            }
            String r = javaType.returnType().descriptorString();
            if (length.isClone()) {
                code.load('[', parameterSlots(javaType, first)[length.copyOf()]);
                code.invokestatic(MARSHAL, "precopy" + r.charAt(1), "(" + r + ")" + r);
            } else if (length.copyOf() >= 0 && length.from().isEmpty()) {
                code.load('[', parameterSlots(javaType, first)[length.copyOf()]);
                sum(code, javaType, first, length.terms());
                code.invokestatic(MARSHAL, "precopy" + r.charAt(1), "(" + r + "I)" + r);
            } else if (length.copyOf() >= 0) {
                code.load('[', parameterSlots(javaType, first)[length.copyOf()]);
                sum(code, javaType, first, length.from());
                sum(code, javaType, first, length.terms());
                code.invokestatic(MARSHAL, "precopyRange" + r.charAt(1), "(" + r + "II)" + r);
            } else {
                sum(code, javaType, first, length.terms());
                code.invokestatic(MARSHAL, "prealloc" + r.charAt(1), "(I)" + r);
            }
            MethodType pre = NativeBinder.withResultArray(javaType);
            code.invokestatic(self, "pre", pre.toMethodDescriptorString()).return_('[');
        }
        if (!toSlow.isEmpty()) {
            for (int b : toSlow) code.target(b, null);
            slot = first;
            for (Class<?> p : javaType.parameterList()) {
                String d = p.descriptorString();
                code.load(p.isArray() ? '[' : d.charAt(0), slot);
                slot += p == long.class || p == double.class ? 2 : 1;
            }
            code.invokestatic(self, "slow", desc).return_(javaType.returnType().isArray() ? '['
                    : javaType.returnType().descriptorString().charAt(0));
        }
        cb.method(access, name, desc, first + params, code);

        if (!toSlow.isEmpty()) {
            segmentHelpers(cb, javaType);
            ClassBytes.Code slow = cb.code();
            body(slow, self, javaType, nativeDesc, 0, true, 0, false);
            cb.method(ClassBytes.ACC_STATIC, "slow", desc, params, slow);
        }
        if (length != null) {
            MethodType preType = NativeBinder.withResultArray(javaType);
            String preDesc = preType.toMethodDescriptorString();
            ClassBytes.Code pre = cb.code();
            body(pre, self, preType, NativeBinder.downcall(javaType, true).type().toMethodDescriptorString(), 0, false, 3, true);
            cb.method(ClassBytes.ACC_STATIC, "pre", preDesc, ClassBytes.argSlots(preDesc), pre);
            // Its own null test, apart from "segment"'s (whose profile sees the slow path's nulls): a result array
            // that is never null then never merges with the null segment, which would allocate it on every call.
            nullTestedSegment(cb, "resultSegment", javaType.returnType().descriptorString());
        }
    }

    /** Pushes a sum of {@link ResultLength} terms evaluated over the parameters (from local {@code first}). */
    private static void sum(ClassBytes.Code code, MethodType javaType, int first, List<ResultLength.Term> terms) {
        int[] slots = parameterSlots(javaType, first);
        code.iconst(0);
        for (ResultLength.Term t : terms) {
            switch (t.kind()) {
                case 'P' -> code.load('I', slots[t.value()]);
                case 'L' -> code.load('[', slots[t.value()]).arraylength();
                default -> code.iconst(t.value());
            }
            if (t.negative()) code.isub();
            else code.iadd();
        }
    }

    /** The local slot of each parameter, the first at {@code first}. */
    private static int[] parameterSlots(MethodType javaType, int first) {
        int[] slots = new int[javaType.parameterCount()];
        int slot = first;
        for (int k = 0; k < slots.length; k++) {
            slots[k] = slot;
            Class<?> p = javaType.parameterType(k);
            slot += p == long.class || p == double.class ? 2 : 1;
        }
        return slots;
    }

    /**
     * The class's own {@code static MemorySegment segment(T[] a)} for each array type of its parameters: the null
     * segment for null, else the array's. In the class, not shared, so the null test's profile is this kernel's: a
     * kernel never passed null compiles the test away, and its segments, never merged with the null one, stay
     * scalars instead of objects allocated on every call.
     */
    private static void segmentHelpers(ClassBytes cb, MethodType javaType) {
        java.util.Set<Class<?>> done = new java.util.HashSet<>();
        for (Class<?> p : javaType.parameterList()) {
            if (p.isArray() && done.add(p)) nullTestedSegment(cb, "segment", p.descriptorString());
        }
    }

    /** {@code static MemorySegment name(T[] a)}: the null segment for null, else the array's. */
    private static void nullTestedSegment(ClassBytes cb, String name, String arrayDesc) {
        ClassBytes.Code c = cb.code();
        c.load('[', 0);
        int nonNull = c.ifnonnull();
        c.getstatic(SEG_CLASS, "NULL", SEG).return_('L');
        c.target(nonNull, null);
        c.load('[', 0).invokestatic(MARSHAL, "segmentOf", "(" + arrayDesc + ")" + SEG).return_('L');
        cb.method(ClassBytes.ACC_STATIC, name, "(" + arrayDesc + ")" + SEG, 1, c);
    }
}
