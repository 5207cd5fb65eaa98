package dev.kiln.compiler.ir;

/** Element type of a primitive array: its storage width and how a load widens it to a computational type. */
public enum Elem {
    /** Stored as one byte 0 or 1; a store keeps only the lowest bit of the int, as {@code bastore} does. */
    BOOLEAN("boolean", Type.Prim.I32, 1, true, 'Z'),
    BYTE("byte", Type.Prim.I32, 1, true, 'B'),
    SHORT("short", Type.Prim.I32, 2, true, 'S'),
    CHAR("char", Type.Prim.I32, 2, false, 'C'),
    INT("int", Type.Prim.I32, 4, true, 'I'),
    LONG("long", Type.Prim.I64, 8, true, 'J'),
    FLOAT("float", Type.Prim.F32, 4, true, 'F'),
    DOUBLE("double", Type.Prim.F64, 8, true, 'D');

    /** The Java name, as HotSpot prints it in exception messages. */
    public final String javaName;
    /** Type of a loaded element after widening. */
    public final Type.Prim computational;
    public final int bytes;
    /** Whether loading widens with sign extension (false only for char). */
    public final boolean signed;
    /** The descriptor letter. */
    public final char descriptor;

    Elem(String javaName, Type.Prim computational, int bytes, boolean signed, char descriptor) {
        this.descriptor = descriptor;
        this.javaName = javaName;
        this.computational = computational;
        this.bytes = bytes;
        this.signed = signed;
    }

    /** The element of a descriptor letter; null for non-primitives. */
    public static Elem ofDescriptor(char c) {
        return switch (c) {
            case 'Z' -> BOOLEAN;
            case 'B' -> BYTE;
            case 'S' -> SHORT;
            case 'C' -> CHAR;
            case 'I' -> INT;
            case 'J' -> LONG;
            case 'F' -> FLOAT;
            case 'D' -> DOUBLE;
            default -> null;
        };
    }
}
