package dev.kiln.compiler.diff;

import java.util.Random;

/** The types {@link ProgramGenerator} writes, and their literals in Java source. */
final class ProgramTypes {
    private ProgramTypes() {
    }

    /** Java types the generator uses. */
    enum T {
        INT("int"), LONG("long"), DOUBLE("double"), FLOAT("float"), BOOLEAN("boolean"),
        INTS("int[]"), LONGS("long[]"), DOUBLES("double[]"), SHORTS("short[]"),
        INT_ROWS("int[][]"), DOUBLE_ROWS("double[][]"), SHORT_ROWS("short[][]"), LONG_ROWS("long[][]");

        final String java;

        T(String java) {
            this.java = java;
        }

        boolean scalar() {
            return ordinal() <= BOOLEAN.ordinal();
        }

        boolean array() {
            return this == INTS || this == LONGS || this == DOUBLES || this == SHORTS;
        }

        boolean rows() {
            return this == INT_ROWS || this == DOUBLE_ROWS || this == SHORT_ROWS || this == LONG_ROWS;
        }

        /** The element type of an array, the row type of an array of arrays. */
        T element() {
            return switch (this) {
                case INTS -> INT;
                case LONGS -> LONG;
                case DOUBLES -> DOUBLE;
                case SHORTS -> INT; // read as int, stored with a cast
                case INT_ROWS -> INTS;
                case DOUBLE_ROWS -> DOUBLES;
                case SHORT_ROWS -> SHORTS;
                case LONG_ROWS -> LONGS;
                default -> throw new IllegalArgumentException(name());
            };
        }

        String elementJava() {
            return java.substring(0, java.length() - 2);
        }

        /** The array of arrays whose rows are of this type. */
        T rowsOf() {
            return switch (this) {
                case INTS -> INT_ROWS;
                case LONGS -> LONG_ROWS;
                case DOUBLES -> DOUBLE_ROWS;
                case SHORTS -> SHORT_ROWS;
                default -> throw new IllegalArgumentException(name());
            };
        }

        /** The class of a value of this type (a primitive's own class). */
        Class<?> javaClass() {
            return switch (this) {
                case INT -> int.class;
                case LONG -> long.class;
                case DOUBLE -> double.class;
                case FLOAT -> float.class;
                case BOOLEAN -> boolean.class;
                case INTS -> int[].class;
                case LONGS -> long[].class;
                case DOUBLES -> double[].class;
                case SHORTS -> short[].class;
                case INT_ROWS -> int[][].class;
                case DOUBLE_ROWS -> double[][].class;
                case SHORT_ROWS -> short[][].class;
                case LONG_ROWS -> long[][].class;
            };
        }
    }

    /** A literal of {@code t} as Java source: edge values a third of the time, small ones otherwise. */
    static String literal(T t, Random r) {
        return switch (t) {
            case INT -> {
                int v = r.nextInt(3) == 0 ? Edge.INTS_SMALL.get(r.nextInt(Edge.INTS_SMALL.size())) : r.nextInt(21) - 10;
                yield v == Integer.MIN_VALUE ? "Integer.MIN_VALUE" : v < 0 ? "(" + v + ")" : Integer.toString(v);
            }
            case LONG -> {
                long v = r.nextInt(3) == 0 ? Edge.LONGS_SMALL.get(r.nextInt(Edge.LONGS_SMALL.size())) : r.nextInt(21) - 10;
                yield v == Long.MIN_VALUE ? "Long.MIN_VALUE" : v < 0 ? "(" + v + "L)" : v + "L";
            }
            case DOUBLE -> {
                double v = r.nextInt(3) == 0 ? Edge.DOUBLES_SMALL.get(r.nextInt(Edge.DOUBLES_SMALL.size())) : (r.nextInt(41) - 20) / 4.0;
                yield doubleLiteral(v);
            }
            case FLOAT -> {
                float v = r.nextInt(3) == 0 ? Edge.FLOATS_SMALL.get(r.nextInt(Edge.FLOATS_SMALL.size())) : (r.nextInt(41) - 20) / 4.0f;
                yield floatLiteral(v);
            }
            case BOOLEAN -> r.nextBoolean() ? "true" : "false";
            default -> "null";
        };
    }

    static String doubleLiteral(double v) {
        if (Double.isNaN(v)) return "Double.NaN";
        if (Double.isInfinite(v)) return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        return "(" + v + ")";
    }

    static String floatLiteral(float v) {
        if (Float.isNaN(v)) return "Float.NaN";
        if (Float.isInfinite(v)) return v > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
        return "(" + v + "f)";
    }
}
