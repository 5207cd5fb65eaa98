package dev.kiln.compiler.diff;

import java.io.IOException;
import java.io.InputStream;

/** Defines one class again, from the same bytes, in a fresh loader: its static initializer runs again. */
final class IsolatingLoader extends ClassLoader {
    private final String name;

    private IsolatingLoader(String name) {
        super(IsolatingLoader.class.getClassLoader());
        this.name = name;
    }

    static Class<?> load(Class<?> c) throws ClassNotFoundException {
        return Class.forName(c.getName(), true, new IsolatingLoader(c.getName()));
    }

    @Override
    protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
        if (!n.equals(name)) return super.loadClass(n, resolve);
        synchronized (getClassLoadingLock(n)) {
            Class<?> c = findLoadedClass(n);
            if (c != null) return c;
            try (InputStream in = getParent().getResourceAsStream(n.replace('.', '/') + ".class")) {
                byte[] b = in.readAllBytes();
                return defineClass(n, b, 0, b.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(n, e);
            }
        }
    }
}
