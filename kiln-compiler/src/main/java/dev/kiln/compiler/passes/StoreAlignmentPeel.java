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
import dev.kiln.compiler.intrinsics.Intrinsics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the first iterations of a store loop in a copy of the loop until the stored element's address is 64-byte
 * aligned, so that the vector loop LLVM makes of the rest stores whole cache lines.
 *
 * <p>Java array data start 16 bytes into the object, so a vectorised {@code x[i] *= a} over a heap array stores
 * 64-byte (AVX-512) or 32-byte vectors that straddle two cache lines on every or every other store, which costs
 * about as much again as the loop's own work. C2 aligns its main loop with a pre-loop; LLVM has no such pass.
 *
 * <p>The shape: an innermost loop with one header (its only exit), one back edge, an {@code int} induction variable
 * stepping by +1 or -1, and exactly one store, {@code a[i]} or {@code a[i + c]} with {@code a} and {@code c}
 * invariant. The loop is copied whole, as the pre-loop; each of its iterations first asks, at a new guard block,
 * whether the store of this iteration (for a step of -1, the one after it: a reverse vector ends there) falls on a
 * 64-byte boundary ({@link Inst.AddressAlignment}), and if so continues in the original loop instead, with the same
 * values; it does so at once when fewer than {@link #MIN_PEEL_BYTES} bytes remain to be stored, judged from what the
 * header compares the induction variable with (an invariant bound or array length; loops without one are left
 * alone). Both copies run exactly the code of the source loop, so every iteration does the same checks, writes and
 * throws in the same order whichever copy runs it: the split changes only which copy runs an iteration, never what
 * it does, and an exception, a null array or an index out of bounds behaves as before. The pre-loop runs at most
 * 64 / element size iterations; the emitter keeps it scalar and out of range check elimination (loop metadata and
 * outer-loop branch weights), so it costs little compile time. The original loop, now entered at an aligned store,
 * is range-check eliminated and vectorised by LLVM as before. Values of the header used after the loop (a sum, a
 * count, the induction variable) leave both copies through one new exit block whose parameters replace them there.
 *
 * <p>Loops where the copy would not pay are left alone: a loop with a call, also one a JDK method becomes (libm's
 * {@code sin}; LLVM would not vectorise it; Math.exp and Math.log are Kiln's own and vectorise), another
 * write (array copy or fill, a row store, an allocation), more than {@link #MAX_INSTS} instructions, a second exit,
 * a loop-invariant stored value (a fill, which LLVM makes a {@code memset}), a load of the stored array at a
 * different index (a loop-carried dependence such as a stencil's {@code g[j] = g[j - 1] + ...}, which keeps the loop
 * scalar), or a load of wider elements than the stored ones ({@code q[i] = (int) a[i]} with {@code a} a
 * {@code double[]}: the loads then cross more cache lines than the store, and aligning the store measured slower).
 */
public final class StoreAlignmentPeel implements Pipeline.FunctionPass {
    /** Larger bodies are rarely vectorised, and copying them costs compile time. */
    static final int MAX_INSTS = 64;
    /**
     * Bytes the loop must still have to store for the pre-loop to run: below this, the scalar iterations and the
     * shorter vector loop cost more than the straddled cache lines they save (a 64-element row of doubles, say).
     */
    static final int MIN_PEEL_BYTES = 1024;

    @Override
    public String name() {
        return "store alignment peel";
    }

    @Override
    public Function transform(Function f) {
        return peel(f);
    }

    /** {@code f} with every loop of the shape above split; {@code f} itself when there is none. */
    static Function peel(Function f) {
        for (InnermostLoops.Loop loop : InnermostLoops.of(f)) {
            Candidate c = candidate(f, loop);
            if (c != null) f = split(f, loop, c);
        }
        return f;
    }

    /**
     * The store to align, the induction variable's position among the header's parameters, its step, what the
     * header compares it with to leave the loop (an invariant int, or an invariant array for its length), and the
     * header's values used after the loop.
     */
    private record Candidate(Inst.ArrayStore store, int ivSlot, int step, Value limit, List<Value> liveOut) {
    }

    private static Candidate candidate(Function f, InnermostLoops.Loop loop) {
        Set<Value> defined = Collections.newSetFromMap(new IdentityHashMap<>());
        int insts = 0;
        Inst.ArrayStore store = null;
        for (Block b : loop.blocks()) {
            defined.addAll(b.params());
            for (Inst i : b.insts()) {
                defined.add(i);
                insts++;
                switch (i) {
                    case Inst.ArrayStore s -> {
                        if (store != null) return null;
                        store = s;
                    }
                    case Inst.Call c -> { return null; }
                    case Inst.IntrinsicCall c when callsOut(c) -> { return null; }
                    case Inst.ArrayCopy c -> { return null; }
                    case Inst.ArrayFill c -> { return null; }
                    case Inst.RefStore c -> { return null; }
                    case Inst.NewArray c -> { return null; }
                    case Inst.NewMultiArray c -> { return null; }
                    case Inst.ArrayCopyOf c -> { return null; }
                    default -> { }
                }
            }
            if (!(b.terminator() instanceof Terminator.Jump || b.terminator() instanceof Terminator.Branch)) return null;
            for (BlockCall s : b.terminator().successors()) if (b != loop.header() && !loop.contains(s.target())) return null;
        }
        // An invariant value stored over a range is a fill, which LLVM turns into memset (aligned its own way).
        if (store == null || insts > MAX_INSTS || defined.contains(store.array()) || !defined.contains(store.value())
                || !(store.array().type() instanceof Type.Array)) {
            return null;
        }
        // Values used after the loop: only the header's can be (it is the only exit), and they leave through a new
        // exit block that both copies reach.
        Set<Value> liveOut = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block b : f.blocks()) {
            if (loop.contains(b)) continue;
            for (Inst i : b.insts()) for (Value v : i.operands()) if (defined.contains(v)) liveOut.add(v);
            for (Value v : b.terminator().operands()) if (defined.contains(v)) liveOut.add(v);
            for (BlockCall s : b.terminator().successors()) for (Value v : s.args()) if (defined.contains(v)) liveOut.add(v);
        }
        Block h = loop.header();
        for (Value v : liveOut) if (!h.params().contains(v) && !(v instanceof Inst i && h.insts().contains(i))) return null;
        List<Value> live = new ArrayList<>();
        for (Param p : h.params()) if (liveOut.contains(p)) live.add(p);
        for (Inst i : h.insts()) if (liveOut.contains(i)) live.add(i);
        List<Value> back = backEdge(loop).args();
        List<Param> params = loop.header().params();
        for (int k = 0; k < params.size(); k++) {
            Param iv = params.get(k);
            int step = step(iv, back.get(k));
            Value limit = limit(loop, iv, defined);
            if (step == 0 || limit == null || offset(store.index(), iv, defined) == null) continue;
            for (Block b : loop.blocks()) {
                for (Inst i : b.insts()) {
                    if (i instanceof Inst.ArrayLoad l && l.array() == store.array() && !sameIndex(l.index(), store.index())) {
                        return null;
                    }
                    // Wider loads move more cache lines than the store; aligning the store would leave them straddling.
                    if (i instanceof Inst.ArrayLoad l && l.elem().bytes > store.elem().bytes) return null;
                }
            }
            return new Candidate(store, k, step, limit, live);
        }
        return null;
    }

    /**
     * What the header's exit branch compares {@code iv} itself with, when that is invariant: an int, or an array
     * whose length it is; null otherwise.
     */
    private static Value limit(InnermostLoops.Loop loop, Param iv, Set<Value> defined) {
        if (!(loop.header().terminator() instanceof Terminator.Branch br)) return null;
        if (loop.contains(br.ifTrue().target()) == loop.contains(br.ifFalse().target())) return null;
        Value bound = br.left() == iv ? br.right() : br.right() == iv ? br.left() : null;
        if (bound == null || bound.type() != Type.Prim.I32) return null;
        if (!defined.contains(bound)) return bound;
        if (bound instanceof Inst.ArrayLength l && !defined.contains(l.array()) && l.array().type() instanceof Type.Array) {
            return l.array();
        }
        return null;
    }

    /**
     * Whether the intrinsic calls a C library function ({@code sin}, say) rather than only LLVM's or Kiln's own
     * vectorisable exp and log (declared nowhere: they are defined in the module).
     */
    private static boolean callsOut(Inst.IntrinsicCall c) {
        for (String d : c.intrinsic().declarations()) if (!d.contains("@llvm.")) return true;
        return false;
    }

    private static BlockCall backEdge(InnermostLoops.Loop loop) {
        for (BlockCall s : loop.latch().terminator().successors()) if (s.target() == loop.header()) return s;
        throw new IllegalStateException("latch without back edge");
    }

    /** +1 or -1 when {@code next} is {@code iv + 1} or {@code iv - 1} in {@code int}, 0 otherwise. */
    private static int step(Param iv, Value next) {
        if (iv.type() != Type.Prim.I32 || !(next instanceof Inst.Binary b) || b.type() != Type.Prim.I32) return 0;
        if (b.op() == Inst.BinOp.ADD) {
            Value other = b.left() == iv ? b.right() : b.right() == iv ? b.left() : null;
            if (other instanceof Value.IntConst c && Math.abs(c.value()) == 1) return c.value();
        } else if (b.op() == Inst.BinOp.SUB && b.left() == iv && b.right() instanceof Value.IntConst c
                && Math.abs(c.value()) == 1) {
            return -c.value();
        }
        return 0;
    }

    /**
     * For an index {@code iv} or {@code iv + c} with {@code c} invariant: {@code c} (the int 0 for {@code iv}
     * itself); null for any other index.
     */
    static Value offset(Value index, Param iv, Set<Value> defined) {
        if (index == iv) return new Value.IntConst(0);
        if (index instanceof Inst.Binary b && b.op() == Inst.BinOp.ADD && b.type() == Type.Prim.I32) {
            Value other = b.left() == iv ? b.right() : b.right() == iv ? b.left() : null;
            if (other != null && !defined.contains(other)) return other;
        }
        return null;
    }

    private static boolean sameIndex(Value a, Value b) {
        if (a == b) return true;
        return a instanceof Inst.Binary x && b instanceof Inst.Binary y && x.op() == Inst.BinOp.ADD && y.op() == Inst.BinOp.ADD
                && x.type() == y.type() && (same(x.left(), y.left()) && same(x.right(), y.right())
                || same(x.left(), y.right()) && same(x.right(), y.left()));
    }

    private static boolean same(Value a, Value b) {
        return a == b || a instanceof Value.Const && a.equals(b);
    }

    /**
     * The function with the loop's entry edges going to a guard that chooses, before every iteration, between a
     * copy of the loop (not yet aligned) and the loop itself (aligned).
     */
    private static Function split(Function f, InnermostLoops.Loop loop, Candidate c) {
        int nextId = LoopExits.nextBlockId(f);
        Block header = loop.header();
        Block guard = new Block(nextId++);
        for (Param p : header.params()) guard.params().add(new Param(p.type(), p.name()));

        Map<Value, Value> map = new IdentityHashMap<>();
        Map<Block, Block> copies = LoopExits.copyShells(loop.blocks(), nextId, map);
        nextId += copies.size();
        for (Block b : loop.blocks()) {
            Block copy = copies.get(b);
            for (Inst i : b.insts()) {
                Inst j = i.mapOperands(v -> map.getOrDefault(v, v));
                copy.insts().add(j);
                map.put(i, j);
            }
        }
        // With values used after the loop, the header's exit edge now goes to a new exit block; the copy's follows.
        Block exit = c.liveOut().isEmpty() ? null : exitBlock(f, loop, c.liveOut(), nextId++);
        for (Block b : loop.blocks()) {
            copies.get(b).setTerminator(b.terminator().rewrite(v -> map.getOrDefault(v, v), e -> {
                List<Value> args = e.args().stream().map(v -> map.getOrDefault(v, v)).toList();
                if (e.target() == header) return new BlockCall(guard, args); // every pre-loop iteration asks again
                Block t = copies.get(e.target());
                return new BlockCall(t != null ? t : e.target(), args);
            }));
        }

        // The guard: is this iteration's store (for a step of -1, the next one up) on a 64-byte boundary?
        Param iv = guard.params().get(c.ivSlot());
        Value offset = offset(c.store().index(), header.params().get(c.ivSlot()), Set.of());
        Value index = iv;
        if (!(offset instanceof Value.IntConst z && z.value() == 0)) index = add(guard, iv, offset);
        if (c.step() < 0) index = add(guard, index, new Value.IntConst(1));
        Inst.AddressAlignment gap = new Inst.AddressAlignment(c.store().elem(), c.store().array(), index, iv, c.limit(),
                MIN_PEEL_BYTES / c.store().elem().bytes);
        guard.insts().add(gap);
        List<Value> args = List.copyOf(guard.params());
        List<Value> aligned = args;
        Value.IntConst init = constantStart(f, loop, c.ivSlot());
        if (c.step() > 0 && init != null && belowBound(loop, header.params().get(c.ivSlot()))) {
            // The induction variable only grows from init here and never wraps, so max(iv, init) is iv; said this
            // way, LLVM knows the aligned loop starts at or above init (0, say) and drops its bounds checks, which
            // leaves the vector loop one exit and so a vectorised remainder.
            Inst max = new Inst.IntrinsicCall(Intrinsics.find("java/lang/Math", "max", "(II)I").orElseThrow(),
                    Type.Prim.I32, List.of(iv, init));
            guard.insts().add(max);
            List<Value> a = new ArrayList<>(args);
            a.set(c.ivSlot(), max);
            aligned = List.copyOf(a);
        }
        guard.setTerminator(new Terminator.Branch(Terminator.Rel.EQ, false, gap, new Value.IntConst(0),
                new BlockCall(header, aligned), new BlockCall(copies.get(header), args)));

        // Entries from outside the loop now go to the guard, with the same arguments.
        for (Block b : f.blocks()) {
            if (loop.contains(b)) continue;
            b.setTerminator(b.terminator().rewrite(v -> v,
                    e -> e.target() == header ? new BlockCall(guard, e.args()) : e));
        }

        List<Block> blocks = new ArrayList<>();
        for (Block b : f.blocks()) {
            if (b == header) {
                blocks.add(guard);
                for (Block l : loop.blocks()) blocks.add(copies.get(l));
                if (exit != null) blocks.add(exit);
            }
            blocks.add(b);
        }
        return new Function(f.name(), f.method(), f.returnType(), f.descriptor(), blocks);
    }

    /** The induction variable's start when the loop has one entry edge and that passes an int constant; else null. */
    private static Value.IntConst constantStart(Function f, InnermostLoops.Loop loop, int slot) {
        Value start = null;
        for (Block b : f.blocks()) {
            if (loop.contains(b)) continue;
            for (BlockCall e : b.terminator().successors()) {
                if (e.target() != loop.header()) continue;
                if (start != null) return null;
                start = e.args().get(slot);
            }
        }
        return start instanceof Value.IntConst c ? c : null;
    }

    /**
     * Whether the header stays in the loop only while {@code iv} is below its bound (signed), so that a step of +1
     * never wraps past MAX_VALUE.
     */
    private static boolean belowBound(InnermostLoops.Loop loop, Param iv) {
        if (!(loop.header().terminator() instanceof Terminator.Branch br)) return false;
        boolean stayOnTrue = loop.contains(br.ifTrue().target());
        Terminator.Rel stay = stayOnTrue ? br.rel() : switch (br.rel()) {
            case LT -> Terminator.Rel.GE;
            case GE -> Terminator.Rel.LT;
            case GT -> Terminator.Rel.LE;
            case LE -> Terminator.Rel.GT;
            default -> null;
        };
        return br.left() == iv && stay == Terminator.Rel.LT || br.right() == iv && stay == Terminator.Rel.GT;
    }

    /**
     * A block between the header's exit edge and its target, taking that edge's arguments and then the header's
     * values used after the loop; every use of those after the loop is redirected to its parameters, and the
     * header's exit edge goes there (the pre-loop copies that edge). Every use after the loop was dominated by the
     * header, the loop's only exit, so it is dominated by the exit block now.
     */
    private static Block exitBlock(Function f, InnermostLoops.Loop loop, List<Value> liveOut, int id) {
        Block header = loop.header();
        BlockCall out = null;
        for (BlockCall e : header.terminator().successors()) if (!loop.contains(e.target())) out = e;
        Block target = out.target();
        Block exit = LoopExits.merge(f, loop::contains, target, liveOut, id);
        header.setTerminator(header.terminator().rewrite(v -> v,
                e -> e.target() == target ? exitEdge(exit, e.args(), liveOut) : e));
        return exit;
    }

    private static BlockCall exitEdge(Block exit, List<Value> args, List<Value> liveOut) {
        List<Value> all = new ArrayList<>(args);
        all.addAll(liveOut);
        return new BlockCall(exit, all);
    }

    private static Value add(Block b, Value x, Value y) {
        Inst sum = new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I32, x, y);
        b.insts().add(sum);
        return sum;
    }
}
