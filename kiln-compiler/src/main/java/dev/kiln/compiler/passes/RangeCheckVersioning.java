package dev.kiln.compiler.passes;

import dev.kiln.compiler.Pipeline;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loop versioning for range checks: an innermost counted loop whose array accesses have indices affine in its
 * induction variables gets a second, check-free copy, entered when a test before the loop proves that every such
 * access of every iteration the loop can run is within bounds and on a non-null array; otherwise the original loop
 * runs, with every check in place, so an exception is thrown at the same iteration, with the same message, after
 * the same writes, as in Java.
 *
 * <p>This is what C2's range check elimination does for strides LLVM's {@code irce} leaves alone: {@code irce}
 * splits a loop only for checks whose index steps exactly like the loop's own counter, so the twiddle-factor loads
 * of an FFT butterfly ({@code w[k]}, {@code k += 4} in a loop over {@code j += 2}), loop-invariant indices and
 * indices scaled by a constant keep a compare and branch per access. Loops that {@code irce} handles fully are left
 * to it (see {@link #profitable}), so this pass adds code only where it removes checks nothing else removes.
 *
 * <p>The proof, for a loop whose header tests {@code i < bound} (or {@code <=}, or {@code >}/{@code >=} counting
 * down) with {@code i += s} each iteration: with {@code a} the entry value and {@code B} the exclusive bound, all
 * in {@code long}, the body runs for {@code t = 0 .. n - 1} with {@code n = ceil((B - a) / s)} and the header once
 * more, provided {@code a + s * n} does not pass the {@code int} range (tested too: otherwise Java's {@code i}
 * wraps and the loop runs on). Other exits only end it sooner. An index {@code C + D * t} is affine, so it lies in
 * {@code [0, length)} for every {@code t} in range exactly when it does at both ends; {@link Affine} explains why
 * the {@code int} the program computes is then that same value.
 *
 * <p>In the copy, a proven access indexes by {@code C + D * t} in {@code long}, with {@code t} a new iteration
 * count: exact by the proof, and a form LLVM strength-reduces to pointer increments, where the {@code int} index
 * arithmetic of the original (sign-extended at every access, since Java's {@code int} wraps) costs an instruction or
 * a register per access. The copied region is the loop and the blocks only it reaches (a {@code break}'s own block,
 * a {@code throw}, a {@code return}); every other way out must be the header's exit, where a merge block hands the
 * values the loop computed to the code after it.
 */
public final class RangeCheckVersioning implements Pipeline.FunctionPass {
    /** Loops larger than this are left alone (code size and compile time). */
    private static final int MAX_LOOP_INSTS = 600;
    /** Accesses one guard may test. */
    private static final int MAX_ACCESSES = 256;
    private static final long MAX_STEP = 1L << 20;
    private static final long MAX_INDEX_STEP = 1L << 24;
    private static final int MAX_LOOPS_PER_FUNCTION = 16;

    @Override
    public String name() {
        return "range check versioning";
    }

    @Override
    public Function transform(Function f) {
        return version(f);
    }

    static Function version(Function f) {
        return LoopExits.versionInnermost(f, MAX_LOOPS_PER_FUNCTION, (g, loops, l, done) -> {
            Plan p = Plan.of(g, loops, l);
            return p == null ? null : p.apply(done);
        });
    }

    /**
     * An induction variable: {@code entry + step * t} at iteration {@code t}; the step is a constant or a loop-invariant
     * {@code int} ({@code i += inc}), negated for {@code i -= inc}.
     */
    private record Iv(Value entry, Affine step) {
    }

    /** An access to version: its index is {@code c + d * t}; {@code inHeader} accesses also run at {@code t = n}. */
    private record Access(Inst inst, Value array, Affine c, Affine d, boolean inHeader) {
    }

    /** Everything known about one loop that can be versioned, and the transformation. */
    private static final class Plan {
        final Function f;
        final NaturalLoops.Loop loop;
        final Block pre;
        final List<Value> entryArgs;
        final Iv counter;
        final Terminator.Rel stayRel; // the loop goes on while counter stayRel bound
        final Affine bound;
        final Block exit;
        final List<Block> region; // the loop's blocks and the throw blocks only it reaches, in function order
        final List<Access> accesses;
        final List<Value> escaping;
        final Set<Value> definedInLoop;

        private Plan(Function f, NaturalLoops.Loop loop, Block pre, List<Value> entryArgs, Iv counter, Terminator.Rel stayRel,
                     Affine bound, Block exit, List<Block> region, List<Access> accesses, List<Value> escaping,
                     Set<Value> definedInLoop) {
            this.f = f;
            this.loop = loop;
            this.pre = pre;
            this.entryArgs = entryArgs;
            this.counter = counter;
            this.stayRel = stayRel;
            this.bound = bound;
            this.exit = exit;
            this.region = region;
            this.accesses = accesses;
            this.escaping = escaping;
            this.definedInLoop = definedInLoop;
        }

        static Plan of(Function f, NaturalLoops loops, NaturalLoops.Loop l) {
            Block h = l.header();
            int size = 0;
            for (Block b : l.body()) size += b.insts().size();
            if (size > MAX_LOOP_INSTS) return null;
            // an aligning pre-loop (StoreAlignmentPeel) runs a few iterations: a copy of it would only cost compile time
            if (!h.insts().isEmpty() && h.insts().getFirst() instanceof Inst.AddressAlignment) return null;
            // one way in, one way round
            LoopExits.Entry entry = LoopExits.entry(loops, l);
            if (entry == null) return null;
            Block pre = entry.pre();
            BlockCall in = entry.in(), back = entry.back();

            Set<Value> defined = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Block b : l.body()) {
                defined.addAll(b.params());
                defined.addAll(b.insts());
            }
            java.util.function.Predicate<Value> invariant = v -> !defined.contains(v)
                    || v instanceof Inst.ArrayLength al && !defined.contains(al.array());
            Map<Value, Iv> ivs = new IdentityHashMap<>();
            for (int k = 0; k < h.params().size(); k++) {
                Param p = h.params().get(k);
                Affine step = step(back.args().get(k), p, invariant);
                if (step != null) ivs.put(p, new Iv(in.args().get(k), step));
            }
            if (ivs.isEmpty() || !(h.terminator() instanceof Terminator.Branch br) || br.left().type() != Type.Prim.I32) return null;

            // the header's test: stay while counter rel bound
            boolean trueStays = l.contains(br.ifTrue().target());
            if (trueStays == l.contains(br.ifFalse().target())) return null;
            Terminator.Rel rel = trueStays ? br.rel() : br.rel().negated();
            Value counterParam = br.left(), boundValue = br.right();
            if (!ivs.containsKey(counterParam)) {
                counterParam = br.right();
                boundValue = br.left();
                rel = swap(rel);
            }
            Iv counter = ivs.get(counterParam);
            if (counter == null || rel == null) return null;
            // counting up needs i < bound or i <= bound, down i > bound or i >= bound; a step that is not a constant
            // is tested for the matching sign before the loop
            boolean up = rel == Terminator.Rel.LT || rel == Terminator.Rel.LE;
            if (!up && rel != Terminator.Rel.GT && rel != Terminator.Rel.GE) return null;
            if (counter.step().isConstant() && counter.step().constant() > 0 != up) return null;
            Affine bound = Affine.of(boundValue, invariant);
            if (bound == null) return null;

            // Where the loop leaves: the header's exit. Blocks only the loop reaches (a break's own block, a throw, a
            // return) are copied with it, so that every edge out of the copied region goes to that one exit.
            Block exit = trueStays ? br.ifFalse().target() : br.ifTrue().target();
            List<Block> region = LoopExits.region(f, loops, l, exit);
            if (region == null) return null;
            int regionSize = 0;
            for (Block b : region) regionSize += b.insts().size();
            if (regionSize > MAX_LOOP_INSTS) return null;

            // the accesses whose checks the guard can cover
            java.util.function.Predicate<Value> atom = v -> ivs.containsKey(v) || invariant.test(v);
            List<Access> accesses = new ArrayList<>();
            for (Block b : l.body()) {
                for (Inst i : b.insts()) {
                    Value array, index;
                    switch (i) {
                        case Inst.ArrayLoad a when !a.unchecked() -> { array = a.array(); index = a.index(); }
                        case Inst.ArrayStore s when !s.unchecked() -> { array = s.array(); index = s.index(); }
                        default -> { continue; }
                    }
                    if (defined.contains(array) || !(array.type() instanceof Type.Array)) continue;
                    Affine x = Affine.of(index, atom);
                    if (x == null) continue;
                    long k = x.constant();
                    Affine d = Affine.constant(0);
                    Map<Value, Long> cTerms = new IdentityHashMap<>();
                    for (Map.Entry<Value, Long> e : x.terms().entrySet()) {
                        Iv iv = ivs.get(e.getKey());
                        if (iv == null) {
                            cTerms.merge(e.getKey(), e.getValue(), Long::sum);
                        } else {
                            Affine part = iv.step().times(e.getValue());
                            d = part == null || d == null ? null : d.plus(part);
                            // the entry value: a constant, or an atom (it is computed before the loop)
                            if (iv.entry() instanceof Value.IntConst ic) k += e.getValue() * ic.value();
                            else cTerms.merge(iv.entry(), e.getValue(), Long::sum);
                        }
                    }
                    if (d == null || d.isConstant() && Math.abs(d.constant()) > MAX_INDEX_STEP) continue;
                    accesses.add(new Access(i, array, new Affine(cTerms, k), d, b == h));
                    if (accesses.size() == MAX_ACCESSES) break;
                }
            }
            if (!profitable(accesses, counter, boundValue, nested(loops, l) ? h : null)) return null;

            // values of the region used after it: they reach their uses through the merge block
            List<Value> escaping = LoopExits.escaping(f, region);
            return new Plan(f, l, pre, in.args(), counter, rel, bound, exit, region, accesses, escaping, defined);
        }

        /**
         * Worth a copy of the loop when some access steps unlike the counter (or not at all): {@code irce} already
         * removes checks whose index moves with the counter. Nor does {@code irce} split a loop whose bound is a sum
         * of values ({@code i < begin + length}, the usual form of a sub-range scan): Java's {@code int} sum has no
         * {@code nsw}, and the loop is left with a compare and branch per access. Nor does it remove the checks of an
         * inner loop that starts at a value computed in the loop around it (the row tail {@code j = k + 1 .. n} of an
         * elimination, or the main loop after a {@link StoreAlignmentPeel} pre-loop), and LLVM gives such a multi-exit
         * loop no vector epilogue: up to 31 elements of each row run scalar, with their checks. {@code nestedHeader} is
         * the header of such an inner loop, or null. One that carries a floating-point value (a strict-order sum) is
         * left alone: copies of those measured slower (matVec's and rmse3's rows).
         */
        private static boolean profitable(List<Access> accesses, Iv counter, Value bound, Block nestedHeader) {
            if (accesses.isEmpty()) return false;
            if (nestedHeader != null && !(counter.entry() instanceof Value.IntConst)
                    && nestedHeader.params().stream().noneMatch(p -> p.type() instanceof Type.Prim t && t.isFloating())) return true;
            if (!counter.step().isConstant()) return true; // irce needs a constant step
            if (bound instanceof Inst.Binary b && (b.op() == Inst.BinOp.ADD || b.op() == Inst.BinOp.SUB)
                    && !(b.left() instanceof Value.IntConst) && !(b.right() instanceof Value.IntConst)) return true;
            for (Access a : accesses) if (!a.d().isConstant() || a.d().constant() != counter.step().constant()) return true;
            return false;
        }

        /** The guard, the check-free copy and the merge after both; returns the new function (blocks in reverse postorder). */
        Function apply(Set<Block> done) {
            int[] nextId = {LoopExits.nextBlockId(f)};
            java.util.function.Supplier<Block> newBlock = () -> new Block(nextId[0]++);
            Block h = loop.header();
            Block latch = loop.latches().getFirst();

            // the guard, on the way in
            LoopGuard g = new LoopGuard(newBlock, new BlockCall(h, entryArgs), new LoopGuard.ValueOrder(f));
            Block first = g.current;
            pre.setTerminator(pre.terminator().rewrite(v -> v, e -> e.target() == h ? new BlockCall(first, List.of()) : e));
            Map<Inst, Value> steps = new IdentityHashMap<>();
            Map<Inst, Value> start = buildGuard(g, steps);

            // the merge block: the exit's parameters, then the escaping values, which uses after the loop now take
            Block merge = escaping.isEmpty() ? null
                    : LoopExits.merge(f, region::contains, exit, escaping, nextId[0]++);

            // the copy: same blocks, fresh values, and an iteration count t that proven accesses index by
            Map<Value, Value> copied = new IdentityHashMap<>();
            Map<Block, Block> copyOf = LoopExits.copyShells(region, nextId[0], copied);
            nextId[0] += region.size();
            Param t = new Param(Type.Prim.I64, "t");
            copyOf.get(h).params().add(t);
            java.util.function.UnaryOperator<Value> inCopy = v -> copied.getOrDefault(v, v);
            Value tNext = null;
            for (Block b : region) {
                Block c = copyOf.get(b);
                for (Inst i : b.insts()) {
                    Inst j = i.mapOperands(inCopy);
                    Value c0 = start.get(i);
                    if (c0 != null) j = Accesses.unchecked(j, index(c, c0, t, steps.get(i)));
                    c.insts().add(j);
                    copied.put(i, j);
                }
                if (b == latch) {
                    tNext = new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, t, new Value.LongConst(1));
                    c.insts().add((Inst) tNext);
                }
            }
            Block finalMerge = merge;
            Value finalNext = tNext;
            for (Block b : region) {
                copyOf.get(b).setTerminator(b.terminator().rewrite(inCopy, e -> {
                    Block to = copyOf.get(e.target());
                    List<Value> args = new ArrayList<>(e.args().stream().map(inCopy).toList());
                    if (to != null) {
                        if (e.target() == h) args.add(finalNext); // the back edge (the only edge to the header inside)
                        return new BlockCall(to, args);
                    }
                    return finalMerge == null ? new BlockCall(e.target(), args) : LoopExits.toMerge(finalMerge, args, escaping, inCopy);
                }));
                b.setTerminator(b.terminator().rewrite(v -> v, e -> e.target() == exit && finalMerge != null
                        ? LoopExits.toMerge(finalMerge, e.args(), escaping, v -> v) : e));
            }
            List<Value> in = new ArrayList<>(entryArgs);
            in.add(new Value.LongConst(0));
            g.current.setTerminator(new Terminator.Jump(new BlockCall(copyOf.get(h), in)));
            done.add(copyOf.get(h));

            // reverse postorder lists every block after its immediate dominator, as Function requires
            return new Function(f.name(), f.method(), f.returnType(), f.descriptor(), dev.kiln.compiler.ir.Dominators.reversePostOrder(f.entry()));
        }

        /** {@code c0 + d * t} in {@code long}, added to block {@code c}: the index, exactly, at iteration t. */
        private static Value index(Block c, Value c0, Param t, Value d) {
            if (d instanceof Value.LongConst k && k.value() == 0) return c0;
            Value step = t;
            if (!(d instanceof Value.LongConst k && k.value() == 1)) {
                step = new Inst.Binary(Inst.BinOp.MUL, Type.Prim.I64, t, d);
                c.insts().add((Inst) step);
            }
            Inst sum = new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, c0, step);
            c.insts().add(sum);
            return sum;
        }

        /**
         * Builds the tests; returns each proven access's index at t = 0, as a {@code long}, and puts its step per
         * iteration in {@code steps}.
         */
        private Map<Inst, Value> buildGuard(LoopGuard g, Map<Inst, Value> steps) {
            Map<Inst, Value> start = new IdentityHashMap<>();
            // arrays first: a null one would throw in the loop, so the checked loop runs
            Map<Object, Value> lengths = new java.util.HashMap<>(); // by Identity of the array or of the length
            for (Access a : accesses) g.failUnlessNonNull(a.array());
            for (Value atom : atoms()) {
                if (atom instanceof Inst.ArrayLength al && definedInLoop.contains(atom)) g.failUnlessNonNull(al.array());
            }
            Value a = g.widen(counter.entry());
            Value b = g.materialise(bound, lengths, definedInLoop);
            Value s = g.materialise(counter.step(), lengths, definedInLoop);
            boolean up = stayRel == Terminator.Rel.LT || stayRel == Terminator.Rel.LE;
            if (!counter.step().isConstant()) g.failUnless(up ? Terminator.Rel.GT : Terminator.Rel.LT, s, new Value.LongConst(0));
            // n = ceil(span / |s|): the body runs for t = 0 .. n - 1
            Value span, size;
            if (up) {
                if (stayRel == Terminator.Rel.LE) b = g.add(new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, b, new Value.LongConst(1)));
                g.failUnless(Terminator.Rel.LT, a, b);
                span = g.add(new Inst.Binary(Inst.BinOp.SUB, Type.Prim.I64, b, a));
                size = s;
            } else {
                if (stayRel == Terminator.Rel.GE) b = g.add(new Inst.Binary(Inst.BinOp.SUB, Type.Prim.I64, b, new Value.LongConst(1)));
                g.failUnless(Terminator.Rel.GT, a, b);
                span = g.add(new Inst.Binary(Inst.BinOp.SUB, Type.Prim.I64, a, b));
                size = g.add(new Inst.Binary(Inst.BinOp.SUB, Type.Prim.I64, new Value.LongConst(0), s));
            }
            Value n = g.add(new Inst.Binary(Inst.BinOp.DIV, Type.Prim.I64, g.add(new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, span,
                    g.add(new Inst.Binary(Inst.BinOp.SUB, Type.Prim.I64, size, new Value.LongConst(1))))), size));
            // the counter's last value must not wrap, or Java's loop would go on past n (s * n <= span + |s|: no overflow)
            Value end = g.add(new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, a, g.add(new Inst.Binary(Inst.BinOp.MUL, Type.Prim.I64, n, s))));
            if (up) g.failUnless(Terminator.Rel.LE, end, new Value.LongConst(Integer.MAX_VALUE));
            else g.failUnless(Terminator.Rel.GE, end, new Value.LongConst(Integer.MIN_VALUE));
            Value last = g.add(new Inst.Binary(Inst.BinOp.SUB, Type.Prim.I64, n, new Value.LongConst(1)));

            // An affine index takes its extremes at the first and the last iteration, whatever the sign of its step.
            // Accesses to one array whose indices differ only by a constant need only their extreme constants tested;
            // all tests then fold into two branches: no end is negative (their OR is not), and every end is below its
            // array's length (each difference is negative, so their AND is). A step that is not a constant is tested
            // to be at most 2^24 in size the same way, which keeps every product here far from overflow.
            Map<List<Object>, long[]> groups = new LinkedHashMap<>(); // -> {min constant, max constant}
            Map<List<Object>, Access> firstOf = new LinkedHashMap<>();
            for (Access x : accesses) {
                List<Object> key = groupKey(x);
                long k = x.c().constant();
                groups.merge(key, new long[] {k, k}, (a1, a2) -> new long[] {Math.min(a1[0], a2[0]), Math.max(a1[1], a2[1])});
                firstOf.putIfAbsent(key, x);
            }
            Map<List<Object>, Value> bases = new java.util.HashMap<>();
            Map<List<Object>, Value> stepValues = new java.util.HashMap<>();
            Value[] lows = {null}, highs = {null};
            java.util.function.BiConsumer<Value, Value> test = (lo, over) -> {
                lows[0] = lows[0] == null ? lo : g.add(new Inst.Binary(Inst.BinOp.OR, Type.Prim.I64, lows[0], lo));
                highs[0] = highs[0] == null ? over : g.add(new Inst.Binary(Inst.BinOp.AND, Type.Prim.I64, highs[0], over));
            };
            for (Map.Entry<List<Object>, long[]> e : groups.entrySet()) {
                Access x = firstOf.get(e.getKey());
                Value base = g.materialise(new Affine(x.c().terms(), 0), lengths, definedInLoop);
                bases.put(e.getKey(), base);
                List<Object> dKey = List.of(Identity.terms(x.d()), x.d().constant());
                Value d = stepValues.get(dKey);
                if (d == null) {
                    d = g.materialise(x.d(), lengths, definedInLoop);
                    stepValues.put(dKey, d);
                    if (!x.d().isConstant()) {
                        test.accept(g.add(new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, d, new Value.LongConst(MAX_INDEX_STEP))),
                                g.add(new Inst.Binary(Inst.BinOp.SUB, Type.Prim.I64, d, new Value.LongConst(MAX_INDEX_STEP + 1))));
                    }
                }
                Value t = x.inHeader() ? n : last;
                Value span1 = g.add(new Inst.Binary(Inst.BinOp.MUL, Type.Prim.I64, t, d));
                Value len = lengths.computeIfAbsent(new Identity(x.array()), k -> g.add(new Inst.Convert(Inst.ConvOp.I2L,
                        g.add(new Inst.ArrayLength(x.array(), nullMessage(x.inst()))))));
                for (long k : e.getValue()) {
                    Value first = g.add(new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, base, new Value.LongConst(k)));
                    Value lastIndex = g.add(new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, first, span1));
                    test.accept(first, g.add(new Inst.Binary(Inst.BinOp.SUB, Type.Prim.I64, first, len)));
                    test.accept(lastIndex, g.add(new Inst.Binary(Inst.BinOp.SUB, Type.Prim.I64, lastIndex, len)));
                }
            }
            g.failUnless(Terminator.Rel.GE, lows[0], new Value.LongConst(0));
            g.failUnless(Terminator.Rel.LT, highs[0], new Value.LongConst(0));
            for (Access x : accesses) {
                Value base = bases.get(groupKey(x));
                start.put(x.inst(), x.c().constant() == 0 ? base
                        : g.add(new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, base, new Value.LongConst(x.c().constant()))));
                steps.put(x.inst(), stepValues.get(List.of(Identity.terms(x.d()), x.d().constant())));
            }
            return start;
        }

        private static List<Object> groupKey(Access x) {
            return List.of(new Identity(x.array()), Identity.terms(x.d()), x.d().constant(), x.inHeader(), Identity.terms(x.c()));
        }

        private List<Value> atoms() {
            List<Value> out = new ArrayList<>(bound.terms().keySet());
            out.addAll(counter.step().terms().keySet());
            for (Access a : accesses) {
                out.addAll(a.c().terms().keySet());
                out.addAll(a.d().terms().keySet());
            }
            return out;
        }

        private static String nullMessage(Inst i) {
            return i instanceof Inst.ArrayLoad l ? l.nullMessage() : ((Inst.ArrayStore) i).nullMessage();
        }
    }

    /** Whether another loop contains {@code l}. */
    private static boolean nested(NaturalLoops loops, NaturalLoops.Loop l) {
        for (NaturalLoops.Loop o : loops.loops) if (o != l && o.contains(l.header())) return true;
        return false;
    }

    /** The block's only edge to {@code target}, or null when it has none or several. */

    /**
     * The step of an induction variable {@code p} whose back-edge value is {@code v}: {@code p + c}, {@code p - c}
     * for a constant, {@code p + x}, {@code p - x} for a loop-invariant {@code x}; null for anything else.
     */
    private static Affine step(Value v, Param p, java.util.function.Predicate<Value> invariant) {
        if (!(v instanceof Inst.Binary b) || b.type() != Type.Prim.I32) return null;
        Value other;
        long sign;
        if (b.op() == Inst.BinOp.ADD && (b.left() == p || b.right() == p)) {
            other = b.left() == p ? b.right() : b.left();
            sign = 1;
        } else if (b.op() == Inst.BinOp.SUB && b.left() == p) {
            other = b.right();
            sign = -1;
        } else {
            return null;
        }
        if (other instanceof Value.IntConst c) {
            long s = sign * c.value();
            return s != 0 && Math.abs(s) <= MAX_STEP ? Affine.constant(s) : null;
        }
        if (other == p || other.type() != Type.Prim.I32 || !invariant.test(other)) return null;
        return new Affine(Map.of(other, sign), 0);
    }

    /** {@code a r b} as {@code b swap(r) a}. */
    private static Terminator.Rel swap(Terminator.Rel r) {
        if (r == null) return null;
        return switch (r) {
            case LT -> Terminator.Rel.GT;
            case GT -> Terminator.Rel.LT;
            case LE -> Terminator.Rel.GE;
            case GE -> Terminator.Rel.LE;
            case EQ, NE -> null;
        };
    }
}
