package dev.kiln.runtime.link;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Function;

/**
 * The target of a rewritten {@code @Kernel} instance method's call site: {@code (D, params...)ret}, where {@code D}
 * declares the method. The receiver's exact class decides the kernel (its calls on {@code this} dispatch from there),
 * so each class gets its own handle, linked at the first call with a receiver of that class and kept for good:
 * the kernel object {@code compile(receiver, name)} would give, or the Java body when that class overrides the
 * method (the call came through {@code super.name(...)}) or cannot be served natively. {@code this} is never null
 * inside an instance method: a call on null throws NullPointerException at the caller, before reaching here.
 */
final class ReceiverDispatch {
    private static final MethodHandle SELECT;

    static {
        try {
            SELECT = MethodHandles.lookup().findVirtual(ReceiverDispatch.class, "select",
                    MethodType.methodType(MethodHandle.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Class<?> declaring;
    private final String name;
    private final MethodType type;
    private final MethodHandle javaBody;
    /** Links the native kernel for a receiver class (or the Java body, or a thrower), of exactly {@link #type}. */
    private final Function<Class<?>, MethodHandle> link;
    private final ClassValue<Slot> perClass = new ClassValue<>() {
        @Override
        protected Slot computeValue(Class<?> receiver) {
            return new Slot(receiver);
        }
    };

    /**
     * @param type     the call site's type, receiver first
     * @param javaBody the original body, {@code name$java}, of {@code type}
     */
    ReceiverDispatch(Class<?> declaring, String name, MethodType type, MethodHandle javaBody,
                     Function<Class<?>, MethodHandle> link) {
        this.declaring = declaring;
        this.name = name;
        this.type = type;
        this.javaBody = javaBody;
        this.link = link;
    }

    /** {@code (D, params...)ret}: selects the receiver's class handle, then invokes it. */
    MethodHandle target() {
        MethodHandle select = SELECT.bindTo(this).asType(MethodType.methodType(MethodHandle.class, declaring));
        return MethodHandles.foldArguments(MethodHandles.exactInvoker(type), select);
    }

    private MethodHandle select(Object receiver) {
        return perClass.get(receiver.getClass()).handle();
    }

    /** One receiver class's handle, linked once (ClassValue installs one Slot per class even when threads race). */
    private final class Slot {
        private final Class<?> receiver;
        private volatile MethodHandle handle;

        Slot(Class<?> receiver) {
            this.receiver = receiver;
        }

        MethodHandle handle() {
            MethodHandle h = handle;
            if (h != null) return h;
            synchronized (this) {
                if (handle == null) handle = overrides(receiver) ? javaBody : link.apply(receiver);
                return handle;
            }
        }
    }

    /**
     * Whether a class from {@code receiver} up to (not including) the declaring class declares an instance method of
     * the same name and parameters: then virtual dispatch would not select the declaring class's method for this
     * receiver, so the call reached it by {@code super} (or it is private): its Java body is what Java runs.
     */
    private boolean overrides(Class<?> receiver) {
        Class<?>[] params = type.dropParameterTypes(0, 1).parameterArray();
        for (Class<?> c = receiver; c != null && c != declaring; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name, params);
                if (!Modifier.isStatic(m.getModifiers())) return true;
            } catch (NoSuchMethodException e) {
                // not declared here: look further up
            }
        }
        return false;
    }
}
