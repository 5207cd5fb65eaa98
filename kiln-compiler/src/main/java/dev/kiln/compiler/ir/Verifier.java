package dev.kiln.compiler.ir;

import dev.kiln.KilnException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that an {@link IrModule} is well formed, so that a broken pass is caught where it broke the IR rather than
 * as invalid LLVM IR (or wrong code) later:
 * <ul>
 *   <li>every block has a terminator, every edge targets a block of the function, every listed block is reachable
 *       from the entry, no block has the entry as successor, and blocks are in an order where each comes after its
 *       immediate dominator (what the emitter relies on);</li>
 *   <li>each parameter and instruction is defined once, and every use is dominated by its definition (an edge's
 *       arguments are uses at the end of the block the edge leaves); no front-end-only {@link Value.Opaque} remains;</li>
 *   <li>each edge passes as many arguments as its target has parameters, each of the parameter's type;</li>
 *   <li>operand types: arithmetic on its own type, conversions from their source type, element types of array
 *       accesses, I32 indexes and sizes, comparisons of like with like, returns of the function's type, calls with
 *       the callee's parameter types and result type, throw sites with one value of the right type per part.</li>
 * </ul>
 * A reference of type {@link Type.Null} (the null constant, or what a load from it gives) may stand wherever an
 * array is expected.
 */
public final class Verifier {
    private final String kernel;
    private final String stage;
    private final IrModule module;
    private final Map<String, Function> byName = new HashMap<>();

    private Verifier(IrModule module, String stage) {
        this.module = module;
        this.kernel = module.entry();
        this.stage = stage;
    }

    /** Thrown for IR that breaks an invariant: a compiler bug, named with the kernel, function, stage and the IR. */
    public static final class Invalid extends KilnException {
        Invalid(String message) {
            super(message);
        }
    }

    /**
     * @param stage what produced the module ("front end", a pass's name), for the message
     * @throws Invalid at the first broken invariant, with the offending function printed
     */
    public static void verify(IrModule module, String stage) {
        new Verifier(module, stage).run();
    }

    private void run() {
        for (Function f : module.functions()) {
            if (byName.put(f.name(), f) != null) fail(f, "function defined twice");
        }
        if (!byName.containsKey(module.entry())) {
            throw new Invalid("internal error: invalid IR for kernel " + kernel + " after " + stage
                    + ": the entry function is not in the module\n" + Printer.print(module));
        }
        for (Function f : module.functions()) new FunctionCheck(f).run();
    }

    private Invalid fail(Function f, String problem) {
        throw new Invalid("internal error: invalid IR for kernel " + kernel + " after " + stage + ", in function "
                + f.name() + ": " + problem + "\n" + Printer.print(f));
    }

    private final class FunctionCheck {
        private final Function f;
        private final Printer names;
        /** Where each value is defined: its block, and its index there (-1 for block parameters). */
        private final Map<Value, Block> defBlock = new IdentityHashMap<>();
        private final Map<Value, Integer> defIndex = new IdentityHashMap<>();
        private final Map<Block, Integer> order = new IdentityHashMap<>();
        private Dominators dom;

        FunctionCheck(Function f) {
            this.f = f;
            this.names = new Printer(f);
        }

        private String where(Block b) {
            return "block " + b + ": ";
        }

        void run() {
            if (f.blocks().isEmpty()) fail(f, "no blocks");
            structure();
            dominators();
            definitions();
            for (Block b : f.blocks()) {
                for (int k = 0; k < b.insts().size(); k++) {
                    Inst i = b.insts().get(k);
                    for (Value v : i.operands()) use(v, b, k, i);
                    types(b, i);
                }
                Terminator t = b.terminator();
                for (Value v : t.operands()) use(v, b, b.insts().size(), t);
                for (BlockCall e : t.successors()) {
                    for (Value v : e.args()) use(v, b, b.insts().size(), t);
                }
                terminator(b, t);
            }
        }

