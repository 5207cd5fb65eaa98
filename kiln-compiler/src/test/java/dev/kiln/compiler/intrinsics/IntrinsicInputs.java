package dev.kiln.compiler.intrinsics;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Argument lists for comparing an intrinsic with HotSpot: every edge-value combination, then seeded random ones. */
final class IntrinsicInputs {
    private IntrinsicInputs() {
    }

    static final double[] DOUBLE_EDGES = edgesD();
    static final float[] FLOAT_EDGES = edgesF();
    static final int[] INT_EDGES = {0, 1, -1, 2, -2, 3, 7, -7, 10, 31, -31, 32, -32, 33, 63, 64, -64, 65, 255, 256,
            46340, 46341, -46341, 65535, 65536, 0x55555555, 0xAAAAAAAA, 0x0F0F0F0F, 0x80000001, 0x7FFFFFFE,
            Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1, 1 << 30, -(1 << 30)};
    static final long[] LONG_EDGES = {0, 1, -1, 2, -2, 3, 7, -7, 10, 31, 32, 33, 63, 64, -64, 65,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, 0xFFFFFFFFL,
            1L << 32, -(1L << 32), 3037000499L, 3037000500L, -3037000500L, 0x5555555555555555L, 0xAAAAAAAAAAAAAAAAL,
            0x0F0F0F0F0F0F0F0FL, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, 1L << 62,
            -(1L << 62), 1L << 31};

    private static double[] edgesD() {
        List<Double> v = new ArrayList<>();
        double[] pos = {0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MIN_NORMAL - Double.MIN_VALUE,
                Double.MAX_VALUE, Double.POSITIVE_INFINITY, 1.0, 0.5, 1.5, 2.5, 3.0, 10.0, 0.1, 2.0, 100.0,
                0.49999999999999994, Math.nextUp(1.0), Math.nextDown(1.0), Math.PI, Math.PI / 2, Math.E,
                0x1p52, 0x1p52 + 1, 0x1p53, 0x1p52 - 0.5, 0x1p63, Math.nextDown(0x1p63), 0x1p31, 0x1p31 - 0.5,
                2147483647.5, 1e300, 1e-300, 1e22, 1e23, 1e-8, 709.782712893384, 710.0, 745.1332191019411, 746.0,
                1e15, 3.0e-320};
        for (double d : pos) {
            v.add(d);
            v.add(-d);
        }
        v.add(Double.NaN);
        v.add(Double.longBitsToDouble(0xFFF8000000000000L)); // NaN with the sign bit
        v.add(Double.longBitsToDouble(0x7FF0000000000123L)); // signalling NaN with a payload
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static float[] edgesF() {
        List<Float> v = new ArrayList<>();
        float[] pos = {0f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, Float.POSITIVE_INFINITY, 1f, 0.5f,
                1.5f, 2.5f, 3f, 0.1f, 0.49999997f, Math.nextUp(1f), Math.nextDown(1f), 0x1p23f, 0x1p23f + 1,
                0x1p24f, 0x1p23f - 0.5f, 0x1p31f, Math.nextDown(0x1p31f), 0x1p63f, 1e30f, 1e-30f, 100f, (float) Math.PI};
        for (float f : pos) {
            v.add(f);
            v.add(-f);
        }
        v.add(Float.NaN);
        v.add(Float.intBitsToFloat(0xFFC00000));
        v.add(Float.intBitsToFloat(0x7F800123));
        float[] out = new float[v.size()];
        for (int k = 0; k < out.length; k++) out[k] = v.get(k);
        return out;
    }

    /** Edge combinations (capped per argument for three-argument methods), then {@code random} random lists. */
    static List<Object[]> forDescriptor(String desc, int random, long seed) {
        String args = desc.substring(1, desc.indexOf(')'));
        List<Object[]> out = new ArrayList<>();
        List<List<Object>> edges = new ArrayList<>();
        for (char c : args.toCharArray()) edges.add(edges(c, args.length() >= 3 ? 14 : Integer.MAX_VALUE));
        cross(edges, 0, new Object[args.length()], out);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int n = 0; n < random; n++) {
            Object[] a = new Object[args.length()];
            for (int k = 0; k < a.length; k++) a[k] = random(args.charAt(k), rnd);
            out.add(a);
        }
        return out;
    }

    private static void cross(List<List<Object>> edges, int k, Object[] cur, List<Object[]> out) {
        if (k == cur.length) {
            out.add(cur.clone());
            return;
        }
        for (Object o : edges.get(k)) {
            cur[k] = o;
            cross(edges, k + 1, cur, out);
        }
    }

    private static List<Object> edges(char c, int cap) {
        List<Object> l = new ArrayList<>();
        switch (c) {
            case 'D' -> { for (double d : DOUBLE_EDGES) l.add(d); }
            case 'F' -> { for (float f : FLOAT_EDGES) l.add(f); }
            case 'I' -> { for (int i : INT_EDGES) l.add(i); }
            case 'J' -> { for (long j : LONG_EDGES) l.add(j); }
            default -> throw new IllegalArgumentException("descriptor char " + c);
        }
        if (l.size() <= cap) return l;
        // Spread the cap over the list so signs, zeros, infinities and NaN all stay.
        List<Object> s = new ArrayList<>();
        for (int k = 0; k < cap; k++) s.add(l.get(k * l.size() / cap));
        s.add(l.get(l.size() - 3)); // NaN / last edge
        return s;
    }

    static Object random(char c, SplittableRandom rnd) {
        return switch (c) {
            case 'D' -> randomDouble(rnd);
            case 'F' -> randomFloat(rnd);
            case 'I' -> switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextInt();
                case 1 -> rnd.nextInt(-100, 100);
                case 2 -> rnd.nextInt() >> rnd.nextInt(32);
                default -> INT_EDGES[rnd.nextInt(INT_EDGES.length)] + rnd.nextInt(-2, 3);
            };
            case 'J' -> switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextLong();
                case 1 -> rnd.nextLong(-100, 100);
                case 2 -> rnd.nextLong() >> rnd.nextInt(64);
                default -> LONG_EDGES[rnd.nextInt(LONG_EDGES.length)] + rnd.nextLong(-2, 3);
            };
            default -> throw new IllegalArgumentException("descriptor char " + c);
        };
    }

    /** Any bit pattern, values of every scale, halves and integers (for rounding), and small arguments. */
    static double randomDouble(SplittableRandom rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> Double.longBitsToDouble(rnd.nextLong());
            case 1 -> (rnd.nextDouble() * 2 - 1) * Math.pow(10, rnd.nextInt(-12, 13));
            case 2 -> rnd.nextLong(-1L << 54, 1L << 54) * (rnd.nextBoolean() ? 0.5 : 1.0) * (rnd.nextInt(8) == 0 ? 1 : 1e-6);
            case 3 -> rnd.nextDouble(-1, 1);
            default -> rnd.nextDouble(-800, 800);
        };
    }

    static float randomFloat(SplittableRandom rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> Float.intBitsToFloat(rnd.nextInt());
            case 1 -> (float) ((rnd.nextDouble() * 2 - 1) * Math.pow(10, rnd.nextInt(-6, 7)));
            case 2 -> rnd.nextInt(-1 << 25, 1 << 25) * (rnd.nextBoolean() ? 0.5f : 1.0f);
            default -> (float) rnd.nextDouble(-100, 100);
        };
    }
}
