package dev.kiln.runtime.bind;

import dev.kiln.model.KernelObjects;
import dev.kiln.model.MethodRef;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Java face of a kernel object, with a stand-in for the native kernel: fields reach it after the arguments, read
 * at each call; a receiver of another class runs the Java method; a null receiver throws HotSpot's text.
 */
class ReceiverBinderTest {
    static class Scaler {
        double factor;
        long[] seen;

        Scaler(double factor, long[] seen) {
            this.factor = factor;
            this.seen = seen;
        }

        double apply(double x, int k) {
            return x * factor + k;
        }
    }

    static final class Doubler extends Scaler {
        Doubler() {
            super(2, null);
        }

        @Override
        double apply(double x, int k) {
            return -1;
        }
    }

    /** Stands in for the native kernel: (x, k, factor, seen) → a value that says what it got. */
    static double nativeSide(double x, int k, double factor, long[] seen) {
        seen[0]++;
        return 1000 + x * factor + k;
    }

    static MethodHandle bound(Class<?> receiver) throws ReflectiveOperationException {
        MethodHandle fake = MethodHandles.lookup().findStatic(ReceiverBinderTest.class, "nativeSide",
                MethodType.methodType(double.class, double.class, int.class, double.class, long[].class));
        String owner = Scaler.class.getName().replace('.', '/');
        List<KernelObjects.Field> fields = List.of(new KernelObjects.Field(owner, "factor", "D"),
                new KernelObjects.Field(owner, "seen", "[J"));
        return ReceiverBinder.bind(fake, fields, receiver, new MethodRef(owner, "apply", "(DI)D"));
    }

    @Test
    void fieldsAreReadAtEachCallAndPassedAfterTheArguments() throws Throwable {
        MethodHandle h = bound(Scaler.class);
        assertEquals(MethodType.methodType(double.class, Scaler.class, double.class, int.class), h.type());
        long[] seen = new long[1];
        Scaler s = new Scaler(3, seen);
        assertEquals(1000 + 6 + 1, (double) h.invokeExact(s, 2.0, 1));
        s.factor = 5;
        long[] other = new long[1];
        s.seen = other;
        assertEquals(1000 + 10 + 1, (double) h.invokeExact(s, 2.0, 1));
        assertEquals(1, seen[0]);
        assertEquals(1, other[0]);
    }

    @Test
    void aReceiverOfAnotherClassRunsTheJavaMethod() throws Throwable {
        MethodHandle h = bound(Scaler.class);
        assertEquals(-1.0, (double) h.invokeExact((Scaler) new Doubler(), 2.0, 1));
    }

    @Test
    void nullReceiverThrowsHotSpotsText() throws Throwable {
        MethodHandle h = bound(Scaler.class);
        NullPointerException e = assertThrows(NullPointerException.class, () -> {
            double ignored = (double) h.invokeExact((Scaler) null, 2.0, 1);
        });
        assertEquals("Cannot invoke \"" + Scaler.class.getName() + ".apply(double, int)\"", e.getMessage());
    }

    @Test
    void abiOfAKernelObjectIsAcceptedAndOthersAreNot() {
        String identity = "p.C.apply(DI)D";
        assertEquals(true, KernelObjects.abiMatches(identity, "(DI[DZJ[I)D"));
        assertEquals(false, KernelObjects.abiMatches(identity, "(DI[Z)D"));
        assertEquals(true, KernelObjects.abiMatches(identity, "(DI[[D[[[J)D")); // static tables of arrays
        assertEquals(false, KernelObjects.abiMatches(identity, "(DI[[Z)D"));
        assertEquals(false, KernelObjects.abiMatches(identity, "(DI[[)D"));
        assertEquals(false, KernelObjects.abiMatches(identity, "(DI[Ljava/lang/Object;)D"));
        assertEquals(false, KernelObjects.abiMatches(identity, "(D)D"));
    }
}
