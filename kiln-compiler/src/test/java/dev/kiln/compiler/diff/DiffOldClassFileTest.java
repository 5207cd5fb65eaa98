package dev.kiln.compiler.diff;

import dev.kiln.KilnStats;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kiln.UnsupportedConstructException;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.DiscontinuedInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.util.Arrays;
import java.util.List;

import static dev.kiln.compiler.diff.Diff.product;
import static dev.kiln.compiler.diff.Edge.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Kernels from class files older than Java 6 (version 49, no StackMapTable), as Java 5-era libraries ship: Kiln infers
 * the frames, and the results match HotSpot running the same old class file.
 */
class DiffOldClassFileTest {
    static final Diff D = Diff.forClass(DiffOldClassFileTest.class);
    static Class<?> K;

    @BeforeAll
    static void load() {
        K = Java5ClassLoader.load(Java5Kernels.class);
    }

    @Test
    void theClassReallyIsOld() {
        ClassModel cm = ClassFile.of().parse(Java5ClassLoader.bytesOf(Java5Kernels.class));
        assertEquals(ClassFile.JAVA_5_VERSION, cm.majorVersion());
        int methods = 0;
        for (MethodModel m : cm.methods()) {
            assertTrue(m.code().isEmpty() || m.code().get().findAttribute(Attributes.stackMapTable()).isEmpty());
            methods++;
        }
        assertTrue(methods > 10);
        assertNotSame(Java5Kernels.class, K);
    }

    @Test
    void floorThroughBits() {
        D.checkAll(K, "floor", product(doublesWithRandom(300, 11)));
    }

    @Test
    void erfApproximation() {
        D.checkAll(K, "erfApprox", product(doublesWithRandom(300, 12)));
    }

    @Test
    void horner() {
        D.checkAll(K, "horner", product(Arrays2.doubles(), DOUBLES_SMALL));
    }

    @Test
    void conditionalOnTheStack() {
        D.checkAll(K, "absDot", product(Arrays2.doubles(), Arrays2.doubles()));
    }

    @Test
    void arrayLocalsMergedWithNull() {
        D.checkAll(K, "pick", product(Arrays2.ints(), Arrays2.ints(), BOOLEANS));
    }

    @Test
    void switchWithFallThrough() {
        D.checkAll(K, "classify", product(intsWithRandom(50, 13)));
    }

    @Test
    void binaryGcd() {
        D.checkAll(K, "gcd", product(LONGS, LONGS));
    }

    @Test
    void matrixVector() {
        double[] a = new double[12];
        for (int i = 0; i < a.length; i++) a[i] = i * 0.75 - 3;
        List<Object> as = Arrays.asList(a, null, new double[0]);
        List<Object> xs = Arrays.asList(new double[] {1, -2, 0.5, 4}, new double[2], null);
        D.checkAll(K, "matVec", product(as, List.of(0, 1, 3, 4), List.of(0, 3, 4), xs,
                Arrays.asList(new double[4], new double[1], null)));
    }

    @Test
    void slotsReusedWithOtherTypes() {
        D.checkAll(K, "reuse", product(INTS_SMALL, DOUBLES_SMALL));
    }

    @Test
    void argumentsAcrossAConditional() {
        D.checkAll(K, "mixArgs", product(LONGS_SMALL, INTS_SMALL, BOOLEANS));
    }

    @Test
    void minMaxThroughArrays() {
        D.checkAll(K, "minMax", product(Arrays2.doubles(), Arrays.asList(new double[2], new double[1], null)));
    }

    @Test
    void newtonSquareRoot() {
        D.checkAll(K, "isqrt", product(longsWithRandom(100, 14)));
    }

    @Test
    void narrowingStores() {
        D.checkAll(K, "prefixSums", product(Arrays2.shorts(), Arrays2.bytes(), Arrays2.chars()));
    }

    @Test
    void constantTableInAnOldClass() {
        D.checkAll(K, "chebyshev", product(doublesWithRandom(200, 15)));
    }

    @Test
    void rawBits() {
        D.checkAll(K, "magnitudeBits", product(DOUBLES));
    }

