package dev.kiln.runtime.bind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal class-file writer for the small classes {@link NativeBinder} generates for each kernel. A fresh JVM
 * that loads baked kernels runs this code once per kernel, interpreted; writing the few bytes directly costs
 * microseconds where building them through {@code java.lang.classfile} costs milliseconds. Branches are forward
 * skips to targets where the operand stack is empty and the locals are the parameters plus at most one reference
 * local after them; the stack map table says just that. Knows just the constant-pool entries and
 * instructions it is used with, and computes {@code max_stack} as it goes.
 */
final class ClassBytes {
    static final int ACC_PUBLIC = 0x0001, ACC_STATIC = 0x0008, ACC_FINAL = 0x0010, ACC_SUPER = 0x0020,
            ACC_SYNTHETIC = 0x1000;
    private static final int VERSION = 69; // Java 25
    private static final String CLASS_DATA_AT_DESC =
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)Ljava/lang/Object;";

    private final Buf pool = new Buf();
    private int poolCount = 1;
    private final Map<String, Integer> entries = new HashMap<>();
    private final Buf bootstraps = new Buf();
    private int bootstrapCount;
    private final List<byte[]> methods = new ArrayList<>();
    private final String self;

    /** @param self internal name of the class being written */
    ClassBytes(String self) {
        this.self = self;
    }

    // ------------------------------------------------------------------------------------------- constant pool

    int utf8(String s) {
        Integer i = entries.get("U" + s);
        if (i != null) return i;
        Buf b = new Buf();
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c >= 0x01 && c <= 0x7f) {
                b.u1(c);
            } else if (c <= 0x7ff) {
                b.u1(0xc0 | (c >> 6));
                b.u1(0x80 | (c & 0x3f));
            } else {
                b.u1(0xe0 | (c >> 12));
                b.u1(0x80 | ((c >> 6) & 0x3f));
                b.u1(0x80 | (c & 0x3f));
            }
        }
        pool.u1(1);
        pool.u2(b.size);
        pool.bytes(b);
        entries.put("U" + s, poolCount);
        return poolCount++;
    }

    int classRef(String internalName) {
        int name = utf8(internalName);
        Integer i = entries.get("C" + internalName);
        if (i != null) return i;
        pool.u1(7);
        pool.u2(name);
        entries.put("C" + internalName, poolCount);
        return poolCount++;
    }

    private int nameAndType(String name, String desc) {
        int n = utf8(name);
        int d = utf8(desc);
        String key = "N" + name + " " + desc;
        Integer i = entries.get(key);
        if (i != null) return i;
        pool.u1(12);
        pool.u2(n);
        pool.u2(d);
        entries.put(key, poolCount);
        return poolCount++;
    }

    private int member(int tag, String owner, String name, String desc) {
        int c = classRef(owner);
        int nt = nameAndType(name, desc);
        String key = tag + owner + "." + name + desc;
        Integer i = entries.get(key);
        if (i != null) return i;
        pool.u1(tag);
        pool.u2(c);
        pool.u2(nt);
        entries.put(key, poolCount);
        return poolCount++;
    }

    private int longConst(long v) {
        String key = "J" + v;
        Integer i = entries.get(key);
        if (i != null) return i;
        pool.u1(5);
        pool.u4((int) (v >>> 32));
        pool.u4((int) v);
        entries.put(key, poolCount);
        int at = poolCount;
        poolCount += 2;
        return at;
    }

    private int intConst(int v) {
        String key = "I" + v;
        Integer i = entries.get(key);
        if (i != null) return i;
        pool.u1(3);
        pool.u4(v);
        entries.put(key, poolCount);
        return poolCount++;
    }

    /** A dynamic constant of type {@code desc}: element {@code index} of the class data (a List). */
    private int classData(int index, String desc) {
        String key = "D" + index + desc;
        Integer i = entries.get(key);
        if (i != null) return i;
        int bsm = methodHandle(member(10, "java/lang/invoke/MethodHandles", "classDataAt", CLASS_DATA_AT_DESC));
        int arg = intConst(index);
        bootstraps.u2(bsm);
        bootstraps.u2(1);
        bootstraps.u2(arg);
        int bsmIndex = bootstrapCount++;
        int nt = nameAndType("_", desc);
        pool.u1(17);
        pool.u2(bsmIndex);
        pool.u2(nt);
        entries.put(key, poolCount);
        return poolCount++;
    }

    private int methodHandle(int methodRef) {
        String key = "H" + methodRef;
        Integer i = entries.get(key);
        if (i != null) return i;
        pool.u1(15);
        pool.u1(6); // REF_invokeStatic
        pool.u2(methodRef);
        entries.put(key, poolCount);
        return poolCount++;
    }

    // ------------------------------------------------------------------------------------------- code

    /** One method's code; instructions adjust the operand stack depth, whose maximum becomes max_stack. */
    final class Code {
        private final Buf code = new Buf();
        private int depth;
        private int maxDepth;
        private int maxLocals;
        /** Branch targets (code offsets, increasing) and the reference local each has after the parameters (or null). */
        private final List<Integer> targets = new ArrayList<>();
        private final List<String> targetLocals = new ArrayList<>();
        /** {@link #target}'s name for a {@code long} local. */
        static final String LONG_LOCAL = "J";

        private void stack(int delta) {
            depth += delta;
            if (depth > maxDepth) maxDepth = depth;
        }

        private void local(int slot, int size) {
            if (slot + size > maxLocals) maxLocals = slot + size;
        }

        /** {@code ifeq} to a target set later by {@link #target}; returns the branch to patch. */
        int ifeq() {
            return branch(0x99);
        }

        /** {@code ifnonnull} to a target set later by {@link #target}; returns the branch to patch. */
        int ifnonnull() {
            return branch(0xc7);
        }

        /** {@code ifnull} to a target set later by {@link #target}; returns the branch to patch. */
        int ifnull() {
            return branch(0xc6);
        }

        private int branch(int opcode) {
            int at = code.size;
            code.u1(opcode);
            code.u2(0);
            stack(-1);
            return at;
        }

        /**
         * Makes the current offset the target of {@code branch} (a forward branch). Here the operand stack is empty
         * and the locals are the parameters, plus one local right after them unless {@code local} is null: a
         * {@code long} for {@link #LONG_LOCAL}, else a reference of class {@code local} (internal name).
         */
        void target(int branch, String local) {
            int delta = code.size - branch;
            code.data[branch + 1] = (byte) (delta >>> 8);
            code.data[branch + 2] = (byte) delta;
            if (!targets.isEmpty() && targets.getLast() == code.size) {
                if (!java.util.Objects.equals(targetLocals.getLast(), local)) throw new IllegalStateException("two frames at one offset");
                return;
            }
            targets.add(code.size);
            targetLocals.add(local);
        }

        /** Loads local {@code slot} of a field-descriptor type ({@code I J F D} or a reference; Z B C S load as I). */
        Code load(char type, int slot) {
            int op = switch (type) {
                case 'J' -> 0x16;
                case 'F' -> 0x17;
                case 'D' -> 0x18;
                case 'L', '[' -> 0x19;
                default -> 0x15;
            };
            int size = type == 'J' || type == 'D' ? 2 : 1;
            localOp(op, slot);
            local(slot, size);
            stack(size);
            return this;
        }

        Code astore(int slot) {
            localOp(0x3a, slot);
            local(slot, 1);
            stack(-1);
            return this;
        }

        Code lstore(int slot) {
            localOp(0x37, slot);
            local(slot, 2);
            stack(-2);
            return this;
        }

        private void localOp(int op, int slot) {
            if (slot <= 255) {
                code.u1(op);
                code.u1(slot);
            } else {
                code.u1(0xc4); // wide
                code.u1(op);
                code.u2(slot);
            }
        }

        Code ldc(long v) {
            code.u1(0x14); // ldc2_w
            code.u2(longConst(v));
            stack(2);
            return this;
        }

        /** Pushes element {@code index} of the class data (a List) as a constant of type {@code desc}. */
        Code classData(int index, String desc) {
            ldc(ClassBytes.this.classData(index, desc));
            stack(1);
            return this;
        }

        Code invokestatic(String owner, String name, String desc) {
            code.u1(0xb8);
            code.u2(member(10, owner, name, desc));
            stack(returnSlots(desc) - argSlots(desc));
            return this;
        }

        Code invokevirtual(String owner, String name, String desc) {
            code.u1(0xb6);
            code.u2(member(10, owner, name, desc));
            stack(returnSlots(desc) - argSlots(desc) - 1);
            return this;
        }

        Code invokespecial(String owner, String name, String desc) {
            code.u1(0xb7);
            code.u2(member(10, owner, name, desc));
            stack(returnSlots(desc) - argSlots(desc) - 1);
            return this;
        }

        /** A static field of an interface (e.g. {@code MemorySegment.NULL}) or a class. */
        Code getstatic(String owner, String name, String desc) {
            code.u1(0xb2);
            code.u2(member(9, owner, name, desc));
            stack(desc.equals("J") || desc.equals("D") ? 2 : 1);
            return this;
        }

        Code newDup(String internalName) {
            code.u1(0xbb);
            code.u2(classRef(internalName));
            code.u1(0x59);
            stack(2);
            return this;
        }

        /** Pushes an int constant. */
        Code iconst(int v) {
            if (v >= -1 && v <= 5) {
                code.u1(0x03 + v); // iconst_m1 .. iconst_5
            } else {
                ldc(intConst(v));
            }
            stack(1);
            return this;
        }

        /** {@code ldc} of constant-pool entry {@code c}, or {@code ldc_w} past 255. */
        private void ldc(int c) {
            if (c <= 255) {
                code.u1(0x12);
                code.u1(c);
            } else {
                code.u1(0x13);
                code.u2(c);
            }
        }

        Code aaload() {
            code.u1(0x32);
            stack(-1);
            return this;
        }

        Code arraylength() {
            code.u1(0xbe);
            return this;
        }

        Code iadd() {
            code.u1(0x60);
            stack(-1);
            return this;
        }

        Code isub() {
            code.u1(0x64);
            stack(-1);
            return this;
        }

        Code aconstNull() {
            code.u1(0x01);
            stack(1);
            return this;
        }

        /** {@code checkcast} to a class or array type ({@code [D}: its descriptor; a class: its internal name). */
        Code checkcast(String type) {
            code.u1(0xc0);
            code.u2(classRef(type));
            return this;
        }

        /** Narrows the int on the stack to a boolean/byte/short/char return, as the JVM's rules say. */
        Code narrow(char type) {
            switch (type) {
                case 'Z' -> {
                    code.u1(0x04); // iconst_1
                    code.u1(0x7e); // iand
                    stack(1);
                    stack(-1);
                }
                case 'B' -> code.u1(0x91);
                case 'C' -> code.u1(0x92);
                case 'S' -> code.u1(0x93);
                default -> { }
            }
            return this;
        }

        Code return_(char type) {
            code.u1(switch (type) {
                case 'V' -> 0xb1;
                case 'J' -> 0xad;
                case 'F' -> 0xae;
                case 'D' -> 0xaf;
                case 'L', '[' -> 0xb0;
                default -> 0xac;
            });
            return this;
        }
    }

    Code code() {
        return new Code();
    }

    /** Adds a method; {@code params} is the number of local slots its parameters (and {@code this}) take. */
    void method(int access, String name, String desc, int params, Code c) {
        Buf m = new Buf();
        m.u2(access);
        m.u2(utf8(name));
        m.u2(utf8(desc));
        m.u2(1);
        m.u2(utf8("Code"));
        int locals = Math.max(params, c.maxLocals);
        Buf frames = stackMap(c);
        m.u4(2 + 2 + 4 + c.code.size + 2 + 2 + (frames == null ? 0 : 6 + frames.size));
        m.u2(c.maxDepth);
        m.u2(locals);
        m.u4(c.code.size);
        m.bytes(c.code);
        m.u2(0); // exception table
        if (frames == null) {
            m.u2(0); // attributes
        } else {
            m.u2(1);
            m.u2(utf8("StackMapTable"));
            m.u4(frames.size);
            m.bytes(frames);
        }
        methods.add(m.toArray());
    }

    /**
     * The stack map of {@code c}'s branch targets, or null without branches. Each frame differs from the one before
     * at most by the one local after the parameters: appended, chopped or the same.
     */
    private Buf stackMap(Code c) {
        if (c.targets.isEmpty()) return null;
        Buf b = new Buf();
        b.u2(c.targets.size());
        int previous = -1;
        String locals = null; // the method's entry frame: the parameters only
        for (int k = 0; k < c.targets.size(); k++) {
            int t = c.targets.get(k);
            String local = c.targetLocals.get(k);
            int delta = previous < 0 ? t : t - previous - 1;
            if (java.util.Objects.equals(local, locals)) {
                if (delta <= 63) {
                    b.u1(delta); // same_frame
                } else {
                    b.u1(251); // same_frame_extended
                    b.u2(delta);
                }
            } else if (locals == null) {
                b.u1(252); // append_frame, one local
                b.u2(delta);
                if (local.equals(Code.LONG_LOCAL)) {
                    b.u1(4); // Long_variable_info
                } else {
                    b.u1(7); // Object_variable_info
                    b.u2(classRef(local));
                }
            } else if (local == null) {
                b.u1(250); // chop_frame, one local
                b.u2(delta);
            } else {
                throw new IllegalStateException("a frame replaces its local: " + locals + " -> " + local);
            }
            locals = local;
            previous = t;
        }
        return b;
    }

    /** The class file: final, synthetic, extending Object and implementing {@code interfaces}. */
    byte[] toBytes(String... interfaces) {
        int thisClass = classRef(self);
        int superClass = classRef("java/lang/Object");
        int[] ifaces = new int[interfaces.length];
        for (int i = 0; i < interfaces.length; i++) ifaces[i] = classRef(interfaces[i]);
        int bsmAttr = bootstrapCount > 0 ? utf8("BootstrapMethods") : 0;
        Buf out = new Buf();
        out.u4(0xCAFEBABE);
        out.u2(0);
        out.u2(VERSION);
        out.u2(poolCount);
        out.bytes(pool);
        out.u2(ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC);
        out.u2(thisClass);
        out.u2(superClass);
        out.u2(ifaces.length);
        for (int i : ifaces) out.u2(i);
        out.u2(0); // fields
        out.u2(methods.size());
        for (byte[] m : methods) out.bytes(m, m.length);
        if (bootstrapCount > 0) {
            out.u2(1);
            out.u2(bsmAttr);
            out.u4(2 + bootstraps.size);
            out.u2(bootstrapCount);
            out.bytes(bootstraps);
        } else {
            out.u2(0);
        }
        return out.toArray();
    }

    /** Local slots taken by a method descriptor's parameters. */
    static int argSlots(String desc) {
        int slots = 0;
        int i = 1;
        while (desc.charAt(i) != ')') {
            char c = desc.charAt(i);
            slots += c == 'J' || c == 'D' ? 2 : 1;
            i = skipType(desc, i);
        }
        return slots;
    }

    private static int returnSlots(String desc) {
        char r = desc.charAt(desc.indexOf(')') + 1);
        return r == 'V' ? 0 : r == 'J' || r == 'D' ? 2 : 1;
    }

    private static int skipType(String desc, int i) {
        while (desc.charAt(i) == '[') i++;
        if (desc.charAt(i) == 'L') i = desc.indexOf(';', i);
        return i + 1;
    }

    /** A growable big-endian byte buffer. */
    private static final class Buf {
        private byte[] data = new byte[256];
        private int size;

        private void room(int n) {
            if (size + n > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, size + n));
        }

        void u1(int v) {
            room(1);
            data[size++] = (byte) v;
        }

        void u2(int v) {
            room(2);
            data[size++] = (byte) (v >>> 8);
            data[size++] = (byte) v;
        }

        void u4(int v) {
            room(4);
            data[size++] = (byte) (v >>> 24);
            data[size++] = (byte) (v >>> 16);
            data[size++] = (byte) (v >>> 8);
            data[size++] = (byte) v;
        }

        void bytes(Buf b) {
            bytes(b.data, b.size);
        }

        void bytes(byte[] b, int n) {
            room(n);
            System.arraycopy(b, 0, data, size, n);
            size += n;
        }

        byte[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
