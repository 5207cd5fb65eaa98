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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a row of an array of arrays that an innermost loop reads at an invariant index ({@code b[i]} in a loop over
 * {@code k} reading {@code a[i][j][k] - b[i][j][k]}) once before the loop, when the loop cannot replace a row.
 *
 * <p>LLVM hoists a load out of a loop only when it runs on every iteration or is known dereferenceable: a row load
 * after another access's bounds check is neither, so it stayed in the loop, and with it the row's null and bounds
 * checks, which kept IRCE and the vectoriser off the loop. C2 hoists such loads with loop predication.
 *
 * <p>Before the loop a test that cannot throw decides whether the load can fail (array null, index out of bounds)
 * and, when it cannot, loads the row. In the loop, where the load was, a branch on that test's result goes on with
 * the row loaded before the loop, or else runs the original load, which throws the same exception at the same
 * point as Java (nothing in the loop can change the array, the index or, since the loop stores no row, the row);
 * its block then returns, unreachably, so that the test leaves the loop and LLVM takes it out of the loop. A row
 * loaded at an index from a row hoisted this way ({@code a[i][j]}) is hoisted too.
 */
public final class InvariantRowLoads implements Pipeline.FunctionPass {
    @Override
    public String name() {
        return "invariant row loads";
    }

    @Override
    public Function transform(Function f) {
        Set<Block> done = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean changed = true;
        while (changed) {
            changed = false;
            for (InnermostLoops.Loop loop : InnermostLoops.of(f)) {
                if (!done.add(loop.header())) continue;
                List<Inst.RefLoad> loads = candidates(loop);
                if (loads.isEmpty()) continue;
                f = hoist(f, loop, loads);
                changed = true;
                break; // the loops of the new function
            }
        }
        return f;
    }

