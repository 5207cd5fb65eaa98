package dev.kiln.agent;

import dev.kiln.KilnStats;
import dev.kiln.agent.kernels.Sums;
import dev.kiln.runtime.link.KernelLinker;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The rewriting itself, and rewritten classes run in this JVM against a fresh cache with the real compiler. */
class KernelRewriterTest {
    private static final String SUMS = "dev/kiln/agent/kernels/Sums";

    static byte[] original(String internalName) throws IOException {
        try (InputStream in = KernelRewriterTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void namesMatchTheRuntime() {
        assertEquals(KernelLinker.class.getName(), KernelRewriter.LINKER.packageName() + "." + KernelRewriter.LINKER.displayName());
        assertEquals(KernelLinker.BOOTSTRAP_NAME, KernelRewriter.BOOTSTRAP);
        assertEquals(KernelLinker.JAVA_SUFFIX, KernelRewriter.JAVA_SUFFIX);
        assertEquals(dev.kiln.runtime.link.KernelAnnotation.DESCRIPTOR, KernelRewriter.KERNEL_DESCRIPTOR);
        assertEquals(dev.kiln.model.KernelGraph.ORIGINAL_ATTRIBUTE, KernelRewriter.ORIGINAL_ATTRIBUTE);
    }

    @Test
    void kernelsGetADispatcherAndKeepTheirBodyAsJava() throws IOException {
        KernelRewriter.Result r = KernelRewriter.rewrite(original(SUMS), false);
        assertEquals(3, r.rewritten().size(), r.rewritten().toString());
        ClassModel cm = ClassFile.of().parse(r.bytes());
        MethodModel layer = method(cm, "layer");
        MethodModel java = method(cm, "layer$java");
        assertTrue(KernelRewriter.isKernel(layer), "the dispatcher keeps @Kernel");
        assertFalse(KernelRewriter.isKernel(java), "the Java body must not look like a kernel to kiln bake");
        assertTrue(Modifier.isPublic(layer.flags().flagsMask()));
        assertTrue(Modifier.isPrivate(java.flags().flagsMask()) && (java.flags().flagsMask() & ClassFile.ACC_SYNTHETIC) != 0);
        assertEquals(1, layer.code().orElseThrow().elementStream().filter(e -> e instanceof InvokeDynamicInstruction).count());
        assertFalse(KernelRewriter.isKernel(method(cm, "plain")) || cm.methods().stream().anyMatch(
                m -> m.methodName().equalsString("plain$java")), "unannotated methods stay as they are");
        KernelRewriter.Result again = KernelRewriter.rewrite(r.bytes(), false);
        assertNull(again.bytes(), "a rewritten class is not rewritten again");
        assertEquals(3, again.skipped().size(), again.skipped().toString());
        byte[] kept = KernelRewriter.rewrite(original(SUMS), true).bytes();
        assertNull(KernelRewriter.rewrite(kept, true).bytes(), "a class carrying its original is never rewritten twice");
    }

    @Test
    void rewrittenKernelsRunNativelyOrAsJavaAndAgreeWithHotSpot(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        System.setProperty("kiln.cache.path", tmp.resolve("cache").toString());
        System.setProperty("kiln.stats.file", tmp.resolve("stats.json").toString());
        Class<?> rewritten = new RewritingLoader(List.of(SUMS)).loadClass("dev.kiln.agent.kernels.Sums");
        assertNotSame(Sums.class, rewritten);
        double[] loss = {5, 50, 500, -3, 99.5};
        Method layer = rewritten.getMethod("layer", double[].class, double.class, double.class);
        KilnStats before = dev.kiln.Kiln.create().stats();
        for (int i = 0; i < 3; i++) {
            assertEquals(Sums.layer(loss, 10, 100), (double) layer.invoke(null, loss, 10.0, 100.0));
        }
        KilnStats after = dev.kiln.Kiln.create().stats();
        assertEquals(1, after.compiles() - before.compiles(), "layer compiled once, then served by its call site");
        Method refused = rewritten.getMethod("refused", int[].class);
        assertEquals(Sums.refused(new int[] {7, 8}), (int) refused.invoke(null, (Object) new int[] {7, 8}));
        Method two = rewritten.getDeclaredMethod("twoLayers", double[].class, double.class, double.class);
        two.setAccessible(true);
        assertEquals(Sums.layer(loss, 10, 100) + Sums.layer(loss, 110, 100), (double) two.invoke(null, loss, 10.0, 100.0));
    }

    @Test
    void interfaceStaticVoidPrivateAndEveryPrimitiveType(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        System.setProperty("kiln.cache.path", tmp.resolve("cache").toString());
        String shapes = "dev/kiln/agent/kernels/Shapes";
        KernelRewriter.Result r = KernelRewriter.rewrite(original(shapes), false);
        assertEquals(4, r.rewritten().size(), r.toString());
        Class<?> c = new RewritingLoader(List.of(shapes)).loadClass("dev.kiln.agent.kernels.Shapes");
        long compiles = dev.kiln.Kiln.create().stats().compiles();
        Method mix = c.getDeclaredMethod("mix", long.class, int.class, double.class, float.class, short.class,
                byte.class, char.class, boolean.class);
        Object[] args = {123456789012L, -7, 3.75, 1.5f, (short) -300, (byte) 100, 'x', true};
        assertEquals(dev.kiln.agent.kernels.Shapes.mix(123456789012L, -7, 3.75, 1.5f, (short) -300, (byte) 100, 'x', true),
                (long) mix.invoke(null, args));
        Method scale = c.getDeclaredMethod("scale", float.class, float[].class, float[].class);
        float[] x = {1, 2, 3}, y = {0.5f, 0.25f, -1}, yJava = y.clone();
        scale.invoke(null, 2.5f, x, y);
        dev.kiln.agent.kernels.Shapes.scale(2.5f, x, yJava);
        assertArrayEquals(yJava, y);
        Method calls = c.getDeclaredMethod("callsPrivate", int.class);
        calls.setAccessible(true);
        assertEquals(2 * 21 + 1, (int) calls.invoke(null, 21));
        // Java's exception, with Java's message, through the native path too.
        var e = assertThrows(java.lang.reflect.InvocationTargetException.class, () -> scale.invoke(null, 1f, x, new float[1]));
        assertEquals("Index 1 out of bounds for length 1", e.getCause().getMessage());
        assertEquals(3, dev.kiln.Kiln.create().stats().compiles() - compiles,
                "mix, scale and callsPrivate ran natively (twice is inside callsPrivate's code)");
    }

    private static MethodModel method(ClassModel cm, String name) {
        return cm.methods().stream().filter(m -> m.methodName().equalsString(name)).findFirst().orElseThrow();
    }

    /** Defines the named classes rewritten, child-first; resources (the original class files) come from the parent. */
    static final class RewritingLoader extends ClassLoader {
        private final List<String> rewrite;

        RewritingLoader(List<String> rewrite) {
            super(KernelRewriterTest.class.getClassLoader());
            this.rewrite = rewrite;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            String internal = name.replace('.', '/');
            if (!rewrite.contains(internal)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c != null) return c;
                try {
                    byte[] b = KernelRewriter.rewrite(original(internal), false).bytes();
                    if (b == null) b = original(internal); // no kernel of its own: loaded here to see the rewritten ones
                    return defineClass(name, b, 0, b.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }
}
