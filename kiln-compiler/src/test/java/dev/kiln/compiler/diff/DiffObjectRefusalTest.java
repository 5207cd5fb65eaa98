package dev.kiln.compiler.diff;

import dev.kiln.KilnException;
import dev.kiln.UnsupportedConstructException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * What a kernel object may not do ({@link ObjectRefusals}) is refused when compiling, naming the class, method,
 * source line and construct (and the call path from the kernel); the Kiln instance stays usable.
 */
class DiffObjectRefusalTest {
    static final Diff D = Diff.forClass(DiffObjectRefusalTest.class);
    static final ObjectDiff O = new ObjectDiff(D);

    static int markerLine(String marker) throws IOException {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path src = base.resolve("src/test/java/dev/kiln/compiler/diff/ObjectRefusals.java");
        if (!Files.exists(src)) src = base.resolve("kiln-compiler").resolve("src/test/java/dev/kiln/compiler/diff/ObjectRefusals.java");
        List<String> lines = Files.readAllLines(src);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).endsWith("// @bad " + marker)) return i + 1;
        throw new IllegalStateException("no marker " + marker);
    }

    static UnsupportedConstructException refused(Class<?> cls, String kernel, String method, String marker,
                                                 String constructPattern) throws IOException {
        assumeFalse(Diff.JAVA_ONLY, "refusals need the real compiler");
        Throwable t = assertThrows(Throwable.class, () -> O.compiled(cls, kernel));
        UnsupportedConstructException e = assertInstanceOf(UnsupportedConstructException.class, t,
                () -> "expected a refusal of " + kernel + ", got " + t);
        String msg = e.getMessage();
        assertEquals(cls.getName(), e.className(), msg);
        assertEquals(method, e.methodName(), msg);
        assertEquals(markerLine(marker), e.line(), msg);
        assertTrue(e.construct().matches("(?is).*(" + constructPattern + ").*"),
                "construct '" + e.construct() + "' should match /" + constructPattern + "/; " + msg);
        return e;
    }

    @Test
    void writingAPrimitiveFieldOfThis() throws IOException {
        refused(ObjectRefusals.Counter.class, "sum", "sum", "counterWrite",
                "write to the field .*Counter\\.total of this \\(putfield");
    }

    @Test
    void writeInAnInstanceCalleeNamesTheCallPath() throws IOException {
        UnsupportedConstructException e = refused(ObjectRefusals.Deep.class, "outer", "inner", "deepWrite",
                "write to the field .*Deep\\.n of this");
        assertEquals(2, e.callPath().size(), e.getMessage());
        assertTrue(e.callPath().get(0).contains("outer") && e.callPath().get(1).contains("inner"), e.getMessage());
    }

    @Test
    void readingAnObjectField() throws IOException {
        refused(ObjectRefusals.Chain.class, "total", "total", "chainNext",
                "read of the field .*Chain\\.next of type .*Chain");
    }

    @Test
    void thisEscapingIntoACall() throws IOException {
        refused(ObjectRefusals.Escapes.class, "twice", "twice", "escapes", "this passed to .*Escapes\\.helper");
    }

    @Test
    void callOnThisOfAMethodOfObject() throws IOException {
        refused(ObjectRefusals.HashesItself.class, "hashed", "hashed", "hashCode",
                "invokevirtual of java\\.lang\\.Object\\.hashCode\\(\\)I on this");
    }

    @Test
    void comparingThis() throws IOException {
        refused(ObjectRefusals.ComparesItself.class, "isSet", "isSet", "compares", "comparison of this \\(if(non)?null\\)");
    }

    @Test
    void thisInAMessage() throws IOException {
        refused(ObjectRefusals.Describes.class, "check", "check", "describes", "this passed to java\\.lang\\.String\\.valueOf|this in a string concatenation");
    }

    @Test
    void fieldTypesAKernelCannotTake() throws IOException {
        refused(ObjectRefusals.Flags.class, "count", "count", "booleanArray", "field .*Flags\\.on of type boolean\\[\\]");
        refused(ObjectRefusals.Flags.class, "first", "first", "matrixField", "field .*Flags\\.table of type double\\[\\]\\[\\]");
    }

    @Test
    void staticMethodThroughTheObjectFormAndAMissingMethod() {
        assumeFalse(Diff.JAVA_ONLY);
        KilnException e = Diff.refusal(() -> D.kiln().compile(new ObjectRefusals.Escapes(1), "helper"));
        assertTrue(e.getMessage().contains("Escapes.helper is static"), e.getMessage());
        e = Diff.refusal(() -> D.kiln().compile(new ObjectRefusals.Escapes(1), "nothing"));
        assertTrue(e.getMessage().contains("no method"), e.getMessage());
        // The instance stays usable after refusals.
        O.checkAll(ObjectKernels.Pure.class, "hypot2", List.of(ObjectKernels.Pure::new),
                Diff.product(List.of(1.0, -0.0), List.of(2.0)));
    }
}
