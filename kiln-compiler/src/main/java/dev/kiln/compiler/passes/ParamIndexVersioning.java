package dev.kiln.compiler.passes;

import dev.kiln.compiler.Pipeline;
import dev.kiln.compiler.ir.Block;
import dev.kiln.compiler.ir.BlockCall;
import dev.kiln.compiler.ir.Dominators;
import dev.kiln.compiler.ir.Function;
import dev.kiln.compiler.ir.Inst;
import dev.kiln.compiler.ir.IrModule;
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
import java.util.function.UnaryOperator;

/**
 * Function versioning for accesses indexed relative to parameters: a method whose array parameters are accessed at
 * {@code p + c} (an {@code int} expression of {@code int} parameters plus a constant, e.g. JTransforms'
 * {@code a[offa + 5]}, {@code w[startw + 2]}, or a plain {@code x[0]}) gets a check-free copy of its whole body,
 * entered when a test at entry proves every such access in bounds and every such array non-null. Otherwise the
 * original body runs, with every check in place, so an exception is thrown where Java throws it, after the same
 * writes.
 *
 * <p>This is C2's range check smearing for straight-line code: an FFT butterfly of 32 loads and stores kept a
 * compare and branch (and a sign extension) per access, which LLVM cannot merge because each branch raises a
 * different exception. Here one test per array and offset pattern replaces them: for accesses of array {@code A} at
 * {@code T + c} with {@code c} in {@code [cmin, cmax]}, the guard tests, in {@code long}, {@code T + cmin >= 0} and
 * {@code T + cmax < A.length}. Both ends in range put every {@code T + c} in {@code [0, 2^31)}, where the wrapping
 * {@code int} the program computes is that exact value ({@link Affine}); parameters and lengths never change, so
 * the proof holds wherever and however often the access runs. The guard only reads parameters and lengths, so
 * failing it changes nothing.
 *
 * <p>Runs after {@link RangeCheckVersioning}: accesses already proven in a loop copy are not counted again.
 */
public final class ParamIndexVersioning implements Pipeline.FunctionPass {
    /** Fewer proven accesses than this do not repay the guard and the second copy of the code. */
    static final int MIN_ACCESSES = 6;
    /** Larger functions are left alone: the copy doubles their code and their LLVM compile time. */
    private static final int MAX_INSTS = 2_000;
    /** Array-and-pattern groups one guard may test. */
    private static final int MAX_GROUPS = 16;

    @Override
    public String name() {
        return "parameter index versioning";
    }

    @Override
    public Function transform(Function f) {
        return version(f, false);
    }

    /**
     * In a module without loops the copy indexes at {@code long} offsets (below); with a loop anywhere it keeps the
     * {@code int} indices, because the SLP vectoriser, which such a module keeps, packs adjacent scattered accesses
     * into gathers and shuffles ({@code emit.StraightLineAccesses}).
     */
    @Override
    public IrModule run(IrModule module) {
        boolean wide = true;
        for (Function f : module.functions()) wide &= Dominators.of(f.entry()).backEdges().isEmpty();
        List<Function> out = new ArrayList<>();
        for (Function f : module.functions()) out.add(version(f, wide));
        return new IrModule(module.entry(), out);
    }

    /** Accesses of one array parameter at {@code terms + c}, {@code c} ranging over {@code [min, max]}. */
    private static final class Group {
        final Param array;
        final Affine terms; // constant 0
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;

        Group(Param array, Affine terms) {
            this.array = array;
            this.terms = terms;
        }
    }

    /** A proven access: its group and the constant its index adds to the group's terms. */
    private record Access(Group group, long constant) {
    }

    static Function version(Function f, boolean wide) {
        Set<Value> intParams = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Value> arrayParams = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Param p : f.params()) {
            if (p.type() == Type.Prim.I32) intParams.add(p);
            else if (p.type() instanceof Type.Array) arrayParams.add(p);
        }
        if (arrayParams.isEmpty()) return f;
        int size = 0;
        for (Block b : f.blocks()) size += b.insts().size();
        if (size > MAX_INSTS) return f;

