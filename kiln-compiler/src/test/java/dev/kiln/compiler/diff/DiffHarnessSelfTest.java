package dev.kiln.compiler.diff;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness itself, without any compiler: it must see every difference that matters and only those. */
class DiffHarnessSelfTest {
    static double negZeroIfZero(double x) { return x == 0 ? -0.0 : x; }
    static double identity(double x) { return x; }
    static double otherNaN(double x) { return Double.isNaN(x) ? Double.longBitsToDouble(0x7ff0_0000_0000_0001L) : x; }
    static int divide(int a, int b) { return a / b; }
    static int divideWrongMessage(int a, int b) {
        if (b == 0) throw new ArithmeticException("division by zero");
        return a / b;
    }
    static void writeFirst(int[] a) { a[0] = 1; }
    static void writeNothing(int[] a) { }
    static int noThrow(int[] a) { return 0; }
    static int throwNpe(int[] a) { return a[0]; }
    static void writeBoth(int[] a, int[] b) { a[0] = 1; b[0] += 1; }

    static MethodHandle h(String name) throws ReflectiveOperationException {
        for (var m : DiffHarnessSelfTest.class.getDeclaredMethods()) {
            if (m.getName().equals(name)) return MethodHandles.lookup().unreflect(m);
        }
        throw new NoSuchMethodException(name);
    }

    @Test
    void nanPayloadsAreEqualButSignedZerosAreNot() throws Exception {
        assertNull(Diff.compare(h("identity"), h("otherNaN"), new Object[] {Double.NaN}));
        assertNull(Diff.compare(h("identity"), h("identity"), new Object[] {-0.0}));
        String d = Diff.compare(h("identity"), h("negZeroIfZero"), new Object[] {0.0});
        assertNotNull(d);
        assertTrue(d.contains("-0.0"), d);
        assertTrue(Diff.same(new float[] {Float.NaN}, new float[] {Float.intBitsToFloat(0xffc0_0001)}));
        assertFalse(Diff.same(new float[] {0.0f}, new float[] {-0.0f}));
        assertFalse(Diff.same(1, 1L));
        assertFalse(Diff.same(new int[1], new int[2]));
    }

    @Test
    void kilnsOwnFaultIsNeverTakenForARefusal() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Diff.refusal(() -> { throw new dev.kiln.KilnInternalException("internal error: invalid IR"); }));
        assertTrue(e.getMessage().contains("Kiln's own fault"), e.getMessage());
        assertThrows(AssertionError.class, () -> Diff.refusal(() -> { }));
        assertThrows(AssertionError.class, () -> Diff.refusal(() -> { throw new IllegalStateException(); }));
        assertEquals("no", Diff.refusal(() -> { throw new dev.kiln.KilnException("no"); }).getMessage());
    }

    @Test
    void exceptionsCompareByTypeAndMessage() throws Exception {
        assertNull(Diff.compare(h("divide"), h("divide"), new Object[] {1, 0}));
        String d = Diff.compare(h("divide"), h("divideWrongMessage"), new Object[] {1, 0});
        assertNotNull(d);
        assertTrue(d.contains("/ by zero") && d.contains("division by zero"), d);
        assertNotNull(Diff.compare(h("throwNpe"), h("noThrow"), new Object[] {null}));
        assertNotNull(Diff.compare(h("noThrow"), h("throwNpe"), new Object[] {null}));
    }

    @Test
    void writtenArraysAreCompared() throws Exception {
        String d = Diff.compare(h("writeFirst"), h("writeNothing"), new Object[] {new int[] {0}});
        assertNotNull(d);
        assertTrue(d.contains("argument 0"), d);
    }

    @Test
    void inputsAreCopiedPerSideAndAliasingKept() throws Exception {
        int[] a = {5};
        assertNull(Diff.compare(h("writeFirst"), h("writeFirst"), new Object[] {a}));
        assertEquals(5, a[0], "the caller's array must not be written");
        Object[] copy = Diff.deepCopy(new Object[] {a, a, new int[] {5}});
        assertTrue(copy[0] == copy[1] && copy[0] != a && copy[2] != copy[0]);
        // Aliasing changes the result (a[0] = 1 then b[0] += 1 gives 2), and both sides see the alias.
        Diff.Outcome o = Diff.run(h("writeBoth"), new Object[] {a, a});
        assertEquals(2, ((int[]) o.argsAfter()[0])[0]);
    }

    @Test
    void fastThrowIsDetected() {
        NullPointerException npe = new NullPointerException();
        npe.setStackTrace(new StackTraceElement[0]);
        assertTrue(Diff.isOmittedFastThrow(npe));
        assertFalse(Diff.isOmittedFastThrow(new NullPointerException("x")));
    }

    @Test
    void stackOverflowComparesByTypeOnly() {
        assertTrue(Diff.sameThrowable(new StackOverflowError(), new StackOverflowError("kernel recursion deeper than 1")));
        assertFalse(Diff.sameThrowable(new ArithmeticException("a"), new ArithmeticException("b")));
    }

    @Test
    void formatShowsBits() {
        assertEquals("-0.0[0x8000000000000000]", Diff.format(-0.0));
        assertEquals("'\\uffff'", Diff.format('\uffff'));
        assertEquals("int[]{1, 2}", Diff.format(new int[] {1, 2}));
        assertEquals(MethodType.methodType(int.class, int.class, int.class), MethodType.methodType(int.class, int.class, int.class));
    }
}
