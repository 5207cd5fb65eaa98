package dev.kiln.compiler.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Test arrays of each element type: null, empty, length 1, edge values, longer random ones. */
final class Arrays2 {
    private Arrays2() {
    }

    static final List<Integer> INDICES = List.of(0, 1, 2, 4, 5, 6, -1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE);

    static List<Object> bytes() {
        byte[] edge = new byte[Edge.BYTES.size()];
        for (int i = 0; i < edge.length; i++) edge[i] = Edge.BYTES.get(i);
        byte[] rnd = new byte[37];
        new Random(1).nextBytes(rnd);
        return Arrays.asList(null, new byte[0], new byte[] {-1}, edge, rnd);
    }

    static List<Object> shorts() {
        short[] edge = new short[Edge.SHORTS.size()];
        for (int i = 0; i < edge.length; i++) edge[i] = Edge.SHORTS.get(i);
        short[] rnd = new short[29];
        Random r = new Random(2);
        for (int i = 0; i < rnd.length; i++) rnd[i] = (short) r.nextInt();
        return Arrays.asList(null, new short[0], new short[] {Short.MIN_VALUE}, edge, rnd);
    }

    static List<Object> chars() {
        char[] edge = new char[Edge.CHARS.size()];
        for (int i = 0; i < edge.length; i++) edge[i] = Edge.CHARS.get(i);
        char[] rnd = new char[31];
        Random r = new Random(3);
        for (int i = 0; i < rnd.length; i++) rnd[i] = (char) r.nextInt();
        return Arrays.asList(null, new char[0], new char[] {'\uffff'}, edge, rnd);
    }

    static List<Object> ints() {
        int[] edge = Edge.INTS.stream().mapToInt(Integer::intValue).toArray();
        int[] rnd = new Random(4).ints(41).toArray();
        return Arrays.asList(null, new int[0], new int[] {Integer.MIN_VALUE}, edge, rnd);
    }

    static List<Object> longs() {
        long[] edge = Edge.LONGS.stream().mapToLong(Long::longValue).toArray();
        long[] rnd = new Random(5).longs(23).toArray();
        return Arrays.asList(null, new long[0], new long[] {Long.MAX_VALUE}, edge, rnd);
    }

    static List<Object> floats() {
        float[] edge = new float[Edge.FLOATS.size()];
        for (int i = 0; i < edge.length; i++) edge[i] = Edge.FLOATS.get(i);
        float[] rnd = new float[33];
        Random r = new Random(6);
        for (int i = 0; i < rnd.length; i++) rnd[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(16) - 8));
        return Arrays.asList(null, new float[0], new float[] {-0.0f}, edge, rnd);
    }

    static List<Object> doubles() {
        double[] edge = Edge.DOUBLES.stream().mapToDouble(Double::doubleValue).toArray();
        Random r = new Random(7);
        double[] rnd = new double[35];
        for (int i = 0; i < rnd.length; i++) rnd[i] = r.nextGaussian() * Math.pow(10, r.nextInt(30) - 15);
        return Arrays.asList(null, new double[0], new double[] {Double.NaN}, edge, rnd);
    }

    /** Arrays without null. */
    static List<Object> nonNull(List<Object> l) {
        List<Object> out = new ArrayList<>(l);
        out.removeIf(o -> o == null);
        return out;
    }
}
