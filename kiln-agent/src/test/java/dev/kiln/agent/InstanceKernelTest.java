package dev.kiln.agent;

import dev.kiln.Kiln;
import dev.kiln.agent.kernels.Curve;
import dev.kiln.agent.kernels.ShiftedCurve;
import dev.kiln.agent.kernels.SmoothCurve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code @Kernel} instance methods rewritten: each receiver class runs the kernel object {@code compile(receiver,
 * name)} gives, an override reached through {@code super} and a null receiver behave as Java, and every result equals
 * the plain class's on HotSpot.
 */
class InstanceKernelTest {
    private static final String CURVE = "dev/kiln/agent/kernels/Curve";
    private static final List<String> CLASSES = List.of(CURVE, "dev/kiln/agent/kernels/SmoothCurve",
            "dev/kiln/agent/kernels/ShiftedCurve");
    private static final double[] XS = {0, 1, 2.5, 4};
    private static final double[] YS = {1, -1, 3, 0.5};
    private static final double[] AT = {-1, -0.0, 0, 0.5, 1, 2, 2.5, 3.99, 4, 7, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE};

    @Test
    void theDispatcherPassesTheReceiverToAnInstanceBootstrap() throws Exception {
        KernelRewriter.Result r = KernelRewriter.rewrite(KernelRewriterTest.original(CURVE), false);
        assertEquals(List.of("dev.kiln.agent.kernels.Curve.interpolate(D)D"), r.rewritten());
        ClassModel cm = ClassFile.of().parse(r.bytes());
        MethodModel java = cm.methods().stream().filter(m -> m.methodName().equalsString("interpolate$java"))
                .findFirst().orElseThrow();
        assertTrue(Modifier.isPrivate(java.flags().flagsMask()) && !Modifier.isStatic(java.flags().flagsMask()));
        InvokeDynamicInstruction indy = cm.methods().stream().filter(m -> m.methodName().equalsString("interpolate"))
                .flatMap(m -> m.code().orElseThrow().elementStream())
                .filter(e -> e instanceof InvokeDynamicInstruction).map(e -> (InvokeDynamicInstruction) e)
                .findFirst().orElseThrow();
        assertEquals("(Ldev/kiln/agent/kernels/Curve;D)D", indy.typeSymbol().descriptorString());
        assertEquals(dev.kiln.runtime.link.KernelLinker.INSTANCE_BOOTSTRAP_NAME, indy.bootstrapMethod().methodName());
    }

    @Test
    void eachReceiverClassRunsItsOwnKernelAndAgreesWithHotSpot(@TempDir Path tmp) throws Exception {
        System.setProperty("kiln.cache.path", tmp.resolve("cache").toString());
        ClassLoader loader = new KernelRewriterTest.RewritingLoader(CLASSES);
        Class<?> curve = loader.loadClass("dev.kiln.agent.kernels.Curve");
        assertNotSame(Curve.class, curve);
        Method at = curve.getMethod("at", curve, double.class);
        Method rescale = curve.getMethod("rescale", double.class);
        long compiles = Kiln.create().stats().compiles();

        Object plain = make(curve, XS, YS, 2.0);
        Curve plainJava = new Curve(XS, YS, 2.0);
        for (double x : AT) assertSame(plainJava.interpolate(x), (double) at.invoke(null, plain, x), x);
        assertEquals(1, Kiln.create().stats().compiles() - compiles, "Curve's kernel compiled once");

        // A field changed after the first call is read at the next one: the kernel is keyed on the class, not values.
        rescale.invoke(plain, -0.5);
        plainJava.rescale(-0.5);
        for (double x : AT) assertSame(plainJava.interpolate(x), (double) at.invoke(null, plain, x), x);

        // A subclass inheriting the kernel: its own shape() runs, compiled for that receiver class.
        Object smooth = make(loader.loadClass("dev.kiln.agent.kernels.SmoothCurve"), XS, YS, 3.0);
        SmoothCurve smoothJava = new SmoothCurve(XS, YS, 3.0);
        for (double x : AT) assertSame(smoothJava.interpolate(x), (double) at.invoke(null, smooth, x), x);
        assertEquals(2, Kiln.create().stats().compiles() - compiles, "SmoothCurve has a kernel of its own");

        // An override calling super.interpolate: the inherited body runs as Java on that receiver, as it would.
        Object shifted = make(loader.loadClass("dev.kiln.agent.kernels.ShiftedCurve"), XS, YS, 1.5);
        ShiftedCurve shiftedJava = new ShiftedCurve(XS, YS, 1.5);
        for (double x : AT) assertSame(shiftedJava.interpolate(x), (double) at.invoke(null, shifted, x), x);
        assertEquals(2, Kiln.create().stats().compiles() - compiles, "nothing compiled for a super call");

        // Interleaved receivers through the one call site: the first class linked has a direct path, others do not.
        for (double x : AT) {
            assertSame(shiftedJava.interpolate(x), (double) at.invoke(null, shifted, x), x);
            assertSame(plainJava.interpolate(x), (double) at.invoke(null, plain, x), x);
            assertSame(smoothJava.interpolate(x), (double) at.invoke(null, smooth, x), x);
        }

        // Java's exceptions: a null receiver at the call, an empty curve inside the native kernel.
        NullPointerException javaNpe = assertThrows(NullPointerException.class, () -> Curve.at(null, 1));
        var npe = assertThrows(InvocationTargetException.class, () -> at.invoke(null, null, 1.0));
        assertEquals(NullPointerException.class, npe.getCause().getClass());
        assertEquals(javaNpe.getMessage(), npe.getCause().getMessage());
        Object empty = make(curve, new double[0], new double[0], 1.0);
        var e = assertThrows(InvocationTargetException.class, () -> at.invoke(null, empty, 1.0));
        var javaE = assertThrows(ArrayIndexOutOfBoundsException.class, () -> new Curve(new double[0], new double[0], 1).interpolate(1));
        assertEquals(javaE.getClass(), e.getCause().getClass());
        assertEquals(javaE.getMessage(), e.getCause().getMessage());
        assertEquals(2, Kiln.create().stats().compiles() - compiles);
    }

    private static Object make(Class<?> c, double[] xs, double[] ys, double scale) throws Exception {
        Constructor<?> k = c.getConstructor(double[].class, double[].class, double.class);
        return k.newInstance(xs.clone(), ys.clone(), scale);
    }

    /** Bit for bit: NaN payloads and the sign of zero included. */
    private static void assertSame(double java, double kiln, double x) {
        assertEquals(Double.doubleToRawLongBits(java), Double.doubleToRawLongBits(kiln), "at " + x + ": " + java + " vs " + kiln);
    }
}
