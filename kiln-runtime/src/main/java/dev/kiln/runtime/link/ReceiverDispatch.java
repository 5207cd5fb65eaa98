package dev.kiln.runtime.link;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Function;

/**
 * The target of a rewritten {@code @Kernel} instance method's call site: {@code (D, params...)ret}, where {@code D}
 * declares the method. The receiver's exact class decides the kernel (its calls on {@code this} dispatch from there),
 * so each class gets its own handle, linked at the first call with a receiver of that class and kept for good
 * (the first class linked also gets a direct path, guarded by an exact class test):
 * the kernel object {@code compile(receiver, name)} would give, or the Java body when that class overrides the
 * method (the call came through {@code super.name(...)}) or cannot be served natively. {@code this} is never null
 * inside an instance method: a call on null throws NullPointerException at the caller, before reaching here.
 */
final class ReceiverDispatch {
    private static final MethodHandle SELECT;
    private static final MethodHandle IS_EXACTLY;

    static {
        try {
            SELECT = MethodHandles.lookup().findVirtual(ReceiverDispatch.class, "select",
                    MethodType.methodType(MethodHandle.class, Object.class));
            IS_EXACTLY = MethodHandles.lookup().findStatic(ReceiverDispatch.class, "isExactly",
                    MethodType.methodType(boolean.class, Class.class, Object.class));
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
        MethodHandle select = SELECT.bindTo(this).asType(MethodType.methodType(MethodHandle.class, declaring));
        this.generic = MethodHandles.foldArguments(MethodHandles.exactInvoker(type), select);
        this.site = new MutableCallSite(generic);
    }

    /** Where the first receiver class linked gets a direct path (most sites see one class). */
    private final MutableCallSite site;
    private final MethodHandle generic;
    private boolean specialised;

    /**
     * {@code (D, params...)ret}: selects the receiver's class handle, then invokes it; once the first class is linked,
     * a receiver of that class goes straight to its handle (an inline cache the JIT inlines through).
     */
    MethodHandle target() {
        return site.dynamicInvoker();
    }

    private synchronized void specialise(Class<?> receiver, MethodHandle h) {
        if (specialised) return;
        specialised = true;
        MethodHandle test = IS_EXACTLY.bindTo(receiver).asType(MethodType.methodType(boolean.class, declaring));
        site.setTarget(MethodHandles.guardWithTest(test, h, generic));
    }

    private static boolean isExactly(Class<?> c, Object receiver) {
        return receiver.getClass() == c;
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
                if (handle == null) {
                    handle = overrides(receiver) ? javaBody : link.apply(receiver);
                    specialise(receiver, handle);
                }
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
