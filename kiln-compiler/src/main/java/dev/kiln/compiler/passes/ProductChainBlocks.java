package dev.kiln.compiler.passes;

import dev.kiln.compiler.Pipeline;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Elem;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.Param;
import dev.kiln.compiler.ir.Terminator;
import dev.kiln.compiler.ir.Type;
import dev.kiln.compiler.ir.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loops whose one floating-point recurrence is a strict product chain, {@code p = p * f} (or {@code f * p}) with
 * {@code f} computed from the iteration alone, run in blocks of {@link #BLOCK} iterations: a copy of the loop
 * computes the block's factors into a small stack array (LLVM vectorises it, calls to {@code exp} and the like
 * included), then a second loop multiplies them into {@code p} one by one, in element order. The multiplies are
 * Java's, in Java's order, so NaN, infinities, signed zeros and subnormals give the same bits; the iterations that
 * do not fill a block run in the loop as it was. LLVM itself vectorises ordered reductions of additions only.
 *
 * <p>Only loops that cannot tell the difference qualify: counted ({@code int i} stepping by 1 up to an invariant
 * bound), left only at the header, calling no kernel method, with nothing in them that can throw but element
 * accesses at the counter plus an invariant offset, {@code p} used by its multiply alone and that multiply by the
 * back edge alone. Before each block a guard checks those accesses for all its iterations; a block in which one
 * would throw runs in the loop as it was, so an exception comes from the same iteration with the same writes done.
 */
public final class ProductChainBlocks implements Pipeline.FunctionPass {
    /** Factors per block: two AVX-512 vectors of doubles, and a 128-byte stack array. */
    static final int BLOCK = 16;
    /** Instructions besides the multiply and the counter step below which a block's stores and loads cost more. */
    private static final int MIN_FACTOR_INSTS = 3;
    private static final int MAX_LOOP_INSTS = 300;
    private static final int MAX_LOOPS_PER_FUNCTION = 8;

    @Override
    public String name() {
        return "product chain blocks";
    }

