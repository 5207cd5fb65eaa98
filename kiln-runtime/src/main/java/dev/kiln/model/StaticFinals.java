package dev.kiln.model;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * {@code static final} primitive fields that have no ConstantValue attribute, because their class's static initializer
 * computes them ({@code static final double SQRT_2PI = Math.sqrt(2 * Math.PI)}, {@code EPSILON =
 * Double.longBitsToDouble(...)}). Once the class is initialized such a field never changes (Java forbids writing a
 * static final field, even reflectively), so a kernel can use its value as a constant: it is read here, after
 * initializing the class, and is part of the cache key, so a process where the initializer computed another value
 * (from a system property, say) gets another entry.
 *
 * <p>The class is initialized when the kernel is compiled or its key derived, where Java would initialize it at the
 * kernel's first read of the field; that only differs for a static initializer with visible side effects.
 */
public final class StaticFinals {
    private StaticFinals() {
    }

    /**
     * The value ({@code Integer} for int, boolean, byte, char and short; {@code Long}, {@code Float}, {@code Double}) of
     * the static final primitive field {@code owner.name}, or empty when it cannot be read (a JDK class that does not
     * export it, or an initializer that fails).
     */
    public static Optional<Number> value(ClassLoader loader, String owner, String name) {
        try {
            Class<?> c = Class.forName(owner.replace('/', '.'), true, loader);
            Field f = c.getDeclaredField(name);
            int mods = f.getModifiers();
            if (!Modifier.isStatic(mods) || !Modifier.isFinal(mods) || !f.getType().isPrimitive()) return Optional.empty();
            Object v;
            if (KernelGraph.isJdkOwner(owner)) {
                // java.base does not open its packages: only public fields of exported public classes
                if (!Modifier.isPublic(mods) || !Modifier.isPublic(c.getModifiers())
                        || !c.getModule().isExported(c.getPackageName())) {
                    return Optional.empty();
                }
                v = f.get(null);
            } else {
                v = UserAccess.privateLookup(c).unreflectGetter(f).invoke();
            }
            return Optional.of(switch (v) {
                case Boolean b -> b ? 1 : 0;
                case Character ch -> (int) ch;
                case Byte b -> (int) b;
                case Short s -> (int) s;
                case Number n -> n;
                default -> throw new IllegalStateException("not primitive: " + v);
            });
        } catch (Throwable e) {
            return Optional.empty(); // refused by the caller, with its reason
        }
    }
}
