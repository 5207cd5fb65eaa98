package dev.kiln.bench;

import dev.kiln.Kernel;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The {@code @Kernel} methods of some classes, in a stable order. */
final class KernelList {
    private KernelList() {
    }

    /** Every static {@code @Kernel} method of each class named, sorted by class then name. */
    static List<Method> of(List<String> classNames, ClassLoader loader) {
        List<Method> out = new ArrayList<>();
        for (String cn : classNames) {
            Class<?> c;
            try {
                c = Class.forName(cn, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("no class " + cn + " on the class path", e);
            }
            List<Method> ms = new ArrayList<>();
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Kernel.class) && Modifier.isStatic(m.getModifiers())) ms.add(m);
            }
            ms.sort(Comparator.comparing(Method::getName));
            out.addAll(ms);
        }
        return out;
    }

    static String label(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName();
    }
}
