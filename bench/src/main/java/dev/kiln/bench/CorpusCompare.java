package dev.kiln.bench;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Objects;

/**
 * Compares one call on HotSpot with the same call through Kiln, as the project's differential tests do: the result bit
 * for bit (every NaN is one value, since Java leaves NaN payloads unspecified; -0.0 is not 0.0), the argument arrays
 * afterwards (each side gets its own deep copy of the inputs), and a thrown exception's class and message.
 */
final class CorpusCompare {
    private CorpusCompare() {
    }

    record Outcome(Object value, Throwable thrown, Object[] argsAfter) {
    }

    static Outcome run(MethodHandle mh, Object[] args) {
        Object[] copy = deepCopy(args);
        try {
            return new Outcome(mh.invokeWithArguments(copy), null, copy);
        } catch (Throwable t) {
            return new Outcome(null, t, copy);
        }
    }

    /** Null when the outcomes agree, else what differs. */
    static String difference(Outcome want, Outcome got) {
        if (want.thrown() != null || got.thrown() != null) {
            if (want.thrown() == null) return "HotSpot returned " + format(want.value()) + " but Kiln threw " + describe(got.thrown());
            if (got.thrown() == null) return "HotSpot threw " + describe(want.thrown()) + " but Kiln returned " + format(got.value());
            if (want.thrown().getClass() != got.thrown().getClass()
                    || !(want.thrown() instanceof StackOverflowError || Objects.equals(want.thrown().getMessage(), got.thrown().getMessage()))) {
                return "HotSpot threw " + describe(want.thrown()) + " but Kiln threw " + describe(got.thrown());
            }
        } else if (!same(want.value(), got.value())) {
            return "HotSpot returned " + format(want.value()) + " but Kiln returned " + format(got.value())
                    + where(want.value(), got.value()) + ulps(want.value(), got.value());
        }
        for (int i = 0; i < want.argsAfter().length; i++) {
            Object w = want.argsAfter()[i], g = got.argsAfter()[i];
            if (w != null && w.getClass().isArray() && !same(w, g)) {
                return "argument " + i + " afterwards: HotSpot left " + format(w) + " but Kiln left " + format(g)
                        + where(w, g) + ulps(w, g)
                        + (want.thrown() != null ? " (both threw " + describe(want.thrown()) + ")" : "");
            }
        }
        return null;
    }

    /** Where two arrays first differ, as " (first at [i][j]: x vs y)", or "" for scalars. */
    static String where(Object a, Object b) {
        if (a == null || b == null || !a.getClass().isArray() || a.getClass() != b.getClass()) return "";
        int n = Array.getLength(a);
        if (n != Array.getLength(b)) return " (lengths " + n + " vs " + Array.getLength(b) + ")";
        for (int i = 0; i < n; i++) {
            Object x = Array.get(a, i), y = Array.get(b, i);
            if (!same(x, y)) {
                String inner = where(x, y);
                if (inner.startsWith(" (first at ")) return " (first at [" + i + "]" + inner.substring(11);
                return inner.isEmpty() ? " (first at [" + i + "]: " + format(x) + " vs " + format(y) + ")" : inner;
            }
        }
        return "";
    }

    /** Bitwise equality, NaNs collapsed, element-wise for arrays of any depth. */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a.getClass() != b.getClass()) return false;
        if (a instanceof Double x) return Double.doubleToLongBits(x) == Double.doubleToLongBits((Double) b);
        if (a instanceof Float x) return Float.floatToIntBits(x) == Float.floatToIntBits((Float) b);
        if (a.getClass().isArray()) {
            int n = Array.getLength(a);
            if (n != Array.getLength(b)) return false;
            for (int i = 0; i < n; i++) if (!same(Array.get(a, i), Array.get(b, i))) return false;
            return true;
        }
        return a.equals(b);
    }

    /** The largest distance in ulps between differing floating-point values, as " (max N ulps)", or "". */
    static String ulps(Object a, Object b) {
        double m = maxUlps(a, b);
        return m <= 0 || Double.isInfinite(m) ? "" : String.format(" (max %.0f ulps)", m);
    }

    static double maxUlps(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            if (same(x, y)) return 0;
            if (x.isNaN() || y.isNaN() || Double.isInfinite(x) || Double.isInfinite(y)) return Double.POSITIVE_INFINITY;
            return Math.abs(x - y) / Math.ulp(Math.max(Math.abs(x), Math.abs(y)));
        }
        if (a instanceof Float x && b instanceof Float y) {
            if (same(x, y)) return 0;
            if (x.isNaN() || y.isNaN() || Float.isInfinite(x) || Float.isInfinite(y)) return Double.POSITIVE_INFINITY;
            return Math.abs(x - y) / Math.ulp(Math.max(Math.abs(x), Math.abs(y)));
        }
        if (a != null && b != null && a.getClass().isArray() && a.getClass() == b.getClass()
                && Array.getLength(a) == Array.getLength(b)) {
            double m = 0;
            for (int i = 0; i < Array.getLength(a); i++) m = Math.max(m, maxUlps(Array.get(a, i), Array.get(b, i)));
            return m;
        }
        return same(a, b) ? 0 : Double.POSITIVE_INFINITY;
    }

    static Object[] deepCopy(Object[] args) {
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) out[i] = copy(args[i]);
        return out;
    }

    static Object copy(Object a) {
        if (a == null || !a.getClass().isArray()) return a;
        int n = Array.getLength(a);
        Object c = Array.newInstance(a.getClass().getComponentType(), n);
        if (a.getClass().getComponentType().isArray()) {
            for (int i = 0; i < n; i++) Array.set(c, i, copy(Array.get(a, i)));
        } else {
            System.arraycopy(a, 0, c, 0, n);
        }
        return c;
    }

    static String describe(Throwable t) {
        return t.getClass().getName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
    }

    /** A value, arrays shown up to {@code limit} elements each (0 = all). */
    static String format(Object v, int limit) {
        if (v == null) return "null";
        if (v instanceof Double d) return d.isNaN() || d.isInfinite() ? d.toString() : d + "";
        if (v instanceof Float f) return f + "f";
        if (v instanceof Long l) return l + "L";
        if (v instanceof Character c) return "(char) " + (int) c;
        if (v instanceof Byte b) return "(byte) " + b;
        if (v instanceof Short s) return "(short) " + s;
        if (!v.getClass().isArray()) return String.valueOf(v);
        int n = Array.getLength(v);
        StringBuilder b = new StringBuilder("new ").append(v.getClass().getComponentType().getSimpleName()).append("[]{");
        for (int i = 0; i < n; i++) {
            if (limit > 0 && i >= limit) {
                b.append(", ... (").append(n).append(" elements)");
                break;
            }
            if (i > 0) b.append(", ");
            b.append(format(Array.get(v, i), limit));
        }
        return b.append('}').toString();
    }

    static String format(Object v) {
        return format(v, 8);
    }

    static String formatArgs(Object[] args, int limit) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < args.length; i++) b.append(i > 0 ? ", " : "").append(format(args[i], limit));
        return b.toString();
    }
}
