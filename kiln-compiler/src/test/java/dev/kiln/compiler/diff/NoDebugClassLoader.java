package dev.kiln.compiler.diff;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;

/**
 * Serves a top-level test class without local variable names (as javac writes it without {@code -g}), defined by
 * this loader, which also hands the same bytes to Kiln, so HotSpot and Kiln see one class file.
 */
final class NoDebugClassLoader extends ClassLoader {
    private final String name;
    private final byte[] bytes;

    private NoDebugClassLoader(Class<?> withDebug) {
        super(NoDebugClassLoader.class.getClassLoader());
        this.name = withDebug.getName();
        this.bytes = strip(read(withDebug));
    }

    /** {@code withDebug} re-defined, in a fresh loader, without its LocalVariableTable. */
    static Class<?> load(Class<?> withDebug) {
        try {
            return Class.forName(withDebug.getName(), true, new NoDebugClassLoader(withDebug));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
        if (!n.equals(name)) return super.loadClass(n, resolve);
        synchronized (getClassLoadingLock(n)) {
            Class<?> c = findLoadedClass(n);
            if (c == null) c = defineClass(n, bytes, 0, bytes.length);
            if (resolve) resolveClass(c);
            return c;
        }
    }

    @Override
    public InputStream getResourceAsStream(String resource) {
        if (resource.equals(name.replace('.', '/') + ".class")) return new ByteArrayInputStream(bytes);
        return super.getResourceAsStream(resource);
    }

    private static byte[] read(Class<?> c) {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] strip(byte[] original) {
        ClassFile cf = ClassFile.of(ClassFile.DebugElementsOption.DROP_DEBUG);
        // Re-emitting each method's code is what drops the debug elements the parse left out.
        byte[] out = cf.transformClass(cf.parse(original),
                ClassTransform.transformingMethods(MethodTransform.transformingCode(CodeTransform.ACCEPT_ALL)));
        for (MethodModel m : ClassFile.of().parse(out).methods()) {
            m.code().ifPresent(code -> {
                if (code.findAttribute(Attributes.localVariableTable()).isPresent()) {
                    throw new IllegalStateException("LocalVariableTable survived in " + m.methodName());
                }
            });
        }
        return out;
    }
}
