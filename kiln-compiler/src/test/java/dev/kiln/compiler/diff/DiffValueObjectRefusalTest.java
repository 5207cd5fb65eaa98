package dev.kiln.compiler.diff;

import dev.kiln.UnsupportedConstructException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Objects that escape stay refused ({@link ValueObjectRefusals}): the refusal names the class, the method, the line
 * (a {@code // @bad} marker) and exactly how the object escapes.
 */
class DiffValueObjectRefusalTest {
    static final Diff D = Diff.forClass(DiffValueObjectRefusalTest.class);
    static final Class<?> K = ValueObjectRefusals.class;
    static final String BOX = "object of class " + ValueObjectRefusals.Box.class.getName();

    static int markerLine(String marker) throws IOException {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path src = base.resolve("src/test/java/dev/kiln/compiler/diff/ValueObjectRefusals.java");
        if (!Files.exists(src)) src = base.resolve("kiln-compiler").resolve("src/test/java/dev/kiln/compiler/diff/ValueObjectRefusals.java");
        List<String> lines = Files.readAllLines(src);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).endsWith("// @bad " + marker)) return i + 1;
        throw new IllegalStateException("no marker " + marker);
    }

    static void refused(String kernel, String marker, String construct) throws IOException {
        assumeFalse(Diff.JAVA_ONLY, "refusals need the real compiler");
        Throwable t = assertThrows(Throwable.class, () -> D.compiled(K, kernel));
        UnsupportedConstructException e = assertInstanceOf(UnsupportedConstructException.class, t,
                () -> "expected a refusal of " + kernel + ", got " + t);
        assertEquals(K.getName(), e.className(), e.getMessage());
        assertEquals(kernel, e.methodName(), e.getMessage());
        assertEquals(markerLine(marker), e.line(), e.getMessage());
        assertEquals(construct, e.construct(), e.getMessage());
    }

    @Test
    void anArrayToStoreItIntoIsRefusedFirst() throws IOException {
        refused("intoArray", "array", "object array allocation");
    }

    @Test
    void storedIntoAStaticField() throws IOException {
        refused("intoStatic", "static", BOX + " escapes: stored into the static field "
                + ValueObjectRefusals.Holder.class.getName() + ".last");
    }

    @Test
    void comparedByIdentity() throws IOException {
        refused("identity", "identity", BOX + " escapes: compared by identity (if_acmpne)");
    }

    @Test
    void passedToAMethodKilnDoesNotCompile() throws IOException {
        refused("hashed", "hash", BOX + " escapes: passed to code Kiln does not compile (invokevirtual of"
                + " java.lang.Object.hashCode()I)");
        refused("passedToJdk", "jdk", BOX + " escapes: passed to code Kiln does not compile (invokestatic of"
                + " java.util.Objects.hashCode(Ljava/lang/Object;)I)");
    }

    @Test
    void stringConcatenation() throws IOException {
        // javac turns an object into its string before the concatenation (String.valueOf), as Java 19 on specifies
        refused("concatenated", "concat", BOX + " escapes: passed to code Kiln does not compile (invokestatic of"
                + " java.lang.String.valueOf(Ljava/lang/Object;)Ljava/lang/String;)");
    }

    @Test
    void differentObjectsOfAMutableClassMerge() throws IOException {
        refused("mutableMerge", "merge", BOX + " and another object of its class at a merge (only constructed"
                + " objects of a class whose fields are all final merge field by field)");
    }

    @Test
    void objectOrNullMerge() throws IOException {
        refused("maybeNull", "null", "object of class " + ValueObjectRefusals.Box.class.getName()
                + " or null at a merge (a reference that may be null is not replaced by fields)");
    }

    @Test
    void classWithAStaticInitialiser() throws IOException {
        String c = ValueObjectRefusals.WithStatic.class.getName();
        refused("staticInitialiser", "clinit", "object allocation (new " + c + ": " + c
                + " has a static initialiser that does more than compute its own constants (invokestatic"
                + " java.lang.System.nanoTime()J), which Java runs at the first allocation)");
    }

    @Test
    void classWithAnObjectField() throws IOException {
        refused("objectField", "objectField", "object allocation (new " + ValueObjectRefusals.Linked.class.getName()
                + ": its field next is of type " + ValueObjectRefusals.Linked.class.getName() + "; objects"
                + " are replaced by their fields when these are primitives or arrays of them)");
    }

    @Test
    void returnedFromTheKernel() {
        assumeFalse(Diff.JAVA_ONLY, "refusals need the real compiler");
        Throwable t = assertThrows(Throwable.class, () -> D.compiled(K, "returned"));
        UnsupportedConstructException e = assertInstanceOf(UnsupportedConstructException.class, t);
        assertEquals("method returning L" + ValueObjectRefusals.Box.class.getName().replace('.', '/')
                + "; (kernels return primitives, primitive arrays or void)", e.construct(), e.getMessage());
    }
}
