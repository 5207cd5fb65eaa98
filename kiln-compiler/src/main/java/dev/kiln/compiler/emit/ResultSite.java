package dev.kiln.compiler.emit;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;
import dev.kiln.runtime.abi.KernelAbi;
import dev.kiln.runtime.abi.ResultLength;

import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The allocation whose array a kernel returns, when the Java side can allocate that array before the call (see
 * {@link ResultLength}): a {@code new T[n]}, {@code clone}, {@code Arrays.copyOf} or {@code copyOfRange} that every
 * return of a new array returns (directly or through a merge, in the kernel's method or, through returned calls, a
 * callee's), whose length is a
 * sum of the kernel's int parameters, its arrays' lengths and constants. That allocation takes the Java side's array
 * ({@code @kiln.newresult}) when it is there and has the length the allocation needs, once per call; anything else
 * (another allocation, a second pass through it, a different length) allocates as usual, so the choice here decides
 * speed, never results.
 *
 * <p>A {@code new T[n]} whose first use is a {@code System.arraycopy} into it from an array parameter (Commons Math's
 * {@code copyOf(int[], int)}, {@code copyOfRange(double[], int, int)}) is a copy of that parameter when nothing writes
 * to another array: the Java side passes {@code Arrays.copyOf(source, n)} (or {@code copyOfRange}), and that
 * {@code fill} copy skips its memory move when it copies the same elements.
 *
 * <p>A kernel with arrays of arrays (whose entries take their pointers by row bucket) has a {@code new} or copy site
 * whose length is such a sum (an array of arrays' length among the terms), passed as a zeroed array, or, when nothing
 * in it writes an array but the site's, one of any length, which the kernel asks for ({@link ResultLength#ASKED}).
 *
 * @param site   the allocation, by identity (a {@link Inst.NewArray} or {@link Inst.ArrayCopyOf})
 * @param length its length over the kernel's parameters
 * @param fill   for a {@code new} the Java side fills as a copy ({@link ResultLength#copyOf()}), the first
 *               {@code System.arraycopy} into it; else null
 */
record ResultSite(Inst site, ResultLength length, Inst.ArrayCopy fill) {
    ResultSite(Inst site, ResultLength length) {
        this(site, length, null);
    }

    /** The module's result site, or null. */
    static ResultSite find(IrModule module) {
        Function root = module.function(module.entry());
        if (!(root.returnType() instanceof Type.Array ra) || root.descriptor().endsWith(")[Z")) return null;
        MethodType t = MethodType.fromMethodDescriptorString(root.descriptor(), KernelAbi.class.getClassLoader());
        int arrays = 0;
        boolean deep = false;
        for (Class<?> p : t.parameterList()) {
            if (p == boolean[].class) return null; // ArrayMarshal's, which passes no result array
            if (p.isArray() && p.getComponentType().isArray()) deep = true;
            if (p.isArray()) arrays++;
        }
        if (!deep && arrays >= 8) return null; // the Java side's adapter passes a result array with at most 7 others
        Map<Value, List<ResultLength.Term>> scalars = new IdentityHashMap<>();
        Map<Value, Integer> arrayParams = new IdentityHashMap<>();
        List<Param> params = root.params();
        for (int k = 0; k < params.size(); k++) {
            Class<?> p = t.parameterType(k);
            if (p == int.class || p == short.class || p == byte.class || p == char.class) {
                scalars.put(params.get(k), List.of(new ResultLength.Term(false, 'P', k)));
            } else if (p.isArray()) {
                arrayParams.put(params.get(k), k);
            }
        }
        if (deep) return asked(module, ra, scalars, arrayParams, t);
        ResultSite found = new Finder(module, false).in(root, scalars, arrayParams, Set.of());
        if (found == null || ((Type.Array) found.site.type()).elem() != ra.elem() || !found.length.fits(t)) return null;
        if (found.fill != null) {
            // the Java side's copy is what the fill copies only while the source holds what it held before the call
            return writesOnly(module, found.site) && found.length.fits(t) ? found
                    : new ResultSite(found.site, new ResultLength(found.length.terms()));
        }
        if (found.site instanceof Inst.ArrayCopyOf c && c.kind() == Inst.CopyKind.CLONE && writesOnly(module, c)) {
            // The Java side's clone is what this clone would copy: nothing wrote to an array before it
            ResultSite copied = new ResultSite(c, ResultLength.cloneOf(found.length.terms().get(0).value()));
            if (copied.length.fits(t)) return copied;
        }
        return found;
    }

    /**
     * The result site of a kernel with arrays of arrays, whose length it asks for ({@link ResultLength#ASKED}): its
     * call stops at the site and runs again, so only when nothing writes to an array but the site's (the first call
     * changes nothing, and the second computes the same length). A {@code new} or a copy through
     * {@code @kiln.newresult}; a clone takes no array there.
     */
    private static ResultSite asked(IrModule module, Type.Array ra, Map<Value, List<ResultLength.Term>> scalars,
                                    Map<Value, Integer> arrayParams, MethodType t) {
        // a length over the parameters the Java side computes before the call, sparing the stopped call
        ResultSite known = new Finder(module, false).in(module.function(module.entry()), scalars, arrayParams, Set.of());
        if (known != null && ((Type.Array) known.site.type()).elem() == ra.elem()
                && (known.site instanceof Inst.NewArray || known.site instanceof Inst.ArrayCopyOf c
                && c.kind() != Inst.CopyKind.CLONE)) {
            ResultLength plain = new ResultLength(known.length.terms());
            if (plain.fits(t)) return new ResultSite(known.site, plain);
        }
        ResultSite found = new Finder(module, true).in(module.function(module.entry()), Map.of(), Map.of(), Set.of());
        if (found == null || ((Type.Array) found.site.type()).elem() != ra.elem()) return null;
        boolean viaNew = found.site instanceof Inst.NewArray
                || found.site instanceof Inst.ArrayCopyOf c && c.kind() != Inst.CopyKind.CLONE;
        return viaNew && writesOnly(module, found.site) ? new ResultSite(found.site, ResultLength.ASKED) : null;
    }

    /**
     * Whether nothing in the module writes to an array other than {@code site}'s (which no instruction can before the
     * site runs), so that an array parameter still holds, at the site, what the Java side saw before the call.
     */
    private static boolean writesOnly(IrModule module, Inst site) {
        for (Function f : module.functions()) {
            for (Block b : f.blocks()) {
                for (Inst i : b.insts()) {
                    Value written = switch (i) {
                        case Inst.ArrayStore s -> s.array();
                        case Inst.ArrayCopy c -> c.dst();
                        case Inst.ArrayFill fl -> fl.array();
                        case Inst.RefStore r -> r.array();
                        default -> site;
                    };
                    if (written != site) return false;
                    if (i instanceof Inst.IntrinsicCall c) {
                        for (Value a : c.args()) if (Type.isReference(a.type()) && a != site) return false; // may write it
                    }
                }
            }
        }
        return true;
    }

    /**
     * Follows returned values through calls; {@code open} holds the functions being searched (no recursion). With
     * {@code anyLength}, a site whose length is no sum of terms is found too, with {@link ResultLength#ASKED}.
     */
    private record Finder(IrModule module, boolean anyLength) {
        ResultSite in(Function f, Map<Value, List<ResultLength.Term>> scalars, Map<Value, Integer> arrays,
                      Set<String> open) {
            // what each block parameter can be: the arguments of the edges into its block
            Map<Value, List<Value>> incoming = new IdentityHashMap<>();
            for (Block b : f.blocks()) {
                for (BlockCall c : b.terminator().successors()) {
                    for (int i = 0; i < c.args().size(); i++) {
                        incoming.computeIfAbsent(c.target().params().get(i), k -> new ArrayList<>()).add(c.args().get(i));
                    }
                }
            }
            Set<Value> returned = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            Set<Value> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            for (Block b : f.blocks()) {
                if (b.terminator() instanceof Terminator.Return r && r.value() != null) {
                    sources(r.value(), incoming, seen, returned);
                }
            }
            ResultSite found = null;
            for (Value v : returned) {
                ResultSite s = switch (v) {
                    case Inst.NewArray n when anyLength -> new ResultSite(n, ResultLength.ASKED);
                    case Inst.ArrayCopyOf c when anyLength -> new ResultSite(c, ResultLength.ASKED);
                    case Inst.NewArray n -> filled(f, n, terms(n.length(), scalars, arrays), scalars, arrays);
                    case Inst.ArrayCopyOf c -> site(c, copyLength(c, scalars, arrays));
                    case Inst.Call c when defined(c.callee()) && !open.contains(c.callee()) ->
                            call(c, scalars, arrays, open);
                    default -> null; // a parameter, null, a merge: no allocation of its own to take the array
                };
                if (s == null) {
                    if (isNew(v)) return null; // a new array the Java side cannot size
                    continue;
                }
                if (found != null && found.site != s.site) return null;
                if (found != null && !found.length.equals(s.length)) return null;
                found = s;
            }
            return found;
        }

        /** The values {@code v} can be, through block parameters (a returned array chosen by a branch, say). */
        private static void sources(Value v, Map<Value, List<Value>> incoming, Set<Value> seen, Set<Value> out) {
            if (!seen.add(v)) return;
            List<Value> in = incoming.get(v);
            if (in == null) {
                out.add(v);
                return;
            }
            for (Value a : in) sources(a, incoming, seen, out);
        }

        private boolean defined(String name) {
            for (Function g : module.functions()) if (g.name().equals(name)) return true;
            return false;
        }

        private static boolean isNew(Value v) {
            return v instanceof Inst.NewArray || v instanceof Inst.ArrayCopyOf || v instanceof Inst.Call;
        }

        /**
         * The site of {@code n}, a copy of the array parameter its first use copies from when that use is a
         * {@code System.arraycopy} to its index 0 later in its block (nothing can see the array before it), from an
         * index known over the parameters.
         */
        private static ResultSite filled(Function f, Inst.NewArray n, List<ResultLength.Term> terms,
                                         Map<Value, List<ResultLength.Term>> scalars, Map<Value, Integer> arrays) {
            if (terms == null) return null;
            for (Block b : f.blocks()) {
                boolean after = false;
                for (Inst i : b.insts()) {
                    if (!after) {
                        after = i == n; // by identity: instructions are records, equal when alike
                        continue;
                    }
                    if (i instanceof Inst.ArrayCopy c && c.dst() == n && c.src() != n && arrays.containsKey(c.src())
                            && zero(c.dstPos())) {
                        int k = arrays.get(c.src());
                        if (zero(c.srcPos())) return new ResultSite(n, ResultLength.copyOf(k, terms), c);
                        List<ResultLength.Term> from = terms(c.srcPos(), scalars, arrays);
                        if (from != null) return new ResultSite(n, ResultLength.copyOfRange(k, from, terms), c);
                    }
                    for (Value o : i.operands()) if (o == n) return site(n, terms);
                }
                if (after) break;
            }
            return site(n, terms);
        }

        private static boolean zero(Value v) {
            return v instanceof Value.IntConst c && c.value() == 0;
        }

        private static ResultSite site(Inst i, List<ResultLength.Term> terms) {
            return terms == null ? null : new ResultSite(i, new ResultLength(terms));
        }

        private ResultSite call(Inst.Call c, Map<Value, List<ResultLength.Term>> scalars, Map<Value, Integer> arrays,
                                Set<String> open) {
            Function g = module.function(c.callee());
            List<Param> gp = g.params();
            if (gp.size() != c.args().size()) return null;
            Map<Value, List<ResultLength.Term>> gScalars = new IdentityHashMap<>();
            Map<Value, Integer> gArrays = new IdentityHashMap<>();
            for (int k = 0; k < gp.size(); k++) {
                Value a = c.args().get(k);
                if (arrays.containsKey(a)) {
                    gArrays.put(gp.get(k), arrays.get(a));
                } else if (gp.get(k).type() == Type.Prim.I32) {
                    List<ResultLength.Term> terms = terms(a, scalars, arrays);
                    if (terms != null) gScalars.put(gp.get(k), terms);
                }
            }
            Set<String> deeper = new java.util.HashSet<>(open);
            deeper.add(c.callee());
            return in(g, gScalars, gArrays, deeper);
        }

        private static List<ResultLength.Term> copyLength(Inst.ArrayCopyOf c, Map<Value, List<ResultLength.Term>> scalars,
                                                         Map<Value, Integer> arrays) {
            return switch (c.kind()) {
                case CLONE -> arrays.containsKey(c.src()) ? List.of(new ResultLength.Term(false, 'L', arrays.get(c.src()))) : null;
                case COPY_OF -> terms(c.to(), scalars, arrays);
                case COPY_OF_RANGE -> {
                    List<ResultLength.Term> to = terms(c.to(), scalars, arrays);
                    List<ResultLength.Term> from = terms(c.from(), scalars, arrays);
                    yield to == null || from == null ? null : concat(to, negate(from));
                }
            };
        }

        /** {@code v} as a sum of terms over the kernel's parameters, or null. */
        private static List<ResultLength.Term> terms(Value v, Map<Value, List<ResultLength.Term>> scalars,
                                                     Map<Value, Integer> arrays) {
            return switch (v) {
                case Value.IntConst c -> List.of(new ResultLength.Term(false, 'C', c.value()));
                case Param p -> scalars.get(p);
                case Inst.ArrayLength l -> arrays.containsKey(l.array())
                        ? List.of(new ResultLength.Term(false, 'L', arrays.get(l.array()))) : null;
                case Inst.Binary b when b.type() == Type.Prim.I32
                        && (b.op() == Inst.BinOp.ADD || b.op() == Inst.BinOp.SUB) -> {
                    List<ResultLength.Term> l = terms(b.left(), scalars, arrays);
                    List<ResultLength.Term> r = terms(b.right(), scalars, arrays);
                    yield l == null || r == null || l.size() + r.size() > 8 ? null
                            : concat(l, b.op() == Inst.BinOp.SUB ? negate(r) : r);
                }
                default -> null;
            };
        }

        private static List<ResultLength.Term> concat(List<ResultLength.Term> a, List<ResultLength.Term> b) {
            List<ResultLength.Term> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }

        /** Negated terms; a constant's negation wraps like Java's (MIN_VALUE stays itself, as 0 - MIN_VALUE does). */
        private static List<ResultLength.Term> negate(List<ResultLength.Term> terms) {
            List<ResultLength.Term> out = new ArrayList<>();
            for (ResultLength.Term t : terms) out.add(new ResultLength.Term(!t.negative(), t.kind(), t.value()));
            return out;
        }
    }
}