    @Override
    public Function transform(Function f) {
        Set<Block> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int n = 0; n < MAX_LOOPS_PER_FUNCTION; n++) {
            Function next = null;
            for (InnermostLoops.Loop l : InnermostLoops.of(f)) {
                if (done.contains(l.header())) continue;
                if (l.contains(f.entry())) continue;
                Chain c = Chain.of(l);
                if (c == null) continue;
                done.add(l.header());
                next = block(f, l, c, done);
                break;
            }
            if (next == null) return f;
            f = next;
        }
        return f;
    }

    /**
     * What the transformation needs of a loop.
     *
     * @param iv       the counter's slot among the header's parameters
     * @param bound    the invariant bound the header compares the counter with
     * @param inclusive whether the loop stays while {@code iv <= bound} (else {@code iv < bound} or {@code iv != bound})
     * @param chain    the product's slot among the header's parameters
     * @param multiply the chain's multiply, whose result the back edge passes on
     * @param factor   the multiply's other operand
     * @param checked  the loop's null- and bounds-checked element accesses, at the counter plus an invariant offset
     */
    private record Chain(int iv, Value bound, boolean inclusive, int chain, Inst.Binary multiply, Value factor,
                         List<Inst> checked) {
        static Chain of(InnermostLoops.Loop l) {
            Block header = l.header();
            if (!(header.terminator() instanceof Terminator.Branch br)) return null;
            if (!(l.latch().terminator() instanceof Terminator.Jump back) || back.to().target() != header) return null;
            boolean stayOnTrue = l.contains(br.ifTrue().target());
            if (stayOnTrue == l.contains(br.ifFalse().target())) return null;

            Set<Value> defined = Collections.newSetFromMap(new IdentityHashMap<>());
            int insts = 0;
            for (Block b : l.blocks()) {
                defined.addAll(b.params());
                defined.addAll(b.insts());
                insts += b.insts().size();
                for (Inst i : b.insts()) {
                    // a kernel call may throw below it; any throw would leave the block's product unmultiplied
                    if (i instanceof Inst.Call) return null;
                    if (i.canThrow() && !(i instanceof Inst.ArrayLoad) && !(i instanceof Inst.ArrayStore)) return null;
                }
                if (b != header) {
                    for (BlockCall s : b.terminator().successors()) if (!l.contains(s.target())) return null;
                }
            }
            if (insts > MAX_LOOP_INSTS) return null;

            // The counter: compared with an invariant bound, stepping by +1 in int.
            Terminator.Rel stay = stayOnTrue ? br.rel() : br.rel().negated();
            Value left = br.left(), right = br.right();
            if (stay == Terminator.Rel.GT || stay == Terminator.Rel.GE) {
                Value t = left;
                left = right;
                right = t;
                stay = stay == Terminator.Rel.GT ? Terminator.Rel.LT : Terminator.Rel.LE;
            }
            if (stay == null || stay == Terminator.Rel.EQ) return null;
            int iv = header.params().indexOf(left);
            if (iv < 0 || left.type() != Type.Prim.I32 || defined.contains(right)) return null;
            Param counter = header.params().get(iv);
            if (!isIncrement(back.to().args().get(iv), counter)) return null;

            // Checked element accesses at the counter plus an invariant offset: the guard checks a whole block's.
            List<Inst> checked = new ArrayList<>();
            for (Block b : l.blocks()) {
                for (Inst i : b.insts()) {
                    if (!i.canThrow()) continue;
                    Value array = i instanceof Inst.ArrayLoad ld ? ld.array() : ((Inst.ArrayStore) i).array();
                    Value index = i instanceof Inst.ArrayLoad ld ? ld.index() : ((Inst.ArrayStore) i).index();
                    if (defined.contains(array) || StoreAlignmentPeel.offset(index, counter, defined) == null) return null;
                    checked.add(i);
                }
            }

            // The chain: the one floating-point recurrence, used only by its multiply, which only the back edge uses.
            int chain = -1;
            for (int k = 0; k < header.params().size(); k++) {
                Param p = header.params().get(k);
                if (!p.type().equals(Type.Prim.F64) && !p.type().equals(Type.Prim.F32)) continue;
                if (back.to().args().get(k) == p) continue; // invariant
                if (chain >= 0) return null;
                chain = k;
            }
            if (chain < 0) return null;
            Param p = header.params().get(chain);
            if (!(back.to().args().get(chain) instanceof Inst.Binary m) || m.op() != Inst.BinOp.MUL
                    || !defined.contains(m) || m.left() == m.right()) {
                return null;
            }
            Value factor = m.left() == p ? m.right() : m.right() == p ? m.left() : null;
            if (factor == null) return null;
            int uses = 0;
            for (Block b : l.blocks()) {
                for (Inst i : b.insts()) {
                    for (Value v : i.operands()) {
                        if (v == p && i != m) return null;
                        if (v == m) return null;
                    }
                }
                for (Value v : b.terminator().operands()) if (v == p || v == m) return null;
                for (BlockCall s : b.terminator().successors()) {
                    for (Value v : s.args()) {
                        if (v == m) uses++;
                        if (v == p && l.contains(s.target())) return null;
                    }
                }
            }
            if (uses != 1 || insts - 2 < MIN_FACTOR_INSTS) return null;
            return new Chain(iv, right, stay == Terminator.Rel.LE, chain, m, factor, List.copyOf(checked));
        }

        private static boolean isIncrement(Value next, Param iv) {
            return next instanceof Inst.Binary b && b.op() == Inst.BinOp.ADD && b.type() == Type.Prim.I32
                    && (b.left() == iv && b.right() instanceof Value.IntConst c && c.value() == 1
                    || b.right() == iv && b.left() instanceof Value.IntConst d && d.value() == 1);
        }
    }

    /**
     * The function with the loop's entry edges going to a guard that, while a whole block of iterations remains, runs
     * the factor loop (a copy of the loop without the exit test, storing each factor) and the multiply loop, and
     * comes back; otherwise it goes on to the loop itself, which finishes.
     */
    private static Function block(Function f, InnermostLoops.Loop loop, Chain c, Set<Block> done) {
        int nextId = LoopExits.nextBlockId(f);
        Block header = loop.header();
        Type.Prim type = (Type.Prim) c.multiply().type();
        Elem elem = type == Type.Prim.F64 ? Elem.DOUBLE : Elem.FLOAT;

        // A constant-size array outside every loop and never escaping: the emitter gives it a stack slot.
        Inst.NewArray buffer = new Inst.NewArray(elem, new Value.IntConst(BLOCK));
        f.entry().insts().addFirst(buffer);

        Block guard = new Block(nextId++);
        for (Param p : header.params()) guard.params().add(new Param(p.type(), p.name()));
        Value ivNow = guard.params().get(c.iv());
        Inst remaining = new Inst.Binary(Inst.BinOp.SUB, Type.Prim.I64, new Inst.Convert(Inst.ConvOp.I2L, c.bound()),
                new Inst.Convert(Inst.ConvOp.I2L, ivNow));
        guard.insts().add((Inst) ((Inst.Binary) remaining).left());
        guard.insts().add((Inst) ((Inst.Binary) remaining).right());
        guard.insts().add(remaining);
        Value have = remaining;
        if (c.inclusive()) {
            Inst plusOne = new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, remaining, new Value.LongConst(1));
            guard.insts().add(plusOne);
            have = plusOne;
        }

        // The factor loop: the loop's blocks copied; the header loses its exit test, the multiply is left out and the
        // latch stores the factor at j and counts j to BLOCK.
        Map<Value, Value> map = new IdentityHashMap<>();
        Map<Block, Block> copies = LoopExits.copyShells(loop.blocks(), nextId, map);
        nextId += copies.size();
        Block factors = copies.get(header);
        Param j = new Param(Type.Prim.I32, "j");
        factors.params().add(j);
        for (Block b : loop.blocks()) {
            Block copy = copies.get(b);
            for (Inst i : b.insts()) {
                if (i == c.multiply()) continue;
                Inst k = i.mapOperands(v -> map.getOrDefault(v, v));
                if (Accesses.checked(k)) k = Accesses.unchecked(k); // the block guard checked them
                copy.insts().add(k);
                map.put(i, k);
            }
        }
        Param chainInFactors = factors.params().get(c.chain());
        map.put(c.multiply(), chainInFactors); // passed round unchanged: the multiply loop does the multiplying
        for (Block b : loop.blocks()) {
            Block copy = copies.get(b);
            if (b == header) {
                Terminator.Branch br = (Terminator.Branch) b.terminator();
                BlockCall stay = loop.contains(br.ifTrue().target()) ? br.ifTrue() : br.ifFalse();
                copy.setTerminator(new Terminator.Jump(new BlockCall(copies.get(stay.target()),
                        stay.args().stream().map(v -> map.getOrDefault(v, v)).toList())));
            } else if (b != loop.latch()) {
                copy.setTerminator(b.terminator().rewrite(v -> map.getOrDefault(v, v),
                        e -> new BlockCall(copies.get(e.target()), e.args().stream().map(v -> map.getOrDefault(v, v)).toList())));
            }
        }
        Block latch = copies.get(loop.latch());
        Value factor = map.getOrDefault(c.factor(), c.factor());
        latch.insts().add(new Inst.ArrayStore(elem, buffer, j, factor, "", true));
        Inst nextJ = new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I32, j, new Value.IntConst(1));
        latch.insts().add(nextJ);
        List<Value> carried = ((Terminator.Jump) loop.latch().terminator()).to().args().stream()
                .map(v -> map.getOrDefault(v, v)).toList();
        List<Value> again = new ArrayList<>(carried);
        again.add(nextJ);

        // The multiply loop: p times each stored factor, in order, then back to the guard.
        Block multiplies = new Block(nextId++);
        Param product = new Param(type, "p");
        Param k = new Param(Type.Prim.I32, "k");
        multiplies.params().add(product);
        multiplies.params().add(k);
        Inst load = new Inst.ArrayLoad(elem, buffer, k, "", true);
        Inst times = c.multiply().left() == header.params().get(c.chain())
                ? new Inst.Binary(Inst.BinOp.MUL, type, product, load)
                : new Inst.Binary(Inst.BinOp.MUL, type, load, product);
        Inst nextK = new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I32, k, new Value.IntConst(1));
        multiplies.insts().add(load);
        multiplies.insts().add(times);
        multiplies.insts().add(nextK);
        List<Value> afterBlock = new ArrayList<>(carried);
        afterBlock.set(c.chain(), times);
        multiplies.setTerminator(new Terminator.Branch(Terminator.Rel.LT, false, nextK, new Value.IntConst(BLOCK),
                new BlockCall(multiplies, List.of(times, nextK)), new BlockCall(guard, afterBlock)));

        latch.setTerminator(new Terminator.Branch(Terminator.Rel.LT, false, nextJ, new Value.IntConst(BLOCK),
                new BlockCall(factors, again),
                new BlockCall(multiplies, List.of(guard.params().get(c.chain()), new Value.IntConst(0)))));
        // Then every checked access of the block's iterations must be in bounds; if one is not, an iteration of
        // this block throws, and the loop as it was runs it.
        List<Value> start = new ArrayList<>(guard.params());
        start.add(new Value.IntConst(0));
        BlockCall asItWas = new BlockCall(header, List.copyOf(guard.params()));
        List<Block> checks = new ArrayList<>();
        Block at = guard;
        Terminator.Rel rel = Terminator.Rel.GE;
        Value left = have, right = new Value.LongConst(BLOCK);
        Set<Value> inLoop = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block b : loop.blocks()) {
            inLoop.addAll(b.params());
            inLoop.addAll(b.insts());
        }
        for (Inst access : c.checked()) {
            Value array = access instanceof Inst.ArrayLoad ld ? ld.array() : ((Inst.ArrayStore) access).array();
            Value index = access instanceof Inst.ArrayLoad ld ? ld.index() : ((Inst.ArrayStore) access).index();
            Value offset = StoreAlignmentPeel.offset(index, header.params().get(c.iv()), inLoop);
            Block notNull = new Block(nextId++);
            at.setTerminator(new Terminator.Branch(rel, false, left, right, new BlockCall(notNull, List.of()), asItWas));
            notNull.insts().add(new Inst.Convert(Inst.ConvOp.I2L, ivNow));
            notNull.insts().add(new Inst.Convert(Inst.ConvOp.I2L, offset));
            Inst first = new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, notNull.insts().get(0), notNull.insts().get(1));
            notNull.insts().add(first);
            Block lower = new Block(nextId++);
            notNull.setTerminator(new Terminator.Branch(Terminator.Rel.NE, false, array, new Value.NullConst(array.type()),
                    new BlockCall(lower, List.of()), asItWas));
            Block upper = new Block(nextId++);
            lower.setTerminator(new Terminator.Branch(Terminator.Rel.GE, false, first, new Value.LongConst(0),
                    new BlockCall(upper, List.of()), asItWas));
            Inst length = new Inst.ArrayLength(array, "");
            Inst wide = new Inst.Convert(Inst.ConvOp.I2L, length);
            Inst end = new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, first, new Value.LongConst(BLOCK));
            upper.insts().add(length);
            upper.insts().add(wide);
            upper.insts().add(end);
            checks.add(notNull);
            checks.add(lower);
            checks.add(upper);
            at = upper;
            rel = Terminator.Rel.LE;
            left = end;
            right = wide;
        }
        at.setTerminator(new Terminator.Branch(rel, false, left, right, new BlockCall(factors, start), asItWas));

        // Entries from outside the loop now go to the guard, with the same arguments.
        for (Block b : f.blocks()) {
            if (loop.contains(b)) continue;
            b.setTerminator(b.terminator().rewrite(v -> v,
                    e -> e.target() == header ? new BlockCall(guard, e.args()) : e));
        }
        done.add(factors);
        done.add(multiplies);

        List<Block> blocks = new ArrayList<>();
        for (Block b : f.blocks()) {
            if (b == header) {
                blocks.add(guard);
                blocks.addAll(checks);
                for (Block l : loop.blocks()) blocks.add(copies.get(l));
                blocks.add(multiplies);
            }
            blocks.add(b);
        }
        return new Function(f.name(), f.method(), f.returnType(), f.descriptor(), blocks);
    }
}
