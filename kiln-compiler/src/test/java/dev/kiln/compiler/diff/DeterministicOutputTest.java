package dev.kiln.compiler.diff;

import dev.kiln.CompileOptions;
import dev.kiln.KilnException;
import dev.kiln.Target;
import dev.kiln.UnsupportedConstructException;
import dev.kiln.compiler.KernelLowering;
import dev.kiln.compiler.KilnCompiler;
import dev.kiln.model.KernelGraph;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The same kernel gives the same LLVM IR text, and the same shared library, every time it is compiled: in one JVM
 * (where identity hash codes differ from one compile to the next) and in another JVM. A cache keyed by content relies
 * on it, and an order that depends on hashing can pick a different, wrong, value for a merge.
 */
class DeterministicOutputTest {
    /** Kernel classes whose every compilable declared method is lowered; refused ones are skipped. */
    private static final List<Class<?>> KERNEL_CLASSES = List.of(ObjectWriteKernels.class, ObjectKernels.class,
            ControlKernels.class, ThrowKernels.class, ArrayKernels.class, TableKernels.class, ComputedConstants.class,
            TrickyKernels.class, CallKernels.class, AssertKernels.class, IntrinsicKernels.class);
    private static final int ROUNDS = 6;

    /** Every declared method of the kernel classes and their nested classes, by a name unique per method. */
    static Map<String, KernelGraph> graphs() {
        Map<String, KernelGraph> out = new LinkedHashMap<>();
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> k : KERNEL_CLASSES) {
            classes.add(k);
            classes.addAll(Arrays.asList(k.getDeclaredClasses()));
        }
        for (Class<?> c : classes) {
            Method[] methods = c.getDeclaredMethods();
            Arrays.sort(methods, (a, b) -> a.toString().compareTo(b.toString()));
            for (Method m : methods) {
                if (m.isSynthetic() || Modifier.isAbstract(m.getModifiers()) || c.isInterface()) continue;
                String desc = m.toString();
                try {
                    KernelGraph g = Modifier.isStatic(m.getModifiers())
                            ? KernelGraph.of(c, m.getName(), java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes()))
                            : KernelGraph.ofInstance(c.getClassLoader(), c.getName().replace('.', '/'), m.getName(),
                                    java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString());
                    out.put(desc, g);
                } catch (KilnException e) {
                    // not a kernel (an object parameter, a refused call graph): nothing to compare
                }
            }
        }
        return out;
    }

    /** The LLVM IR text of each kernel that lowers; refused ones map to their refusal. */
    static Map<String, String> irTexts(Map<String, KernelGraph> graphs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : graphs.entrySet()) {
            String text;
            try {
                text = KernelLowering.lower(e.getValue(), CompileOptions.DEFAULT, "kernel").llvmIr();
            } catch (UnsupportedConstructException refused) {
                text = "refused: " + refused.getMessage();
            }
            out.put(e.getKey(), text);
        }
        return out;
    }

    @Test
    void sameIrTextOnEveryCompileInOneJvm() {
        Map<String, KernelGraph> graphs = graphs();
        Map<String, String> first = irTexts(graphs);
        long lowered = first.values().stream().filter(t -> !t.startsWith("refused: ")).count();
        assertTrue(lowered >= 150, "only " + lowered + " kernels lowered");
        assertTrue(first.containsKey(kernel(ObjectWriteKernels.Rotor.class, "stepReload")), first.keySet()::toString);
        for (int round = 1; round < ROUNDS; round++) {
            // Fresh graphs too: class models and their hash codes are new objects each time.
            Map<String, String> again = irTexts(graphs());
            for (var e : first.entrySet()) {
                assertEquals(e.getValue(), again.get(e.getKey()), "LLVM IR of " + e.getKey() + " in round " + round);
            }
        }
    }

    @Test
    void sameIrTextInAnotherJvm() throws IOException, InterruptedException {
        Map<String, String> here = digests(irTexts(graphs()));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Assertion status is an input (it decides $assertionsDisabled): the child gets this JVM's.
        String assertions = AssertKernels.class.desiredAssertionStatus() ? "-ea" : "-da";
        Process p = new ProcessBuilder(java.toString(), assertions, "-cp", System.getProperty("java.class.path"),
                DeterministicOutputTest.class.getName() + "$Child").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        Map<String, String> there = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int last = line.lastIndexOf('\t');
            if (line.startsWith("IR\t")) there.put(line.substring(3, last), line.substring(last + 1));
        }
        assertEquals(here.keySet(), there.keySet());
        for (var e : here.entrySet()) assertEquals(e.getValue(), there.get(e.getKey()), "LLVM IR of " + e.getKey());
    }

    @Test
    void sameLibraryBytesOnEveryCompile() {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        KilnCompiler compiler = new KilnCompiler();
        compiler.prepare();
        Target target = Target.level("x86-64-v2");
        for (String name : List.of("step", "stepReload", "steps")) {
            KernelGraph g = KernelGraph.ofInstance(ObjectWriteKernels.Rotor.class.getClassLoader(),
                    ObjectWriteKernels.Rotor.class.getName().replace('.', '/'), name, name.equals("steps") ? "(I)I" : "()I");
            byte[] first = compiler.compile(g, CompileOptions.DEFAULT, target, "kernel").library();
            for (int round = 1; round < 3; round++) {
                byte[] again = compiler.compile(g, CompileOptions.DEFAULT, target, "kernel").library();
                assertArrayEquals(first, again, "library of Rotor." + name + " in round " + round);
            }
        }
    }

    private static String kernel(Class<?> c, String name) {
        for (Method m : c.getDeclaredMethods()) if (m.getName().equals(name)) return m.toString();
        throw new IllegalArgumentException(name);
    }

    static Map<String, String> digests(Map<String, String> texts) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (var e : texts.entrySet()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                out.put(e.getKey(), HexFormat.of().formatHex(md.digest(e.getValue().getBytes(StandardCharsets.UTF_8))));
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The other JVM: prints one line per kernel, {@code IR <tab> kernel <tab> digest of its LLVM IR}. */
    public static final class Child {
        public static void main(String[] args) {
            digests(irTexts(graphs())).forEach((k, d) -> System.out.println("IR\t" + k + "\t" + d));
        }
    }
}