        // the accesses to prove, grouped by array and index pattern in the order they appear (deterministic code)
        Map<Inst, Access> proven = new IdentityHashMap<>();
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        for (Block b : f.blocks()) {
            for (Inst i : b.insts()) {
                Value array;
                Value index;
                switch (i) {
                    case Inst.ArrayLoad l when !l.unchecked() -> { array = l.array(); index = l.index(); }
                    case Inst.ArrayStore s when !s.unchecked() -> { array = s.array(); index = s.index(); }
                    default -> { continue; }
                }
                if (!arrayParams.contains(array)) continue;
                Affine a = Affine.of(index, intParams::contains);
                if (a == null) continue;
                Affine terms = new Affine(a.terms(), 0);
                List<Object> key = List.of(new Identity(array), Identity.terms(a));
                Group g = groups.get(key);
                if (g == null) {
                    if (groups.size() == MAX_GROUPS) continue;
                    groups.put(key, g = new Group((Param) array, terms));
                }
                g.min = Math.min(g.min, a.constant());
                g.max = Math.max(g.max, a.constant());
                proven.put(i, new Access(g, a.constant()));
            }
        }
        if (proven.size() < MIN_ACCESSES) return f;
        return apply(f, proven, groups.values(), wide);
    }

    /** A new entry block with the guard, the original body on failure and a check-free copy on success. */
    private static Function apply(Function f, Map<Inst, Access> proven, java.util.Collection<Group> groups, boolean wide) {
        int[] nextId = {LoopExits.nextBlockId(f)};
        java.util.function.Supplier<Block> newBlock = () -> new Block(nextId[0]++);
        Block oldEntry = f.entry();
        List<Value> args = new ArrayList<>();

        // the entry's parameters move to a new entry block; the old entry takes them as block arguments
        Block entry = newBlock.get();
        Map<Value, Value> toNew = new IdentityHashMap<>();
        for (Param p : oldEntry.params()) {
            Param q = new Param(p.type(), p.name());
            entry.params().add(q);
            args.add(q);
            toNew.put(p, q);
        }
        // terms are materialised in parameter order, so every compile emits the same guard
        LoopGuard.ValueOrder order = new LoopGuard.ValueOrder(new Function(f.name(), f.method(), f.returnType(),
                f.descriptor(), List.of(entry)));
        int[] first = {0};
        LoopGuard g = new LoopGuard(() -> first[0]++ == 0 ? entry : newBlock.get(), new BlockCall(oldEntry, args), order);
        Map<Object, Value> lengths = new java.util.HashMap<>();
        Set<Value> none = Set.of();
        for (Group gr : groups) g.failUnlessNonNull(toNew.get(gr.array));
        for (Group gr : groups) {
            Value array = toNew.get(gr.array);
            Affine lo = gr.terms.plus(Affine.constant(gr.min));
            Affine hi = gr.terms.plus(Affine.constant(gr.max));
            Value low = g.materialise(remap(lo, toNew), lengths, none);
            g.failUnless(Terminator.Rel.GE, low, new Value.LongConst(0));
            Value high = g.materialise(remap(hi, toNew), lengths, none);
            Value length = g.widen(g.add(new Inst.ArrayLength(array, "")));
            g.failUnless(Terminator.Rel.LT, high, length);
        }

        // wide: each pattern's terms as a long, computed once where the copy is entered; a proven access's index is
        // then that value plus its constant, the exact value its int computes (see the class comment)
        Map<Group, Value> wideTerms = new IdentityHashMap<>();
        for (Group gr : groups) {
            if (wide && !gr.terms.isConstant()) wideTerms.put(gr, g.materialise(remap(gr.terms, toNew), lengths, none));
        }

        // the copy: every block again, fresh values, proven accesses unchecked
        Map<Block, Block> copyOf = new IdentityHashMap<>();
        Map<Value, Value> copied = new IdentityHashMap<>();
        for (Block b : f.blocks()) {
            Block c = newBlock.get();
            copyOf.put(b, c);
            for (Param p : b.params()) {
                Param q = new Param(p.type(), p.name());
                c.params().add(q);
                copied.put(p, q);
            }
        }
        UnaryOperator<Value> inCopy = v -> copied.getOrDefault(v, v);
        for (Block b : f.blocks()) {
            Block c = copyOf.get(b);
            for (Inst i : b.insts()) {
                Inst j = i.mapOperands(inCopy);
                Access access = proven.get(i);
                if (access != null) j = Accesses.unchecked(j, wide ? wideIndex(c, wideTerms.get(access.group()), access.constant()) : Accesses.index(j));
                c.insts().add(j);
                copied.put(i, j);
            }
        }
        for (Block b : f.blocks()) {
            copyOf.get(b).setTerminator(b.terminator().rewrite(inCopy,
                    e -> new BlockCall(copyOf.get(e.target()), e.args().stream().map(inCopy).toList())));
        }
        g.current.setTerminator(new Terminator.Jump(new BlockCall(copyOf.get(oldEntry), args)));
        return new Function(f.name(), f.method(), f.returnType(), f.descriptor(), Dominators.reversePostOrder(entry));
    }

    /** The form over the new entry's parameters. */
    private static Affine remap(Affine a, Map<Value, Value> toNew) {
        Map<Value, Long> t = new IdentityHashMap<>();
        a.terms().forEach((v, c) -> t.put(toNew.get(v), c));
        return new Affine(t, a.constant());
    }

    /**
     * The index {@code terms + constant} as a {@code long} (the terms' long, or a constant for a constant pattern),
     * added in the copied block just before the access. LLVM then sees every access of a pattern at a constant
     * offset from one address instead of a sign extension of its own {@code int} sum each.
     */
    private static Value wideIndex(Block at, Value terms, long constant) {
        if (terms == null) return new Value.LongConst(constant);
        if (constant == 0) return terms;
        Inst sum = new Inst.Binary(Inst.BinOp.ADD, Type.Prim.I64, terms, new Value.LongConst(constant));
        at.insts().add(sum);
        return sum;
    }
}
