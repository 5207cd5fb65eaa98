package dev.kiln.bench;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Arguments for a published method, made from its signature alone (nothing is known of what the parameters mean).
 * Every input is a pure function of the method's id and the input's index, so a mismatch is reproduced by
 * {@code CorpusSpeed --repro ID INDEX}.
 *
 * <p>Typical inputs come in three modes: {@code A} (doubles in [0,1), ints in [0, n/2] so that they serve as indices,
 * lengths and iteration counts of the arrays beside them), {@code B} (doubles in (-10,10), ints in [-10,10]),
 * {@code C} (wide: magnitudes 1e-300..1e300, any int, arrays sprinkled with NaN, infinities and -0.0); each at a
 * small size (1-D length 16, 2-D 8x8) and a large one (1024, 100x100). Edge inputs take a small mode-A input and
 * replace one parameter by an edge value: NaN, +-0.0, +-Inf, MIN/MAX, null, empty and length-1 arrays, a 2-D array
 * with a null or a short row.
 */
final class CorpusInputs {
    private CorpusInputs() {
    }

    record Input(String label, Object[] args) {
    }

    static final int SMALL = 16, LARGE = 1024, SMALL_2D = 8, LARGE_2D = 100;

    /** The inputs used for checking; {@code few} keeps one seed per mode (quick runs). */
    static List<Input> forCheck(String id, Class<?>[] params, boolean few) {
        List<Input> out = new ArrayList<>();
        int seeds = few ? 1 : 3;
        for (char mode : new char[] {'A', 'B', 'C'}) {
            for (int s = 0; s < seeds; s++) out.add(typical(id, params, mode, false, s));
        }
        for (char mode : new char[] {'A', 'B'}) out.add(typical(id, params, mode, true, 0));
        for (int p = 0; p < params.length; p++) {
            List<Object> edges = edges(params[p]);
            for (int e = 0; e < edges.size(); e++) {
                Object[] args = typical(id, params, 'A', false, 0).args();
                args[p] = edges.get(e);
                out.add(new Input("edge-p" + p + "#" + e, args));
            }
        }
        return out;
    }

    /** Candidate inputs for timing, in order of preference: large mode A, then large mode B. */
    static List<Input> forTiming(String id, Class<?>[] params) {
        return List.of(typical(id, params, 'A', true, 0), typical(id, params, 'B', true, 0));
    }

    /** The input whose label is {@code label}, regenerated (for --repro). */
    static Input byLabel(String id, Class<?>[] params, String label) {
        for (Input in : forCheck(id, params, false)) if (in.label().equals(label)) return in;
        for (Input in : forTiming(id, params)) if (in.label().equals(label)) return in;
        throw new IllegalArgumentException("no input " + label + " for " + id);
    }

