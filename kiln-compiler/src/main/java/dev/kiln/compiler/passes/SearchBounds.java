package dev.kiln.compiler.passes;

import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The proof behind {@link SearchIndexVersioning}: an invariant on the header variables of a binary search, each
 * {@code x >= 0}, {@code x <= len} or {@code x <= len - 1} (len: the shortest guarded array), that the back edge
 * keeps and that puts every proven index in {@code [0, len)}. Bounds are sets of {@code value >= base + d} and
 * {@code value <= base + d} with base zero, len or a header variable, as mathematical integers: every rule that
 * forms a bound checks that its {@code int} operation cannot wrap.
 *
 * <p>The rules: a midpoint {@code (x + y) >>> 1} of non-negative {@code x, y} is exactly {@code floor((x + y) / 2)}
 * (the unsigned sum is below 2^32), so it lies in {@code [min, max]} of them, in {@code [x, y - 1]} under the loop
 * test {@code x < y} and in {@code [x, y]} under {@code x <= y}; {@code x + (y - x) / 2} (or {@code >>> 1}) is the
 * same under {@code 0 <= x <= y}, where {@code y - x} cannot wrap; {@code (x + y) / 2} the same when the guard also
 * finds every length below 2^30 (then the sum cannot wrap); {@code x + c} shifts a bound when a bound of {@code x}
 * shows it does not wrap. The loop test holds in every block but the header when the header's in-loop successor
 * has no other predecessor.
 */
final class SearchBounds {
    /** The bases besides header variables. */
    private static final Object ZERO = "0", LEN = "len";
    private static final int MAX_VARS = 4;

    /** What the guard must find of a variable's entry value: non-negative, and at most {@code len + upper}. */
    record Assume(boolean nonNegative, Integer upper) {
        int cost() {
            return (nonNegative ? 1 : 0) + (upper == null ? 0 : 1 - upper);
        }
    }

    /**
     * The chosen invariant, the accesses it proves, whether the guard must also find lengths below 2^30, and the
     * loop-invariant offset every proven index adds ({@code a[off + mid]}; null if none): then len stands for
     * {@code a.length - off}, with {@code off >= 0} tested, so that {@code off + mid} lies in {@code [off, a.length)}.
     */
    record Proof(Map<Param, Assume> assume, Set<Inst> proven, boolean smallLengths, Value offset) {
    }

    private record Bounds(Map<Object, Long> lower, Map<Object, Long> upper) {
        static final Bounds NONE = new Bounds(Map.of(), Map.of());

        long lowerOf(Object base) {
            return lower.getOrDefault(base, Long.MIN_VALUE);
        }

        long upperOf(Object base) {
            return upper.getOrDefault(base, Long.MAX_VALUE);
        }
    }

    private final Block header;
    private final Map<Value, Block> defined;
    private final Map<Block, List<Block>> preds;
    private final BlockCall back;
    /** The loop test as {@code testLeft (LT or LE) testRight} where it holds, or null. */
    private Value testLeft, testRight;
    private boolean testStrict;

    private Map<Param, Assume> assume;
    private final Map<Value, Bounds> memoBody = new IdentityHashMap<>(), memoHeader = new IdentityHashMap<>();
    private boolean usedSmall;

    SearchBounds(NaturalLoops loops, NaturalLoops.Loop l, Map<Value, Block> defined, BlockCall back) {
        this.header = l.header();
        this.defined = defined;
        this.back = back;
        this.preds = new IdentityHashMap<>();
        for (Block b : l.body()) preds.put(b, loops.preds(b));
        if (header.terminator() instanceof Terminator.Branch br && br.left().type() == Type.Prim.I32
                && br.right().type() == Type.Prim.I32) {
            boolean trueStays = l.contains(br.ifTrue().target());
            Block stay = (trueStays ? br.ifTrue() : br.ifFalse()).target();
            Terminator.Rel rel = trueStays ? br.rel() : br.rel().negated();
            if (stay != header && loops.preds(stay).size() == 1) {
                switch (rel) {
                    case LT, LE -> { testLeft = br.left(); testRight = br.right(); }
                    case GT, GE -> { testLeft = br.right(); testRight = br.left(); }
                    default -> { }
                }
                testStrict = rel == Terminator.Rel.LT || rel == Terminator.Rel.GT;
            }
        }
    }