    /** A refused construct in an old class file is reported exactly as in the modern one (construct, line, bci). */
    @Test
    void refusalIsAsPrecise() {
        UnsupportedConstructException old = assertThrows(UnsupportedConstructException.class,
                () -> D.kiln().compile(K, "allocates"));
        UnsupportedConstructException modern = assertThrows(UnsupportedConstructException.class,
                () -> D.kiln().compile(Java5Kernels.class, "allocates"));
        assertEquals(modern.getMessage(), old.getMessage());
        assertTrue(old.getMessage().contains("object array allocation"), old.getMessage());
    }

    /**
     * {@code jsr}/{@code ret} subroutines (how javac compiled finally before Java 6) defeat frame inference: refused,
     * naming the subroutine instruction where it is.
     */
    @Test
    void subroutinesAreRefusedWhereTheyAre() throws Exception {
        String name = "dev.kiln.compiler.diff.JsrKernel";
        byte[] bytes = ClassFile.of().build(ClassDesc.of(name), clb -> {
            clb.withVersion(ClassFile.JAVA_5_VERSION, 0);
            clb.withFlags(AccessFlag.PUBLIC, AccessFlag.FINAL, AccessFlag.SUPER);
            clb.withSuperclass(ConstantDescs.CD_Object);
            clb.withMethod("twice", MethodTypeDesc.ofDescriptor("(I)I"), ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, mb -> mb.withCode(cb -> {
                Label sub = cb.newLabel();
                Label done = cb.newLabel();
                cb.iload(0).ifeq(done);
                cb.with(DiscontinuedInstruction.JsrInstruction.of(sub));
                cb.labelBinding(done);
                cb.iload(0).iconst_2().imul().ireturn();
                cb.labelBinding(sub);
                cb.astore(1);
                cb.iinc(0, 1);
                cb.with(DiscontinuedInstruction.RetInstruction.of(1));
            }));
        });
        ClassLoader loader = new ClassLoader(DiffOldClassFileTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String n) throws ClassNotFoundException {
                if (!n.equals(name)) throw new ClassNotFoundException(n);
                return defineClass(n, bytes, 0, bytes.length);
            }

            @Override
            public InputStream getResourceAsStream(String r) {
                return r.equals(name.replace('.', '/') + ".class") ? new ByteArrayInputStream(bytes)
                        : super.getResourceAsStream(r);
            }
        };
        Class<?> c = Class.forName(name, true, loader);
        assertEquals(8, (int) c.getDeclaredMethod("twice", int.class).invoke(null, 3)); // HotSpot runs it
        UnsupportedConstructException e = assertThrows(UnsupportedConstructException.class,
                () -> D.kiln().compile(c, "twice"));
        assertTrue(e.getMessage().contains("subroutine (jsr") && e.getMessage().contains("bci 4"), e.getMessage());
    }

    /** Frames never enter the key: the old class file shares its cache entries, and a second Kiln loads them. */
    @Test
    void cachedPath() {
        assumeFalse(Diff.JAVA_ONLY, "needs the real compiler");
        D.checkAll(K, "gcd", product(LONGS_SMALL, LONGS_SMALL));
        D.checkAll(K, "pick", product(Arrays2.ints(), Arrays2.ints(), BOOLEANS));
        D.checkAll(K, "horner", product(Arrays2.doubles(), DOUBLES_SMALL));
        Diff second = Diff.sharingCacheOf(D);
        KilnStats before = second.kiln().stats();
        second.checkAll(K, "gcd", product(LONGS_SMALL, LONGS_SMALL));
        second.checkAll(K, "pick", product(Arrays2.ints(), Arrays2.ints(), BOOLEANS));
        // The modern class file of the same source: same instructions, so the same entry, frames or not.
        second.checkAll(Java5Kernels.class, "horner", product(Arrays2.doubles(), DOUBLES_SMALL));
        KilnStats s = second.kiln().stats();
        assertEquals(before.compiles(), s.compiles(), "every kernel should come from the cache: " + s);
        assertEquals(before.hits() + 3, s.hits(), s.toString());
    }
}