    /** The loop's row loads at invariant operands, in order, or none when the loop may replace a row. */
    static List<Inst.RefLoad> candidates(InnermostLoops.Loop loop) {
        Set<Value> inLoop = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block b : loop.blocks()) {
            inLoop.addAll(b.params());
            inLoop.addAll(b.insts());
        }
        List<Inst.RefLoad> out = new ArrayList<>();
        Set<Value> hoisted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block b : loop.blocks()) {
            for (Inst i : b.insts()) {
                switch (i) {
                    // a callee or a table copy could store a row; a row store could replace one read here
                    case Inst.RefStore s -> { return List.of(); }
                    case Inst.Call c -> { return List.of(); }
                    case Inst.ArrayCopy c when !(c.dst().type() instanceof Type.Array) -> { return List.of(); }
                    case Inst.RefLoad r when r.array().type() instanceof Type.RefArray
                            && (!inLoop.contains(r.array()) || hoisted.contains(r.array()))
                            && (!inLoop.contains(r.index()) || hoisted.contains(r.index())) -> {
                        out.add(r);
                        hoisted.add(r);
                    }
                    default -> { }
                }
            }
        }
        return out;
    }

    private static Function hoist(Function f, InnermostLoops.Loop loop, List<Inst.RefLoad> loads) {
        int[] nextId = {LoopExits.nextBlockId(f)};
        Block header = loop.header();
        List<Block> before = new ArrayList<>(); // the test and loads, between the loop's entries and its header
        Block pre = new Block(nextId[0]++);
        for (Param p : header.params()) pre.params().add(new Param(p.type(), p.name()));
        before.add(pre);
        Map<Value, Value> row = new IdentityHashMap<>(); // each hoisted load: the row loaded before the loop
        Map<Inst.RefLoad, Value> ok = new IdentityHashMap<>(); // and 1 when it was loaded (its load cannot throw)
        Block at = pre;
        for (Inst.RefLoad r : loads) {
            Value array = row.getOrDefault(r.array(), r.array());
            Value index = row.getOrDefault(r.index(), r.index());
            Block join = new Block(nextId[0]++);
            Param loaded = new Param(r.type(), "row");
            Param flag = new Param(Type.Prim.I32, "rowOk");
            join.params().add(loaded);
            join.params().add(flag);
            BlockCall skip = new BlockCall(join, List.of(new Value.NullConst(r.type()), new Value.IntConst(0)));
            Block notNull = new Block(nextId[0]++), nonNegative = new Block(nextId[0]++), load = new Block(nextId[0]++);
            at.setTerminator(new Terminator.Branch(Terminator.Rel.EQ, false, array, new Value.NullConst(array.type()),
                    skip, new BlockCall(notNull, List.of())));
            Inst length = new Inst.ArrayLength(array, r.nullMessage());
            notNull.insts().add(length);
            notNull.setTerminator(new Terminator.Branch(Terminator.Rel.LT, false, index, new Value.IntConst(0),
                    skip, new BlockCall(nonNegative, List.of())));
            nonNegative.setTerminator(new Terminator.Branch(Terminator.Rel.LT, false, index, length,
                    new BlockCall(load, List.of()), skip));
            Inst early = new Inst.RefLoad(array, index, r.nullMessage());
            load.insts().add(early);
            load.setTerminator(new Terminator.Jump(new BlockCall(join, List.of(early, new Value.IntConst(1)))));
            before.addAll(List.of(notNull, nonNegative, load, join));
            row.put(r, loaded);
            ok.put(r, flag);
            at = join;
        }
        at.setTerminator(new Terminator.Jump(new BlockCall(header, List.copyOf(pre.params()))));

        // In the loop: each load becomes a branch on its flag, to the rest of its block or to the load as it was.
        Map<Block, List<Block>> after = new IdentityHashMap<>(); // blocks split off a loop block, in order
        List<Block> slowBlocks = new ArrayList<>();
        for (Block b : loop.blocks()) {
            Block cur = b;
            List<Inst> insts = new ArrayList<>(b.insts());
            Terminator last = b.terminator();
            cur.insts().clear();
            for (Inst i : insts) {
                if (!(i instanceof Inst.RefLoad r) || !ok.containsKey(r)) {
                    cur.insts().add(i);
                    continue;
                }
                Block rest = new Block(nextId[0]++);
                Block slow = new Block(nextId[0]++);
                slow.insts().add(new Inst.RefLoad(row.getOrDefault(r.array(), r.array()),
                        row.getOrDefault(r.index(), r.index()), r.nullMessage()));
                slow.setTerminator(new Terminator.Return(zero(f.returnType()))); // never reached: the load throws
                cur.setTerminator(new Terminator.Branch(Terminator.Rel.NE, false, ok.get(r), new Value.IntConst(0),
                        new BlockCall(rest, List.of()), new BlockCall(slow, List.of()), Terminator.Expect.FALSE_RARE));
                after.computeIfAbsent(b, k -> new ArrayList<>()).add(rest);
                slowBlocks.add(slow);
                cur = rest;
            }
            cur.setTerminator(last);
        }
        for (Block b : f.blocks()) {
            if (loop.contains(b)) continue;
            b.setTerminator(b.terminator().rewrite(v -> v, e -> e.target() == header ? new BlockCall(pre, e.args()) : e));
        }
        List<Block> blocks = new ArrayList<>();
        for (Block b : f.blocks()) {
            if (b == header) blocks.addAll(before);
            blocks.add(b);
            blocks.addAll(after.getOrDefault(b, List.of()));
        }
        blocks.addAll(slowBlocks);
        // Every use of a hoisted load now takes the row loaded before the loop (the same row wherever it is used);
        // in this order each instruction is rewritten before its uses.
        for (Block b : blocks) rewriteUses(b, row);
        return new Function(f.name(), f.method(), f.returnType(), f.descriptor(), blocks);
    }

    private static void rewriteUses(Block b, Map<Value, Value> row) {
        b.insts().replaceAll(i -> i.operands().stream().anyMatch(row::containsKey) ? remap(i, row) : i);
        b.setTerminator(b.terminator().mapOperands(v -> row.getOrDefault(v, v)));
    }

    private static Inst remap(Inst i, Map<Value, Value> row) {
        Inst j = i.mapOperands(v -> row.getOrDefault(v, v));
        row.put(i, j); // later uses of i use j (an identity record: a new instruction is a new value)
        return j;
    }

    private static Value zero(Type t) {
        return switch (t) {
            case Type.Prim p when p == Type.Prim.I32 -> new Value.IntConst(0);
            case Type.Prim p when p == Type.Prim.I64 -> new Value.LongConst(0);
            case Type.Prim p when p == Type.Prim.F32 -> new Value.FloatConst(0f);
            case Type.Prim p when p == Type.Prim.F64 -> new Value.DoubleConst(0d);
            case Type.Void v -> null;
            default -> new Value.NullConst(t);
        };
    }
}