    /** The cheapest invariant proving the most of {@code accesses} (access to its index), or null if none. */
    Proof prove(Map<Inst, Value> accesses) {
        // indices off + mid with off from before the loop: one group per offset, each proven on its own
        Map<Value, Map<Inst, Value>> groups = new LinkedHashMap<>();
        Value none = new Value.IntConst(0);
        for (Map.Entry<Inst, Value> e : accesses.entrySet()) {
            Value off = none, core = e.getValue();
            if (core instanceof Inst.Binary add && add.op() == Inst.BinOp.ADD && add.type() == Type.Prim.I32) {
                boolean l = defined.containsKey(add.left()), r = defined.containsKey(add.right());
                if (l != r && !(add.left() instanceof Value.IntConst) && !(add.right() instanceof Value.IntConst)) {
                    off = l ? add.right() : add.left();
                    core = l ? add.left() : add.right();
                }
            }
            groups.computeIfAbsent(off, k -> new LinkedHashMap<>()).put(e.getKey(), core);
        }
        Proof best = null;
        for (Map.Entry<Value, Map<Inst, Value>> g : groups.entrySet()) {
            Proof p = proveGroup(g.getValue(), g.getKey() == none ? null : g.getKey());
            if (p != null && (best == null || p.proven.size() > best.proven.size())) best = p;
        }
        return best;
    }

    private Proof proveGroup(Map<Inst, Value> accesses, Value offset) {
        List<Param> vars = new ArrayList<>(vars(accesses.values()));
        if (vars.isEmpty() || vars.size() > MAX_VARS) return null;
        List<Assume> options = new ArrayList<>();
        for (boolean nn : new boolean[] {false, true}) for (Integer u : new Integer[] {null, 0, -1}) options.add(new Assume(nn, u));
        Proof best = null;
        int bestCost = 0;
        int[] pick = new int[vars.size()];
        for (boolean more = true; more; ) {
            Map<Param, Assume> a = new LinkedHashMap<>();
            int cost = 0;
            for (int k = 0; k < vars.size(); k++) {
                a.put(vars.get(k), options.get(pick[k]));
                cost += options.get(pick[k]).cost();
            }
            Proof p = check(a, accesses, offset);
            if (p != null && (best == null || p.proven.size() > best.proven.size()
                    || p.proven.size() == best.proven.size() && cost < bestCost)) {
                best = p;
                bestCost = cost;
            }
            more = false;
            for (int k = 0; k < pick.length && !more; k++) {
                if (++pick[k] < options.size()) more = true;
                else pick[k] = 0;
            }
        }
        return best == null || best.proven.isEmpty() ? null : best;
    }

    /** The header variables the indices depend on, through the back edge too. */
    private Set<Param> vars(Iterable<Value> indices) {
        Set<Param> vars = new LinkedHashSet<>();
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Value> work = new ArrayDeque<>();
        for (Value v : indices) work.push(v);
        while (!work.isEmpty()) {
            Value v = work.pop();
            Block owner = defined.get(v);
            if (owner == null || !seen.add(v)) continue;
            if (v instanceof Param p) {
                int k = owner.params().indexOf(p);
                if (owner == header) {
                    if (p.type() == Type.Prim.I32) vars.add(p);
                    work.push(back.args().get(k));
                } else {
                    for (Block pred : preds.get(owner)) {
                        for (BlockCall c : pred.terminator().successors()) if (c.target() == owner) work.push(c.args().get(k));
                    }
                }
            } else if (v instanceof Inst i) {
                for (Value o : i.operands()) work.push(o);
            }
        }
        return vars;
    }