        /** Terminators, edges within the function, reachability, no edge back into the entry. */
        private void structure() {
            Set<Block> listed = Collections.newSetFromMap(new IdentityHashMap<>());
            Set<Integer> ids = new HashSet<>();
            for (int k = 0; k < f.blocks().size(); k++) {
                Block b = f.blocks().get(k);
                if (!listed.add(b)) fail(f, where(b) + "listed twice");
                if (!ids.add(b.id())) fail(f, where(b) + "another block has the same id");
                if (b.terminator() == null) fail(f, where(b) + "no terminator");
                order.put(b, k);
            }
            for (Block b : f.blocks()) {
                for (BlockCall e : b.terminator().successors()) {
                    if (!listed.contains(e.target())) fail(f, where(b) + "edge to " + e.target() + ", which is not in the function");
                    if (e.target() == f.entry()) fail(f, where(b) + "edge into the entry block");
                    if (e.args().size() != e.target().params().size()) {
                        fail(f, where(b) + "edge to " + e.target() + " passes " + e.args().size() + " arguments for "
                                + e.target().params().size() + " parameters");
                    }
                    for (int k = 0; k < e.args().size(); k++) {
                        Param p = e.target().params().get(k);
                        Value a = e.args().get(k);
                        if (a != null && !assignable(a.type(), p.type())) {
                            fail(f, where(b) + "edge to " + e.target() + " passes " + names.value(a) + " of type "
                                    + Printer.type(a.type()) + " for parameter " + (k + 1) + " of type " + Printer.type(p.type()));
                        }
                    }
                }
            }
        }

        /** Reachability and block order from the shared {@link Dominators} analysis. */
        private void dominators() {
            dom = Dominators.of(f);
            for (Block b : f.blocks()) if (!dom.reachable(b)) fail(f, where(b) + "unreachable from the entry");
            for (Block b : f.blocks()) {
                if (b != f.entry() && order.get(dom.idom(b)) >= order.get(b)) {
                    fail(f, where(b) + "listed before its immediate dominator " + dom.idom(b));
                }
            }
        }

        private void definitions() {
            for (Block b : f.blocks()) {
                for (Param p : b.params()) {
                    if (defBlock.put(p, b) != null) fail(f, where(b) + "parameter " + names.value(p) + " defined twice");
                    defIndex.put(p, -1);
                    if (!isValueType(p.type())) fail(f, where(b) + "parameter of type " + Printer.type(p.type()));
                }
                for (int k = 0; k < b.insts().size(); k++) {
                    Inst i = b.insts().get(k);
                    if (defBlock.put(i, b) != null) fail(f, where(b) + "instruction " + names.inst(i) + " defined twice");
                    defIndex.put(i, k);
                }
            }
        }

        /** {@code v} used by {@code user} at position {@code index} of block {@code b}. */
        private void use(Value v, Block b, int index, Object user) {
            String u = user instanceof Inst i ? names.inst(i) : names.terminator((Terminator) user);
            switch (v) {
                case null -> fail(f, where(b) + "missing operand in " + u);
                case Value.Opaque o -> fail(f, where(b) + "front-end-only value " + names.value(o) + " in " + u);
                case Value.Const c -> {
                }
                default -> {
                    Block d = defBlock.get(v);
                    if (d == null) fail(f, where(b) + names.value(v) + " is not defined in this function, used in " + u);
                    if (v.type() == Type.Void.VOID) fail(f, where(b) + "void value " + names.value(v) + " used in " + u);
                    boolean ok = d == b ? defIndex.get(v) < index : dom.dominates(d, b);
                    if (!ok) fail(f, where(b) + "use of " + names.value(v) + " (defined in " + d + ") not dominated by its definition, in " + u);
                }
            }
        }

