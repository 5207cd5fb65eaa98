package dev.kiln.runtime.link;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a method's {@code @dev.kiln.Kernel(fastMath = ...)} straight from its class file's bytes: what
 * {@link KernelAnnotation#options(java.lang.classfile.MethodModel, dev.kiln.CompileOptions)} reads, without the
 * class-file API or reflection. {@code Method.getAnnotation} in a fresh JVM costs about a hundred milliseconds of
 * interpreted work (annotation parsing, a proxy class spun for the annotation type), paid by the first kernel of
 * every process; this scan is one pass over the constant pool and the methods' attributes.
 */
final class KernelOptionsScan {
    /** The method is not declared in this class file. */
    static final int NOT_DECLARED = 0;
    /** Declared, without {@code @Kernel}. */
    static final int NO_KERNEL = 1;
    /** {@code @Kernel} without {@code fastMath = true}. */
    static final int KERNEL = 2;
    /** {@code @Kernel(fastMath = true)}. */
    static final int KERNEL_FAST_MATH = 3;
    /** The bytes are not a class file this scan can read: ask reflection. */
    static final int UNREADABLE = -1;

    private final byte[] b;
    private int at;
    private int[] offsets; // constant pool entry -> offset of its tag

    private KernelOptionsScan(byte[] b) {
        this.b = b;
    }

    /** What the class file {@code bytes} says of method {@code name} with {@code descriptor}. */
    static int scan(byte[] bytes, String name, String descriptor) {
        Map<String, Integer> all = scanAll(bytes);
        return all == null ? UNREADABLE : lookUp(all, name, descriptor);
    }

    /**
     * What the class file {@code bytes} says of each method it declares, by {@code name + descriptor}
     * ({@link #NO_KERNEL}, {@link #KERNEL} or {@link #KERNEL_FAST_MATH}); null when it cannot be read. One pass
     * answers for every kernel of the class, so a class's file is read and scanned once, not once per kernel.
     */
    static Map<String, Integer> scanAll(byte[] bytes) {
        try {
            return new KernelOptionsScan(bytes).all();
        } catch (IOException | RuntimeException e) { // truncated or malformed
            return null;
        }
    }

    /** The answer of {@link #scanAll}'s map for one method: {@link #NOT_DECLARED} when the class has no such method. */
    static int lookUp(Map<String, Integer> all, String name, String descriptor) {
        return all.getOrDefault(name + descriptor, NOT_DECLARED);
    }

    private Map<String, Integer> all() throws IOException {
        if (u4() != 0xCAFEBABEL) return null;
        at += 4; // versions
        int count = u2();
        offsets = new int[count];
        for (int i = 1; i < count; i++) {
            offsets[i] = at;
            int tag = u1();
            switch (tag) {
                case 1 -> {
                    int len = u2(); // not "at += u2()": that adds to the value of at before the read moved it
                    at += len;
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> at += 4;
                case 5, 6 -> {
                    at += 8;
                    i++; // takes two entries
                }
                case 7, 8, 16, 19, 20 -> at += 2;
                case 15 -> at += 3;
                default -> {
                    return null;
                }
            }
        }
        at += 6; // access, this, super
        int interfaces = u2();
        at += 2 * interfaces;
        int fields = u2();
        for (int i = 0; i < fields; i++) {
            at += 6;
            skipAttributes();
        }
        int methods = u2();
        Map<String, Integer> all = new HashMap<>();
        for (int i = 0; i < methods; i++) {
            at += 2;
            String method = utf8(u2()) + utf8(u2());
            int attributes = u2();
            int result = NO_KERNEL;
            for (int a = 0; a < attributes; a++) {
                String attr = utf8(u2());
                int length = (int) u4();
                int end = at + length;
                if (attr.equals("RuntimeVisibleAnnotations")) result = kernel();
                at = end;
            }
            all.put(method, result);
        }
        return all;
    }

    /** The annotations of a RuntimeVisibleAnnotations attribute: whether {@code @Kernel} is one, and its option. */
    private int kernel() throws IOException {
        int n = u2();
        int result = NO_KERNEL;
        for (int i = 0; i < n; i++) {
            boolean kernel = utf8(u2()).equals(KernelAnnotation.DESCRIPTOR);
            if (kernel) result = KERNEL;
            int pairs = u2();
            for (int p = 0; p < pairs; p++) {
                String element = utf8(u2());
                if (kernel && element.equals("fastMath") && b[at] == 'Z') {
                    at++;
                    if (integer(u2()) != 0) result = KERNEL_FAST_MATH;
                } else {
                    skipValue();
                }
            }
        }
        return result;
    }

    private void skipValue() throws IOException {
        int tag = u1();
        switch (tag) {
            case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 's', 'c' -> at += 2;
            case 'e' -> at += 4;
            case '@' -> {
                at += 2;
                int pairs = u2();
                for (int p = 0; p < pairs; p++) {
                    at += 2;
                    skipValue();
                }
            }
            case '[' -> {
                int n = u2();
                for (int j = 0; j < n; j++) skipValue();
            }
            default -> throw new IOException("element value tag " + tag);
        }
    }

    private void skipAttributes() {
        int n = u2();
        for (int a = 0; a < n; a++) {
            at += 2;
            int length = (int) u4();
            at += length;
        }
    }

    /** A CONSTANT_Utf8 entry (modified UTF-8, as {@link DataInputStream#readUTF} reads it). */
    private String utf8(int index) throws IOException {
        int o = offsets[index];
        if (b[o] != 1) throw new IOException("entry " + index + " is not Utf8");
        int len = ((b[o + 1] & 0xFF) << 8) | (b[o + 2] & 0xFF);
        return new DataInputStream(new ByteArrayInputStream(b, o + 1, len + 2)).readUTF();
    }

    private int integer(int index) throws IOException {
        int o = offsets[index];
        if (b[o] != 3) throw new IOException("entry " + index + " is not Integer");
        return ((b[o + 1] & 0xFF) << 24) | ((b[o + 2] & 0xFF) << 16) | ((b[o + 3] & 0xFF) << 8) | (b[o + 4] & 0xFF);
    }

    private int u1() {
        return b[at++] & 0xFF;
    }

    private int u2() {
        int v = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        at += 2;
        return v;
    }

    private long u4() {
        long v = ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
        at += 4;
        return v;
    }
}