    /** The accesses proven when {@code a} holds at the header, or null if the back edge does not keep it. */
    private Proof check(Map<Param, Assume> a, Map<Inst, Value> accesses, Value offset) {
        assume = a;
        memoBody.clear();
        memoHeader.clear();
        usedSmall = false;
        for (Map.Entry<Param, Assume> e : a.entrySet()) {
            Bounds b = bounds(back.args().get(header.params().indexOf(e.getKey())), true);
            if (e.getValue().nonNegative && b.lowerOf(ZERO) < 0) return null;
            if (e.getValue().upper != null && b.upperOf(LEN) > e.getValue().upper) return null;
        }
        Set<Inst> proven = new LinkedHashSet<>();
        for (Map.Entry<Inst, Value> e : accesses.entrySet()) {
            Bounds b = bounds(e.getValue(), defined.get(e.getKey()) != header);
            if (b.lowerOf(ZERO) >= 0 && b.upperOf(LEN) <= -1) proven.add(e.getKey());
        }
        return new Proof(a, proven, usedSmall, offset);
    }

    /** Bounds of {@code v} where it is used: {@code underTest} when the loop test holds there. */
    private Bounds bounds(Value v, boolean underTest) {
        Block owner = defined.get(v);
        if (v instanceof Value.IntConst c) return new Bounds(Map.of(ZERO, (long) c.value()), Map.of(ZERO, (long) c.value()));
        if (owner == null || v.type() != Type.Prim.I32) return Bounds.NONE;
        if (v instanceof Param p && owner == header) return headerVar(p, underTest && testLeft != null);
        boolean test = owner != header && testLeft != null;
        Map<Value, Bounds> memo = test ? memoBody : memoHeader;
        Bounds b = memo.get(v);
        if (b == null) {
            b = compute(v, owner, test);
            memo.put(v, b);
        }
        return b;
    }

    private Bounds headerVar(Param p, boolean underTest) {
        Map<Object, Long> lower = new HashMap<>(base(p, true)), upper = new HashMap<>(base(p, false));
        if (underTest) {
            long s = testStrict ? 1 : 0;
            if (p == testRight && testLeft instanceof Param q && defined.get(q) == header) {
                base(q, true).forEach((k, d) -> lower.merge(k, d + s, Math::max));
            }
            if (p == testLeft && testRight instanceof Param q && defined.get(q) == header) {
                base(q, false).forEach((k, d) -> upper.merge(k, d - s, Math::min));
            }
        }
        return new Bounds(lower, upper);
    }

    /** A header variable's own bounds: itself, and what the invariant assumes. */
    private Map<Object, Long> base(Param p, boolean lower) {
        Map<Object, Long> m = new HashMap<>();
        m.put(p, 0L);
        Assume a = assume.get(p);
        if (a != null && lower && a.nonNegative) m.put(ZERO, 0L);
        if (a != null && !lower && a.upper != null) m.put(LEN, (long) a.upper);
        return m;
    }

    private Bounds compute(Value v, Block owner, boolean test) {
        if (v instanceof Param p) { // a merge inside the loop: what every incoming value shares
            int k = owner.params().indexOf(p);
            Bounds joined = null;
            for (Block pred : preds.get(owner)) {
                for (BlockCall c : pred.terminator().successors()) {
                    if (c.target() != owner) continue;
                    Bounds b = bounds(c.args().get(k), pred != header || test);
                    joined = joined == null ? b : new Bounds(common(joined.lower, b.lower, true), common(joined.upper, b.upper, false));
                }
            }
            return joined == null ? Bounds.NONE : joined;
        }
        if (!(v instanceof Inst.Binary bin) || bin.type() != Type.Prim.I32) return Bounds.NONE;
        Value x = bin.left(), y = bin.right();
        if (bin.op() == Inst.BinOp.SUB && y instanceof Value.IntConst c) return shift(bounds(x, test), -(long) c.value());
        if (bin.op() == Inst.BinOp.ADD && y instanceof Value.IntConst c) return shift(bounds(x, test), c.value());
        if (bin.op() == Inst.BinOp.ADD && x instanceof Value.IntConst c) return shift(bounds(y, test), c.value());
        if (halves(bin) && x instanceof Inst.Binary sum && sum.op() == Inst.BinOp.ADD && sum.type() == Type.Prim.I32) {
            Bounds bx = bounds(sum.left(), test), by = bounds(sum.right(), test);
            if (bx.lowerOf(ZERO) < 0 || by.lowerOf(ZERO) < 0) return Bounds.NONE;
            if (bin.op() == Inst.BinOp.DIV) { // the signed sum must not wrap: both at most len, len below 2^30
                if (bx.upperOf(LEN) > 0 || by.upperOf(LEN) > 0) return Bounds.NONE;
                usedSmall = true;
            }
            return between(sum.left(), bx, sum.right(), by, test);
        }
        if (bin.op() == Inst.BinOp.ADD) { // x + (y - x) / 2 under x <= y, either operand order
            Bounds r = offsetMid(x, y, test);
            if (r == null) r = offsetMid(y, x, test);
            return r == null ? Bounds.NONE : r;
        }
        return Bounds.NONE;
    }

