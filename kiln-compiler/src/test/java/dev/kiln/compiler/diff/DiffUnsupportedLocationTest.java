package dev.kiln.compiler.diff;

import dev.kiln.UnsupportedConstructException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.classfile.Opcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refusals whose location is easy to get wrong: an allocation whose object later reaches a control-flow merge (must
 * be named at the {@code new}), a synchronized block (the {@code monitorenter}, not the exception handler javac adds
 * one instruction later), a synchronized method (with the line of its first instruction).
 */
class DiffUnsupportedLocationTest {
    static final Class<?> K = UnsupportedKernels.class;

    @Test
    void objectAllocation() throws IOException {
        DiffUnsupportedTest.checkRefusal(K, "allocates", K, "allocates", "allocates", DiffUnsupportedTest.op(Opcode.NEW), "alloc|new");
    }

    @Test
    void synchronizedBlock() throws IOException {
        DiffUnsupportedTest.checkRefusal(K, "synchronizedBlock", K, "synchronizedBlock", "synchronizedBlock", DiffUnsupportedTest.op(Opcode.MONITORENTER),
                "monitor|synchron");
    }

    @Test
    void synchronizedMethod() throws IOException {
        assertEquals(DiffUnsupportedTest.markerLine("synchronizedMethod"), DiffUnsupportedTest.code(K, "synchronizedMethod", i -> false).lineAt(0), "test bug");
        UnsupportedConstructException e = DiffUnsupportedTest.refused(K, "synchronizedMethod");
        String msg = e.getMessage();
        assertEquals(K.getName(), e.className(), msg);
        assertEquals("synchronizedMethod", e.methodName(), msg);
        assertTrue(e.construct().matches("(?is).*synchron.*"), msg);
        assertEquals(0, e.bci(), msg);
        assertEquals(DiffUnsupportedTest.markerLine("synchronizedMethod"), e.line(), msg);
    }

}
