package dev.kiln.compiler.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Edge values of each primitive type, boxed, for argument lists. */
final class Edge {
    private Edge() {
    }

    static final List<Integer> INTS = List.of(0, 1, -1, 2, -2, 3, 7, -7, 31, 32, 33, 63, 64, 65, 100, -100, 127, 128,
            -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535, 65536, 0x12345678, 0x7fff_0000, 0x8000_0001,
            1 << 30, -(1 << 30), Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1,
            46341, -46341, 1_000_000_007);

    /** Small set for cross products of two or three arguments. */
    static final List<Integer> INTS_SMALL = List.of(0, 1, -1, 2, -3, 31, 32, 33, -32, 255, 0x7fff, -0x8000,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE + 1, 0x5555_5555);

    static final List<Long> LONGS = List.of(0L, 1L, -1L, 2L, -2L, 3L, 63L, 64L, 65L, -64L, 127L, -128L, 255L,
            (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, 0xffff_ffffL, 0x1_0000_0000L, -0x1_0000_0001L,
            1L << 53, (1L << 53) + 1, -(1L << 53) - 1, 1L << 62, 0x0123_4567_89ab_cdefL, 3037000499L, 3037000500L,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1);

    static final List<Long> LONGS_SMALL = List.of(0L, 1L, -1L, 3L, -7L, 63L, 64L, -64L, 0xffff_ffffL,
            1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 0x5555_5555_5555_5555L);

    static final List<Double> DOUBLES = List.of(0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.1, -0.1,
            0.49999999999999994, -0.49999999999999994, 3.0, 1e-300, 1e300, -1e300,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Double.MIN_NORMAL / 3,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            Double.longBitsToDouble(0xfff8_0000_0000_0001L), // a negative NaN with a payload
            2147483647.0, 2147483647.5, 2147483648.0, -2147483648.0, -2147483648.5, -2147483649.0,
            9.223372036854775807E18, -9.223372036854775808E18, 9.3e18, -9.3e18, 4503599627370496.5,
            4503599627370497.0, 9007199254740993.0, 123456.789, -98765.4321, Math.PI, Math.E, 65535.9, 65536.0,
            -32768.5, 255.75, (double) Float.MAX_VALUE, 3.4028235677973366E38, 1.401298464324817E-45,
            7.006492321624085E-46, 7.006492321624087E-46);

    static final List<Double> DOUBLES_SMALL = List.of(0.0, -0.0, 1.0, -1.0, 0.1, 2.5, -3.75, 1e-310, -1e300,
            Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 7.0,
            -7.0);

    static final List<Float> FLOATS = List.of(0.0f, -0.0f, 1.0f, -1.0f, 0.5f, -0.5f, 1.5f, 2.5f, -2.5f, 0.1f, -0.1f,
            0.49999997f, 3.0f, 1e-30f, 1e30f, -1e30f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
            Float.MIN_NORMAL / 3, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xffc0_0001), 2.14748365E9f, -2.14748365E9f,
            2.1474836E9f, 9.223372E18f, -9.223372E18f, 9.3e18f, -9.3e18f, 16777216f, 16777217f, 8388608.5f,
            123456.79f, -65536.5f, 65535.5f, 255.75f, (float) Math.PI);

    static final List<Float> FLOATS_SMALL = List.of(0.0f, -0.0f, 1.0f, -1.0f, 0.1f, 2.5f, -3.75f, 1e-40f, -1e30f,
            Float.MIN_VALUE, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 7.0f,
            -7.0f);

    static final List<Character> CHARS = List.of('\0', 'a', 'Z', '\u007f', '\u0080', '\u00ff', '\u0100', '\u7fff',
            '\u8000', '\ud800', '\uffff', '\ufffe');

    static final List<Byte> BYTES = List.of((byte) 0, (byte) 1, (byte) -1, (byte) 127, (byte) -128, (byte) 0x55,
            (byte) 0x80, (byte) 0x7e);

    static final List<Short> SHORTS = List.of((short) 0, (short) 1, (short) -1, Short.MAX_VALUE, Short.MIN_VALUE,
            (short) 0x00ff, (short) 0xff00, (short) 255, (short) -256);

    static final List<Boolean> BOOLEANS = List.of(false, true);

    /** Edge values plus {@code n} random ints (fixed seed, so failures reproduce). */
    static List<Integer> intsWithRandom(int n, long seed) {
        List<Integer> out = new ArrayList<>(INTS);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) out.add(r.nextInt());
        return out;
    }

    static List<Long> longsWithRandom(int n, long seed) {
        List<Long> out = new ArrayList<>(LONGS);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) out.add(r.nextLong());
        return out;
    }

    /** Edge doubles, random bit patterns (every class: subnormal, NaN, ...) and random "ordinary" magnitudes. */
    static List<Double> doublesWithRandom(int n, long seed) {
        List<Double> out = new ArrayList<>(DOUBLES);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            out.add(i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20));
        }
        return out;
    }

    static List<Float> floatsWithRandom(int n, long seed) {
        List<Float> out = new ArrayList<>(FLOATS);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            out.add(i % 2 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(20) - 10)));
        }
        return out;
    }
}
