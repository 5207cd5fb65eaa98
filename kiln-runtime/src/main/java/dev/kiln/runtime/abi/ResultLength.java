package dev.kiln.runtime.abi;

import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * The length of the new array a kernel returns, as the compiler found it: a sum of the kernel's int parameters, its
 * array parameters' lengths and constants, in Java's wrapping {@code int} arithmetic. With it the generated adapter
 * allocates the result as a Java array before the call and passes it in place (see {@link KernelAbi#FRAME_RESULT_ARRAY});
 * native code writes into it instead of allocating and the Java side copying out. It is a hint, not a promise: the
 * kernel takes the array only at the allocation the compiler marked, only once per call and only when its length is
 * the one requested, else it allocates as without it.
 *
 * <p>When the result is a copy of array parameter {@code copyOf} and nothing in the kernel writes to an array before
 * (or other than) it, the Java side passes {@code Arrays.copyOf(copyOf, length)} instead of a zeroed array (the JIT
 * then copies without zeroing first) and native code does not copy again: a clone of the whole array takes it as it
 * is; a {@code new} whose first use is a {@code System.arraycopy} into it takes it, and that copy skips its memory
 * move when it copies exactly the prefix the Java side did (and zeroes the array and copies when it does not).
 *
 * <p>Text form (cache metadata): space-separated terms, each a sign then {@code P<k>} (parameter {@code k}, an int-like
 * scalar), {@code L<k>} (the length of parameter {@code k}, a 1-D array) or a decimal constant, e.g. {@code +P2 -P1};
 * a clone of parameter {@code k} is {@code =L<k>}, another copy of it {@code =<k>:} then the terms.
 *
 * @param copyOf the parameter the result is a copy of (its first {@code min(length, copyOf.length)} elements, the
 *               rest zero), or -1
 */
public record ResultLength(List<Term> terms, int copyOf) {
    /** One term: {@code kind} is {@code 'P'}, {@code 'L'} or {@code 'C'} (then {@code value} is the constant). */
    public record Term(boolean negative, char kind, int value) {
        public Term {
            if (kind != 'P' && kind != 'L' && kind != 'C') throw new IllegalArgumentException("bad term kind " + kind);
            if (kind != 'C' && value < 0) throw new IllegalArgumentException("bad parameter index " + value);
        }
    }

    public ResultLength {
        terms = List.copyOf(terms);
        if (terms.isEmpty()) throw new IllegalArgumentException("empty result length");
        if (copyOf < -1) throw new IllegalArgumentException("bad copy source " + copyOf);
    }

    /** A length, not a clone. */
    public ResultLength(List<Term> terms) {
        this(terms, -1);
    }

    /** The clone of array parameter {@code k}. */
    public static ResultLength cloneOf(int k) {
        return new ResultLength(List.of(new Term(false, 'L', k)), k);
    }

    /** A prefix copy of array parameter {@code k}: {@code Arrays.copyOf(k, length)}. */
    public static ResultLength copyOf(int k, List<Term> terms) {
        return new ResultLength(terms, k);
    }

    /** Whether this is a clone of parameter {@link #copyOf()} (the copy of its own length). */
    public boolean isClone() {
        return copyOf >= 0 && terms.equals(List.of(new Term(false, 'L', copyOf)));
    }

    public String encode() {
        if (isClone()) return "=L" + copyOf;
        StringBuilder sb = new StringBuilder(copyOf >= 0 ? "=" + copyOf + ":" : "");
        int start = sb.length();
        for (Term t : terms) {
            if (sb.length() > start) sb.append(' ');
            sb.append(t.negative ? '-' : '+');
            if (t.kind != 'C') sb.append(t.kind);
            sb.append(t.value);
        }
        return sb.toString();
    }

    /** Parses {@link #encode()}'s form; throws IllegalArgumentException for anything else. */
    public static ResultLength parse(String s) {
        if (s.startsWith("=L")) return cloneOf(Integer.parseInt(s.substring(2)));
        int source = -1;
        if (s.startsWith("=")) {
            int colon = s.indexOf(':');
            if (colon < 0) throw new IllegalArgumentException("bad result copy '" + s + "'");
            source = Integer.parseInt(s.substring(1, colon));
            s = s.substring(colon + 1);
        }
        List<Term> terms = new ArrayList<>();
        for (String part : s.split(" ")) {
            if (part.length() < 2 || (part.charAt(0) != '+' && part.charAt(0) != '-')) {
                throw new IllegalArgumentException("bad result length term '" + part + "'");
            }
            boolean neg = part.charAt(0) == '-';
            char kind = part.charAt(1);
            if (kind == 'P' || kind == 'L') terms.add(new Term(neg, kind, Integer.parseInt(part.substring(2))));
            else terms.add(new Term(neg, 'C', Integer.parseInt(part.substring(1))));
        }
        return new ResultLength(terms, source);
    }

    /**
     * Whether this can be evaluated for a kernel of type {@code t} whose result the adapter may allocate: a 1-D
     * result of a type with heap segments (not boolean), every {@code P} an int-like parameter, every {@code L} a 1-D
     * array parameter, a copy's source of the result's type.
     */
    public boolean fits(MethodType t) {
        Class<?> r = t.returnType();
        if (!r.isArray() || !r.getComponentType().isPrimitive() || r == boolean[].class) return false;
        if (copyOf >= 0 && (copyOf >= t.parameterCount() || t.parameterType(copyOf) != r)) return false;
        for (Term term : terms) {
            if (term.kind == 'C') continue;
            if (term.value >= t.parameterCount()) return false;
            Class<?> p = t.parameterType(term.value);
            boolean ok = term.kind == 'P'
                    ? p == int.class || p == short.class || p == byte.class || p == char.class
                    : p.isArray() && p.getComponentType().isPrimitive();
            if (!ok) return false;
        }
        return true;
    }
}
