package dev.kiln.runtime.link;

import dev.kiln.CompileOptions;
import dev.kiln.Kernel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.reflect.Method;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link KernelOptionsScan} against reflection and against the class-file API's reading of the same bytes. */
class KernelOptionsScanTest {
    enum Mode { A, B }

    @Retention(RetentionPolicy.RUNTIME)
    @interface Inner {
        String value();
    }

    /** Every kind of element value, so that the scan has to skip them all before and after {@code @Kernel}. */
    @Retention(RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(ElementType.METHOD)
    @interface Busy {
        byte b() default 1;
        char c() default 'c';
        double d() default 2.5;
        float f() default 1.5f;
        int i() default 3;
        long j() default 4L;
        short s() default 5;
        boolean z() default true;
        String str() default "x";
        Class<?> cls() default Object.class;
        Mode mode() default Mode.A;
        Inner inner() default @Inner("i");
        int[] ints() default {};
        Inner[] inners() default {};
    }

    static final long BIG = 0x1234_5678_9ABCL; // long and double constants take two pool entries
    static final double PI = 3.25;

    @SuppressWarnings("unused")
    static class Fixture {
        @Kernel
        static double plain(double[] x) {
            return x.length * PI;
        }

        @Kernel(fastMath = true)
        static double fast(double[] x) {
            return x.length + BIG;
        }

        @Kernel(fastMath = false)
        static double slow(double[] x) {
            return x.length;
        }

        static double none(double[] x) {
            return x.length;
        }

        @Busy(b = 9, c = 'q', d = -0.0, f = Float.NaN, i = -1, j = Long.MIN_VALUE, s = -2, z = false, str = "fastMath",
                cls = int[].class, mode = Mode.B, inner = @Inner("fastMath"), ints = {1, 2}, inners = {@Inner("a"), @Inner("b")})
        @Kernel(fastMath = true)
        @Deprecated
        static int busyBefore(int a) {
            return a;
        }

        @Kernel
        @Busy(z = true, str = "Z")
        static int busyAfter(int a) {
            return a;
        }

        @Busy
        static int busyOnly(int a) {
            return a;
        }

        @Kernel(fastMath = true)
        static int over(int a) {
            return a;
        }

        @Kernel
        static long over(long a) {
            return a;
        }

        @Kernel(fastMath = true)
        static double ünïcode(double a) {
            return a;
        }

        @Kernel(fastMath = true)
        double instance(double a) {
            return a;
        }
    }

    static class Child extends Fixture {
        @Kernel
        static int own(int a) {
            return a;
        }
    }

    @Test
    void agreesWithReflectionAndTheClassFileApi() throws IOException {
        byte[] bytes = bytes(Fixture.class);
        ClassModel cm = ClassFile.of().parse(bytes);
        int checked = 0;
        for (Method m : Fixture.class.getDeclaredMethods()) {
            if (m.isSynthetic()) continue;
            String descriptor = descriptor(m);
            Kernel k = m.getAnnotation(Kernel.class);
            int expected = k == null ? KernelOptionsScan.NO_KERNEL
                    : k.fastMath() ? KernelOptionsScan.KERNEL_FAST_MATH : KernelOptionsScan.KERNEL;
            assertEquals(expected, KernelOptionsScan.scan(bytes, m.getName(), descriptor), m.toString());
            MethodModel mm = cm.methods().stream().filter(x -> x.methodName().equalsString(m.getName())
                    && x.methodType().equalsString(descriptor)).findFirst().orElseThrow();
            CompileOptions base = CompileOptions.DEFAULT;
            assertEquals(KernelAnnotation.options(mm, base), KernelAnnotation.options(k, base), m.toString());
            checked++;
        }
        assertEquals(11, checked);
    }

    @Test
    void oneScanAnswersForEveryMethodTheClassDeclares() throws IOException {
        byte[] bytes = bytes(Fixture.class);
        java.util.Map<String, Integer> all = KernelOptionsScan.scanAll(bytes);
        ClassModel cm = ClassFile.of().parse(bytes);
        assertEquals(cm.methods().size(), all.size()); // constructors and synthetic methods too
        for (MethodModel mm : cm.methods()) {
            String name = mm.methodName().stringValue();
            String descriptor = mm.methodType().stringValue();
            int one = KernelOptionsScan.scan(bytes, name, descriptor);
            assertEquals(one, KernelOptionsScan.lookUp(all, name, descriptor), name + descriptor);
            assertEquals(KernelAnnotation.options(mm, CompileOptions.DEFAULT).fastMath(),
                    one == KernelOptionsScan.KERNEL_FAST_MATH, name + descriptor);
        }
        assertEquals(KernelOptionsScan.NOT_DECLARED, KernelOptionsScan.lookUp(all, "absent", "()V"));
        assertEquals(null, KernelOptionsScan.scanAll(Arrays.copyOf(bytes, bytes.length / 2)));
    }

    @Test
    void namesTheMethodByItsFullDescriptor() throws IOException {
        byte[] bytes = bytes(Fixture.class);
        assertEquals(KernelOptionsScan.KERNEL_FAST_MATH, KernelOptionsScan.scan(bytes, "over", "(I)I"));
        assertEquals(KernelOptionsScan.KERNEL, KernelOptionsScan.scan(bytes, "over", "(J)J"));
        assertEquals(KernelOptionsScan.NOT_DECLARED, KernelOptionsScan.scan(bytes, "over", "(I)J"));
        assertEquals(KernelOptionsScan.NOT_DECLARED, KernelOptionsScan.scan(bytes, "absent", "()V"));
    }

    @Test
    void anInheritedKernelIsNotDeclaredInTheSubclass() throws IOException {
        byte[] child = bytes(Child.class);
        assertEquals(KernelOptionsScan.NOT_DECLARED, KernelOptionsScan.scan(child, "instance", "(D)D"));
        assertEquals(KernelOptionsScan.KERNEL, KernelOptionsScan.scan(child, "own", "(I)I"));
        assertEquals(KernelOptionsScan.KERNEL_FAST_MATH, KernelOptionsScan.scan(bytes(Fixture.class), "instance", "(D)D"));
    }

    @Test
    void damagedBytesAreUnreadableNotGuessed() throws IOException {
        byte[] bytes = bytes(Fixture.class);
        assertEquals(KernelOptionsScan.UNREADABLE, KernelOptionsScan.scan(new byte[0], "plain", "([D)D"));
        for (int cut : new int[]{3, 9, 40, bytes.length / 2, bytes.length - 3}) {
            int r = KernelOptionsScan.scan(Arrays.copyOf(bytes, cut), "busyAfter", "(I)I");
            // a cut after the method's own attributes may still answer, and then correctly
            if (r != KernelOptionsScan.UNREADABLE) assertEquals(KernelOptionsScan.KERNEL, r, "cut at " + cut);
        }
        byte[] notAClass = bytes.clone();
        notAClass[0] = 0;
        assertEquals(KernelOptionsScan.UNREADABLE, KernelOptionsScan.scan(notAClass, "plain", "([D)D"));
    }

    private static String descriptor(Method m) {
        return java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
    }

    private static byte[] bytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName().length() > 0
                ? c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class" : null)) {
            return in.readAllBytes();
        }
    }
}
