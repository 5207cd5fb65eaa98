package dev.kiln.compiler.ir;

/**
 * The type of an IR value. Scalars are the JVM's computational types (boolean, byte, short and char values are
 * {@link Prim#I32}); arrays keep their element type, which fixes the storage width of loads and stores.
 */
public sealed interface Type {
    enum Prim implements Type {
        I32, I64, F32, F64;

        public boolean isFloating() {
            return this == F32 || this == F64;
        }

        public boolean isWide() {
            return this == I64 || this == F64;
        }
    }

    /** A reference to a one-dimensional primitive array (possibly null at run time). */
    record Array(Elem elem) implements Type {
    }

    /**
     * A reference to an array of arrays ({@code double[][]}, {@code int[][][]}): each element is a reference of type
     * {@code component}, an {@link Array} or another {@code RefArray}, possibly null.
     */
    record RefArray(Type component) implements Type {
        public RefArray {
            if (!(component instanceof Array || component instanceof RefArray)) {
                throw new IllegalArgumentException("component " + component);
            }
        }

        /** The Java descriptor, e.g. {@code [[D}. */
        public String descriptor() {
            return "[" + (component instanceof Array a ? "[" + a.elem().descriptor : ((RefArray) component).descriptor());
        }
    }

    /** The type of {@code aconst_null} before it meets an array type: any array, always null. */
    enum Null implements Type {
        NULL
    }

    /** Result type of calls and functions that return nothing. */
    enum Void implements Type {
        VOID
    }

    static boolean isReference(Type t) {
        return t instanceof Array || t instanceof RefArray || t == Null.NULL;
    }

    /** An array of either kind (not the null constant). */
    static boolean isArray(Type t) {
        return t instanceof Array || t instanceof RefArray;
    }

    /** Operand stack slots the JVM gives a value of this type (2 for long and double). */
    static int category(Type t) {
        return t instanceof Prim p && p.isWide() ? 2 : 1;
    }

    /** The computational type of a field or method descriptor's primitive letter, or null when not primitive. */
    static Type ofDescriptor(String d) {
        return switch (d) {
            case "Z", "B", "C", "S", "I" -> Prim.I32;
            case "J" -> Prim.I64;
            case "F" -> Prim.F32;
            case "D" -> Prim.F64;
            case "V" -> Void.VOID;
            default -> {
                if (d.length() == 2 && d.charAt(0) == '[') {
                    Elem e = Elem.ofDescriptor(d.charAt(1));
                    yield e == null ? null : new Array(e);
                }
                if (d.length() > 2 && d.startsWith("[[")) {
                    Type component = ofDescriptor(d.substring(1));
                    yield component == null ? null : new RefArray(component);
                }
                yield null;
            }
        };
    }
}
