package dev.kiln.compiler;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The two helpful-NPE naming differences differential fuzzing found (issue 9, item 7), checked against HotSpot on
 * class files without debug info: a parameter written only on a loop's back edge, and slots above 63.
 */
class HelpfulNpeNamingTest {
    static Class<?> stripped() throws ClassNotFoundException {
        return new HelpfulNpeWithoutDebugInfoTest.StrippedLoader(NpeNamingKernels.class)
                .loadClass(NpeNamingKernels.class.getName());
    }

    @Test
    void backEdgeWritesDoNotCount() throws Exception {
        Class<?> k = stripped();
        assertEquals("Cannot load from int array because \"<parameter1>\" is null",
                FrontEndEndToEndTest.same(k, "backEdgeWrite", new int[1], null, 1).message());
        assertEquals("Cannot load from int array because \"<parameter1>\" is null",
                FrontEndEndToEndTest.same(k, "backEdgeWrite", null, new int[1], 0).message());
        assertEquals("Cannot load from int array because \"<local0>\" is null",
                FrontEndEndToEndTest.same(k, "forwardWrite", new int[1], null, 1).message());
        // The name is per instruction, not per path: written on some forward path is "<local0>" even if not taken.
        assertEquals("Cannot load from int array because \"<local0>\" is null",
                FrontEndEndToEndTest.same(k, "forwardWrite", null, new int[1], 0).message());
        FrontEndEndToEndTest.same(k, "writeThenReadInLoop", new int[1], null, 3);
        FrontEndEndToEndTest.same(k, "writeThenReadInLoop", null, null, 3);
    }

    @Test
    void slotsAbove63CountAsWritten() throws Exception {
        Class<?> k = stripped();
        Object[] args = new Object[33];
        for (int i = 0; i < 32; i++) args[i] = (long) i;
        args[32] = null;
        assertEquals("Cannot read the array length because \"<local64>\" is null",
                FrontEndEndToEndTest.same(k, "slot64", args).message());
        Object[] args63 = new Object[33];
        for (int i = 0; i < 31; i++) args63[i] = (long) i;
        args63[31] = 5;
        args63[32] = null;
        assertEquals("Cannot read the array length because \"<parameter33>\" is null",
                FrontEndEndToEndTest.same(k, "slot63", args63).message());
    }
}
