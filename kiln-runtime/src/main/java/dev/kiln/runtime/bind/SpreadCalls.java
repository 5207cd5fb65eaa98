package dev.kiln.runtime.bind;

import dev.kiln.KilnException;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parallel loop's chunk {@code (captures..., int lo, int hi)R} as {@code (int lo, int hi, Object[] captures)R}: a
 * static method of a small hidden class that loads each capture from the array, casts (or unboxes) it and invokes
 * the chunk exactly. In a fresh JVM this costs one class definition and one invoker, where
 * {@code permuteArguments}, {@code asSpreader} and {@code asType} cost a lambda form each, spun by interpreted code
 * (about 20 ms of CPU for 28 captures), and a call goes through fewer adapters.
 *
 * <p>Public only because the parallel-loop runtime calls it. Not API.
 */
public final class SpreadCalls {
    /** Class bytes by the chunk's type: the chunk handle itself is class data. */
    private static final ConcurrentHashMap<MethodType, byte[]> CLASSES = new ConcurrentHashMap<>();

    private SpreadCalls() {
    }

    /**
     * {@code chunk}, whose first {@code captures} parameters are the captures and whose last two are {@code int lo,
     * int hi}, as {@code (int, int, Object[])} of the same return type; null when a capture's type is not a primitive
     * or an array of primitives (at any depth), which the caller then adapts otherwise.
     */
    public static MethodHandle spread(MethodHandle chunk, int captures) {
        MethodType t = chunk.type();
        if (t.parameterCount() != captures + 2 || t.parameterType(captures) != int.class
                || t.parameterType(captures + 1) != int.class) {
            throw new IllegalArgumentException("not a chunk of " + captures + " captures: " + t);
        }
        for (int j = 0; j < captures; j++) {
            Class<?> leaf = t.parameterType(j);
            while (leaf.isArray()) leaf = leaf.getComponentType();
            if (!leaf.isPrimitive()) return null;
        }
        byte[] bytes = CLASSES.computeIfAbsent(t, SpreadCalls::bytes);
        MethodType spread = MethodType.methodType(t.returnType(), int.class, int.class, Object[].class);
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(bytes, List.of(chunk), true);
            return hidden.findStatic(hidden.lookupClass(), "call", spread);
        } catch (ReflectiveOperationException e) {
            throw new KilnException("cannot adapt a parallel loop's chunk of type " + t + ": " + e, e);
        }
    }

    private static byte[] bytes(MethodType t) {
        int captures = t.parameterCount() - 2;
        ClassBytes cb = new ClassBytes(CallClasses.PACKAGE + "ChunkSpread");
        ClassBytes.Code code = cb.code().classData(0, "Ljava/lang/invoke/MethodHandle;");
        for (int j = 0; j < captures; j++) {
            Class<?> p = t.parameterType(j);
            code.load('L', 2).iconst(j).aaload();
            if (p.isArray()) {
                code.checkcast(p.descriptorString());
            } else { // a captured scalar, boxed in the array
                String box = MethodType.methodType(p).wrap().returnType().getName().replace('.', '/');
                code.checkcast(box).invokevirtual(box, p.getName() + "Value", "()" + p.descriptorString());
            }
        }
        String desc = t.toMethodDescriptorString();
        char r = t.returnType().descriptorString().charAt(0);
        code.load('I', 0).load('I', 1).invokevirtual("java/lang/invoke/MethodHandle", "invokeExact", desc)
                .return_(r == '[' ? 'L' : r);
        String spread = "(II[Ljava/lang/Object;)" + t.returnType().descriptorString();
        cb.method(ClassBytes.ACC_PUBLIC | ClassBytes.ACC_STATIC, "call", spread, 3, code);
        return cb.toBytes();
    }
}
