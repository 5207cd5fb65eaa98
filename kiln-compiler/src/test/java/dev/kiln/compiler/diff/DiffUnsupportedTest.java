package dev.kiln.compiler.diff;

import dev.kiln.UnsupportedConstructException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.LineNumber;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Kernels that allocate, use a String, call a virtual or unknown JDK method, read or write a non-constant static
 * field, catch, throw or synchronize are refused at compile time with an {@link UnsupportedConstructException} that
 * names the class, method, real source line, bytecode offset and construct, and the call path when the construct is in
 * a callee. A refusal never crashes and leaves the Kiln instance usable.
 */
class DiffUnsupportedTest {
    static final Diff D = Diff.forClass(DiffUnsupportedTest.class);
    static final Class<?> K = UnsupportedKernels.class;

    // ---- where things are, from the source (markers) and the class file (offsets)

    static List<String> sourceLines() throws IOException {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path src = base.resolve("src/test/java/dev/kiln/compiler/diff/UnsupportedKernels.java");
        if (!Files.exists(src)) src = base.resolve("kiln-compiler").resolve("src/test/java/dev/kiln/compiler/diff/UnsupportedKernels.java");
        return Files.readAllLines(src);
    }

    static int markerLine(String marker) throws IOException {
        List<String> lines = sourceLines();
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// @bad " + marker)) {
                if (found >= 0) throw new IllegalStateException("marker twice: " + marker);
                found = i + 1;
            }
        }
        if (found < 0) throw new IllegalStateException("no marker " + marker);
        return found;
    }

    /** bci to line, and the offsets of instructions matching {@code bad}, of one method. */
    record Code(TreeMap<Integer, Integer> lines, List<Integer> badBcis, List<int[]> handlers) {
        int lineAt(int bci) {
            var e = lines.floorEntry(bci);
            return e == null ? -1 : e.getValue();
        }
    }

    static Code code(Class<?> owner, String method, Predicate<Instruction> bad) throws IOException {
        ClassModel cm;
        try (InputStream in = owner.getResourceAsStream(owner.getSimpleName() + ".class")) {
            cm = ClassFile.of().parse(in.readAllBytes());
        }
        MethodModel mm = cm.methods().stream().filter(m -> m.methodName().equalsString(method)).findFirst()
                .orElseThrow();
        CodeAttribute ca = (CodeAttribute) mm.code().orElseThrow();
        TreeMap<Integer, Integer> lines = new TreeMap<>();
        List<Integer> badBcis = new ArrayList<>();
        List<int[]> handlers = new ArrayList<>();
        int pos = 0;
        for (CodeElement e : ca) {
            if (e instanceof LineNumber ln) {
                lines.put(pos, ln.line());
            } else if (e instanceof Instruction ins) {
                if (bad.test(ins)) badBcis.add(pos);
                pos += ins.sizeInBytes();
            } else if (e instanceof ExceptionCatch ec) {
                handlers.add(new int[] {ca.labelToBci(ec.tryStart()), ca.labelToBci(ec.handler())});
            }
        }
        return new Code(lines, badBcis, handlers);
    }

    static Predicate<Instruction> op(Opcode... ops) {
        Set<Opcode> s = Set.of(ops);
        return i -> s.contains(i.opcode());
    }

    static UnsupportedConstructException refused(Class<?> owner, String kernel) {
        assumeFalse(Diff.JAVA_ONLY, "refusals need the real compiler");
        Throwable t = assertThrows(Throwable.class, () -> D.compiled(owner, kernel));
        return assertInstanceOf(UnsupportedConstructException.class, t,
                () -> "expected a refusal of " + kernel + ", got " + t);
    }

    /** The refusal names {@code owner.method}, the marker's line, the first matching instruction, the construct. */
    static UnsupportedConstructException checkRefusal(Class<?> kernelOwner, String kernel, Class<?> badOwner,
                                                      String badMethod, String marker, Predicate<Instruction> bad,
                                                      String constructPattern) throws IOException {
        // Where the construct is, from the source marker and the class file; these must agree before Kiln is asked.
        int line = markerLine(marker);
        Code code = code(badOwner, badMethod, bad);
        assertTrue(!code.badBcis().isEmpty(), "test bug: no such instruction in " + badMethod);
        int bci = code.badBcis().getFirst();
        assertEquals(line, code.lineAt(bci), "test bug: marker and class file disagree");
        UnsupportedConstructException e = refused(kernelOwner, kernel);
        String msg = e.getMessage();
        assertEquals(badOwner.getName(), e.className(), msg);
        assertEquals(badMethod, e.methodName(), msg);
        assertEquals(line, e.line(), msg);
        assertEquals(bci, e.bci(), msg);
        assertTrue(e.construct().matches("(?is).*(" + constructPattern + ").*"),
                "construct '" + e.construct() + "' should match /" + constructPattern + "/; " + msg);
        return e;
    }

    @Test
    void stringConstant() throws IOException {
        // A string constant is fine in an exception message; any other use of the string is refused where it happens.
        checkRefusal(K, "usesString", K, "usesString", "usesString", op(Opcode.INVOKEVIRTUAL), "String.length");
    }

    @Test
    void stringConcatenation() throws IOException {
        checkRefusal(K, "concat", K, "concat", "concat", op(Opcode.INVOKEVIRTUAL), "String.length");
    }

    @Test
    void virtualCall() throws IOException {
        checkRefusal(K, "virtualCall", K, "virtualCall", "virtualCall", op(Opcode.INVOKEVIRTUAL),
                "virtual|hashCode");
    }

    @Test
    void nonConstantStaticFieldRead() throws IOException {
        checkRefusal(K, "readsStaticField", K, "readsStaticField", "readsStaticField", op(Opcode.GETSTATIC),
                "static|field|counter");
    }

    @Test
    void mutableStaticFieldRead() throws IOException {
        // not final: its value may change between calls (a computed static final compiles: DiffComputedConstantsTest)
        checkRefusal(K, "readsComputedFinal", K, "readsComputedFinal", "readsComputedFinal", op(Opcode.GETSTATIC),
                "static|field|COMPUTED");
    }

    @Test
    void staticFieldWrite() throws IOException {
        checkRefusal(K, "writesStaticField", K, "writesStaticField", "writesStaticField", op(Opcode.PUTSTATIC),
                "static|field|counter");
    }

    @Test
    void throwStatement() throws IOException {
        checkRefusal(K, "throwsNull", K, "throwsNull", "throwsNull", op(Opcode.ATHROW), "throw");
    }

    @Test
    void arrayInAMessage() throws IOException {
        // javac passes an array through String.valueOf(Object) before concatenating: refused there.
        checkRefusal(K, "arrayInMessage", K, "arrayInMessage", "arrayInMessage", op(Opcode.INVOKESTATIC),
                "String.valueOf with a int\\[\\] operand");
    }

    @Test
    void exceptionKeptInALocalAcrossABranch() throws IOException {
        UnsupportedConstructException e = refused(K, "exceptionStoredAcrossBranch");
        assertTrue(e.construct().matches("(?is).*RuntimeException.*"), e.getMessage());
    }

    @Test
    void unknownJdkMethod() throws IOException {
        checkRefusal(K, "unknownJdkCall", K, "unknownJdkCall", "unknownJdkCall", op(Opcode.INVOKESTATIC),
                "nanoTime|System");
    }

    @Test
    void tryCatch() throws IOException {
        Code code = code(K, "tryCatch", i -> false);
        assertEquals(1, code.handlers().size());
        int tryStart = code.handlers().getFirst()[0];
        int handler = code.handlers().getFirst()[1];
        assertEquals(markerLine("tryCatch.try"), code.lineAt(tryStart), "test bug");
        assertEquals(markerLine("tryCatch.catch"), code.lineAt(handler), "test bug");
        UnsupportedConstructException e = refused(K, "tryCatch");
        String msg = e.getMessage();
        assertEquals(K.getName(), e.className(), msg);
        assertEquals("tryCatch", e.methodName(), msg);
        assertTrue(e.construct().matches("(?is).*(exception|try|catch|handler).*"), msg);
        // Either the protected range's start or the handler is a fair place to point at; line and bci must agree.
        if (e.bci() == tryStart) {
            assertEquals(markerLine("tryCatch.try"), e.line(), msg);
        } else if (e.bci() == handler) {
            assertEquals(markerLine("tryCatch.catch"), e.line(), msg);
        } else {
            fail("bci " + e.bci() + " is neither the try start " + tryStart + " nor the handler " + handler + ": " + msg);
        }
    }

    @Test
    void inCalleeTwoCallsDown() throws IOException {
        UnsupportedConstructException e = checkRefusal(K, "deep", DeepLeaf.class, "leaf", "leaf", op(Opcode.NEW),
                "alloc|new");
        assertEquals(List.of("UnsupportedKernels.deep(I)I", "DeepMid.mid(I)I", "DeepLeaf.leaf(I)I"), e.callPath());
        assertTrue(e.getMessage().contains("UnsupportedKernels.deep(I)I -> DeepMid.mid(I)I -> DeepLeaf.leaf(I)I"),
                e.getMessage());
    }

    @Test
    void directRefusalHasOneElementCallPath() throws IOException {
        UnsupportedConstructException e = refused(K, "allocates");
        assertEquals(List.of("UnsupportedKernels.allocates(I)I"), e.callPath());
    }

    @Test
    void unsupportedParameterTypes() {
        assumeFalse(Diff.JAVA_ONLY, "refusals need the real compiler");
        for (String k : List.of("objectArrayParam", "stringMatrixParam")) Diff.refusal(() -> D.compiled(K, k));
    }

    @Test
    void stillUsableAfterRefusals() throws Throwable {
        assumeFalse(Diff.JAVA_ONLY, "refusals need the real compiler");
        for (String k : List.of("allocates", "usesString", "throwsNull", "deep")) {
            Diff.refusal(() -> D.compiled(K, k));
        }
        // A fresh compile through the same Kiln after the refusals.
        MethodHandle h = D.kiln().compile(TwinB.class, "twin");
        assertEquals(300, (int) h.invokeExact(3));
    }
}
