package dev.kiln.compiler.diff;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.attribute.InnerClassesAttribute;
import java.lang.classfile.attribute.NestHostAttribute;
import java.lang.classfile.attribute.NestMembersAttribute;

/**
 * Serves a test class as a Java 5 compiler would have written it (class-file version 49, no StackMapTable, like
 * Apache Commons Math 3.x): the class is rewritten with the JDK's class-file API and defined by this loader, which
 * also hands the rewritten bytes to Kiln (KernelGraph reads class files through the kernel class's loader).
 */
final class Java5ClassLoader extends ClassLoader {
    private final String name;
    private final byte[] bytes;

    private Java5ClassLoader(Class<?> modern) {
        super(Java5ClassLoader.class.getClassLoader());
        this.name = modern.getName();
        this.bytes = java5(read(modern));
    }

    /** {@code modern} re-defined, in a fresh loader, from its version-49 rewrite. */
    static Class<?> load(Class<?> modern) {
        try {
            return Class.forName(modern.getName(), true, new Java5ClassLoader(modern));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class file bytes served for {@code modern} (for tests that inspect them). */
    static byte[] bytesOf(Class<?> modern) {
        return java5(read(modern));
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

    private static byte[] java5(byte[] modern) {
        ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS);
        ClassModel cm = cf.parse(modern);
        ClassTransform t = (clb, ce) -> {
            switch (ce) {
                case ClassFileVersion v -> clb.withVersion(ClassFile.JAVA_5_VERSION, 0);
                case MethodModel mm -> clb.transformMethod(mm, MethodTransform.transformingCode(CodeTransform.ACCEPT_ALL));
                case NestHostAttribute a -> { }
                case NestMembersAttribute a -> { }
                case InnerClassesAttribute a -> { }
                default -> clb.with(ce);
            }
        };
        byte[] out = cf.transformClass(cm, t);
        for (MethodModel m : ClassFile.of().parse(out).methods()) {
            m.code().ifPresent(code -> {
                if (code.findAttribute(Attributes.stackMapTable()).isPresent()) {
                    throw new IllegalStateException("StackMapTable survived in " + m.methodName());
                }
            });
        }
        return out;
    }
}