    /** {@code (y - x) / 2} or {@code >>> 1} with {@code 0 <= x <= y} (the loop test): then {@code x + it} is in [x, y]. */
    private Bounds offsetMid(Value x, Value half, boolean test) {
        if (!(half instanceof Inst.Binary h && halves(h) && h.left() instanceof Inst.Binary d && d.op() == Inst.BinOp.SUB
                && d.type() == Type.Prim.I32 && d.right() == x)) return null;
        Value y = d.left();
        if (!test || testLeft != x || testRight != y) return null;
        Bounds bx = bounds(x, true);
        if (bx.lowerOf(ZERO) < 0) return null;
        return between(x, bx, y, bounds(y, true), true);
    }

    /** {@code v / 2} or {@code v >>> 1} in {@code int}. */
    private static boolean halves(Inst.Binary h) {
        return h.type() == Type.Prim.I32 && h.right() instanceof Value.IntConst c
                && (h.op() == Inst.BinOp.USHR && c.value() == 1 || h.op() == Inst.BinOp.DIV && c.value() == 2);
    }

    /** Bounds of a value between {@code x} and {@code y}, both included, narrowed by the loop test if it holds. */
    private Bounds between(Value x, Bounds bx, Value y, Bounds by, boolean test) {
        if (test && (testLeft == y && testRight == x)) { // name them so that the test reads x REL y
            Value t = x; x = y; y = t;
            Bounds tb = bx; bx = by; by = tb;
        }
        if (test && testLeft == x && testRight == y) return new Bounds(bx.lower, shifted(by.upper, testStrict ? -1 : 0));
        return new Bounds(common(bx.lower, by.lower, true), common(bx.upper, by.upper, false));
    }

    /** {@code v + c} when a bound of {@code v} shows that the {@code int} sum does not wrap. */
    private static Bounds shift(Bounds b, long c) {
        boolean exact = c >= 0
                ? b.upper.containsKey(ZERO) && b.upperOf(ZERO) + c <= Integer.MAX_VALUE
                        || b.upper.containsKey(LEN) && b.upperOf(LEN) + c <= 0 // len is at most MAX_VALUE
                : b.lower.containsKey(ZERO) && b.lowerOf(ZERO) + c >= Integer.MIN_VALUE;
        return exact ? new Bounds(shifted(b.lower, c), shifted(b.upper, c)) : Bounds.NONE;
    }

    private static Map<Object, Long> shifted(Map<Object, Long> m, long c) {
        Map<Object, Long> out = new HashMap<>();
        m.forEach((k, d) -> out.put(k, d + c));
        return out;
    }

    /** The bounds both maps hold: the weaker offset of each base in both. */
    private static Map<Object, Long> common(Map<Object, Long> a, Map<Object, Long> b, boolean lower) {
        Map<Object, Long> out = new HashMap<>();
        a.forEach((k, d) -> {
            Long e = b.get(k);
            if (e != null) out.put(k, lower ? Math.min(d, e) : Math.max(d, e));
        });
        return out;
    }
}
