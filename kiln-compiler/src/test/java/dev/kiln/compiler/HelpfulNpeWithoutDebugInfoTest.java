package dev.kiln.compiler;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.instruction.LocalVariable;
import java.lang.classfile.instruction.LocalVariableType;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Without a LocalVariableTable HotSpot names a null array {@code <parameterN>} or {@code <localN>}; the same
 * kernels, stripped of the table, must fault with the same words.
 */
class HelpfulNpeWithoutDebugInfoTest {
    /** Defines one class itself, from its class file minus local variable tables; the rest comes from the parent. */
    static final class StrippedLoader extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        StrippedLoader(Class<?> c) {
            super(c.getClassLoader());
            this.name = c.getName();
            try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                ClassFile cf = ClassFile.of();
                bytes = cf.transformClass(cf.parse(in.readAllBytes()), ClassTransform.transformingMethodBodies((cb, e) -> {
                    if (!(e instanceof LocalVariable || e instanceof LocalVariableType)) cb.with(e);
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
            if (!n.equals(name)) return super.loadClass(n, resolve);
            synchronized (getClassLoadingLock(n)) {
                Class<?> c = findLoadedClass(n);
                return c != null ? c : defineClass(n, bytes, 0, bytes.length);
            }
        }

        @Override
        public InputStream getResourceAsStream(String resource) {
            return resource.equals(name.replace('.', '/') + ".class") ? new ByteArrayInputStream(bytes)
                    : super.getResourceAsStream(resource);
        }
    }

    @Test
    void namesMatchHotSpot() throws Exception {
        Class<?> stripped = new StrippedLoader(FrontEndKernels.class).loadClass(FrontEndKernels.class.getName());
        assertNotSame(FrontEndKernels.class, stripped);
        assertEquals("Cannot load from int array because \"<parameter1>\" is null",
                FrontEndEndToEndTest.same(stripped, "at", null, 0).message());
        assertEquals("Cannot store to double array because \"<parameter1>\" is null",
                FrontEndEndToEndTest.same(stripped, "put", null, 1, 2.0).message());
        assertEquals("Cannot read the array length because \"<local2>\" is null",
                FrontEndEndToEndTest.same(stripped, "classify", (Object) null).message());
        FrontEndEndToEndTest.same(stripped, "reassigned", null, new int[]{1});
        FrontEndEndToEndTest.same(stripped, "reassigned", null, new int[]{1, 2, 3, 4, 5});
        FrontEndEndToEndTest.same(stripped, "sum", (Object) null);
        FrontEndEndToEndTest.same(stripped, "bytesAndShorts", new byte[2], null);
        FrontEndEndToEndTest.same(stripped, "mix", 3L, null);
    }
}
