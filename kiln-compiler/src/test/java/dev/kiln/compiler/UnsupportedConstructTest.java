package dev.kiln.compiler;

import dev.kiln.CompileOptions;
import dev.kiln.UnsupportedConstructException;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Everything outside Kiln's subset is refused at compile time, with where and why. */
class UnsupportedConstructTest {
    static UnsupportedConstructException refuse(String kernel) {
        KernelGraph g = KernelGraph.of(UnsupportedKernels.class, kernel, null);
        return assertThrows(UnsupportedConstructException.class,
                () -> KernelLowering.lower(g, CompileOptions.DEFAULT, "kiln_test"));
    }

    /** The source line holding {@code marker}, read from the test source so the assertions follow edits. */
    static int lineOf(String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/kiln/compiler/UnsupportedKernels.java"));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains("// " + marker)) return i + 1;
        throw new AssertionError("no marker " + marker);
    }

    @Test
    void arrayAllocationNamesLineAndBci() throws IOException {
        var e = refuse("allocates");
        assertEquals("dev.kiln.compiler.UnsupportedKernels", e.className());
        assertEquals("allocates", e.methodName());
        assertEquals("object array allocation", e.construct());
        assertEquals(lineOf("allocates"), e.line());
        assertEquals(1, e.bci()); // after iload_0
        assertEquals(List.of("UnsupportedKernels.allocates(I)I"), e.callPath());
    }

    @Test
    void callPathLeadsToTheHelper() throws IOException {
        var e = refuse("viaHelper");
        assertEquals("helper", e.methodName());
        assertEquals("object allocation (new java.lang.Object)", e.construct());
        assertEquals(lineOf("helper allocates"), e.line());
        assertEquals(List.of("UnsupportedKernels.viaHelper(I)I", "UnsupportedKernels.helper(I)I"), e.callPath());
        assertTrue(e.getMessage().contains("call path: UnsupportedKernels.viaHelper(I)I -> UnsupportedKernels.helper(I)I"),
                e.getMessage());
    }

    static void assertStarts(String prefix, String actual) {
        assertTrue(actual.startsWith(prefix), actual);
    }

    @Test
    void everyOtherConstruct() {
        assertEquals("exception handler (try/catch/finally)", refuse("catches").construct());
        assertEquals("static field read of dev.kiln.compiler.UnsupportedKernels.counter (only static final primitive constants)", refuse("readsMutableStatic").construct());
        assertStarts("call to JDK method java.lang.System.nanoTime()", refuse("unknownJdkCall").construct());
        // Concatenation is followed (for exception messages); using the string otherwise is refused where it happens.
        assertStarts("invokevirtual of java.lang.String.length()I", refuse("concatenates").construct());
        assertStarts("exception constructor java.lang.IllegalArgumentException(Ljava/lang/String;Ljava/lang/Throwable;)V",
                refuse("throwsItself").construct());
        assertStarts("parameter of type Object[][]", refuse("objectMatrix").construct());
    }
}