        private void types(Block b, Inst i) {
            String problem = switch (i) {
                case Inst.Binary x -> {
                    Type right = x.op() == Inst.BinOp.SHL || x.op() == Inst.BinOp.SHR || x.op() == Inst.BinOp.USHR
                            ? Type.Prim.I32 : x.type();
                    if (x.type().isFloating() && isBitwise(x.op())) yield "bitwise operation on " + x.type();
                    yield expect(x.left(), x.type(), "left operand") + expect(x.right(), right, "right operand");
                }
                case Inst.Neg x -> expect(x.operand(), x.type(), "operand");
                case Inst.Convert x -> expect(x.operand(), x.op().from, "operand");
                case Inst.Compare x -> {
                    Type l = x.left().type();
                    boolean ok = x.op() == Inst.CmpOp.LCMP ? l == Type.Prim.I64
                            : l instanceof Type.Prim p && p.isFloating();
                    yield (ok ? "" : "compares " + Printer.type(l)) + expect(x.right(), l, "right operand");
                }
                case Inst.ArrayLength x -> array(x.array(), "array");
                case Inst.ArrayLoad x -> elemArray(x.array(), x.elem()) + accessIndex(x.index(), x.unchecked());
                case Inst.ArrayStore x -> elemArray(x.array(), x.elem()) + accessIndex(x.index(), x.unchecked())
                        + expect(x.value(), x.elem().computational, "stored value");
                case Inst.AddressAlignment x -> elemArray(x.array(), x.elem()) + index(x.index(), "index")
                        + index(x.from(), "from") + (x.limit().type() instanceof Type.Array ? "" : index(x.limit(), "limit"));
                case Inst.NewArray x -> index(x.length(), "length");
                case Inst.NewMultiArray x -> {
                    int depth = 1;
                    for (Type t = x.type().component(); t instanceof Type.RefArray r; t = r.component()) depth++;
                    StringBuilder p = new StringBuilder();
                    if (x.dims().isEmpty() || x.dims().size() > Inst.NewMultiArray.MAX_DIMS || x.dims().size() > depth + 1) {
                        p.append(x.dims().size()).append(" sizes for ").append(Printer.type(x.type())).append("; ");
                    }
                    for (Value d : x.dims()) p.append(index(d, "size"));
                    yield p.toString();
                }
                case Inst.RefLoad x -> rows(x.array()) + index(x.index(), "index");
                case Inst.RefStore x -> rows(x.array()) + index(x.index(), "index")
                        + (x.array().type() instanceof Type.RefArray r && !assignable(x.value().type(), r.component())
                        ? "stores a " + Printer.type(x.value().type()) + " into " + Printer.type(r) + "; " : "");
                case Inst.ArrayCopy x -> array(x.src(), "source") + array(x.dst(), "destination")
                        + index(x.srcPos(), "source position") + index(x.dstPos(), "destination position")
                        + index(x.length(), "length");
                case Inst.ArrayCopyOf x -> elemArray(x.src(), x.elem()) + index(x.from(), "from") + index(x.to(), "to");
                case Inst.ArrayFill x -> elemArray(x.array(), x.elem()) + index(x.from(), "from") + index(x.to(), "to")
                        + expect(x.value(), x.elem().computational, "fill value");
                case Inst.Call x -> call(x);
                case Inst.IntrinsicCall x -> {
                    StringBuilder p = new StringBuilder();
                    for (Value a : x.args()) if (!isValueType(a.type())) p.append("argument of type ").append(Printer.type(a.type())).append("; ");
                    yield p.toString();
                }
            };
            if (!problem.isEmpty()) fail(f, where(b) + names.inst(i) + ": " + problem);
        }

        private String call(Inst.Call c) {
            Function callee = byName.get(c.callee());
            if (callee == null) return "calls a function not in the module; ";
            StringBuilder p = new StringBuilder();
            if (!c.type().equals(callee.returnType())) {
                p.append("result type ").append(Printer.type(c.type())).append(" but the callee returns ")
                        .append(Printer.type(callee.returnType())).append("; ");
            }
            List<Param> params = callee.params();
            if (params.size() != c.args().size()) {
                return p.append(c.args().size()).append(" arguments for ").append(params.size()).append(" parameters; ").toString();
            }
            for (int k = 0; k < params.size(); k++) {
                if (!assignable(c.args().get(k).type(), params.get(k).type())) {
                    p.append("argument ").append(k + 1).append(" of type ").append(Printer.type(c.args().get(k).type()))
                            .append(" for a parameter of type ").append(Printer.type(params.get(k).type())).append("; ");
                }
            }
            return p.toString();
        }

