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
 * <p>When the length is not such a sum (a loop adds it up, say) it can be <em>asked</em> ({@link #ASKED}, no terms): the
 * Java side calls the kernel once asking for it (see {@link KernelAbi#FRAME_RESULT_ARRAY}); the allocation, reached
 * with no array passed and a length Java would allocate, stops the call with {@link Fault#RESULT_WANTED} and the length
 * instead of allocating, and the Java side allocates the array and calls again with it. The compiler asks only when
 * nothing in the kernel writes to an array but the result, which does not exist yet when it asks: the first call has
 * changed nothing, so the second computes the same length (unless another thread changes the arguments meanwhile:
 * then the allocation finds a length it was not passed and allocates as without it).
 *
 * <p>Text form (cache metadata): space-separated terms, each a sign then {@code P<k>} (parameter {@code k}, an int-like
 * scalar), {@code L<k>} (the length of parameter {@code k}, a 1-D array) or a decimal constant, e.g. {@code +P2 -P1};
 * a clone of parameter {@code k} is {@code =L<k>}, another copy of it {@code =<k>:} then the terms, or
 * {@code =<k>@}, the terms of the index it copies from, {@code :} and the length's terms; an asked length {@code ?}.
 *
 * @param copyOf the parameter the result is a copy of (its first {@code min(length, copyOf.length)} elements, the
 *               rest zero), or -1
 * @param from   for a copy, the index of {@code copyOf} it starts at ({@code Arrays.copyOfRange}), as terms; empty for 0
 */
public record ResultLength(List<Term> terms, int copyOf, List<Term> from) {
    /** One term: {@code kind} is {@code 'P'}, {@code 'L'} or {@code 'C'} (then {@code value} is the constant). */
    public record Term(boolean negative, char kind, int value) {
        public Term {
            if (kind != 'P' && kind != 'L' && kind != 'C') throw new IllegalArgumentException("bad term kind " + kind);
            if (kind != 'C' && value < 0) throw new IllegalArgumentException("bad parameter index " + value);
        }
    }

    /** A length the kernel asks for when it reaches the allocation (see above). */
    public static final ResultLength ASKED = new ResultLength(List.of(), -1, List.of());

    public ResultLength {
        terms = List.copyOf(terms);
        from = List.copyOf(from);
        if (terms.isEmpty() && (copyOf >= 0 || !from.isEmpty())) throw new IllegalArgumentException("empty result length");
        if (copyOf < -1) throw new IllegalArgumentException("bad copy source " + copyOf);
        if (copyOf < 0 && !from.isEmpty()) throw new IllegalArgumentException("an index to copy from without a source");
    }

    /** A length, or a copy of parameter {@code copyOf} from its index 0. */
    public ResultLength(List<Term> terms, int copyOf) {
        this(terms, copyOf, List.of());
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

    /**
     * A copy of array parameter {@code k} from index {@code from}: {@code Arrays.copyOfRange(k, from, from + length)}
     * (its first {@code min(length, k.length - from)} elements from {@code from}, the rest zero).
     */
    public static ResultLength copyOfRange(int k, List<Term> from, List<Term> terms) {
        return new ResultLength(terms, k, from);
    }

    /** Whether the kernel asks for the length when it reaches the allocation ({@link #ASKED}). */
    public boolean isAsked() {
        return terms.isEmpty();
    }

    /** Whether this is a clone of parameter {@link #copyOf()} (the copy of its own length). */
    public boolean isClone() {
        return copyOf >= 0 && from.isEmpty() && terms.equals(List.of(new Term(false, 'L', copyOf)));
    }

    public String encode() {
        if (isAsked()) return "?";
        if (isClone()) return "=L" + copyOf;
        if (copyOf < 0) return encode(terms);
        return "=" + copyOf + (from.isEmpty() ? "" : "@" + encode(from)) + ":" + encode(terms);
    }

    private static String encode(List<Term> terms) {
        StringBuilder sb = new StringBuilder();
        for (Term t : terms) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(t.negative ? '-' : '+');
            if (t.kind != 'C') sb.append(t.kind);
            sb.append(t.value);
        }
        return sb.toString();
    }

    /** Parses {@link #encode()}'s form; throws IllegalArgumentException for anything else. */
    public static ResultLength parse(String s) {
        if (s.equals("?")) return ASKED;
        if (s.startsWith("=L")) return cloneOf(Integer.parseInt(s.substring(2)));
        int source = -1;
        List<Term> from = List.of();
        if (s.startsWith("=")) {
            int colon = s.indexOf(':');
            if (colon < 0) throw new IllegalArgumentException("bad result copy '" + s + "'");
            String head = s.substring(1, colon);
            int at = head.indexOf('@');
            if (at >= 0) {
                from = terms(head.substring(at + 1));
                head = head.substring(0, at);
            }
            source = Integer.parseInt(head);
            s = s.substring(colon + 1);
        }
        return new ResultLength(terms(s), source, from);
    }

    private static List<Term> terms(String s) {
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
        return terms;
    }

    /**
     * Whether this can be evaluated for a kernel of type {@code t} whose result the adapter may allocate: a 1-D
     * result of a type with heap segments (not boolean), every {@code P} an int-like parameter, every {@code L} a 1-D
     * array parameter (or, in a kernel with arrays of arrays, any array parameter), a copy's source of the result's
     * type. An asked length fits any such result.
     */
    public boolean fits(MethodType t) {
        Class<?> r = t.returnType();
        if (!r.isArray() || !r.getComponentType().isPrimitive() || r == boolean[].class) return false;
        if (isAsked()) return true;
        if (copyOf >= 0 && (copyOf >= t.parameterCount() || t.parameterType(copyOf) != r)) return false;
        return fits(terms, t) && fits(from, t);
    }

    /**
     * Whether a kernel of type {@code t} takes the generated adapter, whose lengths are of 1-D arrays; the marshalling
     * path of kernels with arrays of arrays (and only it) also sizes by an array of arrays' length.
     */
    private static boolean fromAdapter(MethodType t) {
        for (Class<?> p : t.parameterList()) if (p.isArray() && p.getComponentType().isArray()) return false;
        return true;
    }

    private static boolean fits(List<Term> terms, MethodType t) {
        for (Term term : terms) {
            if (term.kind == 'C') continue;
            if (term.value >= t.parameterCount()) return false;
            Class<?> p = t.parameterType(term.value);
            boolean ok = term.kind == 'P'
                    ? p == int.class || p == short.class || p == byte.class || p == char.class
                    : p.isArray() && (p.getComponentType().isPrimitive() || !fromAdapter(t));
            if (!ok) return false;
        }
        return true;
    }
}