    static Input typical(String id, Class<?>[] params, char mode, boolean large, int seed) {
        SplittableRandom r = new SplittableRandom(id.hashCode() * 1_000_003L + mode * 101L + (large ? 7 : 0) + seed * 31L);
        int n = large ? LARGE : SMALL, n2 = large ? LARGE_2D : SMALL_2D;
        boolean only2d = true;
        for (Class<?> p : params) if (p.isArray() && !p.getComponentType().isArray()) only2d = false;
        // The size the scalar ints relate to: the 1-D length, or the rows of the 2-D arrays when there is no 1-D one.
        int rel = only2d && has2d(params) ? n2 : n;
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) args[i] = value(params[i], r, mode, n, n2, rel);
        return new Input(mode + (large ? "-large" : "-small") + "#" + seed, args);
    }

    private static boolean has2d(Class<?>[] params) {
        for (Class<?> p : params) if (p.isArray() && p.getComponentType().isArray()) return true;
        return false;
    }

    private static Object value(Class<?> t, SplittableRandom r, char mode, int n, int n2, int rel) {
        if (!t.isArray()) return scalar(t, r, mode, rel);
        Class<?> c = t.getComponentType();
        if (c.isArray()) {
            // 2-D (or deeper): n2 rows of n2 elements each.
            Object a = Array.newInstance(c, n2);
            for (int i = 0; i < n2; i++) Array.set(a, i, value(c, r, mode, n2, Math.max(2, n2 / 4), rel));
            return a;
        }
        Object a = Array.newInstance(c, n);
        for (int i = 0; i < n; i++) Array.set(a, i, element(c, r, mode, n));
        return a;
    }

    private static Object element(Class<?> c, SplittableRandom r, char mode, int n) {
        if (mode == 'C' && (c == double.class || c == float.class) && r.nextInt(8) == 0) {
            double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE};
            double v = specials[r.nextInt(specials.length)];
            return c == double.class ? (Object) v : (Object) (float) v;
        }
        if (c == int.class) return mode == 'A' ? r.nextInt(n) : mode == 'B' ? r.nextInt(-10, 11) : r.nextInt();
        return scalar(c, r, mode, n);
    }

    private static Object scalar(Class<?> t, SplittableRandom r, char mode, int rel) {
        double d = switch (mode) {
            case 'A' -> r.nextDouble();
            case 'B' -> r.nextDouble(-10, 10);
            default -> (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-300, 300));
        };
        long l = switch (mode) {
            case 'A' -> r.nextInt(rel / 2 + 1);
            case 'B' -> r.nextInt(-10, 11);
            default -> r.nextLong();
        };
        if (t == double.class) return d;
        if (t == float.class) return (float) (mode == 'C' ? (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-38, 38)) : d);
        if (t == int.class) return mode == 'C' ? r.nextInt() : (int) l;
        if (t == long.class) return l;
        if (t == boolean.class) return r.nextBoolean();
        if (t == byte.class) return (byte) (mode == 'C' ? r.nextInt() : l);
        if (t == short.class) return (short) (mode == 'C' ? r.nextInt() : l);
        if (t == char.class) return (char) (mode == 'C' ? r.nextInt(65536) : 'a' + Math.abs(l) % 26);
        throw new IllegalArgumentException(t.toString());
    }

    /** Edge values of one parameter type. */
    static List<Object> edges(Class<?> t) {
        List<Object> out = new ArrayList<>();
        if (t == double.class) {
            out.addAll(List.of(0.0, -0.0, 1.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 1e-300, 1e300, 0.5, 2.5));
        } else if (t == float.class) {
            out.addAll(List.of(0.0f, -0.0f, 1.0f, -1.0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                    Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 0.5f));
        } else if (t == int.class) {
            out.addAll(List.of(0, 1, -1, 2, 31, 32, 64, 100, -100, Integer.MAX_VALUE, Integer.MIN_VALUE));
        } else if (t == long.class) {
            out.addAll(List.of(0L, 1L, -1L, 63L, 64L, 1L << 53, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1));
        } else if (t == boolean.class) {
            out.addAll(List.of(false, true));
        } else if (t == byte.class) {
            out.addAll(List.of((byte) 0, (byte) -1, Byte.MAX_VALUE, Byte.MIN_VALUE));
        } else if (t == short.class) {
            out.addAll(List.of((short) 0, (short) -1, Short.MAX_VALUE, Short.MIN_VALUE));
        } else if (t == char.class) {
            out.addAll(List.of('\0', '\uffff', '\u00e9', '9'));
        } else if (t.isArray()) {
            Class<?> c = t.getComponentType();
            out.add(null);
            out.add(Array.newInstance(c, 0));
            if (c.isArray()) {
                Object one = Array.newInstance(c.getComponentType(), 1);
                Object a = Array.newInstance(c, 2);
                Array.set(a, 0, null);
                Array.set(a, 1, one);
                out.add(a);                                    // a null row
                Object jag = Array.newInstance(c, 3);
                for (int i = 0; i < 3; i++) Array.set(jag, i, Array.newInstance(c.getComponentType(), 3 - i));
                out.add(jag);                                  // rows of 3, 2, 1 (zeros)
            } else {
                List<Object> es = edges(c);
                Object one = Array.newInstance(c, 1);
                Array.set(one, 0, es.get(es.size() > 2 ? 2 : 0));
                out.add(one);
                Object all = Array.newInstance(c, es.size());
                for (int i = 0; i < es.size(); i++) Array.set(all, i, es.get(i));
                out.add(all);
            }
        }
        return out;
    }
}