        private void terminator(Block b, Terminator t) {
            String problem = switch (t) {
                case Terminator.Jump j -> "";
                case Terminator.Branch br -> {
                    Type l = br.left().type(), r = br.right().type();
                    if (Type.isReference(l) || Type.isReference(r)) {
                        yield (Type.isReference(l) && Type.isReference(r) ? "" : "compares a reference with a scalar; ")
                                + (br.rel() == Terminator.Rel.EQ || br.rel() == Terminator.Rel.NE ? "" : "orders references; ");
                    }
                    yield (l instanceof Type.Prim ? "" : "compares " + Printer.type(l) + "; ") + expect(br.right(), l, "right operand");
                }
                case Terminator.Switch s -> index(s.key(), "key")
                        + (new HashSet<>(s.keys()).size() == s.keys().size() ? "" : "repeated keys; ");
                case Terminator.Return r -> {
                    if (f.returnType() == Type.Void.VOID) yield r.value() == null ? "" : "returns a value from a void function; ";
                    if (r.value() == null) yield "returns nothing from a function returning " + Printer.type(f.returnType()) + "; ";
                    yield assignable(r.value().type(), f.returnType()) ? ""
                            : "returns a " + Printer.type(r.value().type()) + " from a function returning " + Printer.type(f.returnType()) + "; ";
                }
                case Terminator.Throw th -> {
                    List<Type> want = new ArrayList<>();
                    for (String part : th.site().message()) {
                        if (part.charAt(0) != '"') want.add(Type.ofDescriptor(part));
                    }
                    if (want.size() != th.values().size()) yield want.size() + " message values expected, " + th.values().size() + " given; ";
                    StringBuilder p = new StringBuilder();
                    for (int k = 0; k < want.size(); k++) p.append(expect(th.values().get(k), want.get(k), "message value " + (k + 1)));
                    yield p.toString();
                }
            };
            if (!problem.isEmpty()) fail(f, where(b) + names.terminator(t) + ": " + problem);
        }

        private String expect(Value v, Type want, String what) {
            return v.type().equals(want) ? "" : what + " " + names.value(v) + " is " + Printer.type(v.type()) + ", not " + Printer.type(want) + "; ";
        }

        /** An access's index is an int; an unchecked one's may be a long (a pass computed it exactly). */
        private String accessIndex(Value v, boolean unchecked) {
            return unchecked && v.type() == Type.Prim.I64 ? "" : index(v, "index");
        }

        private String index(Value v, String what) {
            return expect(v, Type.Prim.I32, what);
        }

        private String array(Value v, String what) {
            return Type.isReference(v.type()) ? "" : what + " " + names.value(v) + " is not an array; ";
        }

        private String elemArray(Value v, Elem elem) {
            Type t = v.type();
            if (t == Type.Null.NULL || t instanceof Type.Array a && a.elem() == elem) return "";
            return "array " + names.value(v) + " is " + Printer.type(t) + ", not " + elem.javaName + "[]; ";
        }

        private String rows(Value v) {
            Type t = v.type();
            return t instanceof Type.RefArray || t == Type.Null.NULL ? "" : names.value(v) + " is " + Printer.type(t) + ", not an array of arrays; ";
        }
    }

    private static boolean isBitwise(Inst.BinOp op) {
        return switch (op) {
            case AND, OR, XOR, SHL, SHR, USHR -> true;
            default -> false;
        };
    }

    /** Types a value may have (not {@link Type.Void}). */
    private static boolean isValueType(Type t) {
        return t instanceof Type.Prim || Type.isReference(t);
    }

    /** Whether a value of type {@code from} may stand where {@code to} is expected: the same type, or null for an array. */
    static boolean assignable(Type from, Type to) {
        return from.equals(to) || from == Type.Null.NULL && Type.isReference(to);
    }
}
