package dev.kiln.runtime.bind;

import dev.kiln.model.UserAccess;
import dev.kiln.KilnException;
import dev.kiln.model.KernelObjects;
import dev.kiln.model.MethodRef;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Java face of a kernel object ({@link KernelObjects}): a handle of type {@code (R, params...)ret} that reads the
 * receiver's fields with getters bound once (no reflection per call) and passes them to the native kernel after its
 * own arguments. A receiver of another class than {@code R} (a subclass could override what the kernel calls) runs
 * the Java method instead, by virtual dispatch as Java would; a null receiver throws NullPointerException.
 */
public final class ReceiverBinder {
    private static final MethodHandle EXACTLY;

    static {
        try {
            EXACTLY = MethodHandles.lookup().findStatic(ReceiverBinder.class, "exactly",
                    MethodType.methodType(boolean.class, Class.class, String.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ReceiverBinder() {
    }

    /**
     * @param withFields the kernel with its tables filled: {@code (params..., fields...)ret}
     * @param fields     the receiver fields, in the order of the trailing parameters
     * @param receiver   the exact receiver class the kernel was compiled for
     * @param kernel     the instance method (its declaring class, name and descriptor)
     * @return {@code (receiver, params...)ret}
     */
    public static MethodHandle bind(MethodHandle withFields, List<KernelObjects.Field> fields, Class<?> receiver,
                                    MethodRef kernel) {
        ClassLoader loader = receiver.getClassLoader();
        Method java = javaMethod(loader, kernel);
        int n = java.getParameterCount();
        MethodHandle h = withFields;
        for (int k = 0; k < fields.size(); k++) {
            h = MethodHandles.collectArguments(h, n + k, getter(loader, fields.get(k), receiver));
        }
        MethodType type = MethodType.methodType(java.getReturnType(), java.getParameterTypes()).insertParameterTypes(0, receiver);
        if (fields.isEmpty()) {
            h = MethodHandles.dropArguments(h, 0, receiver);
        } else {
            int[] reorder = new int[n + fields.size()];
            for (int j = 0; j < reorder.length; j++) reorder[j] = j < n ? j + 1 : 0;
            h = MethodHandles.permuteArguments(h, type, reorder);
        }
        MethodHandle viaJava;
        try {
            viaJava = UserAccess.privateLookup(java.getDeclaringClass()).unreflect(java).asType(type);
        } catch (IllegalAccessException e) {
            throw new KilnException("cannot call " + kernel + " for a receiver of another class: " + e, e);
        }
        // HotSpot's text for a call on null when it cannot name where the null came from.
        String npe = "Cannot invoke \"" + receiver.getName() + "." + kernel.name() + "("
                + Arrays.stream(java.getParameterTypes()).map(Class::getTypeName).collect(Collectors.joining(", ")) + ")\"";
        MethodHandle test = MethodHandles.insertArguments(EXACTLY, 0, receiver, npe)
                .asType(MethodType.methodType(boolean.class, receiver));
        return MethodHandles.guardWithTest(test, h, viaJava);
    }

    private static boolean exactly(Class<?> c, String npe, Object receiver) {
        if (receiver == null) throw new NullPointerException(npe);
        return receiver.getClass() == c;
    }

    private static Method javaMethod(ClassLoader loader, MethodRef kernel) {
        try {
            Class<?> owner = Class.forName(kernel.className(), false, loader);
            MethodType t = MethodType.fromMethodDescriptorString(kernel.descriptor(), loader);
            return owner.getDeclaredMethod(kernel.name(), t.parameterArray());
        } catch (ReflectiveOperationException | TypeNotPresentException e) {
            throw new KilnException("cannot find the kernel method " + kernel + ": " + e, e);
        }
    }

    private static MethodHandle getter(ClassLoader loader, KernelObjects.Field f, Class<?> receiver) {
        try {
            Class<?> owner = Class.forName(f.owner().replace('/', '.'), false, loader);
            Class<?> type = MethodType.fromMethodDescriptorString("()" + f.descriptor(), null).returnType();
            return UserAccess.privateLookup(owner).findGetter(owner, f.name(), type)
                    .asType(MethodType.methodType(type, receiver));
        } catch (ReflectiveOperationException e) {
            throw new KilnException("cannot read the field " + f.owner().replace('/', '.') + "." + f.name()
                    + " a kernel uses: " + e, e);
        }
    }
}
